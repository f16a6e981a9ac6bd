import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readAudio } from '../../src/audio/read.node.ts';
import { loadDetector } from '../../src/detect/load.node.ts';
import { scoreRecording } from '../../src/detect/stream.ts';
import { embedFeatures } from '../../src/features/embed.node.ts';
import { sampleFeatureNegatives } from '../../src/features/sample.node.ts';
import { frontendFor } from '../../src/frontends/registry.ts';
import { scoreFeatureShards } from '../../src/transfer/score-features.node.ts';
import { trainDetector, type TrainDetectorOptions } from '../../src/transfer/train-detector.node.ts';
import { runCli } from '../cli/run-cli.ts';
import { tinyBase } from '../transfer/tiny-base.ts';
import { copySpeech, SAMPLES, setUp } from './fixtures.ts';

const { base, dir } = await setUp('features-train-');
const negatives = path.join(dir, 'negatives');
const features = path.join(dir, 'features');

before(async () => {
  // Real speech: four clips as ordinary negative files, the other fifteen embedded once into feature shards.
  const embedded = path.join(dir, 'embedded');
  await copySpeech((i) => (i < 4 ? negatives : embedded));
  await embedFeatures({ inputs: [embedded], out: features, base, frontend: frontendFor(base), jobBytes: 500_000 });
});
after(() => rm(dir, { recursive: true, force: true }));

const options = (extra: Partial<TrainDetectorOptions>): TrainDetectorOptions => ({
  name: 'alexa', word: 'alexa', positives: [path.join(SAMPLES, 'alexa')], negatives: [negatives], base, out: path.join(dir, 'model'),
  augmenter: () => (audio) => audio, augmentationTag: 'none', positiveCopies: 0, negativeCopies: 0, roomTone: false,
  cacheDir: path.join(dir, 'cache'), backend: 'wasm', head: { members: 2 }, training: { epochs: 1, batchesPerEpoch: 10 },
  ...extra,
});

test('training samples negatives from feature shards (bounded) beside its negative files, and saves a working detector', { timeout: 120_000 }, async () => {
  const seen: { shards: number; read: number; embeddings: number; seconds: number }[] = [];
  const { metadata } = await trainDetector(options({ negativeFeatures: [features], negativeFeatureEmbeddings: 1500, onNegativeFeatures: (f) => seen.push(f) }));
  assert.equal(seen.length, 1);
  assert.ok(seen[0]!.shards >= 2, `${seen[0]!.shards} shards`);
  assert.ok(seen[0]!.embeddings > 500 && seen[0]!.embeddings <= 1500, `${seen[0]!.embeddings} embeddings kept`);
  assert.ok(seen[0]!.seconds > 90, `${seen[0]!.seconds} s in the shards`);
  assert.ok(metadata.threshold > 0 && metadata.threshold < 1, `threshold ${metadata.threshold}`);
});

test('evaluate from shards: the detector\'s own score trace on each file, from the stored embeddings; the CLI prints false accepts per hour', async () => {
  const model = path.join(dir, 'model');
  const { traces } = await scoreFeatureShards(model, [features], 0);
  assert.equal(traces.length, 15);
  const { detector } = await loadDetector(model);
  let worst = 0;
  for (const trace of traces.slice(0, 4)) {
    const steps = scoreRecording(detector, (await readAudio(trace.label, 16000)).samples);
    assert.equal(trace.steps.length, steps.length);
    steps.forEach((step, i) => {
      assert.ok(Math.abs(step.t - trace.steps[i]!.t) < 1e-6);
      worst = Math.max(worst, Math.abs(step.score - trace.steps[i]!.score));
    });
  }
  detector.dispose();
  assert.ok(worst < 0.02, `scores differ by up to ${worst}`);

  const run = await runCli(['evaluate', '--model', model, '--negative-features', features, '--threshold', '0.5']).done;
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split('\n');
  assert.match(lines[0]!, /\d+ shards, 15 files, 0\.0\d\d h of audio/);
  assert.match(lines[1]!, /^threshold 0\.5000: \d+ false accepts, [\d.]+ per hour$/);
});

test('the sample keeps at most its budget, spread over every shard, the same for the same seed', async () => {
  const a = await sampleFeatureNegatives([features], base, frontendFor(base), { maxEmbeddings: 400, seed: 3 });
  const b = await sampleFeatureNegatives([features], base, frontendFor(base), { maxEmbeddings: 400, seed: 3 });
  assert.ok(a.embeddings <= Math.max(400, 64 * a.shards) && a.embeddings > 0);
  assert.equal(a.sequences.reduce((n, s) => n + s.embeddings.length, 0), a.embeddings);
  assert.ok(a.sequences.every((s) => s.embeddings.length >= base.headContext && s.embeddings.every((e) => e.length === 96)));
  assert.deepEqual(a.sequences.map((s) => s.embeddings[0]), b.sequences.map((s) => s.embeddings[0]));
  // Fewer runs in the budget than shards: a seeded subset of the shards is read, a run's worth from each.
  const few = await sampleFeatureNegatives([features], base, frontendFor(base), { maxEmbeddings: 128, seed: 3 });
  assert.ok(few.shards > 2);
  assert.equal(few.read, 2);
  assert.ok(few.embeddings <= 128 && few.sequences.length >= 2, `${few.embeddings} embeddings in ${few.sequences.length} runs`);
});

test('shards of another base are refused with the file and both bases; --from-scratch refuses shards', async () => {
  await assert.rejects(sampleFeatureNegatives([features], tinyBase(), frontendFor(tinyBase())), { name: 'InputError', message: /\.shard: embedded by base speech-embedding .* training uses tiny/ });
  await assert.rejects(trainDetector(options({ negativeFeatures: [features], fromScratch: true })), { name: 'InputError', message: /--negative-features: not with --from-scratch/ });
  await assert.rejects(sampleFeatureNegatives([negatives], base, frontendFor(base)), { name: 'InputError', message: /no feature shards here/ });
});
