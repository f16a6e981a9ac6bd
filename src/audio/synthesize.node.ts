import type { RawAudio } from '../types.ts';
import type { SynthesisSpec } from './tts-voices.ts';

/**
 * Speaks one utterance with the engine it names, offline. Engines load on first use, so
 * choosing one never loads the other. Output is at the engine's own rate (eSpeak 22,050 Hz,
 * Flite 8 or 16 kHz): resample before mixing with other audio.
 */
export async function synthesize(spec: SynthesisSpec): Promise<RawAudio> {
  if (spec.engine === 'espeak') {
    const { synthesizeEspeak } = await import('./tts-espeak.ts');
    return synthesizeEspeak(spec.text, spec);
  }
  const { synthesizeFlite } = await import('./tts-flite.node.ts');
  return synthesizeFlite(spec.text, spec);
}
