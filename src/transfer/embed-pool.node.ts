import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import type { AugmentationSpec } from './augmentation.node.ts';
import type { EmbeddingCache } from './cache.node.ts';
import { uncachedJobs, type ClipGroup, type SequenceJob } from './pipeline.node.ts';

/** What a worker process needs to embed jobs exactly as this process would. */
export interface EmbeddingWork {
  /** The base as loadBaseModel takes it: a registry id or a folder. */
  base: string;
  backend: string;
  /** Absolute: the worker's results reach this process through it. */
  cacheDir: string;
  augmentation: AugmentationSpec;
  /** The tag of the augmenter the training process built: a worker whose rebuilt one differs refuses to embed. */
  augmentationTag: string;
  variantTag: string;
}

export type ToWorker = { type: 'init'; work: EmbeddingWork } | { type: 'group'; group: ClipGroup; copies: number[] };
/** A worker's error: an InputError keeps its subject and reason, so the user sees the same one line. */
export interface WorkerError {
  message: string;
  subject?: string;
  reason?: string;
}
export type FromWorker = { type: 'ready' } | { type: 'done'; jobs: number } | { type: 'failed'; error: WorkerError };

/** Below this many streams to embed, starting processes (a few seconds each) is not worth it. */
const MIN_JOBS_PER_PROCESS = 50;

/** Each process holds its own noise pool and base: beyond this many, memory grows faster than speed. */
const MAX_DEFAULT_PROCESSES = 8;

/**
 * Processes that embedding may use by default. The wasm and cpu backends run on one thread, so
 * every core can run a process of its own; tfjs-node spreads one process over the cores by itself.
 */
export function defaultEmbeddingProcesses(backend: string): number {
  return backend === 'wasm' || backend === 'cpu' ? Math.min(os.availableParallelism(), MAX_DEFAULT_PROCESSES) : 1;
}

/**
 * Embeds the jobs the cache lacks in `processes` child processes, which write to the same cache:
 * the caller then reads every job from it, as if it had embedded them itself. The children run
 * the same code (prepareSequences) on the same base, backend and augmentation, rebuilt from
 * `work` (a worker whose augmentation tag differs from the training process's refuses), and the
 * augmentation is seeded by content, so the cache ends up byte for byte as one process would fill
 * it. Does nothing, and returns false, when there is too little to embed.
 */
export async function fillCacheInProcesses(
  jobs: SequenceJob[],
  base: BaseModel,
  frontend: FeatureFrontend,
  cache: EmbeddingCache,
  work: EmbeddingWork,
  processes: number,
  onProgress?: (done: number, total: number) => void,
): Promise<boolean> {
  if (processes < 2 || jobs.length < 2 * MIN_JOBS_PER_PROCESS) return false;
  const missing = await uncachedJobs(jobs, base, frontend, work.variantTag, (key) => cache.has(key));
  const count = Math.min(processes, Math.floor(missing.length / MIN_JOBS_PER_PROCESS));
  if (count < 2) return false;
  // Whole groups go to one process, which decodes a group once for all its copies.
  const byGroup = new Map<ClipGroup, number[]>();
  for (const job of missing) byGroup.set(job.group, [...(byGroup.get(job.group) ?? []), job.copy]);
  const queue = [...byGroup].map(([group, copies]) => ({ group, copies }));
  let done = jobs.length - missing.length;
  onProgress?.(done, jobs.length);
  const children: ChildProcess[] = [];
  // After one worker fails, the others' late messages hand out nothing more.
  let failed = false;
  const next = () => (failed ? undefined : queue.shift());
  try {
    await Promise.all(Array.from({ length: count }, () => {
      const child = startWorker();
      children.push(child);
      return serve(child, work, next, (n) => onProgress?.((done += n), jobs.length)).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }));
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
  return true;
}

/** A worker process: the TypeScript source through tsx in a checkout, the compiled file from dist/. */
function startWorker(): ChildProcess {
  const typescript = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./embed-worker.node.${typescript ? 'ts' : 'js'}`, import.meta.url));
  return fork(entry, [], { execArgv: typescript ? ['--import', import.meta.resolve('tsx')] : [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
}

/** Hands `child` one group at a time until there are none left; rejects with its error if it fails. */
function serve(child: ChildProcess, work: EmbeddingWork, next: () => { group: ClipGroup; copies: number[] } | undefined, onDone: (jobs: number) => void): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const send = (message: ToWorker) => child.send(message);
  return new Promise((resolve, reject) => {
    let finished = false;
    const handOut = () => {
      const item = next();
      if (item) return send({ type: 'group', ...item });
      finished = true;
      child.disconnect();
      resolve();
    };
    child.on('message', (message: FromWorker) => {
      if (finished) return;
      if (message.type === 'failed') {
        finished = true;
        const { message: text, subject, reason } = message.error;
        return reject(subject !== undefined && reason !== undefined ? new InputError(subject, `${reason} (in an embedding process)`) : new Error(`embedding process: ${text}`));
      }
      if (message.type === 'done') onDone(message.jobs);
      handOut();
    });
    // 'close' comes after the child's stderr has drained: its error line is in `stderr` by then.
    child.on('close', (code, signal) => {
      if (finished) return;
      finished = true;
      const line = stderr.split('\n').find((l) => /Error\b/.test(l)) ?? stderr.trim().split('\n').at(0) ?? '';
      reject(new Error(`embedding process stopped (${signal ?? `exit code ${code}`})${line ? `: ${line.trim()}` : ''}`));
    });
    child.on('error', reject);
    send({ type: 'init', work });
  });
}
