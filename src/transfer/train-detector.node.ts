import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isFrontendId, frontends } from '../frontends/registry.ts';
import type { BaseModel } from '../models/types.ts';
import { loadLayersModel, saveLayersModel } from '../platform/model-files.node.ts';
import { writeFileAtomic } from '../platform/files.node.ts';
import type { DetectorMetadata } from '../types.ts';
import { EmbeddingCache } from './cache.node.ts';
import { saveDetectorFolder } from './model-folder.node.ts';
import { thresholdForRate } from '../eval/det.ts';
import { falseAcceptsPerHour } from '../eval/false-accepts.ts';
import { traceFromScores } from './traces.ts';
import { scoreRefs } from './examples.ts';
import { buildHead, type HeadOptions } from './head.ts';
import { embeddingStore, expandAudioPaths, groupClips, prepareSequences, type AugmenterFactory, type SequenceJob } from './pipeline.node.ts';
import { headInputCount, headInputEnd, type EmbeddingSequence } from './sequences.ts';
import { trainHead, type EpochReport, type HeadTrainingOptions } from './train.ts';

export interface TrainDetectorOptions {
  /** Folder name and model name, e.g. 'alexa'. */
  name: string;
  word: string;
  /** Files or folders of the wake word. */
  positives: string[];
  /** Files or folders of everything that is not the word. */
  negatives: string[];
  base: BaseModel;
  out: string;
  augmenter: AugmenterFactory;
  /** Augmented copies of each positive clip, besides the clean one. Default 10. */
  positiveCopies?: number;
  /** Augmented copies of each negative clip, besides the clean one. Default 1. */
  negativeCopies?: number;
  /** Share of files (per class) held out for validation. Default 0.1. */
  validationFraction?: number;
  /** False accepts per hour the threshold is calibrated for. Default 0.5. */
  targetFalseAcceptsPerHour?: number;
  /** Scores averaged over this many steps. Default 3. */
  smoothing?: number;
  /** Seconds after a firing during which the detector cannot fire again. Default 2. */
  refractorySeconds?: number;
  /** Describes the augmentation settings, so the cache tells their embeddings apart. */
  augmentationTag: string;
  cacheDir?: string;
  seed?: number;
  resume?: boolean;
  backend: string;
  head?: HeadOptions;
  training?: HeadTrainingOptions;
  onPrepare?: (done: number, total: number) => void;
  onBatch?: HeadTrainingOptions['onBatch'];
  onEpoch?: (report: EpochReport) => void;
}

export interface TrainDetectorResult {
  metadata: DetectorMetadata;
  skipped: { file: string; reason: string }[];
}

const CHECKPOINT = 'checkpoint';

/** Trains a wake-word head on a frozen base, calibrates its threshold and saves the folder. */
export async function trainDetector(options: TrainDetectorOptions): Promise<TrainDetectorResult> {
  const {
    base, positiveCopies = 10, negativeCopies = 1, validationFraction = 0.1, targetFalseAcceptsPerHour = 0.5,
    smoothing = 3, refractorySeconds = 2, seed = 1,
  } = options;
  if (!isFrontendId(base.frontendId)) throw new Error(`base ${base.id} needs unknown frontend ${base.frontendId}`);
  const frontend = frontends[base.frontendId]();
  const positives = await expandAudioPaths(options.positives);
  const negatives = await expandAudioPaths(options.negatives);
  const groups = await groupClips(positives, negatives, validationFraction, seed);
  const jobs: SequenceJob[] = groups.flatMap((group) => {
    const copies = group.role === 'positive' ? positiveCopies : negativeCopies;
    return Array.from({ length: copies + 1 }, (_, copy) => ({ group, copy }));
  });
  const cache = new EmbeddingCache(options.cacheDir ?? '.cache/embeddings');
  const prepared = await prepareSequences(jobs, base, frontend, options.augmenter, embeddingStore(base, cache), `${options.augmentationTag}:${seed}`, options.onPrepare);

  const head = buildHead(base.headContext, base.embeddingSize, 2, options.head);
  const checkpointDir = path.join(options.out, CHECKPOINT);
  let startEpoch = 0;
  if (options.resume) {
    const state = await readCheckpoint(checkpointDir);
    if (state) {
      const saved = await loadLayersModel(checkpointDir);
      head.setWeights(saved.getWeights());
      saved.dispose();
      startEpoch = state.epoch + 1;
    }
  }
  const result = await trainHead(head, base, prepared.train, prepared.validation, {
    seed,
    ...options.training,
    startEpoch,
    onBatch: options.onBatch,
    onEpoch: async (report) => {
      await saveLayersModel(head, checkpointDir);
      await writeFileAtomic(path.join(checkpointDir, 'state.json'), JSON.stringify(report));
      options.onEpoch?.(report);
    },
  });

  const stepSeconds = (base.windowHop * frontend.hop) / frontend.sampleRate;
  const traceOf = (sequence: EmbeddingSequence) => {
    const refs = Array.from({ length: headInputCount(base, sequence) }, (_, input) => ({ sequence: 0, input }));
    return traceFromScores(scoreRefs(head, base, [sequence], refs), headInputEnd(base, frontend, 0), stepSeconds, smoothing);
  };
  const negativeHours = prepared.negativeSeconds / 3600;
  const negativeTraces = prepared.cleanNegatives.map((n) => ({ label: 'clean', steps: traceOf(n.sequence), seconds: n.seconds }));
  const threshold = Math.min(thresholdForRate(negativeTraces, refractorySeconds, targetFalseAcceptsPerHour), 0.9999);
  const calibration = { threshold, falseAcceptsPerHour: falseAcceptsPerHour(negativeTraces, threshold, refractorySeconds) };
  const recalled = prepared.cleanValidationPositives.filter((seq) => traceOf(seq).some((s) => s.score >= calibration.threshold)).length;

  const metadata = await saveDetectorFolder(options.out, base.network, head, {
    format: 'wakeword-detector/1',
    name: options.name,
    words: [options.word],
    base: { id: base.id, windowFrames: base.windowFrames, windowHop: base.windowHop, headContext: base.headContext, embeddingSize: base.embeddingSize, unfrozenBlocks: 0, fromScratch: false },
    frontend: frontend.describe(),
    threshold: calibration.threshold,
    smoothing,
    refractorySeconds,
    calibration: { targetFalseAcceptsPerHour, negativeHours, falseAcceptsPerHour: calibration.falseAcceptsPerHour },
    backend: options.backend,
    data: {
      positiveClips: positives.length,
      negativeClips: negatives.length,
      negativeHours,
      augmentedCopies: positiveCopies,
      skippedFiles: prepared.skipped.length,
    },
    validation: {
      loss: result.validationLoss,
      recallAtThreshold: prepared.cleanValidationPositives.length ? recalled / prepared.cleanValidationPositives.length : NaN,
      epochs: result.epochs,
    },
    trainedAt: new Date().toISOString(),
  });
  head.dispose();
  return { metadata, skipped: prepared.skipped };
}

async function readCheckpoint(dir: string): Promise<EpochReport | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'state.json'), 'utf8')) as EpochReport;
  } catch {
    return undefined;
  }
}
