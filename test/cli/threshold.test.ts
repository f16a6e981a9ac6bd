import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { parseFraction } from '../../src/cli/options.ts';
import { writeConstantDetector } from './constant-detector.ts';
import { runCli } from './run-cli.ts';

let dir: string;
const env = { ...process.env, WAKEWORD_BACKEND: 'wasm' };

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wakeword-threshold-'));
  await writeConstantDetector(path.join(dir, 'model'), { threshold: 0.6 });
  await writeFile(path.join(dir, 'clip.wav'), encodeWav16({ samples: new Float32Array(16000), sampleRate: 16000 }));
});
after(() => rm(dir, { recursive: true, force: true }));

test('parseFraction takes 0 to 1 and names the flag and the value otherwise', () => {
  assert.deepEqual(['0', '0.5', '1', ' 0.25 '].map((v) => parseFraction(v, '--threshold')), [0, 0.5, 1, 0.25]);
  for (const value of ['2', '-0.1', '1.0001', 'Infinity']) {
    assert.throws(() => parseFraction(value, '--threshold'), { name: 'InputError', message: value === 'Infinity' ? "--threshold: 'Infinity' is not a number" : `--threshold: got ${value}, expected a number from 0 to 1` });
  }
  assert.throws(() => parseFraction('abc', '--threshold'), { name: 'InputError', message: "--threshold: 'abc' is not a number" });
  assert.equal(parseFraction('0.99', '--label-smoothing', { includeOne: false }), 0.99);
  assert.throws(() => parseFraction('1', '--label-smoothing', { includeOne: false }), { message: '--label-smoothing: got 1, expected at least 0 and below 1' });
});

test('wakeword detect and listen reject --threshold outside 0..1 in one line, before any work', async () => {
  const runs = [
    runCli(['detect', '--model', 'model', '--threshold', '2', 'clip.wav'], env, { cwd: dir }).done,
    // On a file, so an unchecked threshold would listen to it and exit 0 rather than wait for a microphone.
    runCli(['listen', '--model', 'model', '--threshold', '-0.5', '--input', 'clip.wav'], env, { cwd: dir }).done,
  ];
  const [detected, listened] = await Promise.all(runs);
  assert.equal(detected!.code, 1);
  assert.equal(detected!.stdout, '');
  assert.equal(detected!.stderr, 'error: --threshold: got 2, expected a number from 0 to 1\n');
  assert.equal(listened!.code, 1);
  assert.equal(listened!.stdout, '');
  assert.equal(listened!.stderr, 'error: --threshold: got -0.5, expected a number from 0 to 1\n');
});
