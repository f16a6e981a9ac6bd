import type { RawAudio } from '../types.ts';

/** Converts audio to `sampleRate`, synchronously. */
export type Resampler = (audio: RawAudio, sampleRate: number) => RawAudio;

export type ResamplerQuality = 'medium' | 'fastest';

/**
 * Loads libsamplerate's sinc converter once (about 10 ms) and returns a synchronous resampler
 * that reuses it for every clip and rate. `resample()` (resample-clip.ts) shares one per process.
 */
export async function createResampler(quality: ResamplerQuality = 'medium'): Promise<Resampler> {
  const { create, ConverterType } = await import('./libsamplerate.ts');
  const type = quality === 'medium' ? ConverterType.SRC_SINC_MEDIUM_QUALITY : ConverterType.SRC_SINC_FASTEST;
  const converter = await create(1, 16000, 16000, { converterType: type });
  return (audio, sampleRate) => {
    if (audio.sampleRate === sampleRate) return audio;
    converter.inputSampleRate = audio.sampleRate;
    converter.outputSampleRate = sampleRate;
    return { samples: converter.simple(audio.samples), sampleRate };
  };
}

/** Plays a clip `factor` times faster: tempo and pitch together, as a tape or Kaldi's speed perturbation. */
export function changeSpeed(resampler: Resampler, audio: RawAudio, factor: number): RawAudio {
  if (factor === 1) return audio;
  const faster = resampler(audio, Math.round(audio.sampleRate / factor));
  return { samples: faster.samples, sampleRate: audio.sampleRate };
}
