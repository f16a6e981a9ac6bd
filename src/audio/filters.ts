/**
 * IIR filters as cascades of biquads with the coefficients of the Audio EQ Cookbook
 * (R. Bristow-Johnson), enough to imitate the band of a telephone line or a cheap microphone.
 */

/** One second-order section, normalised so a0 = 1. */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

function section(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): Biquad {
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

function omega(frequency: number, sampleRate: number): { cos: number; sin: number } {
  const w = (2 * Math.PI * Math.min(frequency, sampleRate * 0.499)) / sampleRate;
  return { cos: Math.cos(w), sin: Math.sin(w) };
}

export function lowpass(frequency: number, q: number, sampleRate: number): Biquad {
  const { cos, sin } = omega(frequency, sampleRate);
  const alpha = sin / (2 * q);
  return section((1 - cos) / 2, 1 - cos, (1 - cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
}

export function highpass(frequency: number, q: number, sampleRate: number): Biquad {
  const { cos, sin } = omega(frequency, sampleRate);
  const alpha = sin / (2 * q);
  return section((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
}

/** A bell that lifts (gainDb > 0) or cuts the band around `frequency`. */
export function peaking(frequency: number, q: number, gainDb: number, sampleRate: number): Biquad {
  const { cos, sin } = omega(frequency, sampleRate);
  const alpha = sin / (2 * q);
  const a = 10 ** (gainDb / 40);
  return section(1 + alpha * a, -2 * cos, 1 - alpha * a, 1 + alpha / a, -2 * cos, 1 - alpha / a);
}

/** Butterworth low- or high-pass of even `order` (2, 4, 6, 8) as order/2 biquads. */
export function butterworth(kind: 'lowpass' | 'highpass', frequency: number, order: number, sampleRate: number): Biquad[] {
  const sections: Biquad[] = [];
  for (let k = 1; k <= order / 2; k++) {
    const q = 1 / (2 * Math.cos(((2 * k - 1) * Math.PI) / (2 * order)));
    sections.push((kind === 'lowpass' ? lowpass : highpass)(frequency, q, sampleRate));
  }
  return sections;
}

/** Runs `samples` through the sections in turn (direct form II transposed). */
export function applyFilters(samples: Float32Array, sections: Biquad[]): Float32Array {
  const out = samples.slice();
  for (const { b0, b1, b2, a1, a2 } of sections) {
    let z1 = 0;
    let z2 = 0;
    for (let i = 0; i < out.length; i++) {
      const x = out[i]!;
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      out[i] = y;
    }
  }
  return out;
}
