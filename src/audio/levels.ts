import type { RawAudio } from '../types.ts';

/** Level of silence in dBFS, so digital zero has a finite level. */
export const SILENCE_DB = -120;

/** Mean power of `samples[from, to)`. */
export function meanPower(samples: Float32Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
  return to > from ? sum / (to - from) : 0;
}

/** Power ratio to decibels, floored at SILENCE_DB. */
export function powerToDb(power: number): number {
  return power > 0 ? Math.max(SILENCE_DB, 10 * Math.log10(power)) : SILENCE_DB;
}

/** RMS level (dBFS) of consecutive frames of `frameSeconds` (default 20 ms). */
export function frameLevels(audio: RawAudio, frameSeconds = 0.02): Float32Array {
  const frame = Math.max(1, Math.round(audio.sampleRate * frameSeconds));
  const levels = new Float32Array(Math.floor(audio.samples.length / frame));
  for (let f = 0; f < levels.length; f++) levels[f] = powerToDb(meanPower(audio.samples, f * frame, (f + 1) * frame));
  return levels;
}

/**
 * Runs of at least `minRun` consecutive samples at full scale (|x| >= 0.999): the mark of a
 * signal that hit the converter's limit. Single full-scale peaks are common and harmless.
 */
export function clippedRuns(samples: Float32Array, minRun = 3): number {
  let runs = 0;
  let run = 0;
  for (const x of samples) {
    if (Math.abs(x) >= 0.999) {
      run++;
      if (run === minRun) runs++;
    } else run = 0;
  }
  return runs;
}

export function peak(samples: Float32Array): number {
  let max = 0;
  for (const x of samples) max = Math.max(max, Math.abs(x));
  return max;
}

/** Thresholds that decide whether a clip is usable; every field documents its default. */
export interface ClipLimits {
  /** Shorter clips are flagged (seconds, default 0.3). */
  minSeconds: number;
  /** Longer clips are flagged (seconds, default Infinity). */
  maxSeconds: number;
  /** A clip whose loudest 20 ms frame is below this is silent (dBFS, default -50). */
  silenceDb: number;
  /** This many full-scale runs or more make a clip clipped (default 5). */
  maxClippedRuns: number;
}

export const DEFAULT_CLIP_LIMITS: ClipLimits = { minSeconds: 0.3, maxSeconds: Infinity, silenceDb: -50, maxClippedRuns: 5 };

export type ClipProblem = 'too-short' | 'too-long' | 'silent' | 'clipped';

export interface ClipCheck {
  seconds: number;
  loudestDb: number;
  clippedRuns: number;
  /** Each problem with a one-line reason a user can act on. */
  problems: { problem: ClipProblem; reason: string }[];
}

/** Measures a clip against `limits` (defaults above). */
export function checkClip(audio: RawAudio, limits: Partial<ClipLimits> = {}): ClipCheck {
  const { minSeconds, maxSeconds, silenceDb, maxClippedRuns } = { ...DEFAULT_CLIP_LIMITS, ...limits };
  const seconds = audio.samples.length / audio.sampleRate;
  const levels = frameLevels(audio);
  const loudestDb = levels.reduce((max, x) => Math.max(max, x), SILENCE_DB);
  const runs = clippedRuns(audio.samples);
  const problems: ClipCheck['problems'] = [];
  if (seconds < minSeconds) problems.push({ problem: 'too-short', reason: `${seconds.toFixed(2)} s, shorter than ${minSeconds} s` });
  if (seconds > maxSeconds) problems.push({ problem: 'too-long', reason: `${seconds.toFixed(2)} s, longer than ${maxSeconds} s` });
  if (loudestDb < silenceDb) {
    problems.push({ problem: 'silent', reason: `loudest moment ${loudestDb.toFixed(0)} dBFS, below ${silenceDb} dBFS` });
  }
  if (runs >= maxClippedRuns) problems.push({ problem: 'clipped', reason: `${runs} stretches at full scale (the input was too loud)` });
  return { seconds, loudestDb, clippedRuns: runs, problems };
}
