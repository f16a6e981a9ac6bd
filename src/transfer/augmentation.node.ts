import { AUGMENT_VERSION, createAugmenterFactory, type AugmentSettings, type NoiseClip } from '../audio/augment.ts';
import { readAudioBatch, type SkippedFile } from '../audio/read.node.ts';
import type { AugmenterFactory } from './pipeline.node.ts';

/**
 * Training augmentation: the noise files loaded once at the frontend's rate, and settings with
 * `shift` off (the transfer core places each word itself, to know where it ends). The tag
 * names everything that shapes the augmented audio, code version included, for the embedding
 * cache's keys.
 */
export async function trainingAugmenter(
  noiseFiles: string[],
  sampleRate: number,
  settings: AugmentSettings = {},
): Promise<{ augmenter: AugmenterFactory; tag: string; skipped: SkippedFile[] }> {
  const { clips, skipped } = await readAudioBatch(noiseFiles, sampleRate);
  const pool: NoiseClip[] = clips.map(({ file, audio }) => ({ ...audio, name: file }));
  const effective: AugmentSettings = { ...settings, shift: { probability: 0 } };
  const factory = await createAugmenterFactory(effective, pool);
  const tag = JSON.stringify({ version: AUGMENT_VERSION, effective, noise: clips.map((c) => c.file) });
  return { augmenter: (seed) => factory(seed), tag, skipped };
}
