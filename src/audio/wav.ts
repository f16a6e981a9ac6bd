import wav from 'node-wav';
import type { RawAudio } from '../types.ts';

/** 16-bit PCM mono WAV bytes; samples outside [-1, 1] are clipped. */
export function encodeWav16(audio: RawAudio): Uint8Array {
  const clipped = audio.samples.map((x) => Math.max(-1, Math.min(1, x)));
  return new Uint8Array(wav.encode([clipped], { sampleRate: audio.sampleRate, bitDepth: 16 }));
}
