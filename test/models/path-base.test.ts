import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../../src/errors.ts';
import { loadBaseModel } from '../../src/models/registry.ts';
import { saveLayersModel } from '../../src/platform/model-files.node.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';

let dir: string;

/** A tiny classifier over 20 speech-embedding frames: conv -> pool -> dense 'features' -> softmax. */
function tinyModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [20, 32, 1], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv' }),
      tf.layers.maxPooling2d({ poolSize: 2, name: 'pool' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 12, activation: 'relu', name: 'features' }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'out' }),
    ],
  });
}

async function writeBase(description: object): Promise<void> {
  await writeFile(path.join(dir, 'base.json'), JSON.stringify(description));
}

before(async () => {
  await selectBackend('wasm');
  dir = await mkdtemp(path.join(tmpdir(), 'wakeword-path-base-'));
  const model = tinyModel();
  await saveLayersModel(model, dir);
  model.dispose();
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('a model folder with base.json loads as a base cut at the named layer', async () => {
  await writeBase({ frontend: 'speech-embedding', cutLayer: 'features', windowHop: 4 });
  const tensors = tf.memory().numTensors;
  const base = await loadBaseModel(dir);
  assert.equal(base.id, dir);
  assert.equal(base.frontendId, 'speech-embedding');
  assert.deepEqual([base.windowFrames, base.windowHop, base.headContext, base.embeddingSize], [20, 4, 1, 12]);
  assert.deepEqual(base.unfreezableBlocks, [['features'], ['conv']]);
  const output = tf.tidy(() => base.network.predict(tf.zeros([2, 20, 32, 1])) as tf.Tensor);
  assert.deepEqual(output.shape, [2, 12]);
  output.dispose();
  base.network.dispose();
  assert.equal(tf.memory().numTensors, tensors, 'the weights above the cut or of the base were not freed');
});

test('a cut below the dense layers is flattened to [N, features]', async () => {
  await writeBase({ frontend: 'speech-embedding', cutLayer: 'pool', windowHop: 4, windowFrames: 20, headContext: 3 });
  const base = await loadBaseModel(dir);
  assert.equal(base.embeddingSize, 9 * 15 * 4);
  assert.deepEqual(base.network.outputs[0]!.shape, [null, 540]);
  assert.equal(base.headContext, 3);
  base.network.dispose();
});

test('bad base folders fail with one line naming the file and the problem', async () => {
  const tensors = tf.memory().numTensors;
  await assert.rejects(loadBaseModel(path.join(dir, 'missing')), (e: Error) => e instanceof InputError && /speech-embedding.*base\.json/.test(e.message));
  const cases: [object, RegExp][] = [
    [{ frontend: 'speech-embedding', cutLayer: 'nope', windowHop: 4 }, /cutLayer 'nope' is not a layer.*features/],
    [{ frontend: 'mfcc', cutLayer: 'features', windowHop: 4 }, /frontend must be one of/],
    [{ frontend: 'speech-embedding', cutLayer: 'features' }, /windowHop/],
    [{ frontend: 'speech-embedding', cutLayer: 'features', windowHop: 4, windowFrames: 76 }, /does not fit 76 frames x 32 bins/],
    [{ frontend: 'browser-fft', cutLayer: 'features', windowHop: 4 }, /frontend 'browser-fft'/],
  ];
  for (const [description, message] of cases) {
    await writeBase(description);
    await assert.rejects(loadBaseModel(dir), (e: Error) => e instanceof InputError && e.message.startsWith(path.join(dir, 'base.json')) && message.test(e.message), JSON.stringify(description));
  }
  assert.equal(tf.memory().numTensors, tensors, 'a rejected model was not freed');
});
