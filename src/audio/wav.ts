import WavEncoder from 'wav-encoder';
import type { RawAudio } from '../types.ts';

/**
 * 16-bit PCM mono WAV bytes; samples outside [-1, 1] are clipped. wav-encoder needs no Node
 * Buffer, so the page's clip upload and the Node side write WAV the same way (node-wav reads it).
 */
export function encodeWav16(audio: RawAudio): Uint8Array<ArrayBuffer> {
  const options = { bitDepth: 16, float: false, symmetric: false };
  return new Uint8Array(WavEncoder.encode.sync({ sampleRate: audio.sampleRate, channelData: [audio.samples] }, options));
}
