import path from 'node:path';
import type { ConnectionOptions, Job } from 'bullmq';
import { InputError } from '../errors.ts';
import { frontendFor } from '../frontends/registry.ts';
import type { BaseModel } from '../models/types.ts';
import { runEmbeddingJob, type EmbeddingIdentity, type EmbeddingJob } from './embed.node.ts';
import type { FailedFile } from './shard.ts';
import { readShardHeader, shardPath } from './store.node.ts';

/**
 * `wakeword embed` across machines, on BullMQ (Redis): the producer enqueues one job per planned
 * batch of files, with the job's content id as its BullMQ id (adding it twice adds it once);
 * workers anywhere that see the same audio and output paths embed them with runEmbeddingJob,
 * whose shard writes are idempotent, so at-least-once delivery (a worker killed mid-job, a lock
 * that expired) only ever costs time. Transient errors are retried with exponential backoff; a
 * job with a file that cannot be decoded writes the shard of its other files, then fails for
 * good (UnrecoverableError) with the file and the reason, once.
 */
export const QUEUE_NAME = 'wakeword-embed';

/** BullMQ (and ioredis under it) is loaded by the queue functions only: the Node entry stays light. */
const bullmq = () => import('bullmq');

/** What a queued job carries: everything a worker needs, with absolute paths. */
export interface EmbedJobData {
  id: string;
  files: string[];
  out: string;
  /** The base as the producer was given it (registry id or folder), and what it must turn out to be. */
  base: string;
  identity: EmbeddingIdentity;
}

export interface EmbedJobResult {
  seconds: number;
  embeddings: number;
  files: number;
  failed: FailedFile[];
  /** The shard was already complete: nothing was computed. */
  existed: boolean;
}

/** Retries of a job after a transient error, and the first backoff (doubled each time). */
const ATTEMPTS = 5;
const BACKOFF_MS = 2000;

function connection(url: string): ConnectionOptions {
  if (!/^rediss?:\/\//.test(url)) throw new InputError('--queue', `'${url}' is not a Redis URL (redis://host:6379 or rediss://...)`);
  return { url, maxRetriesPerRequest: null };
}

/** Logs a connection's errors (Redis away, restarting) instead of crashing on them: ioredis reconnects by itself. */
function reportErrors<T extends { on(event: 'error', listener: (error: Error) => void): unknown }>(emitter: T, who: string, log: (line: string) => void): T {
  let last = '';
  emitter.on('error', (error) => {
    if (error.message !== last) log(`${who}: ${error.message}`);
    last = error.message;
  });
  return emitter;
}

export interface EnqueueResult {
  /** Jobs added to the queue (or already waiting there). */
  queued: string[];
  /** Jobs whose shard was already complete: not queued. */
  done: string[];
}

/**
 * Adds every job whose shard is not complete yet. A finished BullMQ job whose shard has gone
 * (deleted, or an earlier run to another disk) is removed and added again; a job still waiting or
 * running is left as it is.
 */
export async function enqueueEmbedding(url: string, jobs: EmbeddingJob[], options: { out: string; base: string; identity: EmbeddingIdentity; log?: (line: string) => void }): Promise<EnqueueResult> {
  const out = path.resolve(options.out);
  const { Queue } = await bullmq();
  const queue = reportErrors(new Queue<EmbedJobData, EmbedJobResult>(QUEUE_NAME, { connection: connection(url) }), 'queue', options.log ?? console.error);
  const result: EnqueueResult = { queued: [], done: [] };
  try {
    for (const job of jobs) {
      const header = await readShardHeader(shardPath(out, job.id));
      if (header?.job === job.id) {
        result.done.push(job.id);
        continue;
      }
      const old = await queue.getJob(job.id);
      const state = old ? await old.getState() : undefined;
      if (old && (state === 'completed' || state === 'failed')) await old.remove();
      else if (old && old.data.out !== out) throw new InputError(out, `job ${job.id} (the same audio) is already queued for ${old.data.out}: wait for that run, or give it the same --out`);
      await queue.add('embed', { id: job.id, files: job.files, out, base: options.base, identity: options.identity }, {
        jobId: job.id, attempts: ATTEMPTS, backoff: { type: 'exponential', delay: BACKOFF_MS }, removeOnComplete: false, removeOnFail: false,
      });
      result.queued.push(job.id);
    }
  } finally {
    await queue.close();
  }
  return result;
}

/** Jobs by state, and the failed ones with their reasons. */
export interface QueueStatus {
  counts: Record<string, number>;
  failed: { id: string; reason: string; attempts: number }[];
  /** Seconds of audio embedded by the completed jobs (as they returned it). */
  seconds: number;
  /** Seconds the workers spent on the completed jobs (from taking each to finishing it), all workers together. */
  workerSeconds: number;
}

const PENDING = ['waiting', 'active', 'delayed', 'prioritized', 'paused', 'waiting-children'] as const;

export async function queueStatus(url: string, log: (line: string) => void = console.error): Promise<QueueStatus> {
  const { Queue } = await bullmq();
  const queue = reportErrors(new Queue<EmbedJobData, EmbedJobResult>(QUEUE_NAME, { connection: connection(url) }), 'queue', log);
  try {
    const counts = await queue.getJobCounts(...PENDING, 'completed', 'failed');
    const failed = (await queue.getFailed(0, -1)).map((job) => ({ id: job.id ?? '', reason: job.failedReason, attempts: job.attemptsMade }));
    const completed = await queue.getCompleted(0, -1);
    const seconds = completed.reduce((s, job) => s + (job.returnvalue?.seconds ?? 0), 0);
    const workerSeconds = completed.reduce((s, job) => s + ((job.finishedOn ?? 0) - (job.processedOn ?? 0)) / 1000, 0);
    return { counts, failed, seconds, workerSeconds };
  } finally {
    await queue.close();
  }
}

/**
 * Waits until no job is waiting, delayed or running, calling `onProgress` with the jobs finished
 * (completed or failed) among `ids` and the seconds of audio the completed ones embedded while
 * this waited. Survives Redis restarting (commands wait for the reconnection).
 */
export async function waitForEmbedding(url: string, ids: string[], onProgress: (finished: number, seconds: number) => void, log: (line: string) => void = console.error): Promise<void> {
  const mine = new Set(ids);
  const finished = new Set<string>();
  let seconds = 0;
  const conn = connection(url);
  const { Queue, QueueEvents } = await bullmq();
  const events = reportErrors(new QueueEvents(QUEUE_NAME, { connection: conn }), 'queue events', log);
  const queue = reportErrors(new Queue<EmbedJobData, EmbedJobResult>(QUEUE_NAME, { connection: conn }), 'queue', log);
  events.on('completed', ({ jobId, returnvalue }) => {
    if (!mine.has(jobId) || finished.has(jobId)) return;
    finished.add(jobId);
    seconds += (returnvalue as unknown as EmbedJobResult | undefined)?.seconds ?? 0;
  });
  events.on('failed', ({ jobId }) => {
    if (mine.has(jobId)) finished.add(jobId);
  });
  try {
    await events.waitUntilReady();
    for (;;) {
      const counts = await queue.getJobCounts(...PENDING);
      onProgress(finished.size, seconds);
      if (PENDING.every((state) => (counts[state] ?? 0) === 0)) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    onProgress(ids.length, seconds);
  } finally {
    await Promise.all([events.close(), queue.close()]);
  }
}

export interface EmbeddingWorkerOptions {
  url: string;
  /** Loads a base by the spec the producer was given (cached by the worker: one base per process as a rule). */
  loadBase: (spec: string) => Promise<BaseModel>;
  /**
   * Seconds a job's lock lasts without renewal: a worker killed mid-job gives its job back after
   * about this long (and one stalled-job check). Default 30.
   */
  lockSeconds?: number;
  onStart?: (job: EmbedJobData) => void;
  onDone?: (job: EmbedJobData, result: EmbedJobResult) => void;
  onFailed?: (id: string, reason: string, willRetry: boolean) => void;
  log?: (line: string) => void;
}

/** A worker that embeds jobs one at a time until closed (close() finishes the job in hand first). */
export async function startEmbeddingWorker(options: EmbeddingWorkerOptions): Promise<{ close(): Promise<void> }> {
  const { lockSeconds = 30, log = console.error } = options;
  const { UnrecoverableError, Worker } = await bullmq();
  const loaded = new Map<string, Promise<BaseModel>>();
  const embed = async (job: Job<EmbedJobData, EmbedJobResult>): Promise<EmbedJobResult> => {
    const data = job.data;
    options.onStart?.(data);
    let base: BaseModel;
    try {
      if (!loaded.has(data.base)) loaded.set(data.base, options.loadBase(data.base));
      base = await loaded.get(data.base)!;
    } catch (error) {
      loaded.delete(data.base);
      if (error instanceof InputError) throw new UnrecoverableError(error.message);
      throw error;
    }
    const frontend = frontendFor(base);
    if (base.id !== data.identity.baseId || JSON.stringify(frontend.describe()) !== JSON.stringify(data.identity.frontend)) {
      throw new UnrecoverableError(`base '${data.base}' here is ${base.id} with frontend ${JSON.stringify(frontend.describe())}; the job was planned for ${data.identity.baseId} with ${JSON.stringify(data.identity.frontend)} (another version of the toolkit?)`);
    }
    const { header, existed } = await runEmbeddingJob({ id: data.id, files: data.files }, base, frontend, data.out);
    const result: EmbedJobResult = {
      seconds: header.entries.reduce((s, e) => s + e.seconds, 0), embeddings: header.embeddings, files: header.entries.length, failed: header.failed, existed,
    };
    // The shard of the good files is written; the bad ones are not worth retrying: fail once, with the reasons.
    if (header.failed.length > 0) throw new UnrecoverableError(header.failed.map((f) => `${f.file}: ${f.reason}`).join('; '));
    options.onDone?.(data, result);
    return result;
  };
  const worker = reportErrors(
    new Worker<EmbedJobData, EmbedJobResult>(QUEUE_NAME, embed, {
      connection: connection(options.url), concurrency: 1, lockDuration: lockSeconds * 1000, stalledInterval: lockSeconds * 1000, maxStalledCount: 2,
    }),
    'worker', log,
  );
  worker.on('failed', (job, error) => {
    if (!job) return;
    const willRetry = !(error instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1);
    options.onFailed?.(job.id ?? '', error.message, willRetry);
  });
  await worker.waitUntilReady();
  return { close: () => worker.close() };
}
