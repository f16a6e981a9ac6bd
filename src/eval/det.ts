import { countFalseAccepts, pruneBelow, totalHours, type NegativeTrace } from './false-accepts.ts';
import { falseRejectRate } from './positives.ts';

/** One operating point: firing at scores >= threshold. */
export interface OperatingPoint {
  threshold: number;
  falseRejectRate: number;
  falseAccepts: number;
  falseAcceptsPerHour: number;
}

/** Thresholds are searched and reported in steps of 1 / THRESHOLD_GRID. */
export const THRESHOLD_GRID = 10_000;

export function operatingPoint(
  peaks: readonly { peak: number }[],
  negatives: readonly NegativeTrace[],
  threshold: number,
  refractorySeconds: number,
): OperatingPoint {
  const falseAccepts = countFalseAccepts(negatives, threshold, refractorySeconds);
  return { threshold, falseRejectRate: falseRejectRate(peaks, threshold), falseAccepts, falseAcceptsPerHour: falseAccepts / totalHours(negatives) };
}

/**
 * The DET curve: false-reject rate against false accepts per hour over every threshold.
 * Raising the threshold only removes firings, and the largest set of firings spaced at least
 * the refractory period apart only shrinks, so false accepts fall monotonically; the rate of
 * misses changes only at the clips' peak scores. The best point for each miss rate is therefore
 * at a peak score itself, and the curve is exact when it is evaluated there (with the
 * refractory period replayed at each threshold, not approximated by counting score peaks),
 * plus one point above every score, where nothing fires.
 */
export function detCurve(peaks: readonly { peak: number }[], negatives: readonly NegativeTrace[], refractorySeconds: number): OperatingPoint[] {
  const thresholds = [...new Set(peaks.map((p) => p.peak))].sort((a, b) => a - b);
  const maxScore = Math.max(thresholds.at(-1) ?? 0, ...negatives.map((n) => n.steps.reduce((m, s) => Math.max(m, s.score), 0)));
  thresholds.push(maxScore + 1 / THRESHOLD_GRID);
  const pruned = pruneBelow(negatives, thresholds[0]!);
  return thresholds.map((threshold) => operatingPoint(peaks, pruned, threshold, refractorySeconds));
}

/**
 * The lowest threshold, on a grid of 1 / THRESHOLD_GRID, at which the negatives give at most
 * `perHour` false accepts per hour; above 1 when not even a threshold of 1 gets there.
 */
export function thresholdForRate(negatives: readonly NegativeTrace[], refractorySeconds: number, perHour: number): number {
  const allowed = perHour * totalHours(negatives) * (1 + 1e-12);
  // False accepts never rise with the threshold: binary search for the first grid point allowed.
  let lo = 0;
  let hi = THRESHOLD_GRID + 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (countFalseAccepts(negatives, mid / THRESHOLD_GRID, refractorySeconds) <= allowed) hi = mid;
    else lo = mid + 1;
  }
  return lo / THRESHOLD_GRID;
}
