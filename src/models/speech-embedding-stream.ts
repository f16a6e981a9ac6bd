import * as tf from '../platform/tf.ts';
import { EmbeddingConv2D } from './speech-embedding-layers.ts';
import type { EmbeddingStream } from './types.ts';

/** One layer along time: each output row reads `window` input rows, and outputs are `step` rows apart. */
interface Stage {
  layer: tf.layers.Layer;
  window: number;
  step: number;
}

/**
 * Runs the speech-embedding network over a stream of frames, computing each layer's rows once.
 * Every layer is valid in time and the three 2x time pools make its total stride 8 frames,
 * equal to the window hop, so the embedding of the window starting at frame 8k is row k of the
 * network run over the whole stream: identical to running each 76-frame window alone, with
 * ~1/8 of the work (the windows overlap by 68 frames). Each layer keeps the input rows its next
 * output still needs. A whole clip in one push gives all its windows' embeddings.
 */
export function createEmbeddingStream(network: tf.LayersModel): EmbeddingStream {
  const stages = network.layers.slice(1, -1).map(toStage);
  if (network.layers.at(-1)?.getClassName() !== 'Flatten') throw new Error(`${network.name}: expected the speech-embedding network, ending in a Flatten layer`);
  const bins = network.inputs[0]!.shape[2]!;
  const size = network.outputs[0]!.shape[1]!;
  let carries: (tf.Tensor4D | null)[] = stages.map(() => null);

  return {
    push(frames) {
      if (frames.length === 0) return [];
      const previous = carries;
      const next = [...carries];
      const output = tf.tidy(() => {
        const data = new Float32Array(frames.length * bins);
        frames.forEach((frame, i) => data.set(frame, i * bins));
        let x = tf.tensor4d(data, [1, frames.length, bins, 1]);
        for (const [i, { layer, window, step }] of stages.entries()) {
          const prev = previous[i];
          const joined: tf.Tensor4D = prev ? tf.concat([prev, x], 1) : x;
          const rows = joined.shape[1];
          const outputs = rows < window ? 0 : Math.floor((rows - window) / step) + 1;
          const used = outputs * step;
          next[i] = used < rows ? tf.keep(tf.slice(joined, [0, used], [-1, rows - used])) : null;
          if (outputs === 0) return undefined;
          const needed = used - step + window;
          x = layer.call(needed < rows ? tf.slice(joined, [0, 0], [-1, needed]) : joined, {}) as tf.Tensor4D;
        }
        return tf.reshape(x, [-1, size]);
      });
      previous.forEach((carry, i) => {
        if (carry !== next[i]) carry?.dispose();
      });
      carries = next;
      if (!output) return [];
      const values = output.dataSync<'float32'>();
      output.dispose();
      return Array.from({ length: values.length / size }, (_, k) => values.slice(k * size, (k + 1) * size));
    },
    reset() {
      tf.dispose(carries.filter((c) => c !== null));
      carries = stages.map(() => null);
    },
  };
}

function toStage(layer: tf.layers.Layer): Stage {
  if (layer instanceof EmbeddingConv2D) return { layer, window: layer.kernelSize[0], step: 1 };
  if (layer.getClassName() === 'MaxPooling2D') {
    const { poolSize, strides } = layer.getConfig() as { poolSize: number[]; strides: number[] };
    if (poolSize[0] === strides[0]) return { layer, window: poolSize[0]!, step: strides[0]! };
  }
  throw new Error(`layer ${layer.name} (${layer.getClassName()}) is not part of the speech-embedding network`);
}
