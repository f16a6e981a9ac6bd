import * as tf from '../platform/tf.ts';

/**
 * The same classifier as a trained one-word sigmoid head, as a softmax over
 * [other, word] for libraries that expect one (speech-commands): softmax([0, z]) equals
 * [1 - sigmoid(z), sigmoid(z)], so the output layer's kernel and bias just gain a zero column.
 * The head's leading Flatten is dropped: the result reads one [embeddingSize] vector.
 */
export function sigmoidHeadAsSoftmax(head: tf.LayersModel, embeddingSize: number): tf.Sequential {
  const denses = head.layers.filter((layer) => layer.getClassName() === 'Dense') as tf.layers.Layer[];
  const out = tf.sequential({ name: 'word_head' });
  denses.forEach((dense, i) => {
    const last = i === denses.length - 1;
    const config = dense.getConfig() as { units: number; activation: string };
    out.add(
      tf.layers.dense({
        units: last ? 2 : config.units,
        activation: last ? 'softmax' : (config.activation as 'relu'),
        inputShape: i === 0 ? [embeddingSize] : undefined,
        name: `word_head_dense_${i}`,
      }),
    );
    const [kernel, bias] = dense.getWeights();
    const weights = last
      ? tf.tidy(() => [tf.concat([tf.zerosLike(kernel!), kernel!], 1), tf.concat([tf.zeros([1]), bias!])])
      : [kernel!.clone(), bias!.clone()];
    out.layers.at(-1)!.setWeights(weights);
    tf.dispose(weights);
  });
  return out;
}
