import { existsSync } from 'node:fs';
import path from 'node:path';
import { alexaSplit } from '../scripts/alexa-split.ts';
import { loadBaseModel, selectBackend, trainDetector, trainingAugmenter } from '../src/index.ts';

/** Bump when the recipe below changes, so stale cached test models are retrained. */
const RECIPE_VERSION = 4;
const DIR = path.resolve(import.meta.dirname, `../.cache/test-models/alexa-v${RECIPE_VERSION}`);

/**
 * A real "alexa" detector for tests that need one (detect, listen, the browser demo), trained
 * once on ../shared/data's training split with a quick recipe and cached under .cache/ (later
 * runs reuse it, and the embedding cache makes a retrain fast). Call only when the shared data
 * is present.
 */
export async function alexaModelDir(): Promise<string> {
  if (existsSync(path.join(DIR, 'metadata.json'))) return DIR;
  const backend = await selectBackend();
  const split = await alexaSplit();
  const { augmenter, tag } = await trainingAugmenter(split.train.noise, 16000);
  await trainDetector({
    name: 'alexa-test', word: 'alexa', out: DIR, base: await loadBaseModel('speech-embedding'), backend, augmenter, augmentationTag: tag,
    positives: split.train.positives, negatives: split.train.negatives, positiveCopies: 3, negativeCopies: 0,
    // These tests check the plumbing (detect, listen, the page), not accuracy: a threshold for
    // 2 false accepts/hour keeps them off the knife edge of this quick recipe's calibration.
    targetFalseAcceptsPerHour: 2,
    cacheDir: path.resolve(import.meta.dirname, '../.cache/embeddings'),
  });
  return DIR;
}
