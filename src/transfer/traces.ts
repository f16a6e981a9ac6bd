import { smoothScores } from '../detect/smoothing.ts';
import type { DetectorStep } from '../detect/types.ts';

/** Turns a run of raw head scores into the smoothed trace the live detector would produce. */
export function traceFromScores(scores: ArrayLike<number>, firstEnd: number, stepSeconds: number, smoothing: number): DetectorStep[] {
  return Array.from(smoothScores(scores, smoothing), (score, i) => ({ t: firstEnd + i * stepSeconds, score }));
}
