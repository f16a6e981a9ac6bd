import * as tf from '../platform/tf.ts';
import { TRAINING_DEFAULTS } from './defaults.ts';

export interface HeadOptions {
  /** Hidden units per layer. Default 64 (as openWakeWord's heads). */
  units?: number;
  /** Hidden layers. Default 2. */
  layers?: number;
  /** Dropout before each hidden layer. Default 0.3. */
  dropout?: number;
  /** Seed for the random initial weights. Default 42. */
  seed?: number;
  /**
   * Heads trained side by side from different seeds and merged into one (src/transfer/ensemble.ts):
   * the merged scores are steadier than any one head's. Default TRAINING_DEFAULTS.members.
   */
  members?: number;
}

/** The ensemble's members: `members` heads with different initial weights and dropout masks. */
export function buildHeads(context: number, embeddingSize: number, options: HeadOptions = {}): tf.Sequential[] {
  const { members = TRAINING_DEFAULTS.members, seed = 42 } = options;
  return Array.from({ length: members }, (_, k) => buildHead(context, embeddingSize, { ...options, seed: seed + 1000 * k }, k));
}

/**
 * The new, randomly initialised output head placed on top of a cut base: it reads `context`
 * consecutive embeddings and outputs the word's sigmoid score. `member` keeps the layer names of
 * an ensemble's heads apart.
 */
export function buildHead(context: number, embeddingSize: number, options: HeadOptions = {}, member = 0): tf.Sequential {
  const { units = 64, layers = 2, dropout = 0.3, seed = 42 } = options;
  const name = (layer: string) => (member === 0 ? `head_${layer}` : `head${member}_${layer}`);
  const head = tf.sequential({ name: member === 0 ? 'head' : `head${member}` });
  head.add(tf.layers.flatten({ inputShape: [context, embeddingSize], name: name('flatten') }));
  for (let i = 0; i < layers; i++) {
    head.add(tf.layers.dropout({ rate: dropout, seed: seed + i, name: name(`dropout_${i}`) }));
    // No LayerNormalization (openWakeWord's heads have one): its tfjs gradient slices the batch
    // row by row and made head training on wasm ~5x slower.
    head.add(
      tf.layers.dense({
        units, activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 10 + i }), name: name(`dense_${i}`),
      }),
    );
  }
  head.add(tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }), name: name('output') }));
  return head;
}
