import type * as tf from '../platform/tf.ts';
import type { DetectorStep } from '../detect/types.ts';
import { falseAcceptsPerHour, type NegativeTrace } from '../eval/false-accepts.ts';
import { negativeTail, tailThreshold } from '../eval/tail.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import { scoreRefs } from './examples.ts';
import { headInputEnd } from '../detect/timing.ts';
import { headInputCount, type EmbeddingSequence } from './sequences.ts';
import { traceFromScores } from './traces.ts';

/** The highest threshold stored: above it float32 sigmoid scores stop ranking. */
export const MAX_THRESHOLD = 0.9999;

/** The smoothed score trace the live detector would give over a whole embedding sequence. */
export function headTrace(head: tf.LayersModel, base: BaseModel, frontend: FeatureFrontend, sequence: EmbeddingSequence, smoothing: number): DetectorStep[] {
  const stepSeconds = (base.windowHop * frontend.hop) / frontend.sampleRate;
  const refs = Array.from({ length: headInputCount(base, sequence) }, (_, input) => ({ sequence: 0, input }));
  return traceFromScores(scoreRefs(head, base, [sequence], refs), headInputEnd(base, frontend, 0), stepSeconds, smoothing);
}

/** False-accept rates (per hour) whose thresholds the calibration curve gives, for a sensitivity control. */
export const CURVE_RATES = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];

export interface Calibration {
  threshold: number;
  /** The threshold for each of CURVE_RATES, fitted the same way (capped at MAX_THRESHOLD). */
  curve: { perHour: number; threshold: number }[];
  /** Hours of calibration audio listened to (clean and augmented copies). */
  hours: number;
  /** False accepts per hour at `threshold` on that audio. */
  falseAcceptsPerHour: number;
  /** Share of the clean validation positives detected at `threshold`. */
  recall: number;
}

/**
 * The threshold for `targetPerHour` false accepts, fitted to the tail of the calibration
 * negatives' peaks as the detector hears them (clean, and in the noise and rooms of their
 * augmented copies). A fit rather than the lowest threshold that meets the target on them: on
 * the dev part's halves that one fired 1.8x its target on the other half, the fit 0.9x
 * (BENCHMARKS.md, "Calibration"; src/eval/tail.ts says why).
 */
export function calibrateThreshold(
  head: tf.LayersModel,
  base: BaseModel,
  frontend: FeatureFrontend,
  set: { negatives: { sequence: EmbeddingSequence; seconds: number; copy: number }[]; cleanValidationPositives: EmbeddingSequence[] },
  settings: { targetPerHour: number; refractorySeconds: number; smoothing: number },
): Calibration {
  const { targetPerHour, refractorySeconds, smoothing } = settings;
  const traces: NegativeTrace[] = set.negatives.map((n) => ({ label: n.copy === 0 ? 'clean' : 'augmented', steps: headTrace(head, base, frontend, n.sequence, smoothing), seconds: n.seconds }));
  const tail = negativeTail(traces, refractorySeconds, Math.max(targetPerHour, ...CURVE_RATES));
  const threshold = Math.min(tailThreshold(tail, targetPerHour), MAX_THRESHOLD);
  const positives = set.cleanValidationPositives;
  const recalled = positives.filter((seq) => headTrace(head, base, frontend, seq, smoothing).some((s) => s.score >= threshold)).length;
  return {
    threshold,
    curve: CURVE_RATES.map((perHour) => ({ perHour, threshold: Math.min(tailThreshold(tail, perHour), MAX_THRESHOLD) })),
    hours: traces.reduce((sum, t) => sum + t.seconds, 0) / 3600,
    falseAcceptsPerHour: falseAcceptsPerHour(traces, threshold, refractorySeconds),
    recall: positives.length ? recalled / positives.length : Number.NaN,
  };
}
