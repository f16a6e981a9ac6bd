/** Public types of the toolkit. Every option documents its default. */

/** Mono audio: samples in [-1, 1] at `sampleRate` Hz. The one audio value type of the toolkit. */
export interface RawAudio {
  samples: Float32Array;
  sampleRate: number;
}

/** Background noise files of one kind ('music', 'babble', 'noise'...): evaluation reports each kind apart. */
export interface BackgroundNoise {
  kind: string;
  files: string[];
}

/** `metadata.json` of a trained detector folder (models/<name>/). */
export interface DetectorMetadata {
  format: 'wakeword-detector/1';
  name: string;
  /** The wake word(s) it detects. */
  words: string[];
  base: {
    id: string;
    windowFrames: number;
    windowHop: number;
    headContext: number;
    embeddingSize: number;
    /** Top blocks of the base that were fine-tuned (0: only the head trained). */
    unfrozenBlocks: number;
    /** True when the base started from random weights (--from-scratch). */
    fromScratch: boolean;
  };
  /** The frontend's describe(): the features the model was trained on. */
  frontend: Record<string, number | string>;
  /** Model files, relative to the folder. */
  files: { head: string; base: string; speechCommands?: string };
  /** Operating threshold on the smoothed score, calibrated for `calibration.targetFalseAcceptsPerHour`. */
  threshold: number;
  /** Scores are averaged over this many steps before the threshold. */
  smoothing: number;
  refractorySeconds: number;
  /**
   * How the threshold was chosen: on negatives clean and in augmented copies (noise, music,
   * babble, rooms), `negativeHours` of listening, near-misses left out, and the rate it gave
   * there. `heldOut`: on negative files the head never trained on (`negativeClips` of them);
   * otherwise on the training negatives, which flatters it. Measure the real rate on unseen
   * audio with `wakeword evaluate`.
   */
  calibration: {
    targetFalseAcceptsPerHour: number; negativeHours: number; falseAcceptsPerHour: number; heldOut?: boolean; negativeClips?: number;
    /** The threshold for other rates, fitted on the same audio: what a sensitivity control shows. */
    curve?: { perHour: number; threshold: number }[];
  };
  /** tfjs backend the model was trained on. */
  backend: string;
  /** `negativeClips` leaves out the near-misses (`nearMissClips`); `negativeHours`, distinct negative audio (each file once), counts them. */
  data: { positiveClips: number; negativeClips: number; nearMissClips?: number; negativeHours: number; augmentedCopies: number; skippedFiles: number };
  validation: { loss: number; recallAtThreshold: number; epochs: number };
  trainedAt: string;
}
