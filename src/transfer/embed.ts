import * as tf from '@tensorflow/tfjs';
import type { BaseModel } from '../models/types.ts';

/**
 * The embedding schedule shared by training and live detection: an embedding is computed
 * whenever `windowFrames` frames exist and the frame count since then is a multiple of
 * `windowHop`. Returns how many embeddings `frameCount` frames produce.
 */
export function embeddingCount(base: BaseModel, frameCount: number): number {
  return frameCount < base.windowFrames ? 0 : Math.floor((frameCount - base.windowFrames) / base.windowHop) + 1;
}

/** Stacks frames [start, start + windowFrames) into one network input row. */
function windowValues(frames: Float32Array[], start: number, windowFrames: number, bins: number, out: Float32Array, offset: number): void {
  for (let f = 0; f < windowFrames; f++) out.set(frames[start + f]!.subarray(0, bins), offset + f * bins);
}

/**
 * All embeddings of a clip's frames, batched; the same values the streaming detector computes
 * one at a time. `batchSize` bounds memory for long streams.
 */
export function embedFrames(base: BaseModel, frames: Float32Array[], batchSize = 64): Float32Array[] {
  const count = embeddingCount(base, frames.length);
  if (count === 0) return [];
  const bins = frames[0]!.length;
  const out: Float32Array[] = [];
  for (let first = 0; first < count; first += batchSize) {
    const n = Math.min(batchSize, count - first);
    const values = new Float32Array(n * base.windowFrames * bins);
    for (let i = 0; i < n; i++) windowValues(frames, (first + i) * base.windowHop, base.windowFrames, bins, values, i * base.windowFrames * bins);
    const data = tf.tidy(() => {
      const input = tf.tensor4d(values, [n, base.windowFrames, bins, 1]);
      return (base.network.predict(input) as tf.Tensor).dataSync() as Float32Array;
    });
    for (let i = 0; i < n; i++) out.push(data.slice(i * base.embeddingSize, (i + 1) * base.embeddingSize));
  }
  return out;
}

/** One embedding of the most recent window (the streaming path). */
export function embedWindow(base: BaseModel, frames: Float32Array[]): Float32Array {
  return embedFrames(base, frames.slice(frames.length - base.windowFrames), 1)[0]!;
}
