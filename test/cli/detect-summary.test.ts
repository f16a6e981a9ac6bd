import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { summary } from '../../src/cli/commands/detect.ts';
import { writeConstantDetector } from './constant-detector.ts';
import { runCli } from './run-cli.ts';

let dir: string;
const env = { ...process.env, WAKEWORD_BACKEND: 'wasm' };

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wakeword-detect-summary-'));
  // Every step scores 0.5; the stored threshold is above it.
  await writeConstantDetector(path.join(dir, 'model'), { threshold: 0.6, refractorySeconds: 2 });
  const tone = Float32Array.from({ length: 6 * 16000 }, (_, i) => 0.1 * Math.sin(i / 5));
  await writeFile(path.join(dir, 'clip.wav'), encodeWav16({ samples: tone, sampleRate: 16000 }));
  await writeFile(path.join(dir, 'empty.wav'), encodeWav16({ samples: new Float32Array(0), sampleRate: 16000 }));
});
after(() => rm(dir, { recursive: true, force: true }));

const SUMMARY = /^(\S+): (\d+) detections? in (\d+\.\d) s(?:, highest score (\d\.\d{3}) at (-?\d+\.\d\d) s \(threshold ([\d.]+)\)| \(too short to score\))$/;

test('wakeword detect says on stderr, per file, that nothing fired, how long it listened and its highest score; stdout stays empty', async () => {
  const result = await runCli(['detect', '--model', 'model', 'clip.wav', 'empty.wav'], env, { cwd: dir }).done;
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '', 'no detections: no JSON lines');
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 2, result.stderr);
  const [, file, count, seconds, score, at, threshold] = SUMMARY.exec(lines[0]!) ?? assert.fail(`not a summary line: ${lines[0]}`);
  assert.deepEqual([file, count, seconds, score, threshold], ['clip.wav', '0', '6.0', '0.500', '0.6']);
  assert.ok(Number(at) >= 0 && Number(at) <= 6, `highest score at ${at} s`);
  assert.equal(lines[1], 'empty.wav: 0 detections in 0.0 s (too short to score)');
});

test('wakeword detect counts its detections in the summary, with --scores too, and stdout is pure JSON Lines', async () => {
  for (const extra of [[], ['--scores']]) {
    const result = await runCli(['detect', '--model', 'model', '--threshold', '0.5', ...extra, 'clip.wav'], env, { cwd: dir }).done;
    assert.equal(result.code, 0, result.stderr);
    const printed = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { file: string; t: number; score: number });
    const [, , count, seconds, score, , threshold] = SUMMARY.exec(result.stderr.trim()) ?? assert.fail(`not one summary line: ${result.stderr}`);
    assert.deepEqual([seconds, score, threshold], ['6.0', '0.500', '0.5']);
    // A score of 0.5 everywhere fires at once and then once per 2 s refractory period.
    assert.equal(Number(count), 3, result.stderr);
    if (extra.length === 0) assert.equal(printed.length, 3);
    else assert.ok(printed.length > 3 && printed.every((step) => step.score === 0.5), 'every step on stdout');
  }
});

test('the summary line names the highest-scoring step and says "1 detection"', () => {
  const steps = [0.2, 0.9, 0.95, 0.4].map((score, i) => ({ t: 0.08 * (i + 1), score }));
  assert.equal(summary('a.wav', 1, 48.12, steps, 0.9), 'a.wav: 1 detection in 48.1 s, highest score 0.950 at 0.24 s (threshold 0.9)');
  assert.equal(summary('b.wav', 0, 2, steps.slice(0, 1), 0.85), 'b.wav: 0 detections in 2.0 s, highest score 0.200 at 0.08 s (threshold 0.85)');
});

test('wakeword detect piped into a reader that stops early (| head -1) ends quietly with exit code 0', async () => {
  const run = runCli(['detect', '--model', 'model', '--scores', 'clip.wav', 'clip.wav', 'clip.wav'], env, { cwd: dir });
  // The reader takes the first line and closes the pipe, as `head -1` does.
  run.child.stdout!.once('data', () => run.child.stdout!.destroy());
  const result = await run.done;
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /EPIPE|Module|Error/, result.stderr.slice(0, 500));
});
