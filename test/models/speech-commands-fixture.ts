import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../src/platform/files.node.ts';

/** The 18w model's labels (metadata.json "words"). */
export const WORDS_18W = ['_background_noise_', '_unknown_', 'down', 'eight', 'five', 'four', 'go', 'left', 'nine', 'no', 'one', 'right', 'seven', 'six', 'stop', 'three', 'two', 'up', 'yes', 'zero'];

/**
 * A stand-in for the real 18w model: the same architecture (REFERENCE.md section 2; kernel and
 * pool sizes chosen so the weights come to exactly the real 5,874,736 bytes and Flatten to 704)
 * with seeded random weights, saved in the real file layout: Keras-converter style model.json,
 * group1-shard1of2 (4 MiB) + group1-shard2of2, and old-style metadata.json.
 */
export async function writeSpeechCommandsFixture(dir: string, seed = 18): Promise<void> {
  const init = (offset: number) => tf.initializers.glorotUniform({ seed: seed + offset });
  const bias = (offset: number) => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed + 100 + offset });
  const model = tf.sequential({ name: 'sequential_1' });
  model.add(tf.layers.conv2d({ name: 'conv2d_1', inputShape: [43, 232, 1], filters: 8, kernelSize: [2, 8], activation: 'relu', kernelInitializer: init(1), biasInitializer: bias(1) }));
  model.add(tf.layers.maxPooling2d({ name: 'max_pooling2d_1', poolSize: [2, 2], strides: [2, 2] }));
  for (const i of [2, 3, 4]) {
    model.add(tf.layers.conv2d({ name: `conv2d_${i}`, filters: 32, kernelSize: [2, 4], activation: 'relu', kernelInitializer: init(i), biasInitializer: bias(i) }));
    model.add(tf.layers.maxPooling2d({ name: `max_pooling2d_${i}`, poolSize: [2, 2], strides: i === 4 ? [1, 2] : [2, 2] }));
  }
  model.add(tf.layers.flatten({ name: 'flatten_1' }));
  model.add(tf.layers.dropout({ name: 'dropout_1', rate: 0.25 }));
  model.add(tf.layers.dense({ name: 'dense_1', units: 2000, activation: 'relu', kernelInitializer: init(5), biasInitializer: bias(5) }));
  model.add(tf.layers.dropout({ name: 'dropout_2', rate: 0.5 }));
  model.add(tf.layers.dense({ name: 'dense_2', units: 20, activation: 'softmax', kernelInitializer: init(6), biasInitializer: bias(6) }));
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
      const split = 4 * 1024 * 1024;
      await writeFileAtomic(path.join(dir, 'group1-shard1of2'), weights.subarray(0, split));
      await writeFileAtomic(path.join(dir, 'group1-shard2of2'), weights.subarray(split));
      const modelJson = {
        format: 'layers-model',
        generatedBy: 'keras v2.2.4-tf',
        convertedBy: 'TensorFlow.js Converter v1.3.1',
        modelTopology: { keras_version: '2.2.4-tf', backend: 'tensorflow', model_config: artifacts.modelTopology },
        weightsManifest: [{ paths: ['group1-shard1of2', 'group1-shard2of2'], weights: artifacts.weightSpecs }],
      };
      await writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      await writeFileAtomic(path.join(dir, 'metadata.json'), JSON.stringify({ words: WORDS_18W, frameSize: 232 }));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
}
