import * as tf from '../platform/tf.ts';

/**
 * The part of `model` from its input up to the output of `layerName`, flattened to
 * [N, features] when that output has more axes. Shares the layers (and weights) of `model`.
 */
export function cutAtLayer(model: tf.LayersModel, layerName: string): tf.LayersModel {
  let output = model.getLayer(layerName).output as tf.SymbolicTensor;
  if (output.shape.length > 2) output = tf.layers.flatten({ name: `${layerName}_flat` }).apply(output) as tf.SymbolicTensor;
  return tf.model({ inputs: model.inputs, outputs: output, name: `${model.name}_cut` });
}

/** One block per layer that has weights, from the top of `network` down. */
export function weightedLayersTopDown(network: tf.LayersModel): string[][] {
  return network.layers
    .filter((layer) => layer.weights.length > 0)
    .reverse()
    .map((layer) => [layer.name]);
}
