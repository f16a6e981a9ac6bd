import { readFile } from 'node:fs/promises';
import seedrandom from 'seedrandom';
import { InputError } from '../errors.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import { openShard } from './shard.ts';
import { listShards } from './store.node.ts';

/** Embeddings kept from all shards together by default: ~77 MB as float32, ~4.4 hours of audio in runs of 5 s. */
export const DEFAULT_FEATURE_EMBEDDINGS = 200_000;
/** Consecutive embeddings per sampled run (~5 s): 49 head inputs of 16 each. */
const RUN_LENGTH = 64;

export interface FeatureSample {
  /** Runs of consecutive embeddings of one file each: negatives, cut into head inputs like any other stream. */
  sequences: { embeddings: Float32Array[] }[];
  shards: number;
  /** Seconds of audio in all the shards, and embeddings kept from them. */
  seconds: number;
  embeddings: number;
}

/**
 * Negatives for head training from feature folders (`wakeword embed --out`), with bounded memory:
 * every shard is read in turn (one in memory at a time) and an equal share of `maxEmbeddings` is
 * kept from each, as seeded random runs of consecutive embeddings within files, so the sample
 * spans all the audio rather than its first hours. Shards by another base or frontend than the
 * one training uses are refused.
 */
export async function sampleFeatureNegatives(
  dirs: string[],
  base: BaseModel,
  frontend: FeatureFrontend,
  options: { maxEmbeddings?: number; seed?: number } = {},
): Promise<FeatureSample> {
  const { maxEmbeddings = DEFAULT_FEATURE_EMBEDDINGS, seed = 1 } = options;
  const files = await listShards(dirs);
  if (files.length === 0) throw new InputError(dirs.join(', '), 'no feature shards here (make them with `wakeword embed <audio> --out <dir>`)');
  const quota = Math.max(RUN_LENGTH, Math.floor(maxEmbeddings / files.length));
  const expected = JSON.stringify(frontend.describe());
  const sample: FeatureSample = { sequences: [], shards: files.length, seconds: 0, embeddings: 0 };
  for (const file of files) {
    const shard = openShard(await readFile(file), file);
    const { header } = shard;
    if (header.base.id !== base.id || header.base.embeddingSize !== base.embeddingSize || JSON.stringify(header.frontend) !== expected) {
      throw new InputError(file, `embedded by base ${header.base.id} with frontend ${JSON.stringify(header.frontend)}; training uses ${base.id} with ${expected}`);
    }
    sample.seconds += header.entries.reduce((s, e) => s + e.seconds, 0);
    const runs: { from: number; to: number }[] = [];
    for (const entry of header.entries) {
      for (let from = 0; from + base.headContext <= entry.count; from += RUN_LENGTH) runs.push({ from: entry.offset + from, to: entry.offset + Math.min(entry.count, from + RUN_LENGTH) });
    }
    const random = seedrandom(`${seed}:${header.job}`);
    for (let i = runs.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [runs[i], runs[j]] = [runs[j]!, runs[i]!];
    }
    let kept = 0;
    for (const run of runs) {
      if (kept + (run.to - run.from) > quota) break;
      sample.sequences.push({ embeddings: shard.slice(run.from, run.to) });
      kept += run.to - run.from;
    }
    sample.embeddings += kept;
  }
  return sample;
}
