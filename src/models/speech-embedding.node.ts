import { existsSync } from 'node:fs';
import path from 'node:path';
import * as tf from '../platform/tf.ts';
import { InputError } from '../errors.ts';
import { loadLayersModel, saveLayersModel } from '../platform/model-files.node.ts';
import { readOnnx, type OnnxGraph } from './onnx.node.ts';
import { openWakeWordFile } from './openwakeword-files.node.ts';
import { SPEECH_EMBEDDING, speechEmbeddingBase } from './speech-embedding.ts';
import { EmbeddingConv2D } from './speech-embedding-layers.ts';
import type { BaseModel } from './types.ts';

/**
 * The speech-embedding base from its cache folder (model.json + weights.bin), converting
 * embedding_model.onnx into it first when the folder has no model yet.
 */
export async function loadSpeechEmbedding(dir: string): Promise<BaseModel> {
  const cached = existsSync(path.join(dir, 'model.json'));
  return speechEmbeddingBase(cached ? await loadLayersModel(dir) : await importSpeechEmbedding(dir));
}

/** Converts embedding_model.onnx and writes it to `dir` as a tfjs layers model. */
export async function importSpeechEmbedding(dir: string, onnxFile = openWakeWordFile('embedding_model')): Promise<tf.LayersModel> {
  const network = await convertSpeechEmbedding(onnxFile);
  await saveLayersModel(network, dir);
  return network;
}

/**
 * Rebuilds the ONNX graph node by node as a tfjs LayersModel: each Conv (+ LeakyRelu + Max) is
 * one EmbeddingConv2D with its weights transposed OIHW -> HWIO, each MaxPool a MaxPooling2D.
 * The two Reshapes only change layout (C = 1 at the input, 1x1x96 at the output).
 */
export async function convertSpeechEmbedding(onnxFile: string): Promise<tf.LayersModel> {
  const graph = await readOnnx(onnxFile);
  const fail = (problem: string): never => {
    throw new InputError(onnxFile, `not the speech-embedding graph this converter knows: ${problem}`);
  };
  const input = tf.input({ shape: [SPEECH_EMBEDDING.windowFrames, SPEECH_EMBEDDING.bins, 1] });
  let x = input;
  const weights: [tf.layers.Layer, tf.Tensor[]][] = [];
  let current = graph.nodes[0]?.inputs[0];
  let convs = 0;
  let pools = 0;
  for (let i = 0; i < graph.nodes.length; i++) {
    const node = graph.nodes[i]!;
    if (node.inputs[0] !== current) fail(`node ${i} (${node.opType}) does not follow node ${i - 1}`);
    if (node.opType === 'Conv') {
      const [leaky, max] = [graph.nodes[i + 1], graph.nodes[i + 2]];
      const activated = leaky?.opType === 'LeakyRelu' && leaky.inputs[0] === node.outputs[0] && max?.opType === 'Max' && max.inputs[0] === leaky.outputs[0];
      const layer = convLayer(graph, node, activated ? { alpha: Number(leaky.attributes.alpha), floor: constant(graph, max.inputs[1]!, fail) } : undefined, `conv${convs++}`, fail);
      x = layer.layer.apply(x) as tf.SymbolicTensor;
      weights.push([layer.layer, layer.weights]);
      if (activated) i += 2;
      current = graph.nodes[i]!.outputs[0];
    } else if (node.opType === 'MaxPool') {
      const size = node.attributes.kernel_shape as number[];
      const strides = node.attributes.strides as number[];
      if (String(size) !== String(strides) || (node.attributes.pads as number[] | undefined)?.some((p) => p !== 0)) fail(`MaxPool ${i} is not an unpadded pool with stride = kernel`);
      x = tf.layers.maxPooling2d({ poolSize: size as [number, number], strides: size as [number, number], padding: 'valid', name: `pool${pools++}` }).apply(x) as tf.SymbolicTensor;
      current = node.outputs[0];
    } else if (node.opType === 'Reshape') {
      current = node.outputs[0];
    } else {
      fail(`unexpected op ${node.opType} at node ${i}`);
    }
  }
  if (String(x.shape) !== String([null, 1, 1, SPEECH_EMBEDDING.embeddingSize])) fail(`output shape ${x.shape}`);
  const output = tf.layers.flatten({ name: 'embedding' }).apply(x) as tf.SymbolicTensor;
  const network = tf.model({ inputs: input, outputs: output, name: 'speech-embedding' });
  for (const [layer, values] of weights) {
    layer.setWeights(values);
    tf.dispose(values);
  }
  return network;
}

function convLayer(
  graph: OnnxGraph,
  node: OnnxGraph['nodes'][number],
  activation: { alpha: number; floor: number } | undefined,
  name: string,
  fail: (problem: string) => never,
): { layer: EmbeddingConv2D; weights: tf.Tensor[] } {
  const kernel = graph.initializers.get(node.inputs[1]!) ?? fail(`${name} has no weight initializer`);
  const bias = node.inputs[2] === undefined ? undefined : (graph.initializers.get(node.inputs[2]) ?? fail(`${name} has no bias initializer`));
  const [filters, , kh, kw] = kernel.dims as [number, number, number, number];
  const [top = 0, left = 0, bottom = 0, right = 0] = (node.attributes.pads as number[] | undefined) ?? [];
  const ones = (key: string) => ((node.attributes[key] as number[] | undefined) ?? [1, 1]).every((v) => v === 1);
  if (top !== 0 || bottom !== 0 || left !== right) fail(`${name} pads [${node.attributes.pads}] are not symmetric frequency padding`);
  if (!ones('strides') || !ones('dilations') || (node.attributes.group ?? 1) !== 1) fail(`${name} is strided, dilated or grouped`);
  const layer = new EmbeddingConv2D({ name, filters, kernelSize: [kh, kw], padWidth: left, useBias: bias !== undefined, alpha: activation?.alpha ?? null, floor: activation?.floor ?? null });
  const values: tf.Tensor[] = [tf.tidy(() => tf.transpose(tf.tensor4d(kernel.data, [filters, kernel.dims[1]!, kh, kw]), [2, 3, 1, 0]))];
  if (bias) values.push(tf.tensor1d(bias.data));
  return { layer, weights: values };
}

function constant(graph: OnnxGraph, name: string, fail: (problem: string) => never): number {
  const value = graph.initializers.get(name);
  if (value?.data.length !== 1) fail(`the Max operand ${name} is not a scalar constant`);
  return value!.data[0]!;
}
