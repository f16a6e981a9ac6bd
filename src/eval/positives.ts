import type { DetectorStep } from '../detect/types.ts';

/** Where a positive clip plays in an evaluation stream, in seconds from the stream's start. */
export interface ClipWindow {
  file: string;
  start: number;
  end: number;
}

/** A clip's highest score while it plays or within the tolerance after it ends. */
export interface ClipPeak extends ClipWindow {
  peak: number;
  /** Time of the peak step (NaN when no step fell in the window). */
  peakT: number;
  /** The background it was heard over ('clean', or a noise kind). */
  background?: string;
}

/** Seconds after a clip ends in which a firing still counts for it (scores peak after the word). */
export const DEFAULT_TOLERANCE_SECONDS = 1;

/**
 * The peak score of each clip over the steps with start < t <= end + tolerance (steps and
 * clips in time order). A clip is detected at threshold x exactly when its peak >= x, as long
 * as clips are spaced further apart than tolerance + refractory period, so one clip's firing
 * cannot mute the next.
 */
export function clipPeaks(steps: DetectorStep[], clips: ClipWindow[], toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): ClipPeak[] {
  let i = 0;
  return clips.map((clip) => {
    while (i < steps.length && steps[i]!.t <= clip.start) i++;
    let peak = 0;
    let peakT = Number.NaN;
    for (let j = i; j < steps.length && steps[j]!.t <= clip.end + toleranceSeconds; j++) {
      if (Number.isNaN(peakT) || steps[j]!.score > peak) {
        peak = steps[j]!.score;
        peakT = steps[j]!.t;
      }
    }
    return { ...clip, peak, peakT };
  });
}

/** Fraction of clips whose peak stays below the threshold. */
export function falseRejectRate(peaks: readonly { peak: number }[], threshold: number): number {
  if (peaks.length === 0) return Number.NaN;
  return missedClips(peaks, threshold).length / peaks.length;
}

export function missedClips<T extends { peak: number }>(peaks: readonly T[], threshold: number): T[] {
  return peaks.filter((p) => p.peak < threshold);
}
