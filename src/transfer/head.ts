import * as tf from '@tensorflow/tfjs';

export interface HeadOptions {
  /** Hidden units per layer. Default 64 (as openWakeWord's heads). */
  units?: number;
  /** Hidden layers. Default 2. */
  layers?: number;
  /** Dropout before each hidden layer. Default 0.3. */
  dropout?: number;
  /** L2 penalty on the hidden kernels. Default 0 (0.001 compressed every score to about 0.7). */
  l2?: number;
  /** Seed for the random initial weights. Default 42. */
  seed?: number;
}

/**
 * The new, randomly initialised output head placed on top of a cut base: it reads
 * `context` consecutive embeddings and outputs one sigmoid score (one word) or a softmax over
 * `classes` (several words plus "other").
 */
export function buildHead(context: number, embeddingSize: number, classes: number, options: HeadOptions = {}): tf.Sequential {
  const { units = 64, layers = 2, dropout = 0.3, l2 = 0, seed = 42 } = options;
  const head = tf.sequential({ name: 'head' });
  head.add(tf.layers.flatten({ inputShape: [context, embeddingSize], name: 'head_flatten' }));
  for (let i = 0; i < layers; i++) {
    head.add(tf.layers.dropout({ rate: dropout, seed: seed + i, name: `head_dropout_${i}` }));
    // No LayerNormalization (openWakeWord's heads have one): its tfjs gradient slices the batch
    // row by row and made head training on wasm ~5x slower.
    head.add(
      tf.layers.dense({
        units, activation: 'relu', kernelRegularizer: tf.regularizers.l2({ l2 }),
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 10 + i }), name: `head_dense_${i}`,
      }),
    );
  }
  const binary = classes <= 2;
  head.add(
    tf.layers.dense({
      units: binary ? 1 : classes,
      activation: binary ? 'sigmoid' : 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }),
      name: 'head_output',
    }),
  );
  return head;
}
