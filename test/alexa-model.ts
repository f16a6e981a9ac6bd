import { existsSync } from 'node:fs';
import path from 'node:path';
import { alexaSplit, noiseFiles } from '../scripts/alexa-split.ts';
import { loadBaseModel, selectBackend, trainDetector, trainingAugmenter } from '../src/node.ts';

/** Bump when the recipe below changes, so stale cached test models are retrained. */
const RECIPE_VERSION = 17;
const DIR = path.resolve(import.meta.dirname, `../.cache/test-models/alexa-v${RECIPE_VERSION}`);

/**
 * A real "alexa" detector for the tests of detect, listen and the browser page, trained once on
 * ../shared/data's train part with the default recipe cut short (3 augmented copies of each
 * clip, clean negatives, no synthetic speech) and cached under .cache/. Its threshold is the
 * stored, calibrated one: on the dev part's negatives, which it never trained on, clean and
 * once augmented. Call only when the shared data is present.
 */
export async function alexaModelDir(): Promise<string> {
  if (existsSync(path.join(DIR, 'metadata.json'))) return DIR;
  const split = await alexaSplit();
  const { augmenter, tag, spec } = await trainingAugmenter(noiseFiles(split.train), 16000, {}, { speech: split.train.negatives });
  const base = await loadBaseModel('speech-embedding');
  await trainDetector({
    name: 'alexa-test', word: 'alexa', out: DIR, base, backend: await selectBackend(), augmenter, augmentationTag: tag, augmentation: spec,
    positives: split.train.positives, negatives: [...split.train.negatives, ...noiseFiles(split.train)],
    calibrationNegatives: [...split.dev.negatives, ...noiseFiles(split.dev)],
    positiveCopies: 3, negativeCopies: 0, calibrationCopies: 1,
    cacheDir: path.resolve(import.meta.dirname, '../.cache/embeddings'),
  });
  // A test that counts tensors may call this first: leave none behind.
  base.network.dispose();
  return DIR;
}
