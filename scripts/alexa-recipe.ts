/**
 * The alexa recipe's data, shared by `npm run train:alexa` and the recipe bench: the split's
 * train part plus synthetic speech to learn from, its dev part to calibrate the threshold on,
 * and augmentation with the train part's noise, music and babble made from its speech.
 */
import path from 'node:path';
import { expandAudioPaths, planSynthesis, synthesizeToFolder, trainingAugmenter, type BaseModel, type TrainDetectorOptions } from '../src/node.ts';
import { noiseFiles, SYNTHETIC, type AlexaSplit } from './alexa-split.ts';

/** Everything trainDetector needs for the recipe but the base, the head and its schedule. */
export type RecipeData = Pick<
  TrainDetectorOptions,
  'word' | 'positives' | 'negatives' | 'nearMisses' | 'calibrationNegatives' | 'augmenter' | 'augmentationTag' | 'positiveCopies' | 'negativeCopies' | 'targetFalseAcceptsPerHour'
>;

export async function recipeData(split: AlexaSplit, onSynth?: (folder: string, done: number, total: number) => void): Promise<RecipeData> {
  // Synthetic speech: more voices saying the word, and the hard negatives real data lacks
  // (confusable words, and continuous sentences, which a detector otherwise fires on).
  const positivePlan = await planSynthesis({ word: 'alexa', count: 400, seed: 1 });
  const negativePlan = await planSynthesis({ word: 'alexa', count: 300, negative: true, sentences: 400, seed: 1 });
  for (const [dir, plan] of [[SYNTHETIC.positives, positivePlan], [SYNTHETIC.negatives, negativePlan]] as const) {
    await synthesizeToFolder([...plan], dir, { onProgress: (done, total) => onSynth?.(path.basename(dir), done, total) });
  }
  // The confusable words train the head but stay out of calibration: "alexia", "a lexus" in a
  // few voices all but say the word.
  const nearMisses = negativePlan.filter((u) => u.kind === 'confusable').map((u) => path.join(SYNTHETIC.negatives, `${u.name}.wav`));
  const { augmenter, tag } = await trainingAugmenter(noiseFiles(split.train), 16000, {}, { speech: split.train.negatives });
  return {
    word: 'alexa',
    positives: [...split.train.positives, ...(await expandAudioPaths([SYNTHETIC.positives]))],
    // Music, babble and machine noise alone are negatives too: a radio with nobody speaking.
    negatives: [...split.train.negatives, ...noiseFiles(split.train), ...(await expandAudioPaths([SYNTHETIC.negatives]))],
    nearMisses,
    calibrationNegatives: [...split.dev.negatives, ...noiseFiles(split.dev)],
    augmenter,
    augmentationTag: tag,
    positiveCopies: 10,
    negativeCopies: 2,
    targetFalseAcceptsPerHour: 0.5,
  };
}

/** The recipe's options for trainDetector, on a base, with progress callbacks left to the caller. */
export function recipeOptions(data: RecipeData, base: BaseModel, out: string, backend: string): TrainDetectorOptions {
  return { ...data, name: path.basename(out), out, base, backend };
}
