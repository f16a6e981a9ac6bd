import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { writeFileAtomic } from '../../src/platform/files.node.ts';
import { saveLayersModel } from '../../src/platform/model-files.node.ts';
import { onStreamAlexa } from '../../scripts/alexa-split.ts';
import { alexaModelDir } from '../alexa-model.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';
import { chirp, distractor, tinyBase } from '../transfer/tiny-base.ts';
import { runCli } from './run-cli.ts';
import { dataAdvice, usabilityWarning } from '../../src/cli/commands/train.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wakeword-cli-'));
  const write = (file: string, samples: Float32Array) => writeFileAtomic(path.join(dir, file), encodeWav16({ samples, sampleRate: 16000 }));
  for (let i = 0; i < 10; i++) {
    const padded = new Float32Array(16000);
    padded.set(chirp(0.5 + 0.02 * i, 16000, 0.3 + 0.03 * i), 4000);
    await write(`audio/chirp/${i}.wav`, padded);
    await write(`audio/negative/${i}.wav`, distractor(1.5, i));
  }
  // `wakeword synth --negative` lists what it made beside the clips: 8.wav as a confusable word.
  await writeFile(path.join(dir, 'audio/negative/manifest.jsonl'), `${JSON.stringify({ file: '8.wav', engine: 'flite', text: 'chirpy.', voice: 'kal', kind: 'confusable' })}\n`);
  await mkdir(path.join(dir, 'audio/empty'));
  // A user's own base: a tfjs model plus base.json naming its frontend and cut layer.
  const base = tinyBase();
  await saveLayersModel(base.network, path.join(dir, 'my-base'));
  await writeFile(path.join(dir, 'my-base', 'base.json'), JSON.stringify({ frontend: 'speech-embedding', cutLayer: 'tiny_dense', windowHop: 8, headContext: 4 }));
  base.network.dispose();
});
after(() => rm(dir, { recursive: true, force: true }));

test('wakeword train on a path-form base writes a detector folder; detect and evaluate run on it', async () => {
  const cwd = { cwd: dir };
  const trained = await runCli(['train', '--word', 'chirp', '--base', 'my-base', '--copies', '1', '--epochs', '3', '--near-misses', 'audio/negative/9.wav'], process.env, cwd).done;
  assert.equal(trained.code, 0, trained.stderr);
  assert.match(trained.stdout, /models\/chirp: threshold 0\.\d+/);
  const metadata = JSON.parse(await readFile(path.join(dir, 'models/chirp/metadata.json'), 'utf8'));
  assert.equal(metadata.words[0], 'chirp');
  assert.equal(metadata.backend, 'wasm');
  // The named near-miss also sits in audio/negative: it counts once, as a near-miss, and so does
  // the synthesised confusable, unnamed; six kinds of silence and room tone are negatives too.
  assert.match(trained.stderr, /^1 confusable word from `wakeword synth`: trained on as near-misses, left out of the threshold calibration$/m);
  assert.deepEqual([metadata.data.negativeClips, metadata.data.nearMissClips], [8 + 6, 2]);

  const detected = await runCli(['detect', '--model', 'models/chirp', '--scores', 'audio/chirp/0.wav', 'missing.wav'], process.env, cwd).done;
  assert.equal(detected.code, 1, 'a file that cannot be read makes the exit code 1');
  assert.match(detected.stderr, /^error: missing\.wav: no such file$/m);
  const steps = detected.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.ok(steps.length > 0 && steps.every((s) => s.file === 'audio/chirp/0.wav' && s.score >= 0 && s.score <= 1 && s.t > 0));

  const evaluated = await runCli(['evaluate', '--model', 'models/chirp', '--positives', 'audio/chirp', '--negatives', 'audio/negative', '--out', 'reports/chirp'], process.env, cwd).done;
  assert.equal(evaluated.code, 0, evaluated.stderr);
  for (const file of ['report.md', 'report.html', 'summary.json', 'det.svg', 'det.png']) assert.ok(existsSync(path.join(dir, 'reports/chirp', file)), file);
});

test('wakeword train names the missing folder in one line', async () => {
  const result = await runCli(['train', '--word', 'nothing-here'], process.env, { cwd: dir }).done;
  assert.equal(result.code, 1);
  assert.equal(result.stderr.trim().split('\n').at(-1), 'error: audio/nothing-here: no such file or folder');
});

test('wakeword train checks its negatives before any work, in one line', async () => {
  const result = await runCli(['train', '--word', 'chirp', '--negatives', 'audio/empty'], process.env, { cwd: dir }).done;
  assert.equal(result.code, 1);
  assert.equal(result.stderr.trim().split('\n').at(-1), 'error: audio/empty: no WAV or FLAC clips of anything but the word (record some with `wakeword record --negative`, `wakeword synth --negative` or `wakeword data fetch`)');
});

test('wakeword train says plainly when it could not check the detector, and what to add', async () => {
  const result = await runCli(['train', '--word', 'chirp', '--base', 'my-base', '--positives', 'audio/chirp/0.wav', 'audio/chirp/1.wav', '--copies', '1', '--out', 'models/two'], process.env, { cwd: dir }).done;
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /validation recall not measured/);
  assert.match(result.stderr, /^warning: no clip of the word was held out to check the detector \(2 clips; 10 % are held out\): add clips of the word from real voices/m);
});

test('a detector that finds under half of its held-out clips is reported as unusable', () => {
  assert.match(usabilityWarning(0.037, 40)!, /^the detector found only 3\.7 % of its held-out clips at its threshold \(below the 50 % floor\): it is not usable yet; add /);
  assert.equal(usabilityWarning(0.8, 40), undefined);
});

test('training says when the clips of the word are (nearly) all synthetic, no noise was mixed in, or calibration was too short', () => {
  const hours = { negativeHours: 3, targetFalseAcceptsPerHour: 0.5 };
  const [synthetic, noNoise] = dataAdvice('jarvis', 300, 300, 0, hours);
  assert.match(synthetic!, /^none of the 300 clips of the word are real recordings .*record at least 10 takes.*`wakeword record --word jarvis --count 30`/);
  assert.match(noNoise!, /^no background noise was mixed in/);
  assert.match(dataAdvice('jarvis', 305, 300, 4, hours)[0]!, /^only 5 of the 305 clips/);
  assert.deepEqual(dataAdvice('jarvis', 310, 300, 4, hours), []);
  // 20 minutes cannot measure 0.5 per hour: training says so.
  assert.match(dataAdvice('jarvis', 310, 300, 4, { negativeHours: 0.33, targetFalseAcceptsPerHour: 0.5 })[0]!, /^0\.33 h of calibration audio would hold 0\.2 false accepts at 0\.5 per hour: the threshold sits just above the highest score heard there .* give 2 h or more/);
});

test('wakeword train rejects a label smoothing outside 0 to 1 in one line', async () => {
  const result = await runCli(['train', '--word', 'chirp', '--label-smoothing', '1.5'], process.env, { cwd: dir }).done;
  assert.equal(result.code, 1);
  assert.equal(result.stderr.trim().split('\n').at(-1), 'error: --label-smoothing: got 1.5, expected at least 0 and below 1');
});

test('wakeword detect reports the one "alexa" in the shared keyword stream between 7 and 10.5 s', { skip: skipWithoutSharedData() }, async () => {
  const model = await alexaModelDir();
  const stream = sharedPath('streams', 'multiple_keywords.flac');
  const result = await runCli(['detect', '--model', model, stream]).done;
  assert.equal(result.code, 0, result.stderr);
  const detections = result.stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
  assert.equal(detections.length, 1, result.stdout);
  assert.equal(detections[0].file, stream);
  assert.ok(onStreamAlexa(detections[0].t), `detected at ${detections[0].t} s`);
});
