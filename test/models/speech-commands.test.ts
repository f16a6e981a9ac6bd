import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { cutAtLayer } from '../../src/models/cut.ts';
import { exportSpeechCommandsModel, fetchSpeechCommands18w, loadSpeechCommands18w } from '../../src/models/speech-commands.node.ts';
import type { BaseModel } from '../../src/models/types.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { serveLocally } from '../chromium.ts';
import { loadLayersModel } from '../../src/platform/model-files.node.ts';
import { WORDS_18W, writeSpeechCommandsFixture } from './speech-commands-fixture.ts';

let dir: string;
let fixture: string;
let base: BaseModel;

before(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(tmpdir(), 'speech-commands-'));
  fixture = path.join(dir, 'fixture');
  await writeSpeechCommandsFixture(fixture);
  await fetchSpeechCommands18w(path.join(dir, 'cache'), { from: fixture });
  base = await loadSpeechCommands18w(path.join(dir, 'cache'));
});

after(async () => {
  base?.network.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Spectrogram-like windows in dB: [n, 43, 232, 1]. */
function windows(n: number, seed: string): tf.Tensor4D {
  const random = seedrandom(seed);
  return tf.tensor4d(Float32Array.from({ length: n * 43 * 232 }, (_, i) => -90 + 50 * random() - (i % 232) / 8), [n, 43, 232, 1]);
}

/** The library's normalize(): (x - mean) / (sqrt(variance) + 1e-7) over each whole window. */
function libraryNormalize(x: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, [1, 2, 3], true);
    return tf.div(tf.sub(x, mean), tf.add(tf.sqrt(variance), 1e-7));
  });
}

/** Largest difference relative to the largest value of `b`. */
function maxRelativeDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.div(tf.max(tf.abs(tf.sub(a, b))), tf.max(tf.abs(b))).dataSync()[0]!);
}

test('the 18w base has the documented numbers and is cut at the 2000-unit Dense', () => {
  assert.deepEqual(
    { id: base.id, frontendId: base.frontendId, windowFrames: base.windowFrames, windowHop: base.windowHop, headContext: base.headContext, embeddingSize: base.embeddingSize },
    { id: 'speech-commands-18w', frontendId: 'browser-fft', windowFrames: 43, windowHop: 4, headContext: 1, embeddingSize: 2000 },
  );
  assert.deepEqual(base.network.inputs[0]!.shape, [null, 43, 232, 1]);
  assert.deepEqual(base.network.outputs[0]!.shape, [null, 2000]);
  assert.deepEqual(base.unfreezableBlocks, [['dense_1'], ['conv2d_4'], ['conv2d_3'], ['conv2d_2'], ['conv2d_1']]);
});

test('the base reads raw frames: its embedding is the library network on normalised windows', async () => {
  const full = await loadLayersModel(fixture);
  const reference = cutAtLayer(full, 'dense_1');
  const x = windows(3, 'embedding');
  const normalised = libraryNormalize(x);
  const [ours, theirs] = [base.network.predict(x) as tf.Tensor, reference.predict(normalised) as tf.Tensor];
  assert.ok(maxRelativeDifference(ours, theirs) < 1e-4);
  tf.dispose([x, normalised, ours, theirs]);
  full.dispose();
});

test('fetch downloads over HTTP with progress and writes the same files', async () => {
  const server = await serveLocally(fixture);
  const progress: number[] = [];
  try {
    const target = path.join(dir, 'downloaded');
    const result = await fetchSpeechCommands18w(target, { url: `${server.url}/` }, (bytes, total) => progress.push(bytes / total));
    assert.equal(result.bytes, 5_874_736);
    assert.equal(progress.at(-1), 1);
    for (const name of ['model.json', 'metadata.json', 'group1-shard1of2', 'group1-shard2of2']) {
      assert.deepEqual(await readFile(path.join(target, name)), await readFile(path.join(fixture, name)), name);
    }
  } finally {
    await server.close();
  }
});

test('fetch and load reject missing, truncated and foreign files with one-line input errors', async () => {
  const broken = path.join(dir, 'broken');
  const copy = async () => {
    await writeSpeechCommandsFixture(broken);
  };
  await assert.rejects(loadSpeechCommands18w(path.join(dir, 'nothing-here')), { name: 'InputError', message: /wakeword base fetch speech-commands-18w/ });

  await copy();
  await unlink(path.join(broken, 'group1-shard2of2'));
  await assert.rejects(fetchSpeechCommands18w(path.join(dir, 'out'), { from: broken }), { name: 'InputError', message: /group1-shard2of2: missing/ });

  await copy();
  await truncate(path.join(broken, 'group1-shard2of2'), 1000);
  await assert.rejects(fetchSpeechCommands18w(path.join(dir, 'out'), { from: broken }), { name: 'InputError', message: /bytes, expected 5874736/ });

  await copy();
  await writeFile(path.join(broken, 'metadata.json'), JSON.stringify({ words: ['a', 'b'], frameSize: 232 }));
  await assert.rejects(fetchSpeechCommands18w(path.join(dir, 'out'), { from: broken }), { name: 'InputError', message: /metadata.json: expected "words" with 20 labels/ });

  const server = await serveLocally(path.join(dir, 'nothing-here'));
  try {
    await assert.rejects(fetchSpeechCommands18w(path.join(dir, 'out'), { url: server.url }), { name: 'InputError', message: /model.json: download failed \(HTTP 404\)/ });
  } finally {
    await server.close();
  }
});

test('export: one model of base + head that reloads and scores like the pieces, metadata in the library format', async () => {
  const head = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2000], units: 2, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) })] });
  const out = path.join(dir, 'export');
  await exportSpeechCommandsModel(base, head, ['_background_noise_', 'alexa'], out, { threshold: 0.8 });
  const exported = await loadLayersModel(out);
  assert.deepEqual(exported.inputs[0]!.shape, [null, 43, 232, 1]);
  const x = windows(2, 'export');
  const embedding = base.network.predict(x) as tf.Tensor;
  const [direct, reloaded] = [head.predict(embedding) as tf.Tensor, exported.predict(x) as tf.Tensor];
  assert.ok(maxRelativeDifference(reloaded, direct) < 1e-5);
  // listen() in the library normalises before predicting: normalising twice changes nothing.
  const normalised = libraryNormalize(x as tf.Tensor4D);
  const twice = exported.predict(normalised) as tf.Tensor;
  assert.ok(maxRelativeDifference(twice, direct) < 1e-4);
  tf.dispose([x, embedding, direct, reloaded, normalised, twice]);
  exported.dispose();

  const metadata = JSON.parse(await readFile(path.join(out, 'metadata.json'), 'utf8'));
  assert.deepEqual(metadata.wordLabels, ['_background_noise_', 'alexa']);
  assert.equal(metadata.frameSize, 232);
  assert.equal(metadata.tfjsSpeechCommandsVersion, '0.5.4');
  assert.equal(metadata.threshold, 0.8);
  await assert.rejects(exportSpeechCommandsModel(base, head, WORDS_18W, out), /one output per word label/);
});

test('the base runs on the wasm backend like on cpu (window normalisation included)', async () => {
  const x = windows(2, 'wasm');
  const onCpu = base.network.predict(x) as tf.Tensor;
  const expected = tf.tensor(await onCpu.data(), onCpu.shape);
  await selectBackend('wasm');
  const onWasm = base.network.predict(x) as tf.Tensor;
  assert.ok(maxRelativeDifference(onWasm, expected) < 1e-4);
  tf.dispose([x, onCpu, expected, onWasm]);
});
