import type { DetectorStep } from '../detect/types.ts';
import { detections } from '../detect/decide.ts';

/** The score trace of one pass over negative audio: every firing in it is a false accept. */
export interface NegativeTrace {
  /** e.g. 'clean' or 'noise 10 dB'. */
  label: string;
  steps: DetectorStep[];
  /** Seconds of audio the pass covered. */
  seconds: number;
}

/**
 * False accepts over several passes at one threshold. Each pass is its own stream, so the
 * refractory period never reaches from one pass into the next.
 */
export function countFalseAccepts(traces: readonly NegativeTrace[], threshold: number, refractorySeconds: number): number {
  let count = 0;
  for (const trace of traces) count += detections(trace.steps, { threshold, refractorySeconds }).length;
  return count;
}

export function totalHours(traces: readonly NegativeTrace[]): number {
  return traces.reduce((sum, trace) => sum + trace.seconds, 0) / 3600;
}

export function falseAcceptsPerHour(traces: readonly NegativeTrace[], threshold: number, refractorySeconds: number): number {
  return countFalseAccepts(traces, threshold, refractorySeconds) / totalHours(traces);
}

/**
 * The same traces without the steps below `threshold`. A step that does not fire leaves the
 * decider unchanged, so at every threshold >= `threshold` the pruned traces fire exactly as the
 * full ones do; sweeps over many thresholds run on the few steps that matter.
 */
export function pruneBelow(traces: readonly NegativeTrace[], threshold: number): NegativeTrace[] {
  return traces.map((trace) => ({ ...trace, steps: trace.steps.filter((s) => s.score >= threshold) }));
}
