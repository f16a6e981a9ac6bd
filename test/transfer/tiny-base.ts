import * as tf from '@tensorflow/tfjs';
import type { BaseModel } from '../../src/models/types.ts';

/** A small seeded conv net on speech-embedding frames, standing in for a pretrained base in fast tests. */
export function tinyBase(): BaseModel {
  const network = tf.sequential({ name: 'tiny_base' });
  network.add(tf.layers.conv2d({ inputShape: [76, 32, 1], filters: 4, kernelSize: 3, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }), name: 'tiny_conv' }));
  network.add(tf.layers.maxPooling2d({ poolSize: [8, 4], name: 'tiny_pool' }));
  network.add(tf.layers.flatten({ name: 'tiny_flatten' }));
  network.add(tf.layers.dense({ units: 16, activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }), name: 'tiny_dense' }));
  return {
    id: 'tiny',
    frontendId: 'speech-embedding',
    windowFrames: 76,
    windowHop: 8,
    headContext: 4,
    embeddingSize: 16,
    network,
    unfreezableBlocks: [['tiny_dense'], ['tiny_conv']],
  };
}

/** A rising chirp: the "wake word" of the synthetic tests. */
export function chirp(seconds: number, rate = 16000, amplitude = 0.5): Float32Array {
  const n = Math.round(seconds * rate);
  return Float32Array.from({ length: n }, (_, i) => {
    const t = i / rate;
    const f = 400 + (2400 * t) / seconds;
    return amplitude * Math.sin(2 * Math.PI * f * t) * Math.sin((Math.PI * i) / n);
  });
}

/** Seeded noise and steady tones: everything that is not the word. */
export function distractor(seconds: number, kind: number, rate = 16000): Float32Array {
  let state = kind * 7919 + 1;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const n = Math.round(seconds * rate);
  return Float32Array.from({ length: n }, (_, i) => (kind % 2 ? 0.3 * random() : 0.4 * Math.sin((2 * Math.PI * (300 + 200 * kind) * i) / rate)));
}
