/**
 * A detector run on a file, start-up included, as users run it: whole processes of the compiled
 * `wakeword detect --model MODEL FILE` (dist/, built first when older than src/) and of
 * openWakeWord's pipeline over the same file (openwakeword-file.ts, bundled here so that it
 * runs under plain node as ours does), pinned to one core, alternating, on a 1 s file and a
 * long one of held-out audio (the test part's negative speech, back to back, 16 kHz WAV).
 *
 *   npx tsx scripts/bench/startup.ts [--model models/alexa] [--seconds 600] [--runs 10] [--long-runs 5] [--core 1]
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { concatFloat32, encodeWav16, readAudio } from '../../src/node.ts';
import { alexaSplit, sharedDataPresent, SHARED_DATA } from '../alexa-split.ts';

const RATE = 16000;
const ROOT = path.resolve(import.meta.dirname, '../..');
const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'models/alexa' },
    seconds: { type: 'string', default: '600' },
    runs: { type: 'string', default: '10' },
    'long-runs': { type: 'string', default: '5' },
    core: { type: 'string', default: '1' },
  },
});

if (!sharedDataPresent()) {
  console.log(`skipped: ${SHARED_DATA} is missing (the long file is held-out audio from it)`);
  process.exit(0);
}
buildIfStale();
const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-startup-'));
try {
  const long = await heldOutAudio(Number(args.seconds));
  const files = [
    { label: '1 s', seconds: 1, runs: Number(args.runs), file: await writeWav('one.wav', long.subarray(0, RATE)) },
    { label: `${Number(args.seconds)} s`, seconds: Number(args.seconds), runs: Number(args['long-runs']), file: await writeWav('long.wav', long) },
  ];
  const reference = await bundleReference();
  const pin = ['taskset', '-c', args.core!, process.execPath];
  const contenders = [
    { name: `ours: \`wakeword detect --model ${args.model}\` (compiled, tfjs wasm, 1 thread)`, command: (file: string) => [...pin, path.join(ROOT, 'bin/wakeword.js'), 'detect', '--model', args.model!, file] },
    { name: 'openWakeWord alexa_v0.1 pipeline (onnxruntime-node, 1 thread)', command: (file: string) => [...pin, reference, file] },
  ];
  const load = os.loadavg();
  const rows: { name: string; file: (typeof files)[number]; times: number[] }[] = [];
  for (const file of files) {
    const times = contenders.map(() => [] as number[]);
    // One untimed run each first (disk cache), then A B A B ...
    for (let run = -1; run < file.runs; run++) {
      for (const [i, contender] of contenders.entries()) {
        const seconds = await timeProcess(contender.command(file.file));
        if (run >= 0) times[i]!.push(seconds);
      }
    }
    contenders.forEach((c, i) => rows.push({ name: c.name, file, times: times[i]! }));
  }

  console.log(`Load average at start ${load.map((l) => l.toFixed(2)).join(', ')}. Each run a whole process on core ${args.core} (\`taskset -c ${args.core}\`), the two alternating; the long file is ${Number(args.seconds)} s of the test part's negative speech from ${SHARED_DATA}, the 1 s file its first second.\n`);
  console.log('| pipeline | file | runs | wall time, median (min-max) | real-time factor (median) |');
  console.log('|---|---|---|---|---|');
  for (const { name, file, times } of rows) {
    const median = medianOf(times);
    console.log(`| ${name} | ${file.label} | ${times.length} | ${median.toFixed(2)} s (${Math.min(...times).toFixed(2)}-${Math.max(...times).toFixed(2)}) | ${(median / file.seconds).toFixed(4)} |`);
  }
  console.log('');
  for (const file of files) {
    const [ours, theirs] = rows.filter((r) => r.file === file).map((r) => medianOf(r.times));
    const ratio = ours! / theirs!;
    console.log(`On the ${file.label} file ours takes ${ratio.toFixed(2)}x openWakeWord's time: ${ratio <= 1 ? 'at or below it' : 'above it'}.`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

function medianOf(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/** Runs `npm run build` when dist/ is missing or older than a file of src/. */
function buildIfStale(): void {
  const main = path.join(ROOT, 'dist/cli/main.js');
  const src = path.join(ROOT, 'src');
  const newest = Math.max(...readdirSync(src, { recursive: true, encoding: 'utf8' }).map((f) => statSync(path.join(src, f)).mtimeMs));
  if (existsSync(main) && statSync(main).mtimeMs >= newest) return;
  console.error('building dist/ (npm run build)');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts/build.js')], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/** The test part's negative recordings back to back at 16 kHz, cut to `seconds`. */
async function heldOutAudio(seconds: number): Promise<Float32Array> {
  const pieces: Float32Array[] = [];
  let length = 0;
  for (const file of (await alexaSplit()).test.negatives) {
    if (length >= seconds * RATE) break;
    const { samples } = await readAudio(file, RATE);
    pieces.push(samples);
    length += samples.length;
  }
  if (length < seconds * RATE) throw new Error(`the test part holds only ${(length / RATE).toFixed(0)} s of negative speech, not ${seconds} s`);
  return concatFloat32(pieces).slice(0, seconds * RATE);
}

async function writeWav(name: string, samples: Float32Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, encodeWav16({ samples, sampleRate: RATE }));
  return file;
}

/**
 * openwakeword-file.ts as one plain-node script in the temp folder, with only the src/ modules
 * it uses (they are marked free of side effects, so the rest of src/node.ts, tfjs included, is
 * left out); packages stay imports, found through a node_modules link.
 */
async function bundleReference(): Promise<string> {
  const outfile = path.join(dir, 'openwakeword-file.mjs');
  await symlink(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const onlyWhatIsUsed: esbuild.Plugin = {
    name: 'only-what-is-used',
    setup(build) {
      build.onResolve({ filter: /^\./ }, async ({ path: spec, kind, resolveDir, pluginData }) => {
        if (pluginData === 'resolving') return undefined;
        const resolved = await build.resolve(spec, { kind, resolveDir, pluginData: 'resolving' });
        return { ...resolved, sideEffects: false };
      });
    },
  };
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'scripts/bench/openwakeword-file.ts')],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'error', plugins: [onlyWhatIsUsed],
  });
  return outfile;
}

/** Wall seconds of one process run to its end; fails on a non-zero exit. */
function timeProcess([command, ...rest]: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const began = performance.now();
    const child = spawn(command!, rest, { cwd: ROOT, env: { ...process.env, WAKEWORD_CLI: 'dist' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (data: Buffer) => (stderr = (stderr + data.toString()).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - began) / 1000) : reject(new Error(`${[command, ...rest].join(' ')} exited with ${code}: ${stderr}`))));
  });
}
