import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { collectStats } from '../../src/data/stats.node.ts';
import { fakeWord } from '../audio/signals.ts';
import { runCli } from '../cli/run-cli.ts';

async function layout(t: { after: (f: () => Promise<void>) => void }): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'stats-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const put = async (file: string, data: Uint8Array | string) => {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), data);
  };
  const word = fakeWord(16000);
  await put('alexa/a.wav', encodeWav16(word));
  await put('alexa/deep/b.wav', encodeWav16(fakeWord(22050, 0.3, 0.5)));
  await copyFile(path.join(root, 'alexa/a.wav'), path.join(root, 'alexa/deep/a-copy.wav'));
  await put('alexa/short.wav', encodeWav16({ samples: word.samples.slice(6400, 9600), sampleRate: 16000 }));
  await put('alexa/loud.wav', encodeWav16({ samples: word.samples.map((x) => Math.max(-1, Math.min(1, x * 20))), sampleRate: 16000 }));
  await put('negative/quiet.wav', encodeWav16({ samples: new Float32Array(16000), sampleRate: 16000 }));
  await put('alexa/long.wav', encodeWav16({ samples: new Float32Array(16000 * 6).fill(0.1), sampleRate: 16000 }));
  await put('noise/hum.wav', encodeWav16({ samples: Float32Array.from({ length: 32000 }, (_, i) => 0.01 * Math.sin(i / 5)), sampleRate: 16000 }));
  await put('negative/broken.wav', 'RIFF....WAVEjunk');
  await put('negative/notes.txt', 'ignored');
  await put('stray.wav', encodeWav16(word));
  // The toolkit's own folders are no words.
  await put('samples/alexa/1.wav', encodeWav16(word));
  await put('demo/noise/pink.wav', encodeWav16({ samples: new Float32Array(16000).fill(1), sampleRate: 16000 }));
  return root;
}

test('stats count clips and hours per folder and flag every kind of problem', async (t) => {
  const root = await layout(t);
  const stats = await collectStats(root);
  const [alexa, negative, noise] = stats.folders;
  assert.deepEqual([alexa!.folder, alexa!.role, alexa!.files], ['alexa', 'positive', 6]);
  assert.deepEqual(alexa!.rates, { 16000: 5, 22050: 1 });
  assert.deepEqual(alexa!.problems['too-short'].map((p) => path.basename(p.file)), ['short.wav']);
  assert.deepEqual(alexa!.problems.clipped.map((p) => path.basename(p.file)), ['loud.wav']);
  assert.deepEqual(alexa!.problems['too-long'].map((p) => path.basename(p.file)), ['long.wav']);
  assert.deepEqual([negative!.role, negative!.files, negative!.seconds], ['negative', 1, 1]);
  assert.deepEqual(negative!.problems.silent.map((p) => path.basename(p.file)), ['quiet.wav']);
  assert.deepEqual([noise!.role, noise!.problems.silent.length], ['noise', 0]);
  assert.deepEqual(stats.duplicates.map((g) => g.map((f) => path.relative(root, f))), [['alexa/a.wav', 'alexa/deep/a-copy.wav']]);
  assert.equal(stats.unreadable.length, 1);
  assert.match(stats.unreadable[0]!.reason, /WAV/);
  assert.deepEqual(stats.loose, [path.join(root, 'stray.wav')]);
  assert.deepEqual(stats.folders.map((f) => f.folder), ['alexa', 'negative', 'noise']);
  assert.deepEqual(stats.toolkit.map((t) => t.folder), ['demo', 'samples']);
});

test('wakeword data stats prints the table and the lists', async (t) => {
  const root = await layout(t);
  const { code, stdout } = await runCli(['data', 'stats', '--dir', root]).done;
  assert.equal(code, 0);
  assert.match(stdout, /: 3 folder\(s\), 8 file\(s\), 0\.00 h/);
  assert.match(stdout, /^alexa +positive +6 +0\.003 +16000: 5, 22050: 1 +1 +1 +1 +0$/m);
  assert.match(stdout, /duplicates \(1 group\(s\) of identical audio\):\n  .*alexa\/a\.wav = .*alexa\/deep\/a-copy\.wav/);
  assert.match(stdout, /unreadable \(1\), skipped by training:\n  .*broken\.wav: /);
  assert.match(stdout, /not in a folder \(1\)/);
  assert.match(stdout, /not counted: demo\/ \(npm run demo's files\), samples\/ \(the toolkit's sample set\)/);
  const missing = await runCli(['data', 'stats', '--dir', path.join(root, 'nope')]).done;
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /error: .*nope: no such folder/);
});
