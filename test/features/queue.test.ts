import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runCli, type CliRun } from '../cli/run-cli.ts';
import { identityOf, planEmbedding } from '../../src/features/embed.node.ts';
import { enqueueEmbedding, queueStatus, startEmbeddingWorker, waitForEmbedding } from '../../src/features/queue.node.ts';
import { frontendFor } from '../../src/frontends/registry.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { tinyBase } from '../transfer/tiny-base.ts';
import { copySpeech } from './fixtures.ts';
import { freePort, redisMissing, startRedis, type RedisServer } from './redis.ts';

// The queue with the real server: three `wakeword worker` processes on one redis-server, one of
// them killed mid-job; Redis restarted mid-run. Every shard must equal a single-process run's.
const skip = redisMissing();
const JOB_MB = '0.3';
let dir: string;
let audio: string;
let reference: Map<string, Buffer>;
const running: CliRun[] = [];
const servers: RedisServer[] = [];

before(async () => {
  if (skip) return;
  dir = await mkdtemp(path.join(tmpdir(), 'features-queue-'));
  audio = path.join(dir, 'audio');
  await copySpeech(() => audio);
  await writeFile(path.join(audio, 'corrupt.flac'), 'fLaC but then nothing a decoder could read');
  const single = await runCli(['embed', audio, '--out', path.join(dir, 'single'), '--job-mb', JOB_MB]).done;
  assert.equal(single.code, 0, single.stderr);
  reference = await shards(path.join(dir, 'single'));
});

after(async () => {
  for (const run of running) run.child.kill('SIGKILL');
  for (const server of servers) await server.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function shards(out: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(path.join(out, 'shards'))).filter((n) => n.endsWith('.shard')).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(path.join(out, 'shards', n))] as const)));
}

async function redis(persistent = false): Promise<{ server: RedisServer; port: number; data: string }> {
  const port = await freePort();
  const data = await mkdtemp(path.join(dir, 'redis-'));
  const server = await startRedis(data, port, persistent);
  servers.push(server);
  return { server, port, data };
}

function cli(args: string[]): CliRun {
  const run = runCli(args);
  running.push(run);
  return run;
}

async function workers(url: string, n: number): Promise<CliRun[]> {
  const started = Array.from({ length: n }, () => cli(['worker', '--queue', url, '--lock-seconds', '2']));
  await Promise.all(started.map((w) => w.waitFor('worker ready')));
  return started;
}

async function stopAll(runs: CliRun[]): Promise<void> {
  for (const run of runs) run.child.kill('SIGTERM');
  await Promise.all(runs.map((run) => run.done));
}

test('three workers, one killed with SIGKILL mid-job: every shard exactly once and byte-identical to one process; the corrupt file in the failed list with its reason', { skip, timeout: 120_000 }, async () => {
  const { server } = await redis();
  const three = await workers(server.url, 3);
  const out = path.join(dir, 'queued');
  const producer = cli(['embed', audio, '--out', out, '--job-mb', JOB_MB, '--queue', server.url]);
  const victim = await Promise.race(three.map((w) => w.waitFor('started').then(() => w)));
  victim.child.kill('SIGKILL');
  const result = await producer.done;
  assert.equal(result.code, 0, result.stderr);
  const killed = await victim.done;
  assert.equal(killed.code, null, 'the victim died by the signal');
  // The killed worker's job was started and never finished there; another worker finished it.
  const job = /started (\w+)/.exec(killed.stdout)![1]!;
  assert.ok(!killed.stdout.includes(`done ${job}`), 'the victim was killed before it finished its job');
  const survivors = three.filter((w) => w !== victim);
  await stopAll(survivors);
  const logs = (await Promise.all(survivors.map((w) => w.done))).map((r) => r.stdout).join('\n');
  assert.match(logs, new RegExp(`(done|failed) ${job}`), 'another worker took the job over');

  const queued = await shards(out);
  assert.deepEqual([...queued.keys()], [...reference.keys()], 'the same shards, each once');
  for (const [name, bytes] of reference) assert.ok(bytes.equals(queued.get(name)!), `${name} differs from the single-process run`);

  const status = await runCli(['embed', '--status', '--queue', server.url]).done;
  assert.equal(status.code, 0, status.stderr);
  const failed = status.stdout.split('\n').filter((line) => line.startsWith('failed '));
  assert.equal(failed.length, 1, status.stdout);
  assert.match(failed[0]!, /after 1 attempt\(s\): .*corrupt\.flac: /, 'a bad file is reported once, not retried');
  assert.match(status.stdout, new RegExp(`completed ${reference.size - 1}, failed 1`));
  const manifest = JSON.parse(await readFile(path.join(out, 'manifest.json'), 'utf8'));
  assert.deepEqual(manifest.failed.map((f: { file: string }) => path.basename(f.file)), ['corrupt.flac']);
  await server.stop();
});

test('Redis restarted mid-run (append-only file): no finished shard or job record is lost, the run completes', { skip, timeout: 120_000 }, async () => {
  const { server, port, data } = await redis(true);
  const two = await workers(server.url, 2);
  const out = path.join(dir, 'restarted');
  const producer = cli(['embed', audio, '--out', out, '--job-mb', JOB_MB, '--queue', server.url]);
  await Promise.race(two.map((w) => w.waitFor('done ')));
  await server.stop();
  const finishedBefore = await shards(out);
  assert.ok(finishedBefore.size >= 1);
  servers.push(await startRedis(data, port, true));
  const result = await producer.done;
  assert.equal(result.code, 0, result.stderr);
  await stopAll(two);
  const queued = await shards(out);
  for (const [name, bytes] of finishedBefore) assert.ok(bytes.equals(queued.get(name)!), `${name} changed`);
  assert.deepEqual([...queued.keys()], [...reference.keys()]);
  for (const [name, bytes] of reference) assert.ok(bytes.equals(queued.get(name)!), `${name} differs from the single-process run`);
  const status = await runCli(['embed', '--status', '--queue', server.url]).done;
  assert.match(status.stdout, new RegExp(`completed ${reference.size - 1}, failed 1`), 'the job records survived the restart');
});

test('a transient error (the output folder cannot be written) is retried with backoff, and the job completes once it is fixed', { skip, timeout: 60_000 }, async () => {
  const { server } = await redis();
  await selectBackend('wasm');
  const base = tinyBase();
  const frontend = frontendFor(base);
  const out = path.join(dir, 'transient');
  await writeFile(out, 'a file where the features folder should be');
  const jobs = (await planEmbedding([audio], identityOf(base, frontend), 400_000)).filter((job) => !job.files.some((f) => f.endsWith('corrupt.flac'))).slice(0, 1);
  const failures: { reason: string; willRetry: boolean }[] = [];
  const worker = await startEmbeddingWorker({
    url: server.url, loadBase: async () => base, log: () => {},
    onFailed: (_id, reason, willRetry) => failures.push({ reason, willRetry }),
  });
  try {
    await enqueueEmbedding(server.url, jobs, { out, base: 'tiny', identity: identityOf(base, frontend), log: () => {} });
    while (failures.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(failures[0]!.willRetry, true, failures[0]!.reason);
    await rm(out);
    await waitForEmbedding(server.url, jobs.map((j) => j.id), () => {}, () => {});
    const status = await queueStatus(server.url, () => {});
    assert.equal(status.counts.completed, 1, JSON.stringify({ status, failures }));
    assert.deepEqual(status.failed, []);
    assert.deepEqual([...(await shards(out)).keys()], [`${jobs[0]!.id}.shard`]);
  } finally {
    await worker.close();
    base.network.dispose();
    await server.stop();
  }
});

test('the same audio cannot be queued for two features folders at once', { skip }, async () => {
  const { server } = await redis();
  const identity = { baseId: 'tiny', frontend: { id: 'speech-embedding' }, augmentation: 'none' };
  const jobs = (await planEmbedding([audio], identity, 400_000)).slice(0, 1);
  const first = await enqueueEmbedding(server.url, jobs, { out: path.join(dir, 'folder-a'), base: 'tiny', identity, log: () => {} });
  assert.deepEqual(first.queued, [jobs[0]!.id]);
  await assert.rejects(enqueueEmbedding(server.url, jobs, { out: path.join(dir, 'folder-b'), base: 'tiny', identity, log: () => {} }), {
    name: 'InputError', message: /folder-b: job \w+ \(the same audio\) is already queued for .*folder-a/,
  });
  await server.stop();
});
