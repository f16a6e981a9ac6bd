import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../src/node.ts';
import { mergeHeads } from '../../src/transfer/ensemble.ts';
import { buildHeads } from '../../src/transfer/head.ts';
import { sigmoidHeadAsSoftmax } from '../../src/transfer/softmax-head.ts';

await selectBackend('wasm');

test('a merged head scores sigmoid(mean of its members\' logits), as one plain MLP', () => {
  const members = buildHeads(4, 6, { members: 3, units: 5 });
  // Random members output ~0.5 everywhere; spread their output biases so the average means something.
  members.forEach((m, k) => {
    const out = m.layers.at(-1)!;
    out.setWeights([out.getWeights()[0]!, tf.tensor1d([k - 1.5])]);
  });
  const merged = mergeHeads(members);
  const x = tf.randomNormal([7, 4, 6], 0, 1, 'float32', 3);
  const logit = (p: tf.Tensor) => tf.log(p.div(tf.sub(1, p)));
  const expected = tf.sigmoid(tf.addN(members.map((m) => logit(m.predict(x) as tf.Tensor))).div(members.length));
  const actual = merged.predict(x) as tf.Tensor;
  assert.deepEqual(actual.shape, [7, 1]);
  const diff = tf.max(tf.abs(actual.sub(expected))).dataSync()[0]!;
  assert.ok(diff < 1e-5, `merged differs from the members' mean logit by ${diff}`);
  assert.deepEqual(merged.layers.map((l) => l.getClassName()), ['Flatten', 'Dense', 'Dense', 'Dense']);
  assert.deepEqual(merged.layers.slice(1).map((l) => (l.getConfig() as { units: number }).units), [15, 15, 1]);

  // Still a plain sigmoid head to the speech-commands export.
  const softmax = sigmoidHeadAsSoftmax(merged, 24);
  const word = (softmax.predict(x.reshape([7, 24])) as tf.Tensor).slice([0, 1], [7, 1]);
  assert.ok(tf.max(tf.abs(word.sub(actual))).dataSync()[0]! < 1e-5);
  tf.dispose([x, expected, actual, word]);
  [...members, merged, softmax].forEach((m) => m.dispose());
});

test('a one-member ensemble is that head', () => {
  const [head] = buildHeads(2, 3, { members: 1 });
  const merged = mergeHeads([head!]);
  const x = tf.randomNormal([5, 2, 3], 0, 1, 'float32', 9);
  const diff = tf.max(tf.abs((merged.predict(x) as tf.Tensor).sub(head!.predict(x) as tf.Tensor))).dataSync()[0]!;
  assert.ok(diff < 1e-6);
  x.dispose();
  head!.dispose();
  merged.dispose();
});
