import type { RawAudio } from '../types.ts';

export interface SpeechBounds {
  /** Seconds from the start of the clip. */
  start: number;
  end: number;
}

/**
 * Where the loud part of a clip begins and ends: 10 ms frames whose energy is within
 * `rangeDb` of the loudest frame. Good enough to find a spoken word in a short clip, and to
 * trim silence around a recording.
 */
export function findSpeechBounds(audio: RawAudio, rangeDb = 30): SpeechBounds | undefined {
  const frame = Math.max(1, Math.round(audio.sampleRate / 100));
  const count = Math.floor(audio.samples.length / frame);
  const energies = new Float64Array(count);
  let loudest = 0;
  for (let f = 0; f < count; f++) {
    let sum = 0;
    for (let i = f * frame; i < (f + 1) * frame; i++) sum += audio.samples[i]! * audio.samples[i]!;
    energies[f] = sum / frame;
    loudest = Math.max(loudest, energies[f]!);
  }
  if (loudest === 0) return undefined;
  const floor = loudest * 10 ** (-rangeDb / 10);
  let first = -1;
  let last = -1;
  for (let f = 0; f < count; f++) {
    if (energies[f]! < floor) continue;
    if (first < 0) first = f;
    last = f;
  }
  return { start: (first * frame) / audio.sampleRate, end: ((last + 1) * frame) / audio.sampleRate };
}
