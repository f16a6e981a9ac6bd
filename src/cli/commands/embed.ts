import { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { loadBaseModel } from '../../models/registry.ts';
import { frontendFor } from '../../frontends/registry.ts';
import { DEFAULT_JOB_BYTES, embedFeatures, identityOf, planEmbedding, type EmbeddingIdentity, type EmbeddingJob } from '../../features/embed.node.ts';
import { enqueueEmbedding, queueStatus, waitForEmbedding } from '../../features/queue.node.ts';
import { writeManifest, type FeaturesManifest } from '../../features/store.node.ts';
import { parseNumber, useBackend } from '../options.ts';
import { PhaseBars } from '../progress.ts';

interface EmbedFlags {
  out?: string;
  base: string;
  jobMb: string;
  queue?: string;
  wait: boolean;
  status?: boolean;
}

export default function register(program: Command): void {
  program
    .command('embed')
    .description('embed hours of audio once into reusable feature shards (float16 embeddings + manifest) for training against')
    .argument('[audio...]', 'audio folders (any depth) or files, WAV or FLAC')
    .option('--out <dir>', 'the features folder (shards/ and manifest.json)')
    .option('--base <id|path>', 'the frozen base whose embeddings are stored', 'speech-embedding')
    .option('--job-mb <n>', 'megabytes of audio file per job (one shard each)', String(DEFAULT_JOB_BYTES / 1e6))
    .option('--queue <redis-url>', 'enqueue the jobs on Redis (redis://host:6379) for `wakeword worker` processes, and wait for them')
    .option('--no-wait', 'with --queue: return once the jobs are enqueued')
    .option('--status', 'with --queue: print the jobs by state and the failed ones with their reasons')
    .action(async (inputs: string[], flags: EmbedFlags, command: Command) => {
      if (flags.status) return printStatus(flags.queue);
      if (inputs.length === 0) throw new InputError('wakeword embed', 'give the audio folders or files to embed');
      if (!flags.out) throw new InputError('wakeword embed', 'give the features folder with --out <dir>');
      await useBackend(command);
      const base = await loadBaseModel(flags.base);
      const frontend = frontendFor(base);
      if (flags.queue) return embedOnQueue(flags.queue, inputs, flags, await planEmbedding(inputs, identityOf(base, frontend), jobBytes(flags.jobMb)), identityOf(base, frontend));
      const bars = new PhaseBars();
      const started = Date.now();
      const manifest = await embedFeatures({
        inputs, out: flags.out, base, frontend, jobBytes: jobBytes(flags.jobMb),
        onJob: (done, total, seconds) => bars.show('embedding', total, 'jobs').update(done, audioRate(seconds, started)),
      });
      bars.stop();
      reportManifest(flags.out, manifest);
    });
}

async function embedOnQueue(url: string, inputs: string[], flags: EmbedFlags, jobs: EmbeddingJob[], identity: EmbeddingIdentity): Promise<void> {
  const out = flags.out!;
  const { queued, done } = await enqueueEmbedding(url, jobs, { out, base: flags.base, identity });
  console.error(`${jobs.length} jobs for ${inputs.join(', ')}: ${done.length} already done, ${queued.length} queued on ${url}`);
  if (!flags.wait) return;
  const bars = new PhaseBars();
  const started = Date.now();
  await waitForEmbedding(url, queued, (finished, seconds) => bars.show('embedding', queued.length, 'jobs').update(finished, audioRate(seconds, started)));
  bars.stop();
  reportManifest(out, await writeManifest(out, jobs.map((job) => job.id)));
}

async function printStatus(url: string | undefined): Promise<void> {
  if (!url) throw new InputError('--status', 'give the queue with --queue redis://host:6379');
  const status = await queueStatus(url);
  const perWorker = status.workerSeconds > 0 ? `, ${Math.round(status.seconds / status.workerSeconds)} h/h per worker` : '';
  console.log(
    Object.entries(status.counts).map(([state, n]) => `${state} ${n}`).join(', ') +
      `; ${(status.seconds / 3600).toFixed(3)} h of audio embedded by completed jobs in ${(status.workerSeconds / 3600).toFixed(3)} worker-hours${perWorker}`,
  );
  for (const f of status.failed) console.log(`failed ${f.id} after ${f.attempts} attempt(s): ${f.reason}`);
}

export function jobBytes(megabytes: string): number {
  const n = parseNumber(megabytes, '--job-mb');
  if (n <= 0) throw new InputError('--job-mb', `got ${megabytes}, expected a positive number`);
  return Math.round(n * 1e6);
}

/** "1.20 h of audio, 310 h/h": audio embedded so far and hours of audio per wall-clock hour. */
export function audioRate(seconds: number, started: number): string {
  const wall = (Date.now() - started) / 1000;
  return `${(seconds / 3600).toFixed(2)} h of audio, ${wall > 0 ? Math.round(seconds / wall) : 0} h/h`;
}

export function reportManifest(out: string, manifest: FeaturesManifest): void {
  for (const f of manifest.failed) console.error(`failed ${f.file}: ${f.reason}`);
  console.log(
    `${out}: ${manifest.shards.length} shards, ${manifest.embeddings} embeddings of ${manifest.base.embeddingSize} (${manifest.base.id}), ` +
      `${(manifest.seconds / 3600).toFixed(3)} h of audio, ${manifest.failed.length} file(s) failed` +
      (manifest.missing.length > 0 ? `, ${manifest.missing.length} job(s) without a shard` : ''),
  );
  if (manifest.missing.length > 0) process.exitCode = 1;
}
