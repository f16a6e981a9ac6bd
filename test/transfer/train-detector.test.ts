import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { loadDetector } from '../../src/detect/load.node.ts';
import { streamThrough } from '../../src/detect/stream.ts';
import { detections } from '../../src/detect/decide.ts';
import { writeFileAtomic } from '../../src/platform/files.node.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { loadLayersModel } from '../../src/platform/model-files.node.ts';
import { trainDetector } from '../../src/transfer/train-detector.node.ts';
import { headTrace } from '../../src/transfer/calibrate.ts';
import { embedFrames } from '../../src/detect/embed.ts';
import { frontendFor } from '../../src/frontends/registry.ts';
import { computeFrames } from '../../src/frontends/types.ts';
import { baseFromNetwork } from '../../src/models/from-network.ts';
import type { RawAudio } from '../../src/types.ts';
import { chirp, distractor, tinyBase } from './tiny-base.ts';

let dir: string;
const firstRunEpochs: number[] = [];
let firstRun: Awaited<ReturnType<typeof trainDetector>>['metadata'];
const quietNoise = (seed: string) => (audio: RawAudio): RawAudio => {
  let s = seed.length * 31 + 7;
  const samples = audio.samples.map((x) => x + 0.01 * (((s = (s * 69069 + 1) % 4294967296) / 4294967296) - 0.5));
  return { samples, sampleRate: audio.sampleRate };
};

before(async () => {
  await selectBackend('wasm');
  dir = await mkdtemp(path.join(tmpdir(), 'wakeword-train-'));
  const write = (file: string, samples: Float32Array) => writeFileAtomic(path.join(dir, file), encodeWav16({ samples, sampleRate: 16000 }));
  for (let i = 0; i < 12; i++) {
    const padded = new Float32Array(16000);
    padded.set(chirp(0.5 + 0.02 * i, 16000, 0.3 + 0.03 * i), 4000);
    await write(`word/chirp-${i}.wav`, padded);
  }
  for (let i = 0; i < 12; i++) await write(`negative/other-${i}.wav`, distractor(1.5, i));
  for (let i = 0; i < 4; i++) await write(`near/other-${i}.wav`, distractor(2, 20 + i));
  await writeFileAtomic(path.join(dir, 'negative', 'broken.wav'), 'not audio');
});
after(() => rm(dir, { recursive: true, force: true }));

test('trains a head on a frozen base, calibrates, saves a folder that detects the word', async () => {
  const before = tf.memory().numTensors;
  const out = path.join(dir, 'models', 'chirp');
  const base = tinyBase();
  const { metadata, skipped } = await trainDetector({
    name: 'chirp', word: 'chirp', positives: [path.join(dir, 'word')], negatives: [path.join(dir, 'negative')],
    base, out, augmenter: quietNoise, augmentationTag: 'test', positiveCopies: 2, validationFraction: 0.2,
    cacheDir: path.join(dir, 'cache'), backend: 'wasm', training: { epochs: 10, batchesPerEpoch: 20, batchSize: 64, patience: 10 },
    onEpoch: (r) => firstRunEpochs.push(r.epoch),
  });
  assert.deepEqual(skipped.map((s) => path.basename(s.file)), ['broken.wav']);
  assert.ok(firstRunEpochs.length >= 1);
  assert.ok(metadata.threshold > 0 && metadata.threshold < 1, `threshold ${metadata.threshold}`);
  assert.equal(metadata.data.positiveClips, 12);
  firstRun = metadata;
  const saved = JSON.parse(await readFile(path.join(out, 'metadata.json'), 'utf8'));
  assert.equal(saved.threshold, metadata.threshold);

  const { detector } = await loadDetector(out);
  const stream = new Float32Array(16000 * 8);
  stream.set(distractor(2, 3), 0);
  stream.set(chirp(0.55, 16000, 0.4), 16000 * 4);
  // Other sounds run on to the end: the tiny base cannot tell a noise stopping dead from a word.
  stream.set(distractor(2.5, 5), 16000 * 5.5);
  const fired = detections(streamThrough(detector, stream), { threshold: metadata.threshold, refractorySeconds: metadata.refractorySeconds });
  assert.equal(fired.length, 1, JSON.stringify(fired));
  assert.ok(fired[0]!.t > 4.3 && fired[0]!.t < 6.3, `fired at ${fired[0]!.t}`);
  detector.dispose();
  base.network.dispose();
  assert.equal(tf.memory().numTensors, before, 'training and detection leave no tensors behind');
});

test("calibration's batch score trace equals the streaming detector's steps on the same audio", async () => {
  const out = path.join(dir, 'models', 'chirp');
  const metadata = JSON.parse(await readFile(path.join(out, 'metadata.json'), 'utf8'));
  const { detector } = await loadDetector(out);
  const network = await loadLayersModel(path.dirname(path.join(out, metadata.files.base)));
  const head = await loadLayersModel(path.dirname(path.join(out, metadata.files.head)));
  const base = baseFromNetwork({ ...metadata.base, frontendId: 'speech-embedding' }, network);
  const frontend = frontendFor(base);
  const audio = new Float32Array(16000 * 5);
  audio.set(distractor(1.5, 2), 0);
  audio.set(chirp(0.55, 16000, 0.4), 16000 * 2);
  const live = streamThrough(detector, audio);
  const batch = headTrace(head, base, frontend, { embeddings: embedFrames(base, computeFrames(frontend, audio)) }, metadata.smoothing);
  assert.equal(batch.length, live.length);
  for (const [i, step] of live.entries()) {
    assert.ok(Math.abs(step.t - batch[i]!.t) < 1e-9, `step ${i} at ${step.t} vs ${batch[i]!.t}`);
    assert.ok(Math.abs(step.score - batch[i]!.score) < 1e-5, `step ${i}: ${step.score} vs ${batch[i]!.score}`);
  }
  [detector, network, head].forEach((m) => m.dispose());
});

test('near-misses are trained on as negatives but left out of the calibration audio', async () => {
  const { metadata } = await trainDetector({
    name: 'chirp', word: 'chirp', positives: [path.join(dir, 'word')], negatives: [path.join(dir, 'negative')], nearMisses: [path.join(dir, 'near')],
    base: tinyBase(), out: path.join(dir, 'models', 'chirp-near'), augmenter: quietNoise, augmentationTag: 'test', positiveCopies: 2, validationFraction: 0.2,
    cacheDir: path.join(dir, 'cache'), backend: 'wasm', training: { epochs: 1, batchesPerEpoch: 5, batchSize: 64 },
  });
  assert.equal(metadata.data.nearMissClips, 4);
  assert.equal(metadata.data.negativeClips, firstRun.data.negativeClips);
  // Four 2 s near-misses (and the 0.4 s gaps between those that share a stream) are training audio ...
  const extra = (metadata.data.negativeHours - firstRun.data.negativeHours) * 3600;
  assert.ok(extra >= 8 - 1e-6 && extra <= 9.2 + 1e-6, `${extra} s more`);
  // ... but the threshold was set on exactly the audio the run without them had.
  assert.ok(Math.abs(metadata.calibration.negativeHours - firstRun.calibration.negativeHours) < 1e-9, `${metadata.calibration.negativeHours} h`);
});

test('calibration negatives are never trained on: the threshold is set on them alone, clean and augmented', async () => {
  const { metadata } = await trainDetector({
    name: 'chirp', word: 'chirp', positives: [path.join(dir, 'word')], negatives: [path.join(dir, 'negative')], calibrationNegatives: [path.join(dir, 'near')],
    base: tinyBase(), out: path.join(dir, 'models', 'chirp-calibrated'), augmenter: quietNoise, augmentationTag: 'test', positiveCopies: 2, validationFraction: 0.2,
    calibrationCopies: 2, cacheDir: path.join(dir, 'cache'), backend: 'wasm', training: { epochs: 1, batchesPerEpoch: 5, batchSize: 64 },
  });
  assert.equal(metadata.calibration.heldOut, true);
  assert.equal(metadata.calibration.negativeClips, 4);
  // The training audio is what the run without them had ...
  assert.ok(Math.abs(metadata.data.negativeHours - firstRun.data.negativeHours) < 1e-9);
  // ... and the threshold was set on the four 2 s clips (one stream, 0.4 s gaps), clean and twice augmented.
  const seconds = metadata.calibration.negativeHours * 3600;
  assert.ok(Math.abs(seconds - 3 * (4 * 2 + 3 * 0.4)) < 0.01, `${seconds} s of calibration audio`);
});

test('audio that is also a clip of the word is left out of the negatives, and said so', async () => {
  await writeFileAtomic(path.join(dir, 'same', 'copy-of-chirp-0.wav'), await readFile(path.join(dir, 'word', 'chirp-0.wav')));
  const { metadata, skipped } = await trainDetector({
    name: 'chirp', word: 'chirp', positives: [path.join(dir, 'word')], negatives: [path.join(dir, 'negative'), path.join(dir, 'same')],
    base: tinyBase(), out: path.join(dir, 'models', 'chirp-same'), augmenter: quietNoise, augmentationTag: 'test', positiveCopies: 2, validationFraction: 0.2,
    cacheDir: path.join(dir, 'cache'), backend: 'wasm', training: { epochs: 1, batchesPerEpoch: 5, batchSize: 64 },
  });
  const same = skipped.find((s) => path.basename(s.file) === 'copy-of-chirp-0.wav');
  assert.ok(same, JSON.stringify(skipped));
  assert.match(same.reason, /^the same audio as .*chirp-0\.wav, a clip of the word: left out of the negatives$/);
  assert.equal(metadata.data.negativeClips, firstRun.data.negativeClips);
});

test('silence and room tone are among the negatives, and the detector scores them below its threshold', async () => {
  const { detector, metadata } = await loadDetector(path.join(dir, 'models', 'chirp'));
  // 12 files (one unreadable) and six kinds of quiet.
  assert.equal(metadata.data.negativeClips, 13 + 6);
  const quiet = new Float32Array(16000 * 6);
  const steps = streamThrough(detector, quiet);
  assert.ok(steps.every((s) => s.score < metadata.threshold), `silence peaks at ${Math.max(...steps.map((s) => s.score))}`);
  detector.dispose();
});

test('a second run reuses the embedding cache and --resume continues from the checkpoint', async () => {
  const out = path.join(dir, 'models', 'chirp');
  const prepared: number[] = [];
  const epochs: number[] = [];
  const { metadata } = await trainDetector({
    name: 'chirp', word: 'chirp', positives: [path.join(dir, 'word')], negatives: [path.join(dir, 'negative')],
    base: tinyBase(), out, augmenter: () => { throw new Error('cache should have spared augmentation'); }, augmentationTag: 'test', positiveCopies: 2,
    validationFraction: 0.2, cacheDir: path.join(dir, 'cache'), backend: 'wasm', resume: true,
    training: { epochs: 14, batchesPerEpoch: 5, batchSize: 64 }, onPrepare: (done) => prepared.push(done),
    onEpoch: (r) => epochs.push(r.epoch),
  });
  assert.ok(prepared.length > 0);
  assert.equal(epochs[0], firstRunEpochs.at(-1)! + 1, 'resumed after the last checkpointed epoch');
  assert.ok(metadata.threshold > 0 && metadata.threshold < 1);
});

test('--unfreeze 1 fine-tunes the top block of the base with the head and leaves the rest as it was', async () => {
  const base = tinyBase();
  const conv = base.network.getLayer('tiny_conv').getWeights()[0]!.dataSync().slice();
  const dense = base.network.getLayer('tiny_dense').getWeights()[0]!.dataSync().slice();
  const out = path.join(dir, 'models', 'chirp-deep');
  const steps: number[] = [];
  const { metadata } = await trainDetector({
    name: 'chirp', word: 'chirp', positives: [path.join(dir, 'word')], negatives: [path.join(dir, 'negative')],
    base, out, augmenter: quietNoise, augmentationTag: 'test', positiveCopies: 1, validationFraction: 0.2, unfreeze: 1,
    cacheDir: path.join(dir, 'cache'), backend: 'wasm', training: { epochs: 3, batchesPerEpoch: 5, batchSize: 64 },
    fineTuning: { steps: 5, streamsPerStep: 4 }, onFineTuneStep: (step) => steps.push(step),
  });
  assert.deepEqual(steps, [1, 2, 3, 4, 5]);
  assert.equal(metadata.base.unfrozenBlocks, 1);
  const { detector } = await loadDetector(out);
  const network = await loadLayersModel(path.join(out, 'base'));
  assert.deepEqual(network.getLayer('tiny_conv').getWeights()[0]!.dataSync(), conv, 'frozen block unchanged');
  assert.notDeepEqual(network.getLayer('tiny_dense').getWeights()[0]!.dataSync(), dense, 'unfrozen block trained');
  network.dispose();
  detector.dispose();
  base.network.dispose();
});

test('--from-scratch starts the whole base from random weights and trains all of it with the head', async () => {
  const base = tinyBase();
  const pretrained = base.network.getWeights().map((w) => w.dataSync().slice() as Float32Array);
  const out = path.join(dir, 'models', 'chirp-scratch');
  const steps: number[] = [];
  const { metadata } = await trainDetector({
    name: 'chirp', word: 'chirp', positives: [path.join(dir, 'word')], negatives: [path.join(dir, 'negative')],
    base, out, augmenter: quietNoise, augmentationTag: 'test', positiveCopies: 1, validationFraction: 0.2, fromScratch: true,
    cacheDir: path.join(dir, 'cache'), backend: 'wasm', fineTuning: { steps: 3, streamsPerStep: 4 }, onFineTuneStep: (step) => steps.push(step),
  });
  assert.deepEqual(steps, [1, 2, 3]);
  assert.equal(metadata.base.fromScratch, true);
  assert.equal(metadata.validation.epochs, 0, 'no head-only phase on a random base');
  const network = await loadLayersModel(path.join(out, 'base'));
  const [conv, , dense] = network.getWeights().map((w) => w.dataSync() as Float32Array);
  // Three small Adam steps move a weight by ~3e-3 at most: a kernel this far from its pretrained
  // value was drawn anew, not trained away from it.
  const moved = (now: Float32Array, before: Float32Array) => now.reduce((m, x, i) => Math.max(m, Math.abs(x - before[i]!)), 0);
  assert.ok(moved(conv!, pretrained[0]!) > 0.05, `conv kernel moved ${moved(conv!, pretrained[0]!)}`);
  assert.ok(moved(dense!, pretrained[2]!) > 0.05, `dense kernel moved ${moved(dense!, pretrained[2]!)}`);
  network.dispose();
  base.network.dispose();
});

