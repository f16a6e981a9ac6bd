/**
 * A feature frontend turns audio at its own sample rate into frames of features. It streams:
 * `push` takes any number of samples and returns the frames they complete, each computed once.
 * The same code runs in Node and in the browser (no I/O, no platform imports).
 */
export interface FeatureFrontend {
  readonly id: string;
  /** Input rate in Hz; callers resample before pushing. */
  readonly sampleRate: number;
  /** Samples between the starts of consecutive frames. */
  readonly hop: number;
  /** Values per frame. */
  readonly bins: number;
  push(samples: Float32Array): Float32Array[];
  reset(): void;
  /** The parameters that define the features, saved with every trained model. */
  describe(): Record<string, number | string>;
}

export type FrontendFactory = () => FeatureFrontend;

/** Runs a fresh frontend over a whole clip, exactly as the live detector would stream it. */
export function computeFrames(frontend: FeatureFrontend, samples: Float32Array): Float32Array[] {
  frontend.reset();
  return frontend.push(samples);
}
