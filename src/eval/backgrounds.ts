import type { BackgroundNoise } from '../types.ts';

/** Folder names that say what kind of background a noise file is. */
const KIND_BY_FOLDER: Record<string, string> = {
  music: 'music', songs: 'music', radio: 'music',
  crowd: 'babble', babble: 'babble', cafe: 'babble', chatter: 'babble', tv: 'babble',
};

/** The background kind of a noise file from the folders on its path: 'music', 'babble', else 'noise'. */
export function backgroundKind(file: string): string {
  const folders = file.split(/[\\/]/).slice(0, -1).map((f) => f.toLowerCase());
  for (const folder of folders.reverse()) if (folder in KIND_BY_FOLDER) return KIND_BY_FOLDER[folder]!;
  return 'noise';
}

/** Noise files grouped by kind (named by their folders), kinds in name order. */
export function groupBackgrounds(files: string[], kind: (file: string) => string = backgroundKind): BackgroundNoise[] {
  const groups = new Map<string, string[]>();
  for (const file of files) groups.set(kind(file), [...(groups.get(kind(file)) ?? []), file]);
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, f]) => ({ kind: k, files: f }));
}
