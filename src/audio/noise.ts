/** Generated background noise with a power spectrum falling as 1/f^0 (white), 1/f (pink) or 1/f^2 (brown). */
export type NoiseColor = 'white' | 'pink' | 'brown';

export const NOISE_COLORS: readonly NoiseColor[] = ['white', 'pink', 'brown'];

/** Standard normal samples from a uniform [0, 1) source (Box-Muller). */
export function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** `length` samples of coloured noise at unit RMS, drawn from `random` (seeded by the caller). */
export function colouredNoise(color: NoiseColor, length: number, random: () => number): Float32Array {
  const out = new Float32Array(length);
  // Pink: Paul Kellet's filter of white noise (within 0.05 dB of 1/f above 9 Hz at 44.1 kHz).
  let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
  let brown = 0;
  for (let i = 0; i < length; i++) {
    const white = gaussian(random);
    if (color === 'white') out[i] = white;
    else if (color === 'pink') {
      b0 = 0.99886 * b0 + white * 0.0555179;
      b1 = 0.99332 * b1 + white * 0.0750759;
      b2 = 0.969 * b2 + white * 0.153852;
      b3 = 0.8665 * b3 + white * 0.3104856;
      b4 = 0.55 * b4 + white * 0.5329522;
      b5 = -0.7616 * b5 - white * 0.016898;
      out[i] = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
      b6 = white * 0.115926;
    } else {
      // A leaky integrator: 1/f^2 above a few Hz, without drifting off over long clips.
      brown = 0.998 * brown + white;
      out[i] = brown;
    }
  }
  let sum = 0;
  for (const x of out) sum += x * x;
  const scale = sum > 0 ? 1 / Math.sqrt(sum / length) : 0;
  for (let i = 0; i < length; i++) out[i]! *= scale;
  return out;
}
