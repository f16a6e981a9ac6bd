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

/**
 * Recordings are scored in pushes this long. A detector gives the same steps however its audio
 * is split (its frontend works in live-sized chunks whatever it is pushed; the speech-embedding
 * stream computes each layer's rows once, bit for bit alike), and few large pushes spread tfjs's
 * per-op cost: `detect` scores a file ~30 % faster than in 80 ms chunks.
 */
const RECORDING_PUSH_SECONDS = 10;

/** Samples in one chunk of `seconds` (default: live-sized) at `sampleRate`. */
export function chunkLength(sampleRate: number, seconds = CHUNK_SECONDS): number {
  return Math.round(seconds * sampleRate);
}

/**
 * The one chunk feeder: `samples` (at `sampleRate`) in live-sized pieces (or `seconds` long),
 * views into the array in order (the last may be shorter). Every loop that feeds a detector or
 * score source walks these.
 */
export function* chunks(samples: Float32Array, sampleRate: number, seconds = CHUNK_SECONDS): Generator<Float32Array> {
  const chunk = chunkLength(sampleRate, seconds);
  for (let i = 0; i < samples.length; i += chunk) yield samples.subarray(i, i + chunk);
}

/**
 * Feeds audio (at the detector's sample rate) through the detector in live-sized chunks (or
 * `seconds` long), continuing its stream (step times count from the last reset).
 */
export function streamThrough<S extends { t: number }>(detector: StepStream<S>, samples: Float32Array, seconds = CHUNK_SECONDS): S[] {
  const steps: S[] = [];
  for (const piece of chunks(samples, detector.sampleRate, seconds)) steps.push(...detector.push(piece));
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
  streamThrough(detector, silence, RECORDING_PUSH_SECONDS);
  const offset = silence.length / detector.sampleRate;
  return streamThrough(detector, samples, RECORDING_PUSH_SECONDS).map((step) => ({ ...step, t: step.t - offset }));
}
