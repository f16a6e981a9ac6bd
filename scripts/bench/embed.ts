/**
 * `wakeword embed` at scale, measured: audio hours embedded per wall-clock hour by one process,
 * and through the BullMQ queue by 1, 2 and 4 `wakeword worker` processes on a real redis-server
 * (with the queue's overhead per job); then `wakeword train` with --negative-features against
 * the same audio given as files (wall time, peak memory, and the models' false accepts on
 * held-out speech scored from shards). Needs ../shared/data and redis-server.
 *
 *   npx tsx scripts/bench/embed.ts [--minutes 12]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  embedFeatures, enqueueEmbedding, frontends, identityOf, listAudioFiles, loadBaseModel, planEmbedding, queueStatus, selectBackend, waitForEmbedding, type FrontendId,
} from '../../src/node.ts';
import { SHARED_DATA as SHARED } from '../alexa-split.ts';

const { values } = parseArgs({ options: { minutes: { type: 'string', default: '12' } } });
if (!existsSync(SHARED)) {
  console.log('skipped: ../shared/data is missing');
  process.exit(0);
}
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin/wakeword.js');
const JOB_BYTES = 1_000_000;
const log = (line: string) => process.stderr.write(`${line}\n`);
const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-embed-'));

// Continuous read speech (speechocean762), the first speakers' files up to about --minutes (FLAC runs ~20 kB/s).
const speech = await listAudioFiles(path.join(SHARED, 'negative/speechocean762'));
const audio: string[] = [];
for (let bytes = 0; audio.length < speech.length && bytes < Number(values.minutes) * 60 * 20_000; ) {
  const file = speech[audio.length]!;
  audio.push(file);
  bytes += (await stat(file)).size;
}

await selectBackend('wasm');
const base = await loadBaseModel('speech-embedding');
const frontend = frontends[base.frontendId as FrontendId]();
const identity = identityOf(base, frontend);
const jobs = await planEmbedding(audio, identity, JOB_BYTES);

// --- One process (warmed up on one job first) -----------------------------------------------
await embedFeatures({ inputs: audio.slice(0, 2), out: path.join(dir, 'warm-up'), base, frontend });
// The machine is shared and its load varies: every configuration runs twice, the faster run counts.
const ROUNDS = 2;
log(`one process: ${audio.length} files, ${jobs.length} jobs`);
let singleSeconds = Infinity;
let single: Awaited<ReturnType<typeof embedFeatures>> | undefined;
for (let round = 0; round < ROUNDS; round++) {
  const started = performance.now();
  single = await embedFeatures({ inputs: audio, out: path.join(dir, round === 0 ? 'single' : `single-${round}`), base, frontend, jobBytes: JOB_BYTES });
  singleSeconds = Math.min(singleSeconds, (performance.now() - started) / 1000);
}
const audioSeconds = single!.seconds;
const rows = [`| one process (\`wakeword embed\`) | ${rate(audioSeconds, singleSeconds)} | ${singleSeconds.toFixed(1)} | | |`];

// --- Through the queue: N worker processes on a fresh redis-server each time ------------------
const reference = await shardBytes(path.join(dir, 'single'));
let oneWorker = 0;
for (const n of [1, 2, 4]) {
  let best = { seconds: Infinity, enqueueSeconds: 0, workerSeconds: 0, same: true };
  for (let round = 0; round < ROUNDS; round++) {
    const run = await throughQueue(n, path.join(dir, `queue-${n}-${round}`));
    best = { ...(run.seconds < best.seconds ? run : best), same: best.same && run.same };
  }
  const { seconds, enqueueSeconds, workerSeconds, same } = best;
  // The time the workers were not embedding: enqueueing, handing jobs out, recording results, the producer's polling.
  const overhead = `${((((seconds * n - workerSeconds) / jobs.length) * 1000) / n).toFixed(0)} ms/job (enqueue ${((enqueueSeconds / jobs.length) * 1000).toFixed(1)} ms/job)`;
  if (n === 1) oneWorker = (seconds - workerSeconds) / jobs.length;
  rows.push(`| ${n} worker${n > 1 ? 's' : ''} through the queue | ${rate(audioSeconds, seconds)} | ${seconds.toFixed(1)} | ${overhead} | ${same ? 'yes' : 'NO'} |`);
  log(rows.at(-1)!);
}

/** One run through a fresh redis-server with `n` worker processes (started, and ready, before the clock starts). */
async function throughQueue(n: number, out: string): Promise<{ seconds: number; enqueueSeconds: number; workerSeconds: number; same: boolean }> {
  const port = await freePort();
  const redis = await startProcess('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], 'Ready to accept connections');
  const url = `redis://127.0.0.1:${port}`;
  const workers = await Promise.all(Array.from({ length: n }, () => startProcess(process.execPath, [CLI, 'worker', '--queue', url], 'worker ready')));
  log(`queue, ${n} worker(s): started`);
  const started = performance.now();
  const { queued } = await enqueueEmbedding(url, jobs, { out, base: 'speech-embedding', identity, log });
  const enqueueSeconds = (performance.now() - started) / 1000;
  await waitForEmbedding(url, queued, () => {}, log);
  const seconds = (performance.now() - started) / 1000;
  const { workerSeconds } = await queueStatus(url, log);
  for (const worker of workers) worker.kill('SIGTERM');
  redis.kill('SIGTERM');
  const shards = await shardBytes(out);
  const same = shards.size === reference.size && [...reference].every(([name, bytes]) => shards.get(name)?.equals(bytes));
  return { seconds, enqueueSeconds, workerSeconds, same };
}

console.log(`### Embedding throughput\n`);
console.log(`${(audioSeconds / 60).toFixed(1)} min of continuous read speech (speechocean762, ${audio.length} files) in ${jobs.length} jobs of ~1 MB of FLAC (~50 s of audio each; the default job is 8 MB),`);
console.log(`speech-embedding base, tfjs wasm, one job at a time per process. Start-up (tfjs, base, Redis, workers) is not counted; the producer waits by polling every 0.5 s.\n`);
console.log(`| how | audio hours per wall hour | wall s | queue overhead | shards byte-identical to one process |`);
console.log(`|---|---|---|---|---|`);
for (const row of rows) console.log(row);
console.log(`\nQueue overhead per job: (wall time x workers - the workers' time on their jobs, from BullMQ's timestamps) / jobs / workers; with one worker ${(oneWorker * 1000).toFixed(0)} ms per job, of which up to 500 ms once per run is the producer's polling.`);

// --- Training: the same negative audio as files, or as feature shards --------------------------
// A and B train on the same clips of the word, calibrate on the same held-out speech (ljspeech +
// vctk, files); A reads the speechocean audio above as --negatives files, B reads its shards.
// Both are then scored on other held-out speech (watson, azure, apollo11) from shards.
const positives = path.join(SHARED, 'alexa/picovoice');
const few = path.join(SHARED, 'negative/cmu-arctic-samples');
const calibration = ['ljspeech', 'vctk'].map((d) => path.join(SHARED, 'negative', d));
const heldOut = path.join(dir, 'held-out');
await embedFeatures({ inputs: ['watson-samples', 'azure-conversation', 'apollo11'].map((d) => path.join(SHARED, 'negative', d)), out: heldOut, base, frontend });
const common = ['--word', 'alexa', '--positives', positives, '--calibration-negatives', ...calibration, '--copies', '2', '--negative-copies', '0', '--members', '3', '--seed', '1'];
const trainingRows: string[] = [];
for (const [label, negatives] of [
  ['negatives as files (`--negatives`)', ['--negatives', few, ...audio]],
  ['negatives as shards (`--negative-features`)', ['--negatives', few, '--negative-features', path.join(dir, 'single')]],
] as const) {
  // A fresh working folder each: no embedding cache shared, no audio/noise; the bases are linked in.
  const cwd = await mkdtemp(path.join(dir, 'train-'));
  await mkdir(path.join(cwd, 'models'));
  await symlink(path.join(ROOT, 'models/base'), path.join(cwd, 'models/base'));
  log(`training: ${label}`);
  const run = await runToEnd('/usr/bin/time', ['-f', 'TIME %e %M', process.execPath, CLI, 'train', ...common, ...negatives, '--out', path.join(cwd, 'model')], cwd);
  const [, wall, kb] = /TIME ([\d.]+) (\d+)/.exec(run.stderr) ?? [];
  const metadata = JSON.parse(await readFile(path.join(cwd, 'model', 'metadata.json'), 'utf8'));
  const faAt = async (threshold?: string) => {
    const out = await runToEnd(process.execPath, [CLI, 'evaluate', '--model', path.join(cwd, 'model'), '--negative-features', heldOut, ...(threshold ? ['--threshold', threshold] : [])], ROOT);
    return /: \d+ false accepts, ([\d.]+) per hour/.exec(out.stdout)?.[1] ?? '?';
  };
  trainingRows.push(
    `| ${label} | ${wall} | ${(Number(kb) / 1024).toFixed(0)} | ${metadata.threshold.toFixed(4)} | ${(metadata.validation.recallAtThreshold * 100).toFixed(1)} % | ${await faAt()} | ${await faAt('0.9')} | ${await faAt('0.5')} |`,
  );
  log(trainingRows.at(-1)!);
}
console.log(`\n### Training against the same negative audio as files or as shards\n`);
console.log(`\`wakeword train ${common.join(' ').replaceAll(SHARED, '<shared>')}\`, plus either the ${(audioSeconds / 60).toFixed(1)} min above as \`--negatives\` files or its shards as \`--negative-features\`;`);
console.log(`each in a fresh folder (no embedding cache). False accepts per hour on ${await heldOutMinutes()} min of other held-out speech (watson, azure, apollo11), scored from shards.\n`);
console.log(`| negatives | wall s | peak RSS MB | stored threshold | validation recall | FA/h held out, stored threshold | at 0.9 | at 0.5 |`);
console.log(`|---|---|---|---|---|---|---|---|`);
for (const row of trainingRows) console.log(row);
await rm(dir, { recursive: true, force: true });

function rate(audio: number, wall: number): string {
  return `${Math.round(audio / wall)} h/h`;
}

async function heldOutMinutes(): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(heldOut, 'manifest.json'), 'utf8'));
  return (manifest.seconds / 60).toFixed(1);
}

async function shardBytes(out: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(path.join(out, 'shards'))).filter((n) => n.endsWith('.shard'));
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(path.join(out, 'shards', n))] as const)));
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** A long-running process, once it has printed `ready` on stdout. */
function startProcess(command: string, args: string[], ready: string): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (data: Buffer) => {
      seen += data.toString();
      if (seen.includes(ready)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready`)));
  });
}

function runToEnd(command: string, args: string[], cwd: string): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
  child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
  return new Promise((resolve, reject) =>
    child.once('close', (code) => (code === 0 ? resolve({ stdout, stderr }) : reject(new Error(`${path.basename(command)} ${args.slice(0, 4).join(' ')} failed (${code}): ${stderr.slice(-2000)}`)))),
  );
}
