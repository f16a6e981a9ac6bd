import type { DecisionSettings } from '../detect/types.ts';
import { detCurve, operatingPoint, thresholdForRate, type OperatingPoint } from './det.ts';
import { countFalseAccepts, totalHours, type NegativeTrace } from './false-accepts.ts';
import { falseRejectRate } from './positives.ts';

/** False-accept rates (per hour) at which the report gives the false-reject rate. */
export const TARGET_RATES = [0.1, 0.5, 1, 2];

export interface EvaluationMetrics {
  /** Hours the detector listened to negative audio (all passes together). */
  negativeHours: number;
  atModelThreshold: OperatingPoint;
  /** The lowest threshold meeting each rate, and the misses there. */
  atTargetRates: { perHour: number; point: OperatingPoint }[];
  /** Clips heard over each background: misses at the model's threshold and at each target rate's threshold. */
  byBackground: { background: string; clips: number; atModelThreshold: number; atTargetRates: { perHour: number; falseRejectRate: number }[] }[];
  /** False accepts of each negative pass at the model's threshold. */
  byPass: { label: string; hours: number; falseAccepts: number; falseAcceptsPerHour: number }[];
  det: OperatingPoint[];
}

/** Every figure of an evaluation from the clips' peak scores and the negative passes' traces. */
/**
 * When clips were heard over noise as well as clean, the headline miss rates count the noisy
 * hearings only (the field's convention: words at a given SNR); clean ones get their own row in
 * `byBackground`.
 */
export function computeMetrics(
  clips: readonly { peak: number; background?: string }[],
  negatives: readonly NegativeTrace[],
  settings: DecisionSettings,
  targets: readonly number[] = TARGET_RATES,
): EvaluationMetrics {
  const { threshold, refractorySeconds } = settings;
  const peaks = headlineClips(clips);
  const atModelThreshold = operatingPoint(peaks, negatives, threshold, refractorySeconds);
  const atTargetRates = targets.map((perHour) => ({
    perHour,
    point: operatingPoint(peaks, negatives, thresholdForRate(negatives, refractorySeconds, perHour), refractorySeconds),
  }));
  const backgrounds = [...new Set(clips.map((c) => c.background).filter((b) => b !== undefined))];
  return {
    negativeHours: totalHours(negatives),
    atModelThreshold,
    atTargetRates,
    byBackground: backgrounds.map((background) => {
      const heard = clips.filter((c) => c.background === background);
      return {
        background,
        clips: heard.length,
        atModelThreshold: falseRejectRate(heard, threshold),
        atTargetRates: atTargetRates.map(({ perHour, point }) => ({ perHour, falseRejectRate: falseRejectRate(heard, point.threshold) })),
      };
    }),
    byPass: negatives.map((trace) => {
      const falseAccepts = countFalseAccepts([trace], threshold, refractorySeconds);
      const hours = trace.seconds / 3600;
      return { label: trace.label, hours, falseAccepts, falseAcceptsPerHour: falseAccepts / hours };
    }),
    det: detCurve(peaks, negatives, refractorySeconds),
  };
}

/** The clips the headline miss rates count: those heard over noise when there are any, else all. */
export function headlineClips<T extends { background?: string }>(clips: readonly T[]): readonly T[] {
  const noisy = clips.filter((c) => c.background !== undefined && c.background !== 'clean');
  return noisy.length > 0 ? noisy : clips;
}
