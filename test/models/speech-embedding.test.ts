import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import ort from 'onnxruntime-node';
import { readAudio } from '../../src/audio/read.node.ts';
import { createSpeechEmbeddingFrontend } from '../../src/frontends/speech-embedding.ts';
import { computeFrames } from '../../src/frontends/types.ts';
import { openWakeWordFile } from '../../src/models/openwakeword-files.node.ts';
import { loadBaseModel } from '../../src/models/registry.ts';
import { createEmbeddingStream } from '../../src/models/speech-embedding-stream.ts';
import type { BaseModel } from '../../src/models/types.ts';
import { listAudioFiles } from '../../src/platform/files.node.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';

let cacheRoot: string;
let base: BaseModel;

before(async () => {
  await selectBackend('wasm');
  cacheRoot = await mkdtemp(path.join(tmpdir(), 'wakeword-bases-'));
  // The first load converts the ONNX file into the cache; the second reads the cached model back.
  (await loadBaseModel('speech-embedding', cacheRoot)).network.dispose();
  base = await loadBaseModel('speech-embedding', cacheRoot);
});

after(async () => {
  base.network.dispose();
  await rm(cacheRoot, { recursive: true, force: true });
});

/** Windows of 76 frames every 8 frames, as the streaming detector sees them. */
function windows(frames: Float32Array[]): Float32Array[][] {
  const out: Float32Array[][] = [];
  for (let start = 0; start + 76 <= frames.length; start += 8) out.push(frames.slice(start, start + 76));
  return out;
}

function stack(list: Float32Array[][]): Float32Array {
  return Float32Array.from(list.flatMap((window) => window.flatMap((frame) => [...frame])));
}

function maxAbsDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

test('the speech-embedding base has the documented shape and registry id', () => {
  assert.equal(base.id, 'speech-embedding');
  assert.equal(base.frontendId, 'speech-embedding');
  assert.deepEqual([base.windowFrames, base.windowHop, base.headContext, base.embeddingSize], [76, 8, 16, 96]);
  assert.deepEqual(base.network.inputs[0]!.shape, [null, 76, 32, 1]);
  assert.deepEqual(base.network.outputs[0]!.shape, [null, 96]);
  assert.equal(base.unfreezableBlocks.length, 20);
  assert.deepEqual(base.unfreezableBlocks[0], ['conv19']);
  assert.equal(base.network.countParams(), 328_128);
});

test('cached tfjs model matches embedding_model.onnx on real alexa windows (wasm)', { skip: skipWithoutSharedData() }, async (t) => {
  const session = await ort.InferenceSession.create(openWakeWordFile('embedding_model'));
  const files = (await listAudioFiles(sharedPath('alexa'))).filter((_, i) => i % 40 === 0);
  const frontend = createSpeechEmbeddingFrontend();
  const stream = createEmbeddingStream(base.network);
  let worst = 0;
  for (const file of files) {
    const frames = computeFrames(frontend, (await readAudio(file, 16000)).samples);
    const clipWindows = windows(frames);
    assert.ok(clipWindows.length >= 5, `${file}: only ${clipWindows.length} windows`);
    const input = stack(clipWindows);
    const shape = [clipWindows.length, 76, 32, 1];
    const { conv2d_19: reference } = await session.run({ input_1: new ort.Tensor('float32', input, shape) });
    const ours = tf.tidy(() => (base.network.predict(tf.tensor4d(input, shape as [number, number, number, number])) as tf.Tensor).dataSync());
    worst = Math.max(worst, maxAbsDifference(ours, reference!.data as Float32Array));

    stream.reset();
    const streamed = stream.push(frames);
    assert.ok(maxAbsDifference(Float32Array.from(streamed.flatMap((e) => [...e])), ours) <= 1e-4, `${file}: stream differs from per-window embeddings`);
  }
  stream.reset();
  t.diagnostic(`max abs difference to onnxruntime over ${files.length} clips: ${worst}`);
  assert.ok(worst <= 1e-3, `max abs difference ${worst}`);
});

test('the embedding stream gives the same embeddings in any chunking, without leaking tensors', () => {
  const frames = Array.from({ length: 76 + 8 * 6 + 5 }, (_, f) => Float32Array.from({ length: 32 }, (_, b) => 1 + Math.sin(f * 0.37 + b * 1.3)));
  const expected = tf.tidy(() => {
    const list = windows(frames);
    return (base.network.predict(tf.tensor4d(stack(list), [list.length, 76, 32, 1])) as tf.Tensor).dataSync();
  });
  const tensors = tf.memory().numTensors;
  const stream = createEmbeddingStream(base.network);
  for (const piece of [1, 3, 8, 50, 200]) {
    const out: Float32Array[] = [];
    for (let i = 0; i < frames.length; i += piece) out.push(...stream.push(frames.slice(i, i + piece)));
    assert.equal(out.length, 7, `pieces of ${piece}`);
    assert.ok(maxAbsDifference(Float32Array.from(out.flatMap((e) => [...e])), expected) <= 1e-4, `pieces of ${piece}`);
    stream.reset();
  }
  assert.equal(tf.memory().numTensors, tensors);
});

test('the top conv blocks of the base fine-tune on wasm while the rest stay frozen', async () => {
  const unfrozen = new Set(base.unfreezableBlocks.slice(0, 2).flat());
  for (const layer of base.network.layers) layer.trainable = unfrozen.has(layer.name);
  const input = tf.input({ shape: [76, 32, 1] });
  const embedding = base.network.apply(input) as tf.SymbolicTensor;
  // A linear head with a squared loss: a saturated sigmoid would give the convs zero gradient.
  const output = tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(embedding) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  model.compile({ optimizer: tf.train.sgd(1e-4), loss: 'meanSquaredError' });
  const weightsOf = (name: string) => base.network.getLayer(name).getWeights()[0]!.dataSync().slice();
  const before = { top: weightsOf('conv19'), second: weightsOf('conv18'), frozen: weightsOf('conv17') };
  const xs = tf.randomUniform([4, 76, 32, 1], 0, 2, 'float32', 1);
  const ys = tf.tensor2d([0, 1, 0, 1], [4, 1]);
  const history = await model.fit(xs, ys, { epochs: 1, batchSize: 4, verbose: 0 });
  assert.ok(Number.isFinite(history.history.loss![0]));
  assert.notDeepEqual(weightsOf('conv19'), before.top);
  assert.notDeepEqual(weightsOf('conv18'), before.second);
  assert.deepEqual(weightsOf('conv17'), before.frozen);
  tf.dispose([xs, ys]);
  for (const layer of base.network.layers) layer.trainable = false;
});
