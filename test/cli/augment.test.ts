import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readAudio } from '../../src/audio/read.node.ts';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { fakeWord } from '../audio/signals.ts';
import { runCli } from './run-cli.ts';

test('wakeword augment writes the clean clip and N described variants', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'augment-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'word.wav'), encodeWav16(fakeWord(22050)));
  const out = path.join(dir, 'out');
  const run = await runCli(['augment', path.join(dir, 'word.wav'), '--out', out, '--preview', '3', '--only', 'noise,reverb', '--noise', path.join(dir, 'none')]).done;
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual((await readdir(out)).sort(), ['word.aug1.wav', 'word.aug2.wav', 'word.aug3.wav', 'word.clean.wav']);
  assert.equal((await readAudio(path.join(out, 'word.aug1.wav'))).sampleRate, 16000);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  for (const line of lines) assert.match(line, /word\.aug\d\.wav: reverb RT60 [\d.]+ s, direct\/reverb [\d.]+ dB; (white|pink|brown) noise at [\d.]+ dB SNR$/);
  assert.match(run.stderr, /none: generated noise only/);

  const bad = await runCli(['augment', path.join(dir, 'word.wav'), '--out', out, '--options', '{"noise":{"snrDb":[9,1]}}']).done;
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /error: augmentation option 'noise\.snrDb': got \[9,1\], expected \[low, high\] with low <= high/);
});
