import { InputError } from '../errors.ts';
import type { RawAudio } from '../types.ts';
import { meanPower } from './levels.ts';
import { findSpeechBounds } from './speech-bounds.ts';

/**
 * Mean power of the part of a clip that carries the signal: the span from the first to the
 * last 10 ms frame within 30 dB of the loudest (findSpeechBounds), so silence around a word
 * does not lower it. 0 for digital silence.
 */
export function activePower(audio: RawAudio): number {
  const bounds = findSpeechBounds(audio);
  if (!bounds) return 0;
  const from = Math.floor(bounds.start * audio.sampleRate);
  const to = Math.min(audio.samples.length, Math.ceil(bounds.end * audio.sampleRate));
  return meanPower(audio.samples, from, to);
}

/**
 * `noise` repeated from `offset` to fill `length` samples (a short noise file loops).
 */
export function noiseSegment(noise: Float32Array, length: number, offset = 0): Float32Array {
  if (noise.length === 0) throw new InputError('noise', 'is empty (0 samples)');
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = noise[(offset + i) % noise.length]!;
  return out;
}

/**
 * Adds `noise` to `signal` so that signal power over its active span (activePower) over noise
 * power over the whole clip is `snrDb`. The noise loops when shorter than the signal and is
 * cut when longer; the result has the signal's length and rate. A silent signal is returned
 * unchanged, since no noise level gives it an SNR.
 */
export function mixAtSnr(signal: RawAudio, noise: RawAudio, snrDb: number): RawAudio {
  if (signal.sampleRate !== noise.sampleRate) {
    throw new InputError('noise', `is at ${noise.sampleRate} Hz but the signal is at ${signal.sampleRate} Hz; resample it first`);
  }
  const segment = noiseSegment(noise.samples, signal.samples.length);
  const signalPower = activePower(signal);
  const noisePower = meanPower(segment);
  if (signalPower === 0 || noisePower === 0) return { samples: signal.samples.slice(), sampleRate: signal.sampleRate };
  const scale = Math.sqrt(signalPower / (noisePower * 10 ** (snrDb / 10)));
  const samples = new Float32Array(signal.samples.length);
  for (let i = 0; i < samples.length; i++) samples[i] = signal.samples[i]! + scale * segment[i]!;
  return { samples, sampleRate: signal.sampleRate };
}
