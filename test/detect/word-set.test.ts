import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { sharedBaseProblem } from '../../src/detect/assemble.ts';
import { StreamingDetector } from '../../src/detect/detector.ts';
import { scoreRecording } from '../../src/detect/stream.ts';
import { WordSetDetector } from '../../src/detect/word-set.ts';
import { WordSetListener } from '../../src/live/word-set-listener.ts';
import { frontends } from '../../src/frontends/registry.ts';
import { loadBaseModel } from '../../src/models/registry.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { buildHead } from '../../src/transfer/head.ts';
import type { DetectorMetadata } from '../../src/types.ts';
import { writeConstantDetector } from '../cli/constant-detector.ts';
import { runCli } from '../cli/run-cli.ts';

/** Four seconds of a gliding tone over noise: enough steps for every head to score. */
function audio(rate: number): Float32Array {
  let state = 7;
  const noise = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  return Float32Array.from({ length: 4 * rate }, (_, i) => 0.2 * Math.sin((2 * Math.PI * (200 + 40 * (i / rate)) * i) / rate) + 0.05 * noise());
}

test('a word set scores each head exactly as that head alone would, from one embedding pass, and frees its tensors', async () => {
  await selectBackend('wasm');
  const base = await loadBaseModel('speech-embedding');
  // buildHead's initialisation is seeded; shift each head's weights by its own noise so they differ.
  const heads = [1, 2, 3].map((seed) => {
    const head = buildHead(base.headContext, base.embeddingSize);
    head.setWeights(tf.tidy(() => head.getWeights().map((w) => w.add(tf.randomNormal(w.shape, 0, 0.2, 'float32', seed)))));
    return head;
  });
  const samples = audio(16000);
  const alone = heads.map((head) => scoreRecording(new StreamingDetector({ frontend: frontends['speech-embedding'](), base, head }), samples));

  const set = new WordSetDetector({ frontend: frontends['speech-embedding'](), base, heads: heads.map((head, i) => ({ name: `word${i}`, head })) });
  const together = scoreRecording(set, samples);
  const before = tf.memory().numTensors;
  scoreRecording(set, samples);
  assert.equal(tf.memory().numTensors, before, 'tensors stay flat over a second recording');
  assert.deepEqual(set.names, ['word0', 'word1', 'word2']);
  assert.ok(together.length > 20, `${together.length} steps`);
  for (const [w, steps] of alone.entries()) {
    assert.equal(steps.length, together.length);
    steps.forEach((step, i) => {
      assert.equal(together[i]!.t, step.t);
      assert.ok(Math.abs(together[i]!.scores[w]! - step.score) < 1e-6, `word ${w} step ${i}: ${together[i]!.scores[w]} vs ${step.score}`);
    });
  }
  // The heads differ, so the test would see scores crossed between words.
  assert.notDeepEqual(alone[0]!.map((s) => s.score), alone[1]!.map((s) => s.score));
  set.dispose();
});

test('detectors share an embedding pass only on the same frozen base and frontend; the reason names the folder', () => {
  const metadata = (base: Partial<DetectorMetadata['base']>, frontend: Record<string, number | string> = { id: 'speech-embedding', sampleRate: 16000 }) =>
    ({ base: { id: 'speech-embedding', windowFrames: 76, windowHop: 8, headContext: 16, embeddingSize: 96, unfrozenBlocks: 0, fromScratch: false, ...base }, frontend }) as DetectorMetadata;
  assert.equal(sharedBaseProblem([metadata({}), metadata({})], ['models/a', 'models/b']), undefined);
  assert.equal(sharedBaseProblem([metadata({ unfrozenBlocks: 2 })], ['models/a']), undefined, 'one fine-tuned detector runs alone');
  assert.match(sharedBaseProblem([metadata({}), metadata({ unfrozenBlocks: 2 })], ['models/a', 'models/b'])!, /^models\/b fine-tuned 2 block\(s\) of its base/);
  assert.match(sharedBaseProblem([metadata({}), metadata({ fromScratch: true })], ['models/a', 'models/b'])!, /^models\/b was trained from scratch/);
  assert.match(sharedBaseProblem([metadata({}), metadata({}, { id: 'speech-embedding', sampleRate: 8000 })], ['models/a', 'models/b'])!, /^models\/b was trained on another base or frontend/);
});

test('wakeword detect and listen with several --model folders report each detection with its model, decided by its own threshold', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wakeword-word-set-'));
  try {
    // Every step of "low" scores 0.5 and of "high" 0.8; both thresholds are 0.6.
    await writeConstantDetector(path.join(dir, 'low'), { score: 0.5, threshold: 0.6, name: 'low' });
    await writeConstantDetector(path.join(dir, 'high'), { score: 0.8, threshold: 0.6, name: 'high' });
    await writeFile(path.join(dir, 'clip.wav'), encodeWav16({ samples: audio(16000), sampleRate: 16000 }));
    const env = { ...process.env, WAKEWORD_BACKEND: 'wasm' };
    const result = await runCli(['detect', '--model', 'low', '--model', 'high', 'clip.wav'], env, { cwd: dir }).done;
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { model: string; t: number; score: number });
    // 4 s with a 2 s refractory period: "high" fires twice, "low" never.
    assert.deepEqual(lines.map((l) => [l.model, l.score]), [['high', 0.8], ['high', 0.8]]);
    assert.match(result.stderr, /clip\.wav \[low\]: 0 detections in 4\.0 s/);
    assert.match(result.stderr, /clip\.wav \[high\]: 2 detections in 4\.0 s/);

    const scores = await runCli(['detect', '--model', 'low', '--model', 'high', '--scores', 'clip.wav'], env, { cwd: dir }).done;
    const steps = scores.stdout.trim().split('\n').map((line) => JSON.parse(line) as { model: string });
    assert.equal(steps.filter((s) => s.model === 'low').length, steps.filter((s) => s.model === 'high').length);

    // listen hears the same file live: each detection line names its word.
    const live = await runCli(['listen', '--model', 'low', '--model', 'high', '--input', 'clip.wav'], env, { cwd: dir }).done;
    assert.equal(live.code, 0, live.stderr);
    assert.match(live.stderr, /listening for "low" \(threshold 0\.6\), "high" \(threshold 0\.6\) on /);
    const words = live.stdout.trim().split('\n').map((line) => /^\S+ {2}(\S+) {2}at /.exec(line)?.[1]);
    assert.deepEqual(words, ['high', 'high']);

    const missing = await runCli(['detect', 'clip.wav'], env, { cwd: dir }).done;
    assert.equal(missing.code, 1);
    assert.equal(missing.stderr, 'error: --model: required: a trained detector folder (models/<name>)\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('WordSetListener decides each word by its own threshold, and setThreshold changes one word from the next step on', () => {
  // A word set whose two words score 0.7 and 0.4 at every 0.5 s step.
  const steps = (from: number) => [0, 1, 2, 3].map((i) => ({ t: from + i * 0.5, scores: [0.7, 0.4] }));
  let clock = 0;
  const detector = { names: ['a', 'b'], push: () => steps((clock += 2) - 2), reset() {} } as unknown as WordSetDetector;
  const listener = new WordSetListener(detector, [{ threshold: 0.6, refractorySeconds: 1 }, { threshold: 0.6, refractorySeconds: 1 }]);
  assert.deepEqual(listener.push(new Float32Array(0)).detections.map((d) => [d.name, d.index, d.t]), [['a', 0, 0], ['a', 0, 1]]);
  listener.setThreshold(1, 0.3);
  assert.deepEqual(listener.push(new Float32Array(0)).detections.map((d) => [d.name, d.t]), [['a', 2], ['b', 2], ['a', 3], ['b', 3]]);
  assert.throws(() => listener.setThreshold(1, 1.5), /within 0 and 1/);
  assert.throws(() => listener.setThreshold(2, 0.5), /no word 2/);
});
