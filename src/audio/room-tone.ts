import seedrandom from 'seedrandom';
import { colouredNoise, gaussian, type NoiseColor } from './noise.ts';

/** One stretch of a quiet room: digital silence, or faint noise or hum at a level in dBFS (RMS). */
export interface QuietStretch {
  label: string;
  samples: Float32Array;
}

/** What a microphone hears when nobody speaks: from digital zero up to a quiet fan. */
const STRETCHES: { label: string; color?: NoiseColor; hum?: boolean; db: number }[] = [
  { label: 'digital silence', db: -Infinity },
  { label: 'pink noise at -75 dBFS', color: 'pink', db: -75 },
  { label: 'white noise at -65 dBFS', color: 'white', db: -65 },
  { label: 'pink noise at -50 dBFS', color: 'pink', db: -50 },
  { label: 'brown noise at -45 dBFS', color: 'brown', db: -45 },
  { label: '50 Hz hum at -45 dBFS with white noise at -70 dBFS', hum: true, db: -45 },
];

/**
 * Silence and room tone, `seconds` of each kind, seeded: negatives that a detector must score
 * near 0 (a model that never heard them can fire on an empty room).
 */
export function roomTone(sampleRate: number, seconds: number, seed = 'room-tone'): QuietStretch[] {
  const random = seedrandom(seed);
  const length = Math.round(seconds * sampleRate);
  return STRETCHES.map(({ label, color, hum, db }) => {
    const scale = 10 ** (db / 20);
    let samples = new Float32Array(length);
    if (color) samples = colouredNoise(color, length, random).map((x) => x * scale);
    if (hum) {
      const floor = 10 ** (-70 / 20);
      samples = samples.map((_, i) => scale * Math.SQRT2 * Math.sin((2 * Math.PI * 50 * i) / sampleRate) + floor * gaussian(random));
    }
    return { label, samples };
  });
}
