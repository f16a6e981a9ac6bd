import * as tf from '../platform/tf.ts';
import seedrandom from 'seedrandom';
import type { BaseModel } from '../models/types.ts';
import { TRAINING_DEFAULTS } from './defaults.ts';
import { exampleRefs, gatherInputs, scoreRefs, type ExampleRef } from './examples.ts';
import { mergeHeads } from './ensemble.ts';
import type { EmbeddingSequence } from './sequences.ts';

export interface HeadTrainingOptions {
  /** Most epochs: an epoch is `batchesPerEpoch` batches, then validation and fresh hard negatives. Default TRAINING_DEFAULTS.epochs. */
  epochs?: number;
  /** Examples in each member's batch. Default 256. */
  batchSize?: number;
  /** Share of each batch that is the word. Default 0.5 (0.25 made the head collapse to 0 here). */
  positiveShare?: number;
  /** Batches per epoch. Default TRAINING_DEFAULTS.batchesPerEpoch. */
  batchesPerEpoch?: number;
  /** Adam learning rate. Default 0.001. */
  learningRate?: number;
  /**
   * Stop after this many epochs without a better validation epoch. Default 2: on the alexa
   * recipe the first or second epoch was the best in most runs; later ones fit the training
   * negatives and fired more on unseen speech.
   */
  patience?: number;
  /**
   * Share of each batch's negatives drawn from the hardest ones (the negatives the head scores
   * highest, re-mined every epoch). Default 0.5; 0 turns mining off.
   */
  hardNegativeShare?: number;
  /**
   * Targets become 1 - s/2 and s/2. Default TRAINING_DEFAULTS.labelSmoothing. Over many epochs
   * without it, the head drives its sigmoid to 1.0 on anything word-like and float32 scores stop
   * ranking; briefly trained heads rank best without it (docs/training.md).
   */
  labelSmoothing?: number;
  /** Seed of the batch sampler. Default 1. */
  seed?: number;
  /** Epoch to start at (when resuming from a checkpoint). Default 0. */
  startEpoch?: number;
  onBatch?: (epoch: number, batch: number, batches: number, loss: number) => void;
  /** Called after each epoch (e.g. to save a checkpoint of the members); `improved` says it is the best so far. */
  onEpoch?: (report: EpochReport) => Promise<void> | void;
  /** Called when training ends before its last epoch, with why (`message`). */
  onEarlyStop?: (stop: EarlyStop) => void;
}

/** Training ended before `epochs` because `patience` epochs in a row were no better than `bestEpoch` (all 0-based). */
export interface EarlyStop {
  epoch: number;
  epochs: number;
  patience: number;
  bestEpoch: number;
  /** The best epoch's strict recall and balanced validation loss, whose weights the head keeps. */
  bestRecall: number;
  bestLoss: number;
  /** The same in one line, e.g. "stopped early after epoch 3 of 8: validation did not improve for 2 epochs ...". */
  message: string;
}

export interface EpochReport {
  epoch: number;
  trainLoss: number;
  validationLoss: number;
  /** Share of validation positives that score above all but the top 0.1 % of validation negatives. */
  validationRecall: number;
  improved: boolean;
}

export interface HeadTrainingResult {
  epochs: number;
  bestEpoch: number;
  validationLoss: number;
  history: EpochReport[];
  /** Set when early stopping ended training before its last epoch. */
  stoppedEarly?: EarlyStop;
}

/** One line on why training stopped early (the `message` of an EarlyStop). */
export function earlyStopMessage(stop: Omit<EarlyStop, 'message'>): string {
  const waited = stop.epoch - stop.bestEpoch;
  return `stopped early after epoch ${stop.epoch + 1} of ${stop.epochs}: validation did not improve for ${waited} epoch${waited === 1 ? '' : 's'} ` +
    `(patience ${stop.patience}); keeping epoch ${stop.bestEpoch + 1}, strict recall ${(stop.bestRecall * 100).toFixed(1)} %, validation loss ${stop.bestLoss.toFixed(4)}`;
}

/**
 * Trains the members of a head ensemble side by side on cached embedding sequences, each on its
 * own class-balanced batches, with hard-negative mining and early stopping on a validation set
 * split by file. Mining and validation read the merged head (what the detector will run). The
 * members end with the weights of the best validation epoch: the best recall at a strict
 * false-positive rate (what a detector is used at), ties broken by the balanced loss. The loss
 * alone picked the first epoch every time, since it grows as the head gets surer, right or wrong.
 */
export async function trainHead(
  members: tf.LayersModel[],
  base: BaseModel,
  train: EmbeddingSequence[],
  validation: EmbeddingSequence[],
  options: HeadTrainingOptions = {},
): Promise<HeadTrainingResult> {
  const {
    epochs = TRAINING_DEFAULTS.epochs, batchSize = 256, positiveShare = 0.5, learningRate = 0.001, patience = 2, hardNegativeShare = 0.5,
    labelSmoothing = TRAINING_DEFAULTS.labelSmoothing, seed = TRAINING_DEFAULTS.seed, startEpoch = 0,
  } = options;
  const random = seedrandom(String(seed));
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const { positives, negatives } = exampleRefs(base, train);
  if (positives.length === 0 || negatives.length === 0) throw new Error('training needs positive and negative examples');
  const positivesPerBatch = Math.max(1, Math.round(batchSize * positiveShare));
  const negativesPerBatch = batchSize - positivesPerBatch;
  const batches = options.batchesPerEpoch ?? TRAINING_DEFAULTS.batchesPerEpoch;
  const optimizer = tf.train.adam(learningRate);
  const variables = members.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));
  const labels = tf.tensor2d(Array.from({ length: batchSize }, (_, i) => (i < positivesPerBatch ? 1 - labelSmoothing / 2 : labelSmoothing / 2)), [batchSize, 1]);
  // One step updates every member, each on its own batch: the sum of their losses.
  const loss = (xs: tf.Tensor[]) => () =>
    tf.addN(members.map((m, k) => tf.mean(tf.metrics.binaryCrossentropy(labels, m.apply(xs[k]!, { training: true }) as tf.Tensor)))) as tf.Scalar;

  const history: EpochReport[] = [];
  const snapshot = () => members.map((m) => m.getWeights().map((w) => w.clone()));
  let best = { recall: -1, loss: Infinity, epoch: startEpoch - 1, weights: snapshot() };
  let hard: ExampleRef[] = [];
  let stoppedEarly: EarlyStop | undefined;
  for (let epoch = startEpoch; epoch < epochs; epoch++) {
    let lossSum = 0;
    for (let b = 0; b < batches; b++) {
      const xs = members.map(() => {
        const refs: ExampleRef[] = [];
        for (let i = 0; i < positivesPerBatch; i++) refs.push(pick(positives));
        for (let i = 0; i < negativesPerBatch; i++) refs.push(hard.length > 0 && random() < hardNegativeShare ? pick(hard) : pick(negatives));
        return gatherInputs(base, train, refs);
      });
      const cost = optimizer.minimize(loss(xs), true, variables)!;
      const value = (await cost.data())[0]! / members.length;
      tf.dispose([cost, ...xs]);
      lossSum += value;
      options.onBatch?.(epoch, b + 1, batches, value);
      await yieldToEventLoop();
    }
    const head = mergeHeads(members);
    if (hardNegativeShare > 0) hard = hardestNegatives(head, base, train, sample(negatives, MINING_SAMPLE, random), HARD_SHARE);
    const scores = scoreClasses(head, base, validation);
    const validationLoss = balancedLoss(scores);
    const validationRecall = strictRecall(scores);
    head.dispose();
    const improved = validationRecall > best.recall || (validationRecall === best.recall && validationLoss < best.loss);
    if (improved) {
      best.weights.flat().forEach((w) => w.dispose());
      best = { recall: validationRecall, loss: validationLoss, epoch, weights: snapshot() };
    }
    const report = { epoch, trainLoss: lossSum / batches, validationLoss, validationRecall, improved };
    history.push(report);
    await options.onEpoch?.(report);
    if (epoch - best.epoch >= patience && epoch < epochs - 1) {
      const stop = { epoch, epochs, patience, bestEpoch: best.epoch, bestRecall: best.recall, bestLoss: best.loss };
      stoppedEarly = { ...stop, message: earlyStopMessage(stop) };
      options.onEarlyStop?.(stoppedEarly);
      break;
    }
  }
  members.forEach((m, k) => m.setWeights(best.weights[k]!));
  best.weights.flat().forEach((w) => w.dispose());
  labels.dispose();
  optimizer.dispose();
  return { epochs: history.length, bestEpoch: best.epoch, validationLoss: best.loss, history, ...(stoppedEarly ? { stoppedEarly } : {}) };
}

/** Negatives scored per epoch to find the hard ones: scoring all of hours of audio every epoch costs more than the training. */
const MINING_SAMPLE = 20_000;
/**
 * The hard set is the top 2 % of the sample: false accepts per hour are decided by the rarest,
 * highest-scoring negatives, and a larger set dilutes them with ones the head already rejects.
 */
const HARD_SHARE = 0.02;

function sample<T>(items: T[], count: number, random: () => number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, () => items[Math.floor(random() * items.length)]!);
}

/** The `share` of `negatives` the head currently scores highest. */
function hardestNegatives(head: tf.LayersModel, base: BaseModel, sequences: EmbeddingSequence[], negatives: ExampleRef[], share: number): ExampleRef[] {
  const scores = scoreRefs(head, base, sequences, negatives);
  const order = Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]!);
  return order.slice(0, Math.max(1, Math.ceil(negatives.length * share))).map((i) => negatives[i]!);
}

/** Negatives allowed above the threshold of strictRecall. */
const STRICT_FALSE_POSITIVE_RATE = 0.001;

/** The head's scores on every positive and negative input of `sequences`, scored once for both validation figures. */
interface ClassScores {
  positives: Float32Array;
  negatives: Float32Array;
}

function scoreClasses(head: tf.LayersModel, base: BaseModel, sequences: EmbeddingSequence[]): ClassScores {
  const { positives, negatives } = exampleRefs(base, sequences);
  return { positives: scoreRefs(head, base, sequences, positives), negatives: scoreRefs(head, base, sequences, negatives) };
}

/** Share of positive inputs scoring above all but the top 0.1 % of negative inputs. */
function strictRecall({ positives, negatives }: ClassScores): number {
  if (positives.length === 0 || negatives.length === 0) return 0;
  const sorted = negatives.slice().sort();
  const threshold = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * (1 - STRICT_FALSE_POSITIVE_RATE)))]!;
  return positives.filter((s) => s > threshold).length / positives.length;
}

/** Mean of the positive and negative binary cross-entropies, so class sizes do not matter. */
function balancedLoss({ positives, negatives }: ClassScores): number {
  const bce = (scores: Float32Array, label: number) => {
    if (scores.length === 0) return 0;
    let sum = 0;
    for (const s of scores) sum -= Math.log(Math.min(Math.max(label ? s : 1 - s, 1e-7), 1));
    return sum / scores.length;
  };
  return (bce(positives, 1) + bce(negatives, 0)) / 2;
}

/**
 * Lets timers and signals run between batches: tfjs on wasm resolves its promises at once, so a
 * training loop would otherwise starve progress bars and Ctrl-C handlers.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
