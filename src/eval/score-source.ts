import type { DetectorStep } from '../detect/types.ts';

/**
 * Anything that scores a stream step by step: the toolkit's StreamingDetector, or a reference
 * detector to compare with. Evaluation resets it at the start of each stream.
 */
export interface ScoreSource {
  /** Rate in Hz of the samples `push` expects. */
  readonly sampleRate: number;
  push(samples: Float32Array): DetectorStep[] | Promise<DetectorStep[]>;
  reset(): void;
}
