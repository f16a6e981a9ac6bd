// A detector folder whose score is the same at every step, for CLI tests that need a model
// but no training (not a test file itself).
import * as tf from '@tensorflow/tfjs';
import { createSpeechEmbeddingFrontend } from '../../src/frontends/speech-embedding.ts';
import { buildHead } from '../../src/transfer/head.ts';
import { saveDetectorFolder } from '../../src/transfer/model-folder.node.ts';
import { tinyBase } from '../transfer/tiny-base.ts';

/**
 * Writes a detector on the tiny test base whose head ignores its input: the output layer's
 * kernel is zero and its bias is logit(score), so every step scores `score` (0.5 exactly by default).
 */
export async function writeConstantDetector(dir: string, options: { score?: number; threshold: number; refractorySeconds?: number; name?: string }): Promise<void> {
  const { score = 0.5, threshold, refractorySeconds = 2, name = 'constant' } = options;
  const base = tinyBase();
  const head = buildHead(base.headContext, base.embeddingSize, { units: 4, layers: 1 });
  const output = head.layers.at(-1)!;
  const [kernel, bias] = output.getWeights();
  output.setWeights([tf.zerosLike(kernel!), tf.fill(bias!.shape, Math.log(score / (1 - score)))]);
  await saveDetectorFolder(dir, base, head, {
    format: 'wakeword-detector/1',
    name,
    words: [name],
    base: { id: base.id, windowFrames: base.windowFrames, windowHop: base.windowHop, headContext: base.headContext, embeddingSize: base.embeddingSize, unfrozenBlocks: 0, fromScratch: false },
    frontend: createSpeechEmbeddingFrontend().describe(),
    threshold,
    smoothing: 1,
    refractorySeconds,
    calibration: { targetFalseAcceptsPerHour: 1, negativeHours: 0, falseAcceptsPerHour: 0 },
    backend: tf.getBackend(),
    data: { positiveClips: 0, negativeClips: 0, negativeHours: 0, augmentedCopies: 0, skippedFiles: 0 },
    validation: { loss: 0, recallAtThreshold: 0, epochs: 0 },
    trainedAt: new Date(0).toISOString(),
  });
  head.dispose();
  base.network.dispose();
}
