// Test signals and measurements shared by the audio tests (not a test file itself).
import FFT from 'fft.js';
import seedrandom from 'seedrandom';
import { gaussian } from '../../src/audio/noise.ts';
import type { RawAudio } from '../../src/types.ts';

/** A "word": `seconds` of silence, `speech` of an amplitude-modulated 220 Hz harmonic tone, silence again. */
export function fakeWord(rate = 16000, silence = 0.4, speech = 0.6): RawAudio {
  const samples = new Float32Array(Math.round((2 * silence + speech) * rate));
  const from = Math.round(silence * rate);
  for (let i = 0; i < speech * rate; i++) {
    const t = i / rate;
    const envelope = Math.sin((Math.PI * t) / speech);
    samples[from + i] = 0.3 * envelope * (Math.sin(2 * Math.PI * 220 * t) + 0.5 * Math.sin(2 * Math.PI * 660 * t) + 0.3 * Math.sin(2 * Math.PI * 1800 * t));
  }
  return { samples, sampleRate: rate };
}

export function whiteNoise(length: number, seed = 'white', rate = 16000, rms = 0.1): RawAudio {
  const random = seedrandom(seed);
  return { samples: Float32Array.from({ length }, () => rms * gaussian(random)), sampleRate: rate };
}

/** Power in [low, high) Hz from one FFT over the whole signal (zero-padded). */
export function bandPower(audio: RawAudio, low: number, high: number): number {
  let size = 2;
  while (size < audio.samples.length) size *= 2;
  const fft = new FFT(size);
  const input = new Float64Array(size);
  input.set(audio.samples);
  const out = fft.createComplexArray();
  fft.realTransform(out, input);
  let sum = 0;
  for (let k = 0; k <= size / 2; k++) {
    const f = (k * audio.sampleRate) / size;
    if (f >= low && f < high) sum += out[2 * k]! ** 2 + out[2 * k + 1]! ** 2;
  }
  return sum;
}

export const db = (ratio: number) => 10 * Math.log10(ratio);
