/**
 * The folder layout that recording, synthesis, fetching and training share, below a root
 * (default `audio/`): `<word>/` positives, `negative/` anything that is not the word, `noise/`
 * background noise. Any depth below each; WAV or FLAC.
 */
export const DEFAULT_AUDIO_ROOT = 'audio';
export const NEGATIVE_DIR = 'negative';
export const NOISE_DIR = 'noise';
/** Folders below the root that the toolkit itself owns, not words: the shipped sample set and `npm run demo`'s files. */
export const TOOLKIT_DIRS: Record<string, string> = { samples: "the toolkit's sample set", demo: "npm run demo's files" };

/** Folder name of a wake word: lower case, spaces and punctuation as single hyphens. */
export function wordSlug(word: string): string {
  return word.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function positiveDir(root: string, word: string): string {
  return join(root, wordSlug(word));
}

export function negativeDir(root: string, ...sub: string[]): string {
  return join(root, NEGATIVE_DIR, ...sub);
}

export function noiseDir(root: string, ...sub: string[]): string {
  return join(root, NOISE_DIR, ...sub);
}

/** Joins with '/', which file APIs accept on every system (this module also runs in browsers). */
function join(...parts: string[]): string {
  return parts.filter(Boolean).join('/').replace(/\/{2,}/g, '/');
}
