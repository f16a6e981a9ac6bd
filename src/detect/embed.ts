import * as tf from '../platform/tf.ts';
import type { BaseModel, EmbeddingStream } from '../models/types.ts';

/**
 * The embedding schedule shared by training and live detection: an embedding is computed
 * whenever `windowFrames` frames exist and the frame count since then is a multiple of
 * `windowHop`. Returns how many embeddings `frameCount` frames produce.
 */
export function embeddingCount(base: BaseModel, frameCount: number): number {
  return frameCount < base.windowFrames ? 0 : Math.floor((frameCount - base.windowFrames) / base.windowHop) + 1;
}

/** The base's own stream when it has one, else every window run through the network alone. */
export function createEmbedder(base: BaseModel): EmbeddingStream {
  return base.createEmbeddingStream?.() ?? windowByWindow(base);
}

/** All embeddings of a clip's frames: the same values the streaming detector computes. */
export function embedFrames(base: BaseModel, frames: Float32Array[]): Float32Array[] {
  const embedder = createEmbedder(base);
  const embeddings = embedder.push(frames);
  embedder.reset();
  return embeddings;
}

/** Keeps the last window's frames and embeds each completed window, batched per push. */
function windowByWindow(base: BaseModel, batchSize = 64): EmbeddingStream {
  let frames: Float32Array[] = [];
  let sinceLast = 0;
  let started = false;
  return {
    push(newFrames) {
      const windows: Float32Array[][] = [];
      for (const frame of newFrames) {
        frames.push(frame);
        if (frames.length > base.windowFrames) frames.shift();
        if (frames.length < base.windowFrames) continue;
        sinceLast++;
        if (started && sinceLast < base.windowHop) continue;
        started = true;
        sinceLast = 0;
        windows.push([...frames]);
      }
      const out: Float32Array[] = [];
      for (let first = 0; first < windows.length; first += batchSize) out.push(...embedWindows(base, windows.slice(first, first + batchSize)));
      return out;
    },
    reset() {
      frames = [];
      sinceLast = 0;
      started = false;
    },
  };
}

function embedWindows(base: BaseModel, windows: Float32Array[][]): Float32Array[] {
  const bins = windows[0]![0]!.length;
  const values = new Float32Array(windows.length * base.windowFrames * bins);
  windows.forEach((window, w) => window.forEach((frame, f) => values.set(frame, (w * base.windowFrames + f) * bins)));
  const data = tf.tidy(() => {
    const input = tf.tensor4d(values, [windows.length, base.windowFrames, bins, 1]);
    return (base.network.predict(input) as tf.Tensor).dataSync() as Float32Array;
  });
  return windows.map((_, i) => data.slice(i * base.embeddingSize, (i + 1) * base.embeddingSize));
}
