import seedrandom from 'seedrandom';
import { AUGMENT_VERSION, createAugmenterFactory, type AugmentSettings, type NoiseClip } from '../audio/augment.ts';
import { makeBabble } from '../audio/babble.ts';
import { readAudioBatch, type SkippedFile } from '../audio/read.node.ts';
import { bytesHash } from '../platform/files.node.ts';
import type { AugmenterFactory } from './pipeline.node.ts';

/** Generated babble for the noise pool: talkers drawn from speech files that are not the word. */
export interface BabbleSource {
  /** Speech files (negatives) to draw talkers from; at most `MAX_BABBLE_FILES` of them, seeded. */
  speech: string[];
  /** Babble clips to make. Default 16. */
  clips?: number;
  /** Seconds of each. Default 15. */
  seconds?: number;
}

/** trainingAugmenter's arguments: what rebuilds the same augmenter in another process. */
export interface AugmentationSpec {
  noiseFiles: string[];
  sampleRate: number;
  settings?: AugmentSettings;
  babble?: BabbleSource;
}

/** Talkers are drawn from this many speech files at most: enough voices, little decoding. */
const MAX_BABBLE_FILES = 400;

/**
 * Training augmentation: the noise files loaded once at the frontend's rate, babble made from
 * speech when given, and settings with `shift` off (the transfer core places each word itself,
 * to know where it ends). The tag names everything that shapes the augmented audio, code version
 * included, for the embedding cache's keys; it hashes the noise and babble themselves, so the
 * same audio anywhere on disk augments the same way.
 */
export async function trainingAugmenter(
  noiseFiles: string[],
  sampleRate: number,
  settings: AugmentSettings = {},
  babble?: BabbleSource,
): Promise<{ augmenter: AugmenterFactory; tag: string; skipped: SkippedFile[]; spec: AugmentationSpec }> {
  const { clips, skipped } = await readAudioBatch(noiseFiles, sampleRate);
  const pool: NoiseClip[] = clips.map(({ file, audio }) => ({ ...audio, name: file }));
  const babbleFiles = babble ? sample(babble.speech, MAX_BABBLE_FILES, seedrandom('babble-files')) : [];
  if (babble && babbleFiles.length > 0) {
    const speech = await readAudioBatch(babbleFiles, sampleRate);
    skipped.push(...speech.skipped);
    const voices = speech.clips.map((c) => c.audio.samples).filter((s) => s.length > 0);
    const random = seedrandom('babble');
    const length = Math.round((babble.seconds ?? 15) * sampleRate);
    for (let k = 0; voices.length > 0 && k < (babble.clips ?? 16); k++) pool.push({ samples: makeBabble(voices, length, random), sampleRate, name: `babble ${k + 1}` });
  }
  const effective: AugmentSettings = { ...settings, shift: { probability: 0 } };
  const factory = await createAugmenterFactory(effective, pool);
  // The audio's content, not its paths: the tag also seeds the augmentation's draws.
  const tag = JSON.stringify({ version: AUGMENT_VERSION, effective, pool: bytesHash(pool.map((clip) => clip.samples)) });
  return { augmenter: (seed) => factory(seed), tag, skipped, spec: { noiseFiles, sampleRate, settings, babble } };
}

/** `count` items drawn without replacement in a seeded order (all of them when there are fewer). */
function sample<T>(items: T[], count: number, random: () => number): T[] {
  return items.map((item) => ({ item, key: random() })).sort((a, b) => a.key - b.key).slice(0, count).map((x) => x.item);
}
