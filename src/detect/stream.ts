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

/**
 * Scores a recording as live detection would have if the microphone had been quiet before it:
 * the detector first hears `warmUpSeconds` of silence (a whole number of chunks), so the
 * recording's first seconds are scored too. Step times count from the start of the recording.
 */
export function scoreRecording(detector: StreamingDetector, samples: Float32Array): DetectorStep[] {
  const chunk = Math.round(CHUNK_SECONDS * detector.sampleRate);
  const silence = new Float32Array(Math.ceil((detector.warmUpSeconds * detector.sampleRate) / chunk) * chunk);
  detector.reset();
  streamThrough(detector, silence);
  const offset = silence.length / detector.sampleRate;
  return streamThrough(detector, samples).map((step) => ({ t: step.t - offset, score: step.score }));
}
