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
  const densesOf = (head: tf.LayersModel) => head.layers.filter((layer) => layer.getClassName() === 'Dense');
  const layers = densesOf(members[0]!).length;
  const inputShape = members[0]!.inputs[0]!.shape.slice(1) as number[];
  const merged = tf.sequential({ name: 'head' });
  merged.add(tf.layers.flatten({ inputShape, name: 'head_flatten' }));
  for (let i = 0; i < layers; i++) {
    const parts = members.map((head) => densesOf(head)[i]!.getWeights() as [tf.Tensor2D, tf.Tensor1D]);
    const last = i === layers - 1;
    const weights = tf.tidy(() => {
      if (last) {
        // The output averages the members' logits: kernels side by side, each divided by K.
        return [tf.div(tf.concat(parts.map(([kernel]) => kernel), 0), members.length), tf.div(tf.addN(parts.map(([, bias]) => bias)), members.length)];
      }
      const bias = tf.concat(parts.map(([, b]) => b));
      // The first layer reads the shared input; deeper ones see only their own member's units.
      const kernel = i === 0 ? tf.concat(parts.map(([k]) => k), 1) : blockDiagonal(parts.map(([k]) => k));
      return [kernel, bias];
    });
    const config = densesOf(members[0]!)[i]!.getConfig() as { units: number; activation: string };
    merged.add(
      tf.layers.dense({
        units: last ? config.units : config.units * members.length,
        activation: config.activation as 'relu',
        name: last ? 'head_output' : `head_dense_${i}`,
      }),
    );
    merged.layers.at(-1)!.setWeights(weights);
    tf.dispose(weights);
  }
  return merged;
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
