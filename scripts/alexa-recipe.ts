/**
 * The alexa recipe's data, shared by `npm run train:alexa` and the recipe bench: the split's
 * train part plus synthetic speech to learn from, its dev part to calibrate the threshold on,
 * and augmentation with the train part's noise, music and babble made from its speech.
 */
import path from 'node:path';
import {
  buildHeads, loadBaseModel, mergeHeads, planSynthesis, prepareEmbeddings, selectBackend, synthesizeToFolder, trainHead, trainingAugmenter,
  TRAINING_DEFAULTS as D, type BaseModel, type EmbeddingSequence, type HeadOptions, type HeadTrainingOptions, type PhaseBars, type TrainDetectorOptions,
} from '../src/node.ts';
import { alexaSplit, joinParts, noiseFiles, SYNTHETIC, type AlexaSplit, type Part } from './alexa-split.ts';

/** Everything trainDetector needs for the recipe but the base, the head and its schedule. */
export type RecipeData = Pick<
  TrainDetectorOptions,
  'word' | 'positives' | 'negatives' | 'nearMisses' | 'calibrationNegatives' | 'augmenter' | 'augmentationTag' | 'augmentation' | 'positiveCopies' | 'negativeCopies' | 'targetFalseAcceptsPerHour'
>;

/** Synthetic sentences among the training negatives. */
export const TRAINING_SENTENCES = 400;
/** Augmented copies of each training negative, besides the clean one. */
export const NEGATIVE_COPIES = 2;
/** Augmented copies of each clip of the word, besides the clean one. */
export const POSITIVE_COPIES = 10;

/** What the recipe's data can be varied by, for benches that compare data variants. */
export interface DataVariant {
  sentences?: number;
  negativeCopies?: number;
  positiveCopies?: number;
  /** Babble clips made from the training speech for the noise pool (trainingAugmenter's default when unset). */
  babbleClips?: number;
  /** Parts of the split the head learns from (their clips, speech and noise). Default: train. */
  trainOn?: Part[];
}

export async function recipeData(
  split: AlexaSplit,
  onSynth?: (folder: string, done: number, total: number) => void,
  { sentences = TRAINING_SENTENCES, negativeCopies = NEGATIVE_COPIES, positiveCopies = POSITIVE_COPIES, babbleClips, trainOn = ['train'] }: DataVariant = {},
): Promise<RecipeData> {
  if (trainOn.includes('dev')) throw new Error('the dev part calibrates the threshold: the head cannot learn from it');
  const learn = joinParts(trainOn.map((p) => split[p]));
  // Synthetic speech: more voices saying the word, and the hard negatives real data lacks
  // (confusable words, and continuous sentences, which a detector otherwise fires on).
  const positivePlan = await planSynthesis({ word: 'alexa', count: 400, seed: 1 });
  const negativePlan = await planSynthesis({ word: 'alexa', count: 300, negative: true, sentences, seed: 1 });
  // Continuous speech for the threshold, which the head never hears: the dev part's real
  // sentences are one source of 0.33 h, and held out they fired about 5 times an hour at a
  // threshold fitted on the rest for 0.5; with these sentences in the rest, 1.5 (BENCHMARKS.md,
  // "Calibration").
  const calibrationPlan = await planSynthesis({ word: 'alexa', count: 0, negative: true, sentences: 800, seed: 2 });
  for (const [dir, plan] of [[SYNTHETIC.positives, positivePlan], [SYNTHETIC.negatives, negativePlan], [SYNTHETIC.calibration, calibrationPlan]] as const) {
    await synthesizeToFolder([...plan], dir, { onProgress: (done, total) => onSynth?.(path.basename(dir), done, total) });
  }
  // The confusable words train the head but stay out of calibration: "alexia", "a lexus" in a
  // few voices all but say the word.
  const files = (dir: string, plan: { name: string }[]) => plan.map((u) => path.join(dir, `${u.name}.wav`));
  const nearMisses = files(SYNTHETIC.negatives, negativePlan.filter((u) => u.kind === 'confusable'));
  const { augmenter, tag, spec } = await trainingAugmenter(noiseFiles(learn), 16000, {}, { speech: learn.negatives, clips: babbleClips });
  return {
    word: 'alexa',
    positives: [...learn.positives, ...files(SYNTHETIC.positives, positivePlan)],
    // Music, babble and machine noise alone are negatives too: a radio with nobody speaking.
    negatives: [...learn.negatives, ...noiseFiles(learn), ...files(SYNTHETIC.negatives, negativePlan)],
    nearMisses,
    calibrationNegatives: [...split.dev.negatives, ...noiseFiles(split.dev), ...files(SYNTHETIC.calibration, calibrationPlan)],
    augmenter,
    augmentationTag: tag,
    augmentation: spec,
    positiveCopies,
    negativeCopies,
    targetFalseAcceptsPerHour: 0.5,
  };
}

/** The recipe's options for trainDetector, on a base, with progress callbacks left to the caller. */
export function recipeOptions(data: RecipeData, base: BaseModel, out: string, backend: string): TrainDetectorOptions {
  return { ...data, name: path.basename(out), out, base, backend };
}

/**
 * For benches that train many heads on the recipe's data: the split, the base and the training
 * embeddings (synthesised and embedded on first use, cached after).
 */
export async function preparedRecipe(bars: PhaseBars, variant: DataVariant = {}) {
  const backend = await selectBackend();
  const split = await alexaSplit();
  const base = await loadBaseModel('speech-embedding');
  const data = await recipeData(split, (folder, done, total) => bars.show(`synth ${folder}`, total, 'clips').update(done), variant);
  const prepared = await prepareEmbeddings({ ...recipeOptions(data, base, 'models/unused', backend), onPrepare: (done, total) => bars.show('training data', total, 'streams').update(done) });
  bars.stop();
  return { backend, split, base, prepared, frontend: prepared.frontend };
}

/** A way to train the head, for benches that compare them. */
export interface HeadVariant {
  label: string;
  head: HeadOptions;
  training: HeadTrainingOptions;
}

/** The recipe's head and schedule (TRAINING_DEFAULTS), as a variant. */
export const RECIPE_HEAD: HeadVariant = {
  label: `${D.members} merged heads, ${D.epochs} pass of ${D.batchesPerEpoch} batches, ${D.labelSmoothing ? 'smoothed labels' : 'no smoothing'}`,
  head: { members: D.members },
  training: { epochs: D.epochs, batchesPerEpoch: D.batchesPerEpoch, labelSmoothing: D.labelSmoothing },
};

/** The head variants the benches compare (--variants); `recipe` is TRAINING_DEFAULTS. */
export const HEAD_VARIANTS: Record<string, HeadVariant> = {
  recipe: RECIPE_HEAD,
  longer: { label: '10 merged heads, 3 passes of 100 batches, no smoothing', head: { members: 10 }, training: { epochs: 3, batchesPerEpoch: 100, patience: 3, labelSmoothing: 0 } },
  single: { label: 'one head, early stopping (at most 8 passes of 200), smoothed labels', head: { members: 1 }, training: { epochs: 8, batchesPerEpoch: 200, patience: 2, labelSmoothing: 0.1 } },
  five: { label: '5 merged heads, early stopping (at most 8 passes of 200), smoothed labels', head: { members: 5 }, training: { epochs: 8, batchesPerEpoch: 200, patience: 2, labelSmoothing: 0.1 } },
};

/** One seed of a head variant trained on the prepared embeddings, its members merged into one head. */
export async function trainRecipeHead(
  base: BaseModel,
  prepared: { train: EmbeddingSequence[]; validation: EmbeddingSequence[] },
  seed: number,
  variant: HeadVariant,
  onBatch: (done: number) => void,
) {
  const members = buildHeads(base.headContext, base.embeddingSize, { ...variant.head, seed: 42 + 100 * seed });
  await trainHead(members, base, prepared.train, prepared.validation, { seed, ...variant.training, onBatch: (epoch, batch, batches) => onBatch(epoch * batches + batch) });
  const head = mergeHeads(members);
  members.forEach((m) => m.dispose());
  return head;
}
