import * as tf from '../platform/tf.ts';
import seedrandom from 'seedrandom';
import type { BaseModel } from '../models/types.ts';
import { embeddingCount } from '../detect/embed.ts';
import type { FrameSequence } from './sequences.ts';
import { yieldToEventLoop } from './train.ts';

export interface FineTuneOptions {
  /** Stop after this many seconds of training. Default 300. */
  seconds?: number;
  /** Stop after this many steps. Default 2000. */
  steps?: number;
  /** Adam learning rate; keep it low when adapting pretrained blocks. Default 0.0002. */
  learningRate?: number;
  /** Streams per step, half positive and half negative. Default 8. */
  streamsPerStep?: number;
  /** Consecutive head inputs taken from each stream per step. Default 3. */
  inputsPerStream?: number;
  seed?: number;
  onStep?: (step: number, loss: number, elapsedSeconds: number) => void;
}

/** Sets which layers of the base train: the top `blocks` of `unfreezableBlocks`, or all. */
export function unfreezeTopBlocks(base: BaseModel, blocks: number | 'all'): string[] {
  const names = new Set(blocks === 'all' ? base.network.layers.map((l) => l.name) : base.unfreezableBlocks.slice(0, blocks).flat());
  for (const layer of base.network.layers) layer.trainable = names.has(layer.name);
  return [...names];
}

/**
 * Gives every weight of a network a new random value, as before any training: kernels Glorot
 * uniform (the Keras default), biases zero. Where `--from-scratch` starts, so that it measures
 * what the pretrained weights are worth.
 */
export function randomizeWeights(network: tf.LayersModel, seed: number): void {
  const values = network.weights.map((w, i) => {
    const shape = w.shape as number[]; // a weight's shape is always known
    if (shape.length >= 2) return tf.initializers.glorotUniform({ seed: seed + i }).apply(shape);
    return /gamma|variance/.test(w.originalName) ? tf.ones(shape) : tf.zeros(shape);
  });
  network.setWeights(values);
  tf.dispose(values);
}

/**
 * Trains the unfrozen top of the base together with the head, end to end on frames. Each step
 * takes a few consecutive head inputs from several streams: their windows overlap, so each
 * window goes through the base once and its embedding serves every head input that needs it.
 */
export async function fineTune(base: BaseModel, head: tf.LayersModel, train: FrameSequence[], options: FineTuneOptions = {}): Promise<{ steps: number; loss: number }> {
  const { seconds = 300, steps = 2000, learningRate = 0.0002, streamsPerStep = 8, inputsPerStream = 3, seed = 1 } = options;
  const random = seedrandom(`fine-tune-${seed}`);
  const positives = train.filter((s) => s.positive);
  const negatives = train.filter((s) => !s.positive && embeddingCount(base, s.frames.length) >= base.headContext + inputsPerStream - 1);
  if (positives.length === 0 || negatives.length === 0) throw new Error('fine-tuning needs positive and negative streams');
  const optimizer = tf.train.adam(learningRate);
  const variables = [...base.network.trainableWeights, ...head.trainableWeights].map((w) => w.read() as tf.Variable);
  const started = Date.now();
  let step = 0;
  let loss = NaN;
  const windowsPerStream = base.headContext + inputsPerStream - 1;
  const bins = train[0]!.frames[0]!.length;
  while (step < steps && (Date.now() - started) / 1000 < seconds) {
    const batch: { stream: FrameSequence; firstInput: number; label: number }[] = [];
    for (let i = 0; i < streamsPerStep; i++) {
      const positive = i < streamsPerStep / 2;
      const stream = (positive ? positives : negatives)[Math.floor(random() * (positive ? positives.length : negatives.length))]!;
      const range = positive ? stream.positive! : { from: 0, to: embeddingCount(base, stream.frames.length) - windowsPerStream };
      const firstInput = Math.max(0, Math.min(range.from + Math.floor(random() * (range.to - range.from + 1)), range.to - inputsPerStream + 1));
      batch.push({ stream, firstInput, label: positive ? 1 : 0 });
    }
    const windows = new Float32Array(batch.length * windowsPerStream * base.windowFrames * bins);
    let offset = 0;
    for (const { stream, firstInput } of batch) {
      for (let w = 0; w < windowsPerStream; w++) {
        const start = (firstInput + w) * base.windowHop;
        for (let f = 0; f < base.windowFrames; f++, offset += bins) windows.set(stream.frames[start + f]!, offset);
      }
    }
    const labels = batch.flatMap(({ label }) => Array<number>(inputsPerStream).fill(label));
    const cost = optimizer.minimize(
      () =>
        tf.tidy(() => {
          const input = tf.tensor4d(windows, [batch.length * windowsPerStream, base.windowFrames, bins, 1]);
          const embeddings = base.network.apply(input, { training: true }) as tf.Tensor2D;
          const contexts: tf.Tensor2D[] = [];
          for (let b = 0; b < batch.length; b++) {
            for (let i = 0; i < inputsPerStream; i++) contexts.push(tf.slice(embeddings, [b * windowsPerStream + i, 0], [base.headContext, base.embeddingSize]));
          }
          const scores = head.apply(tf.stack(contexts), { training: true }) as tf.Tensor;
          return tf.losses.logLoss(tf.tensor2d(labels, [labels.length, 1]), scores) as tf.Scalar;
        }),
      true,
      variables,
    );
    loss = (await cost!.data())[0]!;
    cost!.dispose();
    step++;
    options.onStep?.(step, loss, (Date.now() - started) / 1000);
    await yieldToEventLoop();
  }
  optimizer.dispose();
  return { steps: step, loss };
}
