import type { RawAudio } from '../types.ts';
import { createResampler, type Resampler } from './reusable-resampler.ts';

let shared: Promise<Resampler> | undefined;

/**
 * Band-limited sample-rate conversion (libsamplerate's sinc converter, which filters out
 * everything above the lower Nyquist frequency before decimating), with one converter loaded
 * per process.
 */
export async function resample(audio: RawAudio, targetRate: number): Promise<RawAudio> {
  if (audio.sampleRate === targetRate) return audio;
  shared ??= createResampler('medium');
  return (await shared)(audio, targetRate);
}
