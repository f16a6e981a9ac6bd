import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { readAudio } from '../audio/read.node.ts';
import { createEmbedder } from '../detect/embed.ts';
import { warmUpSamples } from '../detect/stream.ts';
import { headInputEnd } from '../detect/timing.ts';
import { InputError } from '../errors.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import { contentHash, expandAudioPaths, writeFileAtomic } from '../platform/files.node.ts';
import { encodeShard, FEATURES_FORMAT, type FailedFile, type ShardEntry, type ShardHeader } from './shard.ts';
import { readShardHeader, shardPath, writeManifest, type FeaturesManifest } from './store.node.ts';

/** Bytes of audio file per job by default: about 4 minutes of 16 kHz WAV, 7 of FLAC (a few thousand embeddings). */
export const DEFAULT_JOB_BYTES = 8_000_000;
/** Seconds of audio pushed through the frontend and base at once (the event loop runs between pushes). */
const CHUNK_SECONDS = 8;

/** One unit of work: a batch of files that becomes one shard, named by its id. */
export interface EmbeddingJob {
  /** SHA-1 of the format, base, frontend, augmentation and every file's path and size. */
  id: string;
  files: string[];
}

/** What decides a job's embeddings besides its files. */
export interface EmbeddingIdentity {
  baseId: string;
  frontend: Record<string, number | string>;
  augmentation: string;
}

/** The identity of embeddings by `base` through `frontend`, clean audio. */
export function identityOf(base: BaseModel, frontend: FeatureFrontend): EmbeddingIdentity {
  return { baseId: base.id, frontend: frontend.describe(), augmentation: 'none' };
}

/**
 * Splits the audio under `inputs` (sorted absolute paths) into consecutive batches of about
 * `jobBytes` bytes of file. The same files, sizes and settings always give the same jobs and ids,
 * so a run that is started again finds the shards it already wrote.
 */
export async function planEmbedding(inputs: string[], identity: EmbeddingIdentity, jobBytes = DEFAULT_JOB_BYTES): Promise<EmbeddingJob[]> {
  const files = [...new Set((await expandAudioPaths(inputs)).map((file) => path.resolve(file)))].sort();
  const jobs: EmbeddingJob[] = [];
  let batch: { file: string; bytes: number }[] = [];
  let bytes = 0;
  const close = () => {
    const hash = createHash('sha1').update(`${FEATURES_FORMAT}\0${identity.baseId}\0${JSON.stringify(identity.frontend)}\0${identity.augmentation}`);
    for (const f of batch) hash.update(`\0${f.file}\0${f.bytes}`);
    jobs.push({ id: hash.digest('hex'), files: batch.map((f) => f.file) });
    batch = [];
    bytes = 0;
  };
  for (const file of files) {
    const size = (await stat(file)).size;
    if (batch.length > 0 && bytes + size > jobBytes) close();
    batch.push({ file, bytes: size });
    bytes += size;
  }
  if (batch.length > 0) close();
  return jobs;
}

export interface JobResult {
  header: ShardHeader;
  /** True when the shard was already there (another run or worker wrote it) and nothing was computed. */
  existed: boolean;
}

/**
 * Embeds one job's files into its shard, idempotently: a complete shard of the same job is left
 * as it is; otherwise every file is read, featurised and embedded exactly as training and
 * detection do, and the shard is written under a temporary name and renamed. Files that cannot
 * be read or decoded are listed in the shard's `failed`, with their reason; the others are kept.
 * The same job on the same base always writes the same bytes, so two workers racing on one job
 * (at-least-once delivery) write one and the same shard.
 */
export async function runEmbeddingJob(job: EmbeddingJob, base: BaseModel, frontend: FeatureFrontend, out: string): Promise<JobResult> {
  const file = shardPath(out, job.id);
  const existing = await readShardHeader(file);
  if (existing && existing.job === job.id && sameFiles(existing, job)) return { header: existing, existed: true };
  const embeddings: Float32Array[] = [];
  const entries: ShardEntry[] = [];
  const failed: FailedFile[] = [];
  for (const source of job.files) {
    let samples: Float32Array;
    try {
      samples = (await readAudio(source, frontend.sampleRate)).samples;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      failed.push({ file: source, reason: error.reasonAbout(source) });
      continue;
    }
    const offset = embeddings.length;
    embeddings.push(...(await embedSamples(base, frontend, samples)));
    entries.push({ file: source, sha1: await contentHash(source), seconds: samples.length / frontend.sampleRate, offset, count: embeddings.length - offset });
  }
  const header: ShardHeader = {
    format: FEATURES_FORMAT,
    job: job.id,
    base: { id: base.id, windowFrames: base.windowFrames, windowHop: base.windowHop, headContext: base.headContext, embeddingSize: base.embeddingSize },
    frontend: frontend.describe(),
    augmentation: 'none',
    leadSeconds: leadSamples(base, frontend) / frontend.sampleRate,
    hopSeconds: (base.windowHop * frontend.hop) / frontend.sampleRate,
    windowSeconds: (base.windowFrames * frontend.hop) / frontend.sampleRate,
    embeddings: embeddings.length,
    entries,
    failed,
  };
  await writeFileAtomic(file, encodeShard(header, embeddings));
  return { header, existed: false };
}

function sameFiles(header: ShardHeader, job: EmbeddingJob): boolean {
  const files = [...header.entries.map((e) => e.file), ...header.failed.map((f) => f.file)].sort();
  const planned = [...job.files].sort();
  return files.length === planned.length && files.every((f, i) => f === planned[i]);
}

/**
 * Silence before each file, as `detect` and `evaluate` score a recording (scoreRecording): the
 * detector's warm-up in whole live chunks, so the file's first seconds are scored too.
 */
function leadSamples(base: BaseModel, frontend: FeatureFrontend): number {
  return warmUpSamples(headInputEnd(base, frontend, 0), frontend.sampleRate);
}

/**
 * A file's embeddings (after the lead of silence), streamed in chunks through the frontend and the base's embedder as the
 * live detector streams them (the same code, the same values), yielding to the event loop
 * between chunks so a queue worker keeps renewing its job's lock.
 */
async function embedSamples(base: BaseModel, frontend: FeatureFrontend, samples: Float32Array): Promise<Float32Array[]> {
  const embedder = createEmbedder(base);
  frontend.reset();
  const out: Float32Array[] = embedder.push(frontend.push(new Float32Array(leadSamples(base, frontend))));
  const step = CHUNK_SECONDS * frontend.sampleRate;
  for (let start = 0; start < samples.length; start += step) {
    out.push(...embedder.push(frontend.push(samples.subarray(start, start + step))));
    await yieldToEvents();
  }
  embedder.reset();
  frontend.reset();
  return out;
}

export interface EmbedFeaturesOptions {
  /** Audio files or folders (any depth, WAV and FLAC). */
  inputs: string[];
  /** The features folder. */
  out: string;
  base: BaseModel;
  frontend: FeatureFrontend;
  jobBytes?: number;
  /** After each job: jobs done (of `total`), seconds of audio embedded in this run, and whether it was computed or found. */
  onJob?: (done: number, total: number, seconds: number, result: JobResult) => void;
}

/**
 * Embeds every planned job in this process, skipping those whose shard is already complete (a
 * killed run continues where it stopped), then writes the manifest.
 */
export async function embedFeatures(options: EmbedFeaturesOptions): Promise<FeaturesManifest> {
  const { base, frontend, out } = options;
  const jobs = await planEmbedding(options.inputs, identityOf(base, frontend), options.jobBytes);
  let seconds = 0;
  for (const [index, job] of jobs.entries()) {
    const result = await runEmbeddingJob(job, base, frontend, out);
    if (!result.existed) seconds += result.header.entries.reduce((s, e) => s + e.seconds, 0);
    options.onJob?.(index + 1, jobs.length, seconds, result);
  }
  return writeManifest(out, jobs.map((job) => job.id));
}
