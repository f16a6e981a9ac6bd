import type { DecisionSettings } from '../detect/types.ts';
import { detCurve, operatingPoint, thresholdForRate, type OperatingPoint } from './det.ts';
import { countFalseAccepts, totalHours, type NegativeTrace } from './false-accepts.ts';

/** False-accept rates (per hour) at which the report gives the false-reject rate. */
export const TARGET_RATES = [0.1, 0.5, 1, 2];

export interface EvaluationMetrics {
  /** Hours the detector listened to negative audio (all passes together). */
  negativeHours: number;
  atModelThreshold: OperatingPoint;
  /** The lowest threshold meeting each rate, and the misses there. */
  atTargetRates: { perHour: number; point: OperatingPoint }[];
  /** False accepts of each negative pass at the model's threshold. */
  byPass: { label: string; hours: number; falseAccepts: number; falseAcceptsPerHour: number }[];
  det: OperatingPoint[];
}

/** Every figure of an evaluation from the clips' peak scores and the negative passes' traces. */
export function computeMetrics(
  peaks: readonly { peak: number }[],
  negatives: readonly NegativeTrace[],
  settings: DecisionSettings,
  targets: readonly number[] = TARGET_RATES,
): EvaluationMetrics {
  const { threshold, refractorySeconds } = settings;
  const atModelThreshold = operatingPoint(peaks, negatives, threshold, refractorySeconds);
  return {
    negativeHours: totalHours(negatives),
    atModelThreshold,
    atTargetRates: targets.map((perHour) => ({
      perHour,
      point: operatingPoint(peaks, negatives, thresholdForRate(negatives, refractorySeconds, perHour), refractorySeconds),
    })),
    byPass: negatives.map((trace) => {
      const falseAccepts = countFalseAccepts([trace], threshold, refractorySeconds);
      const hours = trace.seconds / 3600;
      return { label: trace.label, hours, falseAccepts, falseAcceptsPerHour: falseAccepts / hours };
    }),
    det: detCurve(peaks, negatives, refractorySeconds),
  };
}
