import { Command } from 'commander';
import { startEmbeddingWorker } from '../../features/queue.node.ts';
import { loadBaseModel } from '../../models/registry.ts';
import { untilStopped } from '../lifetime.node.ts';
import { parseNumber, useBackend } from '../options.ts';

export default function register(program: Command): void {
  program
    .command('worker')
    .description('embed the jobs `wakeword embed --queue` puts on Redis, until stopped (Ctrl-C, SIGTERM); run any number, on any machines that see the same audio and output paths')
    .requiredOption('--queue <redis-url>', 'the Redis the jobs are on, e.g. redis://host:6379')
    .option('--base <id|path>', 'load this base before the first job (jobs name their own)', 'speech-embedding')
    .option('--lock-seconds <n>', 'how long a job stays locked without renewal: a worker that dies gives its job back after about this long', '30')
    .action(async (flags: { queue: string; base: string; lockSeconds: string }, command: Command) => {
      await useBackend(command);
      const first = loadBaseModel(flags.base);
      await first;
      const worker = await startEmbeddingWorker({
        url: flags.queue,
        lockSeconds: parseNumber(flags.lockSeconds, '--lock-seconds'),
        loadBase: (spec) => (spec === flags.base ? first : loadBaseModel(spec)),
        onStart: (job) => console.log(`started ${job.id}: ${job.files.length} file(s)`),
        onDone: (job, r) => console.log(`done ${job.id}: ${r.files} file(s), ${r.seconds.toFixed(1)} s of audio${r.existed ? ' (shard already there)' : ''}`),
        onFailed: (id, reason, retry) => console.log(`failed ${id}${retry ? ' (will retry)' : ''}: ${reason}`),
      });
      console.log(`worker ready on ${flags.queue}`);
      const { signal } = untilStopped();
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      await worker.close();
      console.log('worker stopped');
    });
}
