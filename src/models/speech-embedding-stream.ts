import * as tf from '@tensorflow/tfjs';
import { SPEECH_EMBEDDING } from './speech-embedding.ts';
import { EmbeddingConv2D } from './speech-embedding-layers.ts';

/** Frames in, the embedding of every window they complete out; keeps tensors until reset(). */
export interface EmbeddingStream {
  /** Any number of frontend frames (32 bins each); returns one embedding per 8 frames once 76 have arrived. */
  push(frames: Float32Array[]): Float32Array[];
  /** Forgets the frames seen so far and frees the tensors held for them. */
  reset(): void;
}

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
  let carries: (tf.Tensor4D | null)[] = stages.map(() => null);

  return {
    push(frames) {
      if (frames.length === 0) return [];
      const previous = carries;
      const next = [...carries];
      const output = tf.tidy(() => {
        const data = new Float32Array(frames.length * SPEECH_EMBEDDING.bins);
        frames.forEach((frame, i) => data.set(frame, i * SPEECH_EMBEDDING.bins));
        let x: tf.Tensor4D | null = tf.tensor4d(data, [1, frames.length, SPEECH_EMBEDDING.bins, 1]);
        for (const [i, { layer, window, step }] of stages.entries()) {
          const prev = previous[i];
          const joined: tf.Tensor4D = prev ? tf.concat([prev, x], 1) : x;
          const rows = joined.shape[1];
          const outputs = rows < window ? 0 : Math.floor((rows - window) / step) + 1;
          const used = outputs * step;
          next[i] = used < rows ? tf.keep(joined.slice([0, used], [-1, rows - used])) : null;
          if (outputs === 0) return undefined;
          x = layer.call(joined.slice([0, 0], [-1, used - step + window]), {}) as tf.Tensor4D;
        }
        return x!.reshape([-1, SPEECH_EMBEDDING.embeddingSize]);
      });
      previous.forEach((carry, i) => {
        if (carry !== next[i]) carry?.dispose();
      });
      carries = next;
      if (!output) return [];
      const values = output.dataSync<'float32'>();
      output.dispose();
      const size = SPEECH_EMBEDDING.embeddingSize;
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
