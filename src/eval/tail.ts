import { THRESHOLD_GRID } from './det.ts';
import { totalHours, type NegativeTrace } from './false-accepts.ts';

/** Peaks the tail is fitted to, at least: fewer and the fit is noise. */
const MIN_TAIL_PEAKS = 10;
/** The fit reaches down to where firings are this many times more frequent than the target. */
const TAIL_REACH = 4;
/**
 * Audio that would hold fewer firings than this at the target cannot measure the rate: the
 * fitted threshold then lands above the highest peak heard and is held just above it, and
 * `train` says the audio is too short.
 */
export const MIN_CALIBRATION_FIRINGS = 1;
/** Scores are clamped this far from 0 and 1 before taking their logit. */
const LOGIT_EPSILON = 1e-7;

const logit = (p: number) => {
  const q = Math.min(Math.max(p, LOGIT_EPSILON), 1 - LOGIT_EPSILON);
  return Math.log(q / (1 - q));
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The highest scores of separate events in negative audio, highest first: a step counts when no
 * higher one of the same pass lies within the refractory period (as one firing covers it).
 */
export function negativePeaks(traces: readonly NegativeTrace[], refractorySeconds: number, count: number): number[] {
  const steps = traces.flatMap((trace, pass) => trace.steps.map((step) => ({ pass, t: step.t, score: step.score })));
  steps.sort((a, b) => b.score - a.score);
  const kept: { pass: number; t: number; score: number }[] = [];
  for (const step of steps) {
    if (kept.length === count) break;
    if (!kept.some((k) => k.pass === step.pass && Math.abs(k.t - step.t) < refractorySeconds)) kept.push(step);
  }
  return kept.map((k) => k.score);
}

/** The top event peaks of some negative audio (logit scores, highest first) and its length. */
export interface NegativeTail {
  peaks: number[];
  hours: number;
}

/** Peaks the fit for `perHour` reads: the top ones, reaching TAIL_REACH times the rate. */
const peaksWanted = (perHour: number, hours: number) => Math.max(MIN_TAIL_PEAKS, Math.ceil(TAIL_REACH * perHour * hours));

/** The peaks a fit needs for every rate up to `maxPerHour`, collected once. */
export function negativeTail(traces: readonly NegativeTrace[], refractorySeconds: number, maxPerHour: number): NegativeTail {
  const hours = totalHours(traces);
  return { peaks: negativePeaks(traces, refractorySeconds, peaksWanted(maxPerHour, hours) + 1).map(logit), hours };
}

/**
 * The threshold at which negative audio like the tail's fires `perHour` times an hour, read off
 * an exponential fit to its top event peaks (in logit space: peaks over a level u are
 * exponentially distributed above it, the generalised Pareto tail with shape 0).
 *
 * Why not the empirical threshold (the lowest one with at most perHour x hours firings): a
 * low target leaves only one or two firings to count in a few hours of audio, so that threshold
 * sits on whichever single peak happens to be second highest. It swings with the head's seed,
 * and on new audio it fires more than its target on average (a threshold just above the k+1-th
 * highest of n peaks passes about (k+1)/n of new ones, not k/n). The fit uses the shape of the
 * top peaks instead of the height of one.
 */
export function tailThreshold(tail: NegativeTail, perHour: number): number {
  const { hours, peaks } = tail;
  // Just above the highest negative peak: where the audio has too few separate events to fit,
  // or is too short for the target.
  const aboveAll = (Math.floor((peaks[0] === undefined ? 0 : sigmoid(peaks[0])) * THRESHOLD_GRID) + 1) / THRESHOLD_GRID;
  if (peaks.length < MIN_TAIL_PEAKS + 1) return aboveAll;
  const top = peaks.slice(0, peaksWanted(perHour, hours) + 1);
  const exceedances = top.length - 1;
  const level = top[exceedances]!;
  const scale = top.slice(0, exceedances).reduce((sum, x) => sum + (x - level), 0) / exceedances;
  const x = level + Math.max(scale, 1e-6) * Math.log(exceedances / hours / perHour);
  // The nearest grid point: near 1 a grid step is a large step in logit, and rounding up would
  // aim well above the fit.
  const fitted = Math.round(sigmoid(x) * THRESHOLD_GRID) / THRESHOLD_GRID;
  // Never past the highest peak heard: with too little audio for the rate the fit reaches beyond
  // every firing (the pack test's chirps and the demo's 20 minutes then detected nothing), and a
  // cap at one level for every rate keeps lower rates from getting looser thresholds than higher
  // ones (reaching past it down to a quarter of a firing did, on the demo's curve).
  return Math.min(fitted, aboveAll);
}

/** tailThreshold for one rate, straight from the traces. */
export function thresholdForRateFitted(traces: readonly NegativeTrace[], refractorySeconds: number, perHour: number): number {
  return tailThreshold(negativeTail(traces, refractorySeconds, perHour), perHour);
}
