import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readAudio } from '../../src/audio/read.node.ts';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { onStreamAlexa } from '../../scripts/alexa-split.ts';
import { alexaModelDir } from '../alexa-model.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';
import { writeConstantDetector } from './constant-detector.ts';
import { runCli } from './run-cli.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const STREAM = sharedPath('streams/multiple_keywords.flac');
const DETECTION_LINE = /^\d\d:\d\d:\d\d\.\d{3} {2}alexa {2}at (\d+\.\d+) s {2}score (\d\.\d{3})$/;
const skip = skipWithoutSharedData();

let dir: string;
let model: string;

interface Run {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `wakeword listen` as a user runs it; `interrupt` decides from its stderr so far when to press Ctrl-C. */
function listen(args: string[], interrupt?: (stderr: string) => boolean): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'listen', '--model', model, ...args], {
    cwd: ROOT,
    env: { ...process.env, WAKEWORD_BACKEND: 'wasm' },
  });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    if (!interrupted && interrupt?.(stderr)) interrupted = child.kill('SIGINT');
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ stdout, stderr, code, signal })));
}

function detections(run: Run): number[] {
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const match = DETECTION_LINE.exec(line);
      assert.ok(match, `not a detection line: ${line}`);
      return Number(match[1]);
    });
}

before(async () => {
  if (skip) return;
  dir = await mkdtemp(path.join(tmpdir(), 'wakeword-listen-'));
  model = await alexaModelDir();
});

after(() => dir && rm(dir, { recursive: true, force: true }));

test('listen through an input command (ffmpeg playing the keyword stream at 3x speed) fires once, on "alexa"', { skip }, async () => {
  const ffmpeg = `ffmpeg -hide_banner -loglevel error -nostdin -readrate 3 -i ${JSON.stringify(STREAM)} -f s16le -ac 1 -ar 16000 -`;
  const run = await listen(['--input-command', ffmpeg]);
  assert.equal(run.code, 0, run.stderr);
  const times = detections(run);
  assert.equal(times.length, 1, run.stdout);
  assert.ok(onStreamAlexa(times[0]!), `detected at ${times[0]} s`);
  assert.match(run.stderr, /stopped after 4\d\.\d s of audio: 1 detection\n/);
});

test('listen --input plays a file at real-time speed', { skip }, async () => {
  // 5 to 11 s of the stream: "alexa" is spoken about 2.5 to 3.5 s into this excerpt.
  const { samples } = await readAudio(STREAM, 16000);
  const excerpt = path.join(dir, 'excerpt.wav');
  await writeFile(excerpt, encodeWav16({ samples: samples.subarray(5 * 16000, 11 * 16000), sampleRate: 16000 }));
  let started = 0;
  const run = await listen(['--input', excerpt], (stderr) => {
    if (!started && stderr.includes('listening for')) started = performance.now();
    return false;
  });
  const elapsed = (performance.now() - started) / 1000;
  assert.equal(run.code, 0, run.stderr);
  const times = detections(run);
  assert.equal(times.length, 1, run.stdout);
  assert.ok(times[0]! >= 2 && times[0]! <= 5.5, `detected at ${times[0]} s`);
  assert.ok(elapsed >= 5.5, `6 s of audio played in ${elapsed.toFixed(1)} s`);
});

test('a capture program that dies is reported and restarted with growing waits; Ctrl-C ends listen cleanly', { skip }, async () => {
  const runs = path.join(dir, 'runs');
  // Half a second of silence, then an error exit.
  const dying = `echo run >> ${JSON.stringify(runs)}; head -c 16000 /dev/zero; echo "device vanished" >&2; exit 3`;
  const run = await listen(['--input-command', dying], (stderr) => stderr.includes('restarting in 2 s'));
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.signal, null);
  assert.match(run.stderr, /capture stopped \(input command ".*": stopped with exit code 3: device vanished\); restarting in 1 s/);
  assert.match(run.stderr, /restarting in 2 s/);
  assert.equal((await readFile(runs, 'utf8')).trim().split('\n').length, 2);
  assert.match(run.stderr, /stopped after 1\.0 s of audio: 0 detections/);
  assert.equal(run.stdout, '');
});

test('a capture that fails before any audio (no microphone, a command that does not run) ends listen at once with one line', async (t) => {
  const modelDir = await mkdtemp(path.join(tmpdir(), 'wakeword-listen-nomic-'));
  t.after(() => rm(modelDir, { recursive: true, force: true }));
  await writeConstantDetector(modelDir, { threshold: 0.9 });
  for (const command of ['false', 'no-such-capture-program-xyz']) {
    const run = runCli(['listen', '--model', modelDir, '--input-command', command], { ...process.env, WAKEWORD_BACKEND: 'wasm' });
    // The old code retried forever (1, 2, 4 s ...): give it 20 s.
    const timer = setTimeout(() => run.child.kill('SIGKILL'), 20_000);
    const { code, stdout, stderr } = await run.done;
    clearTimeout(timer);
    assert.equal(code, 1, stderr);
    assert.equal(stdout, '');
    assert.match(stderr, new RegExp(`^error: input command "${command}": stopped with exit code \\d+ before any audio.*\\n$`));
  }
});
