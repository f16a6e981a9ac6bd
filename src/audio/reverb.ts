import FFT from 'fft.js';
import { gaussian } from './noise.ts';

/** Room of a generated impulse response. */
export interface RoomOptions {
  /** Time for the reverberant tail to decay by 60 dB (seconds). */
  rt60: number;
  /** Energy of the direct sound over the energy of the tail (dB): high is a near talker. */
  directToReverbDb: number;
  /** Gap between the direct sound and the first reflections (seconds). */
  preDelay: number;
}

/**
 * A synthetic room impulse response: a unit direct path, then after `preDelay` a tail of
 * Gaussian noise under an exponential envelope exp(-6.91 t / RT60) (60 dB down at RT60, the
 * statistical model of a diffuse field, as in Lehmann & Johansson 2010), low-passed with a
 * cutoff that falls along the tail because walls and air absorb high frequencies first. The
 * tail is scaled to the requested direct-to-reverberant ratio and the whole response to unit
 * energy, so reverberation changes the colour and decay of a clip but not its loudness.
 */
export function roomImpulseResponse(room: RoomOptions, sampleRate: number, random: () => number): Float32Array {
  const tailLength = Math.ceil(room.rt60 * 1.2 * sampleRate);
  const delay = Math.round(room.preDelay * sampleRate);
  const rir = new Float32Array(1 + delay + tailLength);
  rir[0] = 1;
  let smoothed = 0;
  let tailEnergy = 0;
  for (let i = 0; i < tailLength; i++) {
    const t = i / sampleRate;
    // One-pole low-pass whose coefficient grows from 0 (flat) to 0.7 (dull) along the tail.
    const pole = 0.7 * Math.min(1, t / room.rt60);
    smoothed = (1 - pole) * gaussian(random) + pole * smoothed;
    const value = smoothed * Math.exp((-6.908 * t) / room.rt60);
    rir[1 + delay + i] = value;
    tailEnergy += value * value;
  }
  const tailScale = tailEnergy > 0 ? Math.sqrt(10 ** (-room.directToReverbDb / 10) / tailEnergy) : 0;
  let energy = 1;
  for (let i = 1; i < rir.length; i++) {
    rir[i]! *= tailScale;
    energy += rir[i]! * rir[i]!;
  }
  const norm = 1 / Math.sqrt(energy);
  for (let i = 0; i < rir.length; i++) rir[i]! *= norm;
  return rir;
}

/** Linear convolution by FFT, cut to the length of `signal` (the tail past its end is dropped). */
export function convolve(signal: Float32Array, kernel: Float32Array): Float32Array {
  let size = 4;
  while (size < signal.length + kernel.length - 1) size *= 2;
  const fft = new FFT(size);
  const spectrum = (values: Float32Array) => {
    const input = new Float64Array(size);
    input.set(values);
    const out = fft.createComplexArray();
    fft.realTransform(out, input);
    fft.completeSpectrum(out);
    return out;
  };
  const a = spectrum(signal);
  const b = spectrum(kernel);
  const product = fft.createComplexArray();
  for (let i = 0; i < size; i++) {
    const [re1, im1, re2, im2] = [a[2 * i]!, a[2 * i + 1]!, b[2 * i]!, b[2 * i + 1]!];
    product[2 * i] = re1 * re2 - im1 * im2;
    product[2 * i + 1] = re1 * im2 + im1 * re2;
  }
  const result = fft.createComplexArray();
  fft.inverseTransform(result, product);
  const out = new Float32Array(signal.length);
  for (let i = 0; i < out.length; i++) out[i] = result[2 * i]!;
  return out;
}
