/**
 * The training recipe every user gets: `trainDetector`, `wakeword train` (its --help shows these)
 * and `npm run train:alexa` all read it. Chosen on the alexa recipe's dev part over seeds
 * (scripts/bench/recipe.ts; docs/training.md says why each value is what it is).
 */
export const TRAINING_DEFAULTS = {
  /** Augmented copies of each positive clip, besides the clean one. */
  positiveCopies: 10,
  /** Augmented copies of each negative stream, besides the clean one. */
  negativeCopies: 2,
  /** Augmented copies of each calibration stream, besides the clean one. */
  calibrationCopies: 3,
  /** Share of files (per class) held out for validation. */
  validationFraction: 0.1,
  /** False accepts per hour the threshold is calibrated for. */
  targetFalseAcceptsPerHour: 0.5,
  /** Scores averaged over this many steps. */
  smoothing: 3,
  /** Seconds after a firing during which the detector cannot fire again. */
  refractorySeconds: 2,
  /** Heads trained side by side from different seeds and merged into one. */
  members: 10,
  /** Passes of head training, each `batchesPerEpoch` batches, then validation and fresh hard negatives. */
  epochs: 1,
  batchesPerEpoch: 100,
  /** Targets become 1 - s/2 and s/2. */
  labelSmoothing: 0,
  seed: 1,
} as const;
