import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/platform/backend.node.ts';

before(async () => {
  await selectBackend('wasm');
});

function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 0.5);
}

type Pad = 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  pad: Pad;
}

/** dx, dfilter (and dbias when fused) of sum(conv(x) * r) on one backend, as plain arrays. */
async function gradients(backend: string, c: Case, fused: boolean): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const x = tf.tensor4d(values(c.x.reduce((a, b) => a * b), 1), c.x);
    const filter = tf.tensor4d(values(c.filter.reduce((a, b) => a * b), 2), c.filter);
    const bias = tf.tensor1d(values(c.filter[3], 3));
    const conv = (a: tf.Tensor4D, f: tf.Tensor4D, b: tf.Tensor1D) =>
      fused ? tf.fused.conv2d({ x: a, filter: f, bias: b, strides: c.strides, pad: c.pad }) : tf.conv2d(a, f, c.strides, c.pad);
    const r = tf.tensor(values(conv(x, filter, bias).size, 4), conv(x, filter, bias).shape);
    const grads = tf.grads((a, f, b) => tf.sum(tf.mul(conv(a as tf.Tensor4D, f as tf.Tensor4D, b as tf.Tensor1D), r)));
    return grads(fused ? [x, filter, bias] : [x, filter]).map((g) => g.dataSync() as Float32Array);
  });
}

const cases: Case[] = [
  { x: [2, 7, 9, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 7, 9, 3], filter: [1, 3, 3, 4], strides: 1, pad: 'same' },
  { x: [2, 7, 9, 3], filter: [3, 1, 3, 4], strides: 1, pad: 'valid' },
  { x: [3, 10, 8, 2], filter: [3, 3, 2, 5], strides: 1, pad: 'valid' },
  { x: [2, 9, 8, 4], filter: [3, 3, 4, 6], strides: 2, pad: 'same' },
  { x: [2, 12, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: [[0, 0], [0, 0], [1, 1], [0, 0]] },
];

for (const c of cases) {
  for (const fused of [false, true]) {
    test(`wasm conv gradient matches cpu: x ${c.x}, filter ${c.filter}, stride ${c.strides}, pad ${JSON.stringify(c.pad)}${fused ? ', fused with bias' : ''}`, async () => {
      const expected = await gradients('cpu', c, fused);
      const actual = await gradients('wasm', c, fused);
      for (const [i, name] of ['dx', 'dfilter', 'dbias'].slice(0, expected.length).entries()) {
        assert.equal(actual[i]!.length, expected[i]!.length, name);
        const worst = Math.max(...actual[i]!.map((v, j) => Math.abs(v - expected[i]![j]!)));
        assert.ok(worst < 1e-4, `${name}: max abs difference ${worst}`);
      }
    });
  }
}

test('model.fit trains an unfrozen conv layer on wasm without leaking tensors', async () => {
  await tf.setBackend('wasm');
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [8, 6, 1], filters: 4, kernelSize: [3, 3], padding: 'same', activation: 'relu' }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy' });
  const xs = tf.tensor4d(values(16 * 48, 5), [16, 8, 6, 1]);
  const ys = tf.tensor2d(Array.from({ length: 16 }, (_, i) => i % 2), [16, 1]);
  const kernelBefore = model.layers[0]!.getWeights()[0]!.dataSync().slice();
  const tensorsBefore = tf.memory().numTensors;
  const history = await model.fit(xs, ys, { epochs: 3, batchSize: 8, verbose: 0 });
  assert.equal(tf.memory().numTensors, tensorsBefore);
  const losses = history.history.loss as number[];
  assert.ok(losses.every(Number.isFinite), `losses ${losses}`);
  const kernelAfter = model.layers[0]!.getWeights()[0]!.dataSync();
  assert.ok(kernelAfter.some((v, i) => v !== kernelBefore[i]), 'the conv kernel did not change');
  tf.dispose([xs, ys]);
  model.dispose();
});
