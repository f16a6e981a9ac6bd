/**
 * Speech-embedding inference per window: the converted tfjs model on the wasm backend (single
 * thread) against embedding_model.onnx in onnxruntime-node (single thread), at batch 1 and 64.
 * tfjs runs two ways: each 76-frame window on its own (network.predict), and the streaming
 * embedder, which computes the overlapping windows of a stream once (8 frames per embedding,
 * or a whole clip's 64 windows in one call).
 *
 *   npx tsx scripts/bench/embedding.ts
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import ort from 'onnxruntime-node';
import seedrandom from 'seedrandom';
import { EmbeddingConv2D, loadBaseModel, openWakeWordFile, selectBackend } from '../../src/node.ts';

const WINDOWS = 128;
const REPEATS = 7;
const FRAMES = 76;
const HOP = 8;
const BINS = 32;

// Node never gets threaded wasm from tfjs; set the flag anyway so the figure is single-thread by construction.
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
await selectBackend('wasm');
const base = await loadBaseModel('speech-embedding');
const session = await ort.InferenceSession.create(openWakeWordFile('embedding_model'), { intraOpNumThreads: 1, interOpNumThreads: 1 });

const random = seedrandom('bench-embedding');
/** Frontend-like frames (the speech-embedding frontend's values lie in about 0..4). */
const frames = Array.from({ length: FRAMES + HOP * (WINDOWS - 1) }, () => Float32Array.from({ length: BINS }, () => 1 + 2 * random()));

/** The windows [first, first + n) as one [n, 76, 32, 1] buffer. */
function windowBatch(first: number, n: number): Float32Array {
  const out = new Float32Array(n * FRAMES * BINS);
  for (let w = 0; w < n; w++) for (let f = 0; f < FRAMES; f++) out.set(frames[(first + w) * HOP + f]!, (w * FRAMES + f) * BINS);
  return out;
}

type Run = () => Promise<void> | void;

/**
 * ms per window of each run (each embeds all WINDOWS windows): best of REPEATS rounds after a
 * warm-up, the runs interleaved within each round so that load from other processes hits all alike.
 */
async function msPerWindow(runs: Run[]): Promise<number[]> {
  for (const run of runs) await run();
  const best = runs.map(() => Infinity);
  for (let r = 0; r < REPEATS; r++) {
    for (const [i, run] of runs.entries()) {
      const start = performance.now();
      await run();
      best[i] = Math.min(best[i]!, performance.now() - start);
    }
  }
  return best.map((ms) => ms / WINDOWS);
}

function batches(batch: number): Float32Array[] {
  return Array.from({ length: WINDOWS / batch }, (_, b) => windowBatch(b * batch, batch));
}

function onnx(batch: number): Run {
  const inputs = batches(batch);
  return async () => {
    for (const data of inputs) await session.run({ input_1: new ort.Tensor('float32', data, [batch, FRAMES, BINS, 1]) });
  };
}

function perWindow(batch: number): Run {
  const inputs = batches(batch);
  return () => {
    for (const data of inputs) tf.tidy(() => (base.network.predict(tf.tensor4d(data, [batch, FRAMES, BINS, 1])) as tf.Tensor).dataSync());
  };
}

const stream = base.createEmbeddingStream!();
/** batch 1: a live stream, 8 new frames -> 1 embedding; batch 64: clips of 64 windows (580 frames) in one call. */
function streamed(batch: number): Run {
  return () => {
    stream.reset();
    if (batch === 1) {
      stream.push(frames.slice(0, FRAMES - HOP));
      for (let w = 0; w < WINDOWS; w++) stream.push(frames.slice(FRAMES - HOP + w * HOP, FRAMES + w * HOP));
    } else {
      const span = FRAMES + HOP * (batch - 1);
      for (let first = 0; first < WINDOWS; first += batch) {
        stream.reset();
        stream.push(frames.slice(first * HOP, first * HOP + span));
      }
    }
    stream.reset();
  };
}

/**
 * Where window-by-window time goes: the same weights run as a plain layer-by-layer rebuild
 * (pad, conv, bias, leaky ReLU, maximum), as our layers (fused conv + clamp), and as the fused
 * convolutions alone (no clamp: wrong results, the floor for this network on wasm).
 */
type Variant = 'plain rebuild' | 'EmbeddingConv2D (ours)' | 'convolutions only';
function runVariant(variant: Variant, x: tf.Tensor4D): tf.Tensor {
  let y = x;
  for (const layer of base.network.layers.slice(1, -1)) {
    if (!(layer instanceof EmbeddingConv2D) || variant === 'EmbeddingConv2D (ours)') {
      y = layer.call(y, {}) as tf.Tensor4D;
      continue;
    }
    const [kernel, bias] = layer.getWeights() as [tf.Tensor4D, tf.Tensor1D?];
    const alpha = layer.alpha ?? undefined;
    if (variant === 'convolutions only') {
      y = tf.fused.conv2d({ x: y, filter: kernel, bias, strides: 1, pad: [[0, 0], [0, 0], [layer.padWidth, layer.padWidth], [0, 0]], activation: alpha ? 'leakyrelu' : 'linear', leakyreluAlpha: alpha });
      continue;
    }
    if (layer.padWidth) y = tf.pad(y, [[0, 0], [0, 0], [layer.padWidth, layer.padWidth], [0, 0]]);
    y = tf.conv2d(y, kernel, 1, 'valid');
    if (bias) y = tf.add(y, bias);
    if (alpha) y = tf.leakyRelu(y, alpha);
    if (layer.floor !== null) y = tf.maximum(y, layer.floor);
  }
  return y.reshape([-1, 96]);
}
const variants: Variant[] = ['plain rebuild', 'EmbeddingConv2D (ours)', 'convolutions only'];
const single = batches(1);
const kernelCounts: number[] = [];
for (const variant of variants) {
  const x = tf.tensor4d(single[0]!, [1, FRAMES, BINS, 1]);
  kernelCounts.push((await tf.profile(() => tf.tidy(() => void runVariant(variant, x).dataSync()))).kernels.length);
  x.dispose();
}
const variantTimes = await msPerWindow(
  variants.map((variant) => () => {
    for (const data of single) tf.tidy(() => runVariant(variant, tf.tensor4d(data, [1, FRAMES, BINS, 1])).dataSync());
  }),
);

const [ort1, ort64, predict1, predict64, stream1, stream64] = await msPerWindow([onnx(1), onnx(64), perWindow(1), perWindow(64), streamed(1), streamed(64)]);
const rows = [
  { batch: 1, ort: ort1!, predict: predict1!, stream: stream1! },
  { batch: 64, ort: ort64!, predict: predict64!, stream: stream64! },
];

const ms = (x: number) => x.toFixed(2);
const ratio = (x: number, reference: number) => `${(x / reference).toFixed(2)}x`;
console.log(`## Speech-embedding inference per window (single thread, ${WINDOWS} windows, best of ${REPEATS})\n`);
console.log(`${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, tfjs ${tf.version.tfjs} ${tf.getBackend()} (SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT')}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT')}), onnxruntime-node ${ort.env.versions.common}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| batch | onnxruntime-node (ms) | tfjs wasm, window by window (ms) | vs onnxruntime | tfjs wasm, streaming embedder (ms) | vs onnxruntime |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.batch} | ${ms(r.ort)} | ${ms(r.predict)} | ${ratio(r.predict, r.ort)} | ${ms(r.stream)} | ${ratio(r.stream, r.ort)} |`);
console.log('\nWhere the window-by-window time goes (batch 1, same weights):\n');
console.log('| network built as | ms per window | kernels per window |');
console.log('|---|---|---|');
for (const [i, variant] of variants.entries()) console.log(`| ${variant} | ${ms(variantTimes[i]!)} | ${kernelCounts[i]} |`);
console.log(
  '\nWindow by window: each 76-frame window through network.predict, as onnxruntime runs it. Streaming embedder: ' +
    'consecutive windows (8 frames apart) share 68 frames, and the network is valid in time with a total stride of 8, ' +
    'so each layer row is computed once (batch 1: 8 new frames per call, as live detection runs; batch 64: a clip of ' +
    '580 frames per call, as training embeds clips). Both give the same embeddings.',
);
