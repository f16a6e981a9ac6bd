import { readFile } from 'node:fs/promises';
import seedrandom from 'seedrandom';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import { checkShardOrigin, openShard } from './shard.ts';
import { requireShards } from './store.node.ts';

/** Embeddings kept from all shards together by default: ~77 MB as float32, ~4.4 hours of audio in runs of 5 s. */
export const DEFAULT_FEATURE_EMBEDDINGS = 200_000;
/** Consecutive embeddings per sampled run (~5 s): 49 head inputs of 16 each. */
const RUN_LENGTH = 64;

export interface FeatureSample {
  /** Runs of consecutive embeddings of one file each: negatives, cut into head inputs like any other stream. */
  sequences: { embeddings: Float32Array[] }[];
  /** Shards found, and shards read (a seeded subset when there are more shards than runs in the budget). */
  shards: number;
  read: number;
  /** Seconds of audio in the shards read, and embeddings kept from them. */
  seconds: number;
  embeddings: number;
}

/**
 * Negatives for head training from feature folders (`wakeword embed --out`), with bounded memory:
 * the shards are read in turn (one in memory at a time) and an equal share of `maxEmbeddings` is
 * kept from each, as seeded random runs of consecutive embeddings within files, so the sample
 * spans all the audio rather than its first hours. With more shards than runs in the budget, a
 * seeded subset of them is read, one run each: the time to sample does not grow with the hours. Shards by another base or frontend than the
 * one training uses are refused.
 */
export async function sampleFeatureNegatives(
  dirs: string[],
  base: BaseModel,
  frontend: FeatureFrontend,
  options: { maxEmbeddings?: number; seed?: number } = {},
): Promise<FeatureSample> {
  const { maxEmbeddings = DEFAULT_FEATURE_EMBEDDINGS, seed = 1 } = options;
  const all = await requireShards(dirs);
  // More shards than runs in the budget (thousands of hours): a seeded subset of shards is read, one run each.
  const runs = Math.max(1, Math.floor(maxEmbeddings / RUN_LENGTH));
  const files = all.length <= runs ? all : shuffle([...all], seedrandom(`${seed}:shards`)).slice(0, runs).sort();
  const quota = Math.max(RUN_LENGTH, Math.floor(maxEmbeddings / files.length));
  const sample: FeatureSample = { sequences: [], shards: all.length, read: files.length, seconds: 0, embeddings: 0 };
  for (const file of files) {
    const shard = openShard(await readFile(file), file);
    const { header } = shard;
    checkShardOrigin(header, file, base, frontend.describe(), 'training uses');
    sample.seconds += header.entries.reduce((s, e) => s + e.seconds, 0);
    const slots: { from: number; to: number }[] = [];
    for (const entry of header.entries) {
      for (let from = 0; from + base.headContext <= entry.count; from += RUN_LENGTH) slots.push({ from: entry.offset + from, to: entry.offset + Math.min(entry.count, from + RUN_LENGTH) });
    }
    let kept = 0;
    for (const run of shuffle(slots, seedrandom(`${seed}:${header.job}`))) {
      if (kept + (run.to - run.from) > quota) break;
      sample.sequences.push({ embeddings: shard.slice(run.from, run.to) });
      kept += run.to - run.from;
    }
    sample.embeddings += kept;
  }
  return sample;
}

/** Shuffles `items` in place (Fisher-Yates) with `random`, and returns it. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
