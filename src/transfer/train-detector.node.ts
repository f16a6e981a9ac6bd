import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '../platform/tf.ts';
import type { SkippedFile } from '../audio/read.node.ts';
import { roomTone } from '../audio/room-tone.ts';
import { encodeWav16 } from '../audio/wav.ts';
import { InputError } from '../errors.ts';
import { sampleFeatureNegatives, type FeatureSample } from '../features/sample.node.ts';
import { frontendFor } from '../frontends/registry.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import { contentHash, expandAudioPaths, writeFileAtomic } from '../platform/files.node.ts';
import { loadLayersModel, saveLayersModel } from '../platform/model-files.node.ts';
import type { DetectorMetadata } from '../types.ts';
import type { AugmentationSpec } from './augmentation.node.ts';
import { EmbeddingCache } from './cache.node.ts';
import { defaultEmbeddingProcesses, fillCacheInProcesses } from './embed-pool.node.ts';
import { saveDetectorFolder } from './model-folder.node.ts';
import { calibrateThreshold } from './calibrate.ts';
import { TRAINING_DEFAULTS } from './defaults.ts';
import { fineTune, randomizeWeights, unfreezeTopBlocks, type FineTuneOptions } from './fine-tune.ts';
import { mergeHeads } from './ensemble.ts';
import { buildHeads, type HeadOptions } from './head.ts';
import { embeddingStore, frameStore, groupClips, prepareSequences, sequenceJobs, type AugmenterFactory, type PreparedSequences, type SequenceJob } from './pipeline.node.ts';
import { framesToSequence, type EmbeddingSequence } from './sequences.ts';
import { trainHead, type EpochReport, type HeadTrainingOptions } from './train.ts';

export interface TrainDetectorOptions {
  /** Folder name and model name, e.g. 'alexa'. */
  name: string;
  word: string;
  /** Files or folders of the wake word. */
  positives: string[];
  /** Files or folders of everything that is not the word. */
  negatives: string[];
  /**
   * Files or folders of near-misses of the word ("alexis", "a lexus"): negatives to train on that
   * are left out of the threshold's calibration. They come hundreds to a few minutes, so their
   * firings per hour say nothing about ordinary audio, and the few that sound all but the same as
   * the word would set the threshold for everything else.
   */
  nearMisses?: string[];
  /**
   * Files or folders of negatives the head never trains on, to calibrate the threshold on (clean
   * and in `calibrationCopies` augmented copies): other sources than the training negatives, so
   * the stored threshold holds on audio the model has not heard. Without them the threshold is
   * calibrated on the training negatives, which flatters it.
   */
  calibrationNegatives?: string[];
  /** Augmented copies of each calibration stream, besides the clean one. */
  calibrationCopies?: number;
  /**
   * Feature folders (`wakeword embed --out`) of the same base: head training also samples
   * negatives from their shards, a bounded number of embeddings (`negativeFeatureEmbeddings`) in
   * runs spread over all of them. Used by head training only (not by calibration, nor when the
   * base is trained from scratch, whose embeddings they are not).
   */
  negativeFeatures?: string[];
  /** Embeddings kept from all negativeFeatures shards together. Default DEFAULT_FEATURE_EMBEDDINGS (200,000). */
  negativeFeatureEmbeddings?: number;
  /** Called once the feature shards are sampled. */
  onNegativeFeatures?: (sample: Omit<FeatureSample, 'sequences'>) => void;
  /** Train on silence and room tone as negatives too (generated, under .cache/room-tone). Default true. */
  roomTone?: boolean;
  base: BaseModel;
  out: string;
  augmenter: AugmenterFactory;
  /** Describes the augmentation settings, so the cache tells their embeddings apart. */
  augmentationTag: string;
  /**
   * What `augmenter` was built from (trainingAugmenter's `spec`). With it, the frozen base's
   * embeddings are computed in `embeddingProcesses` processes when there are at least 100 streams
   * to embed, each rebuilding the augmenter (it must have `augmentationTag`'s tag) and reloading
   * the base by its id (a registry id or a folder; a base that exists only in memory cannot be,
   * and training then stops with that error); without it, in this one process.
   */
  augmentation?: AugmentationSpec;
  /** Processes that embed at once. Default: every core (at most 8) on the wasm and cpu backends (one thread each), else 1. */
  embeddingProcesses?: number;
  /** Top blocks of the base to fine-tune after the head (0: head only). Default 0. */
  unfreeze?: number;
  /** Train the whole base from random weights with the head: the baseline transfer must beat. */
  fromScratch?: boolean;
  /** Augmented copies of each positive clip, besides the clean one. Defaults: TRAINING_DEFAULTS. */
  positiveCopies?: number;
  /** Augmented copies of each negative stream, besides the clean one. */
  negativeCopies?: number;
  /** Share of files (per class) held out for validation. */
  validationFraction?: number;
  /** False accepts per hour the threshold is calibrated for. */
  targetFalseAcceptsPerHour?: number;
  /** Scores averaged over this many steps. */
  smoothing?: number;
  /** Seconds after a firing during which the detector cannot fire again. */
  refractorySeconds?: number;
  cacheDir?: string;
  seed?: number;
  resume?: boolean;
  backend: string;
  head?: HeadOptions;
  training?: HeadTrainingOptions;
  fineTuning?: FineTuneOptions;
  onPrepare?: (done: number, total: number) => void;
  onBatch?: HeadTrainingOptions['onBatch'];
  onEpoch?: (report: EpochReport) => void;
  onFineTuneStep?: FineTuneOptions['onStep'];
  /** Called while the tuned base re-embeds the calibration audio. */
  onCalibrate?: (done: number, total: number) => void;
}

export interface TrainDetectorResult {
  metadata: DetectorMetadata;
  skipped: { file: string; reason: string }[];
}

const CHECKPOINT = 'checkpoint';

/**
 * Trains a detector: a new head on the base (frozen, or with its top blocks or all of it
 * trained too), calibrates the threshold on the negative audio and saves the folder.
 */
export async function trainDetector(options: TrainDetectorOptions): Promise<TrainDetectorResult> {
  const D = TRAINING_DEFAULTS;
  const {
    base, unfreeze = 0, fromScratch = false, positiveCopies = D.positiveCopies, targetFalseAcceptsPerHour = D.targetFalseAcceptsPerHour,
    smoothing = D.smoothing, refractorySeconds = D.refractorySeconds,
  } = options;
  if (fromScratch && options.negativeFeatures?.length) throw new InputError('--negative-features', "not with --from-scratch: the shards hold the pretrained base's embeddings");
  const { frontend, positives, negatives, nearMisses, calibrationNegatives, dropped, jobs, variantTag } = await trainingJobs(options);
  const members = buildHeads(base.headContext, base.embeddingSize, options.head);

  // 1. The head learns on the base's embeddings (cached), unless the base itself is random.
  const headOnly = fromScratch ? undefined : await trainHeadOnEmbeddings(members, frontend, jobs, variantTag, options);
  const head = mergeHeads(members);
  members.forEach((m) => m.dispose());
  // 2. Deeper: the unfrozen blocks (or the whole random base) train end to end with the head.
  const calibration = fromScratch || unfreeze > 0 ? await fineTuneBase(head, frontend, jobs, variantTag, options, !headOnly) : headOnly!.calibration;
  const skipped = [...dropped, ...calibration.skipped];
  const { negativeSeconds } = calibration;

  // 3. The threshold that meets the target false-accept rate on the calibration audio as the
  // detector will hear it: clean, and in the noise and rooms of its augmented copies. Clean audio
  // alone let noise through: on the alexa recipe every held-out false accept at a clean-only
  // threshold came in noise. Evaluate on unseen audio for the real rate.
  const calibrated = calibrateThreshold(head, base, frontend, calibration, { targetPerHour: targetFalseAcceptsPerHour, refractorySeconds, smoothing });

  const metadata = await saveDetectorFolder(options.out, base, head, {
    format: 'wakeword-detector/1',
    name: options.name,
    words: [options.word],
    base: {
      id: base.id, windowFrames: base.windowFrames, windowHop: base.windowHop, headContext: base.headContext, embeddingSize: base.embeddingSize,
      unfrozenBlocks: fromScratch ? base.unfreezableBlocks.length : unfreeze, fromScratch,
    },
    frontend: frontend.describe(),
    threshold: calibrated.threshold,
    smoothing,
    refractorySeconds,
    calibration: {
      targetFalseAcceptsPerHour, negativeHours: calibrated.hours, falseAcceptsPerHour: calibrated.falseAcceptsPerHour,
      heldOut: calibrationNegatives.length > 0, negativeClips: calibrationNegatives.length, curve: calibrated.curve,
    },
    backend: options.backend,
    data: { positiveClips: positives.length, negativeClips: negatives.length, nearMissClips: nearMisses.length, negativeHours: negativeSeconds / 3600, augmentedCopies: positiveCopies, skippedFiles: skipped.length },
    validation: { loss: headOnly?.validationLoss ?? NaN, recallAtThreshold: calibrated.recall, epochs: headOnly?.epochs ?? 0 },
    trainedAt: new Date().toISOString(),
  });
  head.dispose();
  return { metadata, skipped };
}

/** Every stream training reads (clips, copies, roles), from the options' files and folders. */
async function trainingJobs(options: TrainDetectorOptions) {
  const D = TRAINING_DEFAULTS;
  const { base, positiveCopies = D.positiveCopies, negativeCopies = D.negativeCopies, validationFraction = D.validationFraction, seed = D.seed } = options;
  const frontend = frontendFor(base);
  const positives = await expandAudioPaths(options.positives);
  const nearMisses = await expandAudioPaths(options.nearMisses ?? []);
  // A near-miss may also sit in a negatives folder: it counts once, as a near-miss.
  const nearMissSet = new Set(nearMisses);
  const quiet = options.roomTone === false ? [] : await roomToneFiles(path.join(path.dirname(cacheDirOf(options)), 'room-tone'), frontend.sampleRate);
  // The same audio on both sides (a voice that renders a confusable exactly as the word) would
  // teach the head nothing but noise: it stays a positive, and the negative copy is dropped.
  const { kept, dropped } = await dropAudioOf(positives, {
    negatives: [...(await expandAudioPaths(options.negatives)).filter((file) => !nearMissSet.has(file)), ...quiet],
    nearMisses,
    calibration: await expandAudioPaths(options.calibrationNegatives ?? []),
  });
  const { negatives, calibration: calibrationNegatives } = kept;
  const groups = await groupClips(positives, negatives, validationFraction, seed, kept.nearMisses, calibrationNegatives);
  const jobs = sequenceJobs(groups, positiveCopies, negativeCopies, options.calibrationCopies ?? D.calibrationCopies);
  return { frontend, positives, negatives, nearMisses: kept.nearMisses, calibrationNegatives, dropped, jobs, variantTag: `${options.augmentationTag}:${seed}` };
}

/** The lists without the files whose bytes equal a positive's, and those files, with why. */
async function dropAudioOf<K extends string>(positives: string[], lists: Record<K, string[]>): Promise<{ kept: Record<K, string[]>; dropped: SkippedFile[] }> {
  const hash = contentHash;
  const positiveOf = new Map<string, string>();
  for (const file of positives) positiveOf.set(await hash(file).catch(() => `unreadable:${file}`), file);
  const dropped: SkippedFile[] = [];
  const kept = {} as Record<K, string[]>;
  for (const [name, files] of Object.entries(lists) as [K, string[]][]) {
    kept[name] = [];
    for (const file of files) {
      const same = positiveOf.get(await hash(file).catch(() => `unreadable:${file}`));
      if (same) dropped.push({ file, reason: `the same audio as ${same}, a clip of the word: left out of the negatives` });
      else kept[name].push(file);
    }
  }
  return { kept, dropped };
}

/**
 * What head-only training reads, embedded by the frozen base (and cached): the training and
 * validation sequences and the calibration set, exactly as trainDetector prepares them. For
 * benches that train many heads on one preparation.
 */
export async function prepareEmbeddings(options: TrainDetectorOptions): Promise<PreparedSequences<EmbeddingSequence> & { frontend: FeatureFrontend }> {
  const { frontend, jobs, variantTag } = await trainingJobs(options);
  return { ...(await embedJobs(frontend, jobs, variantTag, options)), frontend };
}

/** The jobs embedded by the frozen base, through the embedding cache. */
async function embedJobs(frontend: FeatureFrontend, jobs: SequenceJob[], variantTag: string, options: TrainDetectorOptions): Promise<PreparedSequences<EmbeddingSequence>> {
  const { base, backend, augmentation, embeddingProcesses = defaultEmbeddingProcesses(backend) } = options;
  const cache = new EmbeddingCache(cacheDirOf(options));
  const work = augmentation && { base: base.id, backend, cacheDir: path.resolve(cacheDirOf(options)), augmentation, augmentationTag: options.augmentationTag, variantTag };
  const filled = work ? await fillCacheInProcesses(jobs, base, frontend, cache, work, embeddingProcesses, options.onPrepare) : false;
  // After the workers, every stream is a cache read: the bar they filled stays full.
  return prepareSequences(jobs, base, frontend, options.augmenter, embeddingStore(base, cache), variantTag, filled ? undefined : options.onPrepare);
}

/** Where embeddings are cached (and the generated room tone beside them). */
const cacheDirOf = (options: TrainDetectorOptions) => options.cacheDir ?? '.cache/embeddings';

/** Audio to calibrate the threshold on (every negative stream, clean and augmented), as embedding sequences of the final base. */
type CalibrationSet = Pick<PreparedSequences<EmbeddingSequence>, 'negatives' | 'cleanValidationPositives' | 'negativeSeconds' | 'skipped'>;

/** Phase 1: the ensemble's members learn on the frozen base's cached embeddings. */
async function trainHeadOnEmbeddings(members: tf.LayersModel[], frontend: FeatureFrontend, jobs: SequenceJob[], variantTag: string, options: TrainDetectorOptions) {
  const prepared = await embedJobs(frontend, jobs, variantTag, options);
  const features = await featureNegatives(frontend, options);
  const { validationLoss, epochs } = await trainHeadWithCheckpoints(members, options.base, [...prepared.train, ...features], prepared.validation, options);
  // Only what calibration needs, so the training sequences can be freed before any fine-tuning.
  const { negatives, cleanValidationPositives, negativeSeconds, skipped } = prepared;
  const calibration: CalibrationSet = { negatives, cleanValidationPositives, negativeSeconds, skipped };
  return { calibration, validationLoss, epochs };
}

/** Negatives sampled from the feature shards of `negativeFeatures`, if any. */
async function featureNegatives(frontend: FeatureFrontend, options: TrainDetectorOptions): Promise<EmbeddingSequence[]> {
  if (!options.negativeFeatures?.length) return [];
  const { sequences, ...summary } = await sampleFeatureNegatives(options.negativeFeatures, options.base, frontend, { maxEmbeddings: options.negativeFeatureEmbeddings, seed: options.seed });
  options.onNegativeFeatures?.(summary);
  return sequences;
}

/**
 * Phase 2: the unfrozen top blocks (or the whole random base) train end to end with the head on
 * frontend frames; the calibration audio is then embedded again by the tuned base.
 */
async function fineTuneBase(head: tf.LayersModel, frontend: FeatureFrontend, jobs: SequenceJob[], variantTag: string, options: TrainDetectorOptions, showPreparing: boolean): Promise<CalibrationSet> {
  const { base, fromScratch = false, unfreeze = 0, seed = 1 } = options;
  const frames = await prepareSequences(jobs, base, frontend, options.augmenter, frameStore, variantTag, showPreparing ? options.onPrepare : undefined);
  if (fromScratch) randomizeWeights(base.network, seed);
  unfreezeTopBlocks(base, fromScratch ? 'all' : unfreeze);
  // Random weights take Adam's usual rate; pretrained ones a gentler one (fineTune's default).
  const rate = fromScratch ? { learningRate: 0.001 } : {};
  await fineTune(base, head, frames.train, { seed, ...rate, ...options.fineTuning, onStep: options.onFineTuneStep });
  for (const layer of base.network.layers) layer.trainable = false;
  const total = frames.negatives.length + frames.cleanValidationPositives.length;
  let done = 0;
  const embed = (f: (typeof frames.train)[number]) => {
    options.onCalibrate?.(++done, total);
    return framesToSequence(base, f);
  };
  return {
    negatives: frames.negatives.map((n) => ({ ...n, sequence: embed(n.sequence) })),
    cleanValidationPositives: frames.cleanValidationPositives.map(embed),
    negativeSeconds: frames.negativeSeconds,
    skipped: frames.skipped,
  };
}

/** Head-only training with a checkpoint of every member after every epoch; `resume` continues from it. */
async function trainHeadWithCheckpoints(members: tf.LayersModel[], base: BaseModel, train: EmbeddingSequence[], validation: EmbeddingSequence[], options: TrainDetectorOptions) {
  const checkpointDir = path.join(options.out, CHECKPOINT);
  const memberDir = (k: number) => path.join(checkpointDir, `member-${k}`);
  let startEpoch = 0;
  const state = options.resume ? await readCheckpoint(checkpointDir) : undefined;
  if (state?.members === members.length) {
    for (const [k, member] of members.entries()) {
      const saved = await loadLayersModel(memberDir(k));
      member.setWeights(saved.getWeights());
      saved.dispose();
    }
    startEpoch = state.epoch + 1;
  }
  return trainHead(members, base, train, validation, {
    seed: options.seed,
    ...options.training,
    startEpoch,
    onBatch: options.onBatch,
    onEpoch: async (report) => {
      for (const [k, member] of members.entries()) await saveLayersModel(member, memberDir(k));
      await writeFileAtomic(path.join(checkpointDir, 'state.json'), JSON.stringify({ ...report, members: members.length }));
      options.onEpoch?.(report);
    },
  });
}

/** Silence and room tone as WAV files under `dir` (written once, atomically): negatives like any other. */
async function roomToneFiles(dir: string, sampleRate: number): Promise<string[]> {
  const files: string[] = [];
  for (const { label, samples } of roomTone(sampleRate, 20)) {
    const file = path.join(dir, `${label.replace(/[^\w-]+/g, '-')}-${sampleRate}.wav`);
    if (!existsSync(file)) await writeFileAtomic(file, encodeWav16({ samples, sampleRate }));
    files.push(file);
  }
  return files;
}

async function readCheckpoint(dir: string): Promise<(EpochReport & { members: number }) | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as EpochReport & { members: number };
  } catch {
    return undefined;
  }
}
