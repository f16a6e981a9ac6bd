import { existsSync } from 'node:fs';
import path from 'node:path';
import seedrandom from 'seedrandom';
import type { NoiseClip } from '../audio/augment.ts';
import { readAudioBatch, type SkippedFile } from '../audio/read.node.ts';
import { listAudioFiles } from '../platform/files.node.ts';

export interface NoisePoolOptions {
  /** Rate to resample the noise to (the rate of the audio it will be mixed into). */
  sampleRate: number;
  /** Stop loading once this much noise is in memory (seconds, default 1800: ~115 MB at 16 kHz). */
  maxSeconds?: number;
  /** Which files are taken first when there is more noise than maxSeconds (default 1). */
  seed?: number | string;
}

/**
 * Background noise for augmentation: every WAV/FLAC below `dir` (e.g. audio/noise), in a
 * seeded order, until `maxSeconds` are loaded. A missing folder gives an empty pool (the
 * augmenter then generates coloured noise); unreadable files are skipped and reported.
 */
export async function loadNoisePool(dir: string, options: NoisePoolOptions): Promise<{ pool: NoiseClip[]; skipped: SkippedFile[] }> {
  if (!existsSync(dir)) return { pool: [], skipped: [] };
  const { sampleRate, maxSeconds = 1800, seed = 1 } = options;
  const random = seedrandom(`noise-pool:${seed}`);
  const files = (await listAudioFiles(dir)).map((file) => ({ file, key: random() })).sort((a, b) => a.key - b.key).map((f) => f.file);
  const pool: NoiseClip[] = [];
  const skipped: SkippedFile[] = [];
  let seconds = 0;
  for (const file of files) {
    if (seconds >= maxSeconds) break;
    const batch = await readAudioBatch([file], sampleRate);
    skipped.push(...batch.skipped);
    for (const { audio } of batch.clips) {
      if (audio.samples.length === 0) continue;
      pool.push({ ...audio, name: path.relative(dir, file) });
      seconds += audio.samples.length / sampleRate;
    }
  }
  return { pool, skipped };
}
