import type { StreamingDetector } from './detector.ts';
import type { DetectorStep } from './types.ts';

/** Live audio arrives in 80 ms blocks; files are fed in the same blocks so offline scores equal live ones. */
export const CHUNK_SECONDS = 0.08;

/**
 * Feeds audio (at the detector's sample rate) through the detector in live-sized chunks,
 * continuing its stream (step times count from the last reset).
 */
export function streamThrough(detector: StreamingDetector, samples: Float32Array): DetectorStep[] {
  const chunk = Math.round(CHUNK_SECONDS * detector.sampleRate);
  const steps: DetectorStep[] = [];
  for (let i = 0; i < samples.length; i += chunk) steps.push(...detector.push(samples.subarray(i, i + chunk)));
  return steps;
}
