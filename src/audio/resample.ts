import libsamplerate from '@alexanderolsen/libsamplerate-js';

const { create, ConverterType } = libsamplerate;
import type { RawAudio } from '../types.ts';

/**
 * Band-limited sample-rate conversion (libsamplerate's sinc converter, which filters out
 * everything above the lower Nyquist frequency before decimating).
 */
export async function resample(audio: RawAudio, targetRate: number): Promise<RawAudio> {
  if (audio.sampleRate === targetRate) return audio;
  const converter = await create(1, audio.sampleRate, targetRate, { converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY });
  try {
    return { samples: converter.simple(audio.samples), sampleRate: targetRate };
  } finally {
    converter.destroy();
  }
}
