import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../platform/files.node.ts';
import { decodeShardHeader, FEATURES_FORMAT, type FailedFile, type ShardHeader } from './shard.ts';

/**
 * A features folder: `shards/<job id>.shard`, one per job, each complete or absent (written to a
 * temporary name and renamed), and `manifest.json`, the shards' headers gathered in one file
 * (written when a run ends; the shards alone are the truth).
 */
export const SHARD_EXTENSION = '.shard';

export function shardPath(out: string, job: string): string {
  return path.join(out, 'shards', `${job}${SHARD_EXTENSION}`);
}

/** A shard's header, reading only its first bytes; undefined when the file is absent or not a whole shard. */
export async function readShardHeader(file: string): Promise<ShardHeader | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const start = Buffer.alloc(12);
    await handle.read(start, 0, 12, 0);
    const length = start.readUInt32LE(8);
    const bytes = Buffer.alloc(12 + length);
    await handle.read(bytes, 0, bytes.length, 0);
    const { header, dataOffset } = decodeShardHeader(bytes, file);
    const { size } = await handle.stat();
    return size === dataOffset + header.embeddings * header.base.embeddingSize * 2 ? header : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Every shard file under the features folders `dirs` (their shards/ subfolder, or the folder itself), sorted. */
export async function listShards(dirs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const dir of dirs) {
    const shards = path.join(dir, 'shards');
    const where = await readdir(shards).then(() => shards, () => dir);
    files.push(...(await readdir(where)).filter((name) => name.endsWith(SHARD_EXTENSION)).map((name) => path.join(where, name)));
  }
  return [...new Set(files)].sort();
}

/** The shards in `dirs`, or an InputError when there are none, saying how to make them. */
export async function requireShards(dirs: string[]): Promise<string[]> {
  const files = await listShards(dirs);
  if (files.length === 0) throw new InputError(dirs.join(', '), 'no feature shards here (make them with `wakeword embed <audio> --out <dir>`)');
  return files;
}

export interface FeaturesManifest {
  format: typeof FEATURES_FORMAT;
  base: ShardHeader['base'];
  frontend: ShardHeader['frontend'];
  augmentation: string;
  hopSeconds: number;
  /** Seconds of audio embedded, and embeddings, over all shards. */
  seconds: number;
  embeddings: number;
  shards: { shard: string; job: string; embeddings: number; entries: ShardHeader['entries']; failed: FailedFile[] }[];
  /** Files that could not be embedded, over all shards. */
  failed: FailedFile[];
  /** Planned jobs whose shard is missing (failed after every retry, or not run yet). */
  missing: string[];
}

/** Gathers the planned shards' headers into `<out>/manifest.json` (atomically) and returns it. */
export async function writeManifest(out: string, jobs: string[]): Promise<FeaturesManifest> {
  const headers: ShardHeader[] = [];
  const missing: string[] = [];
  for (const job of jobs) {
    const header = await readShardHeader(shardPath(out, job));
    if (header) headers.push(header);
    else missing.push(job);
  }
  const first = headers[0];
  const manifest: FeaturesManifest = {
    format: FEATURES_FORMAT,
    base: first?.base ?? { id: '', windowFrames: 0, windowHop: 0, headContext: 0, embeddingSize: 0 },
    frontend: first?.frontend ?? {},
    augmentation: first?.augmentation ?? 'none',
    hopSeconds: first?.hopSeconds ?? 0,
    seconds: headers.reduce((s, h) => s + h.entries.reduce((t, e) => t + e.seconds, 0), 0),
    embeddings: headers.reduce((s, h) => s + h.embeddings, 0),
    shards: headers.map((h) => ({ shard: path.relative(out, shardPath(out, h.job)), job: h.job, embeddings: h.embeddings, entries: h.entries, failed: h.failed })),
    failed: headers.flatMap((h) => h.failed),
    missing,
  };
  await writeFileAtomic(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

