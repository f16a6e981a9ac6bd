/** Public types of the toolkit. Every option documents its default. */

/** Mono audio: samples in [-1, 1] at `sampleRate` Hz. The one audio value type of the toolkit. */
export interface RawAudio {
  samples: Float32Array;
  sampleRate: number;
}
