import * as tf from '../platform/tf.ts';

/**
 * Merges heads of the same shape (Flatten, then Dense layers, the last one a sigmoid) trained
 * from different seeds into one head that outputs sigmoid(mean of their logits). One head on so
 * little data is mostly luck: which rare negatives it fires on changes with its seed, and
 * averaging five cut the held-out misses at about one false accept per hour from a median of
 * 32 % to 10 % over three seeds (BENCHMARKS.md). The merged head is an ordinary, wider MLP
 * (the members side by side, block-diagonal after the first layer, the output averaging them),
 * so the detector, the browser page and the speech-commands export read it like any other head.
 */
export function mergeHeads(members: tf.LayersModel[]): tf.Sequential {
  if (members.length === 0) throw new Error('mergeHeads needs at least one head');
  const inputShape = members[0]!.inputs[0]!.shape.slice(1) as number[];
  const parts = members.map((head) => denseLayers(head, inputShape));
  const merged = tf.sequential({ name: 'head' });
  merged.add(tf.layers.flatten({ inputShape, name: 'head_flatten' }));
  const layers = parts[0]!.length;
  for (let i = 0; i < layers; i++) {
    const layer = parts.map((p) => p[i]!);
    const last = i === layers - 1;
    const weights = tf.tidy(() => {
      if (last) {
        // The output averages the members' logits: kernels side by side, each divided by K.
        return [tf.div(tf.concat(layer.map((l) => l.kernel), 0), members.length), tf.div(tf.addN(layer.map((l) => l.bias)), members.length)];
      }
      const bias = tf.concat(layer.map((l) => l.bias));
      // The first layer reads the shared input; deeper ones see only their own member's units.
      const kernel = i === 0 ? tf.concat(layer.map((l) => l.kernel), 1) : blockDiagonal(layer.map((l) => l.kernel));
      return [kernel, bias];
    });
    merged.add(
      tf.layers.dense({
        units: last ? layer[0]!.kernel.shape[1] : weights[1]!.shape[0]!,
        activation: layer[0]!.activation as 'relu',
        name: last ? 'head_output' : `head_dense_${i}`,
      }),
    );
    merged.layers.at(-1)!.setWeights(weights);
    tf.dispose(weights);
  }
  parts.flat().forEach((l) => l.owned && tf.dispose([l.kernel, l.bias]));
  return merged;
}

/** A head's layers as dense layers on its flattened input; `owned` weights were made here (a convolution's). */
interface DenseLayer {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
  activation: string;
  owned: boolean;
}

function denseLayers(head: tf.LayersModel, inputShape: number[]): DenseLayer[] {
  return head.layers.flatMap((layer): DenseLayer[] => {
    const { activation } = layer.getConfig() as { activation: string };
    const [kernel, bias] = layer.getWeights() as [tf.Tensor, tf.Tensor1D];
    if (layer.getClassName() === 'Dense') return [{ kernel: kernel as tf.Tensor2D, bias, activation, owned: false }];
    if (layer.getClassName() === 'Conv1D') return [{ ...convolutionAsDense(kernel as tf.Tensor3D, bias, inputShape[0]!), activation, owned: true }];
    return [];
  });
}

/**
 * A 'valid' 1-D convolution over `steps` inputs as the dense layer it equals on the flattened
 * input: output (t, j) reads inputs t..t+k-1, so the kernel is the convolution's repeated down
 * a band. The merged head then stays a plain MLP for every reader of heads.
 */
function convolutionAsDense(kernel: tf.Tensor3D, bias: tf.Tensor1D, steps: number): { kernel: tf.Tensor2D; bias: tf.Tensor1D } {
  const [width, channels, filters] = kernel.shape;
  const outSteps = steps - width + 1;
  const w = kernel.dataSync();
  const dense = new Float32Array(steps * channels * outSteps * filters);
  const columns = outSteps * filters;
  for (let t = 0; t < outSteps; t++) {
    for (let d = 0; d < width; d++) {
      for (let c = 0; c < channels; c++) {
        const row = (t + d) * channels + c;
        for (let j = 0; j < filters; j++) dense[row * columns + t * filters + j] = w[(d * channels + c) * filters + j]!;
      }
    }
  }
  return { kernel: tf.tensor2d(dense, [steps * channels, columns]), bias: tf.tidy(() => tf.tile(bias, [outSteps]) as tf.Tensor1D) };
}

function blockDiagonal(blocks: tf.Tensor2D[]): tf.Tensor2D {
  const rows = blocks.reduce((n, b) => n + b.shape[0], 0);
  const cols = blocks.reduce((n, b) => n + b.shape[1], 0);
  let top = 0;
  let left = 0;
  const padded = blocks.map((block) => {
    const [r, c] = block.shape;
    const out = tf.pad(block, [[top, rows - top - r], [left, cols - left - c]]);
    top += r;
    left += c;
    return out;
  });
  return tf.addN(padded);
}
