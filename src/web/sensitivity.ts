import type { DetectorMetadata } from '../types.ts';

/** One setting of the sensitivity control: a threshold and the false-accept rate calibration measured for it. */
export interface SensitivityStop {
  threshold: number;
  /** False accepts per hour on the calibration audio at this threshold (at most). */
  perHour: number;
  stored: boolean;
}

/**
 * The settings a user can choose between, least sensitive first: the stored threshold and the
 * calibration curve's thresholds for other rates (models trained before the curve have only the
 * stored one).
 */
export function sensitivityStops(metadata: Pick<DetectorMetadata, 'threshold' | 'calibration'>): SensitivityStop[] {
  const { threshold, calibration } = metadata;
  const stops: SensitivityStop[] = [{ threshold, perHour: calibration.falseAcceptsPerHour, stored: true }];
  for (const point of calibration.curve ?? []) {
    if (stops.some((s) => Math.abs(s.threshold - point.threshold) < 1e-9)) continue;
    stops.push({ threshold: point.threshold, perHour: point.perHour, stored: false });
  }
  return stops.sort((a, b) => b.threshold - a.threshold);
}

/** e.g. 'threshold 0.9886: at most 0.5 false accepts per hour in calibration (stored)'. */
export function describeStop(stop: SensitivityStop): string {
  const rate = stop.perHour < 1 ? stop.perHour.toFixed(2) : stop.perHour.toFixed(stop.perHour < 10 ? 1 : 0);
  return `threshold ${stop.threshold.toFixed(4)}: at most ${rate} false accepts per hour in calibration${stop.stored ? ' (stored)' : ''}`;
}

/** A model by its word and its name, e.g. '"alexa" (alexa-kitchen)'. */
export function describeWord(metadata: Pick<DetectorMetadata, 'words' | 'name'>): string {
  return `"${metadata.words.join('/')}" (${metadata.name})`;
}

/** What the model is and how its threshold was set, in a sentence. */
export function describeCalibration(metadata: Pick<DetectorMetadata, 'words' | 'name' | 'calibration'>): string {
  const c = metadata.calibration;
  const source = c.heldOut ? 'negatives it never trained on' : 'its training negatives (this flatters it)';
  return `${describeWord(metadata)}: threshold calibrated for ${c.targetFalseAcceptsPerHour} false accepts per hour on ${c.negativeHours.toFixed(2)} h of ${source}, clean and over noise.`;
}
