import { amplitudeSpectrum } from './spectrum.ts';
import type { FeatureFrontend } from './types.ts';

// The BROWSER_FFT spectrogram of @tensorflow-models/speech-commands (REFERENCE.md section 2):
// a Web Audio AnalyserNode at 44.1 kHz with fftSize 2048 and smoothingTimeConstant 0, read with
// getFloatFrequencyData once per 1024 samples, first 232 bins kept. Per-window z-normalisation
// is not part of the frames: the speech-commands base network does it (src/models/speech-commands.node.ts).
const SAMPLE_RATE = 44100;
const FFT_SIZE = 2048;
const HOP = 1024;
const BINS = 232;
/**
 * Chromium returns -Infinity for a bin of exact zeros (digital silence); the library drops such
 * frames while listening. A finite floor keeps windows usable; real recordings sit far above it.
 */
const MIN_DB = -200;

/** The Web Audio spec's Blackman window: alpha 0.16, periodic (divides by N, not N - 1). */
const window = (() => {
  const alpha = 0.16;
  const a0 = (1 - alpha) / 2;
  const a2 = alpha / 2;
  const w = new Float32Array(FFT_SIZE);
  for (let n = 0; n < FFT_SIZE; n++) {
    w[n] = a0 - 0.5 * Math.cos((2 * Math.PI * n) / FFT_SIZE) + a2 * Math.cos((4 * Math.PI * n) / FFT_SIZE);
  }
  return w;
})();

export function createBrowserFftFrontend(): FeatureFrontend {
  // The analyser's time-domain buffer: the last FFT_SIZE samples, silent before the first push.
  const history = new Float32Array(FFT_SIZE);
  const frame = new Float32Array(FFT_SIZE);
  /** Samples of the current hop already in history[FFT_SIZE - HOP ..]. */
  let filled = 0;

  function analyse(): Float32Array {
    for (let i = 0; i < FFT_SIZE; i++) frame[i] = history[i]! * window[i]!;
    const magnitude = amplitudeSpectrum(frame, BINS);
    // The spec scales the FFT by 1/N and reports 20 log10 of the magnitude.
    for (let k = 0; k < BINS; k++) magnitude[k] = Math.max(20 * Math.log10(magnitude[k]! / FFT_SIZE), MIN_DB);
    return magnitude;
  }

  return {
    id: 'browser-fft',
    sampleRate: SAMPLE_RATE,
    hop: HOP,
    bins: BINS,
    push(samples) {
      const frames: Float32Array[] = [];
      let offset = 0;
      while (offset < samples.length) {
        const take = Math.min(HOP - filled, samples.length - offset);
        history.set(samples.subarray(offset, offset + take), FFT_SIZE - HOP + filled);
        filled += take;
        offset += take;
        if (filled === HOP) {
          frames.push(analyse());
          history.copyWithin(0, HOP);
          filled = 0;
        }
      }
      return frames;
    },
    reset() {
      history.fill(0);
      filled = 0;
    },
    describe: () => ({ id: 'browser-fft', sampleRate: SAMPLE_RATE, fftSize: FFT_SIZE, hop: HOP, window: 'blackman', bins: BINS, minDb: MIN_DB }),
  };
}
