/** What is fed audio and gives timed steps back: a StreamingDetector (one word) or a WordSetDetector. */
export interface StepStream<S extends { t: number }> {
  readonly sampleRate: number;
  /** Seconds of audio before the first step. */
  readonly warmUpSeconds: number;
  push(samples: Float32Array): S[];
  reset(): void;
}

/** Live audio arrives in 80 ms blocks; files are fed in the same blocks so offline scores equal live ones. */
export const CHUNK_SECONDS = 0.08;

/** Samples in one live-sized chunk at `sampleRate`. */
export function chunkLength(sampleRate: number): number {
  return Math.round(CHUNK_SECONDS * sampleRate);
}

/**
 * The one chunk feeder: `samples` (at `sampleRate`) in live-sized pieces, views into the array
 * in order (the last may be shorter). Every loop that feeds a detector or score source walks these.
 */
export function* chunks(samples: Float32Array, sampleRate: number): Generator<Float32Array> {
  const chunk = chunkLength(sampleRate);
  for (let i = 0; i < samples.length; i += chunk) yield samples.subarray(i, i + chunk);
}

/**
 * Feeds audio (at the detector's sample rate) through the detector in live-sized chunks,
 * continuing its stream (step times count from the last reset).
 */
export function streamThrough<S extends { t: number }>(detector: StepStream<S>, samples: Float32Array): S[] {
  const steps: S[] = [];
  for (const piece of chunks(samples, detector.sampleRate)) steps.push(...detector.push(piece));
  return steps;
}

/** The silence a recording is scored after: `warmUpSeconds` rounded up to whole live chunks. */
export function warmUpSamples(warmUpSeconds: number, sampleRate: number): number {
  const chunk = chunkLength(sampleRate);
  return Math.ceil((warmUpSeconds * sampleRate) / chunk) * chunk;
}

/**
 * Scores a recording as live detection would have if the microphone had been quiet before it:
 * the detector first hears `warmUpSeconds` of silence (a whole number of chunks), so the
 * recording's first seconds are scored too. Step times count from the start of the recording.
 */
export function scoreRecording<S extends { t: number }>(detector: StepStream<S>, samples: Float32Array): S[] {
  const silence = new Float32Array(warmUpSamples(detector.warmUpSeconds, detector.sampleRate));
  detector.reset();
  streamThrough(detector, silence);
  const offset = silence.length / detector.sampleRate;
  return streamThrough(detector, samples).map((step) => ({ ...step, t: step.t - offset }));
}
