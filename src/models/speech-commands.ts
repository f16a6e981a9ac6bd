import * as tf from '../platform/tf.ts';
import { weightedLayersTopDown } from './cut.ts';
import type { BaseModel } from './types.ts';

/** The TensorFlow.js speech-commands 18w model on its BROWSER_FFT frontend (REFERENCE.md section 2). */
export const SPEECH_COMMANDS_18W = {
  id: 'speech-commands-18w',
  frontendId: 'browser-fft',
  /** 43 frames of 1024 samples at 44.1 kHz: 0.998 s of audio per window. */
  windowFrames: 43,
  /**
   * One window every 4 frames (93 ms) while streaming: close to speech-embedding's 80 ms, so a
   * word is never more than ~50 ms off a window's alignment; 10.8 windows per second.
   */
  windowHop: 4,
  headContext: 1,
  /** The 2000-unit Dense that createTransfer() cuts at. */
  embeddingSize: 2000,
  bins: 232,
  words: 20,
  /** Bytes in group1-shard1of2 + group1-shard2of2: 1,468,684 float32 weights. */
  weightBytes: 5_874_736,
} as const;

/**
 * The library's z-normalisation, `(x - mean) / (sqrt(variance) + 1e-7)` over the whole window,
 * as a built-in layer (so the library loads exported models without custom code):
 * `(x - mean) / sqrt(variance + 1e-14)` differs by under 1e-9 relative for any real spectrogram.
 */
function windowNormalization(): tf.layers.Layer {
  return tf.layers.layerNormalization({ axis: [1, 2, 3], center: false, scale: false, epsilon: 1e-14, name: 'window_normalization' });
}

/** Why `model` is not an 18w-shaped speech-commands model, or undefined if it is one. */
export function speechCommandsShapeProblem(model: tf.LayersModel): string | undefined {
  const input = model.inputs[0]!.shape;
  const { windowFrames, bins, words, embeddingSize } = SPEECH_COMMANDS_18W;
  if (model.inputs.length !== 1 || String(input) !== String([null, windowFrames, bins, 1])) return `input [${input}] is not [null,${windowFrames},${bins},1]`;
  const output = model.outputs[0]!.shape;
  if (model.outputs.length !== 1 || String(output) !== String([null, words])) return `output [${output}] is not [null,${words}]`;
  const hidden = hiddenDenseIndex(model);
  if (hidden < 0) return 'it has no hidden Dense layer below the output';
  const units = (model.layers[hidden]!.getConfig() as { units: number }).units;
  if (units !== embeddingSize) return `its hidden Dense layer has ${units} units, not ${embeddingSize}`;
  return undefined;
}

/** The layer createTransfer() cuts at: the last Dense below the output layer. */
function hiddenDenseIndex(model: tf.LayersModel): number {
  for (let i = model.layers.length - 2; i >= 0; i--) if (model.layers[i]!.getClassName() === 'Dense') return i;
  return -1;
}

/**
 * The 18w base: `model` (the library's sequential network, checked with speechCommandsShapeProblem)
 * cut at its 2000-unit Dense as createTransfer() does, behind a layer that z-normalises each
 * window, so the network reads raw browser-fft frames. Shares `model`'s layers; frees the rest.
 */
export function speechCommandsBase(model: tf.LayersModel): BaseModel {
  const hidden = hiddenDenseIndex(model);
  const input = tf.input({ shape: [SPEECH_COMMANDS_18W.windowFrames, SPEECH_COMMANDS_18W.bins, 1], name: 'spectrogram' });
  let x = windowNormalization().apply(input) as tf.SymbolicTensor;
  for (const layer of model.layers.slice(0, hidden + 1)) {
    if (layer.getClassName() !== 'InputLayer') x = layer.apply(x) as tf.SymbolicTensor;
  }
  for (const layer of model.layers.slice(hidden + 1)) layer.dispose();
  const network = tf.model({ inputs: input, outputs: x, name: SPEECH_COMMANDS_18W.id });
  return {
    id: SPEECH_COMMANDS_18W.id,
    frontendId: SPEECH_COMMANDS_18W.frontendId,
    windowFrames: SPEECH_COMMANDS_18W.windowFrames,
    windowHop: SPEECH_COMMANDS_18W.windowHop,
    headContext: SPEECH_COMMANDS_18W.headContext,
    embeddingSize: SPEECH_COMMANDS_18W.embeddingSize,
    network,
    // The 2000-unit Dense first (what the library's fineTuningEpochs unfreezes), then each conv.
    unfreezableBlocks: weightedLayersTopDown(network),
    exportsSpeechCommandsModel: true,
  };
}

/**
 * One LayersModel [N,43,232,1] raw browser-fft frames -> [N,words] softmax: the base network
 * with `head` ([N,2000] -> [N,words]) on top as a nested model, the same structure the
 * library's own transfer models have. Shares the layers of both.
 */
export function speechCommandsClassifier(base: BaseModel, head: tf.LayersModel): tf.LayersModel {
  const output = head.apply(base.network.outputs[0]!) as tf.SymbolicTensor;
  return tf.model({ inputs: base.network.inputs, outputs: output, name: `${SPEECH_COMMANDS_18W.id}-classifier` });
}
