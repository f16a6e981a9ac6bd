import * as tf from '../platform/tf.ts';
import type { BaseModel } from '../models/types.ts';
import { headInputCount, type EmbeddingSequence } from './sequences.ts';

/** One head input: run `input` of sequence `sequence`. */
export interface ExampleRef {
  sequence: number;
  input: number;
}

/** Every usable head input of some sequences, split by label. */
export function exampleRefs(base: BaseModel, sequences: EmbeddingSequence[]): { positives: ExampleRef[]; negatives: ExampleRef[] } {
  const positives: ExampleRef[] = [];
  const negatives: ExampleRef[] = [];
  sequences.forEach((seq, sequence) => {
    if (seq.positive) {
      for (let input = seq.positive.from; input <= seq.positive.to; input++) positives.push({ sequence, input });
    } else {
      for (let input = 0; input < headInputCount(base, seq); input++) negatives.push({ sequence, input });
    }
  });
  return { positives, negatives };
}

/** Stacks head inputs into a [n, headContext, embeddingSize] tensor. */
export function gatherInputs(base: BaseModel, sequences: EmbeddingSequence[], refs: ExampleRef[]): tf.Tensor3D {
  const size = base.headContext * base.embeddingSize;
  const values = new Float32Array(refs.length * size);
  refs.forEach((ref, row) => {
    const embeddings = sequences[ref.sequence]!.embeddings;
    for (let c = 0; c < base.headContext; c++) values.set(embeddings[ref.input + c]!, row * size + c * base.embeddingSize);
  });
  return tf.tensor3d(values, [refs.length, base.headContext, base.embeddingSize]);
}

/** Head scores of many inputs, in batches. */
export function scoreRefs(head: tf.LayersModel, base: BaseModel, sequences: EmbeddingSequence[], refs: ExampleRef[], batchSize = 2048): Float32Array {
  const scores = new Float32Array(refs.length);
  for (let start = 0; start < refs.length; start += batchSize) {
    const batch = refs.slice(start, start + batchSize);
    const data = tf.tidy(() => (head.predict(gatherInputs(base, sequences, batch)) as tf.Tensor).dataSync());
    scores.set(data, start);
  }
  return scores;
}
