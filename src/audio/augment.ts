import seedrandom from 'seedrandom';
import { InputError } from '../errors.ts';
import type { RawAudio } from '../types.ts';
import { applyFilters, butterworth, highpass, peaking } from './filters.ts';
import { peak } from './levels.ts';
import { activePower, mixAtSnr, noiseSegment } from './mix.ts';
import { colouredNoise, NOISE_COLORS, type NoiseColor } from './noise.ts';
import { convolve, roomImpulseResponse } from './reverb.ts';
import { findSpeechBounds } from './speech-bounds.ts';
import { changeSpeed, createResampler, type Resampler } from './reusable-resampler.ts';

export type BandLimitKind = 'telephone' | 'cheap-mic';
type Range = [number, number];

/**
 * What augmentation does, step by step in this order (a talker, the room, the noise in it, the
 * microphone, the converter). Each step happens with its own probability; ranges are drawn
 * uniformly. Every field's default is in DEFAULT_AUGMENT_OPTIONS.
 */
export interface AugmentOptions {
  /** Speed perturbation: resampling changes tempo and pitch together; the end of speech stays in place. Default p 0.3, factor 0.9-1.1. */
  speed: { probability: number; factor: Range };
  /** Moves the clip inside its window without pushing speech out of it. Default p 0.5, up to 0.2 s. */
  shift: { probability: number; maxSeconds: number };
  /** Generated room impulse response (see reverb.ts). Default p 0.4, RT60 0.2-0.9 s, direct-to-reverb 0-12 dB, pre-delay 2-20 ms. */
  reverb: { probability: number; rt60: Range; directToReverbDb: Range; preDelay: Range };
  /**
   * Background noise at an SNR measured as mixAtSnr does. Noise comes from the pool, or is
   * generated (white/pink/brown) with probability `generatedShare` (always when the pool is
   * empty). Default p 0.8, SNR 0-20 dB, generatedShare 0.25, all colours.
   */
  noise: { probability: number; snrDb: Range; generatedShare: number; colors: NoiseColor[] };
  /** Telephone band (300-3400 Hz) or a cheap microphone (random low/high cut and presence peak). Default p 0.2, both kinds. */
  bandLimit: { probability: number; kinds: BandLimitKind[] };
  /** Gain in dB. Default p 0.5, -10 to +6 dB. */
  gain: { probability: number; db: Range };
  /** Hard clipping at this level relative to the clip's peak (dB). Default p 0.05, -12 to -3 dB. */
  clip: { probability: number; levelDb: Range };
}

/**
 * Version of what this file makes of a clip for given settings and seed. Bump it with any change
 * that alters that output: it is part of the embedding cache's key, which otherwise serves
 * embeddings of the old augmentation (as happened when speed perturbation came to keep the end
 * of a word in place).
 */
export const AUGMENT_VERSION = 2;

export const DEFAULT_AUGMENT_OPTIONS: AugmentOptions = {
  speed: { probability: 0.3, factor: [0.9, 1.1] },
  shift: { probability: 0.5, maxSeconds: 0.2 },
  reverb: { probability: 0.4, rt60: [0.2, 0.9], directToReverbDb: [0, 12], preDelay: [0.002, 0.02] },
  noise: { probability: 0.8, snrDb: [0, 20], generatedShare: 0.25, colors: [...NOISE_COLORS] },
  bandLimit: { probability: 0.2, kinds: ['telephone', 'cheap-mic'] },
  gain: { probability: 0.5, db: [-10, 6] },
  clip: { probability: 0.05, levelDb: [-12, -3] },
};

export const AUGMENTATIONS = Object.keys(DEFAULT_AUGMENT_OPTIONS) as (keyof AugmentOptions)[];

/** Any subset of the options; the rest keep their defaults. */
export type AugmentSettings = { [K in keyof AugmentOptions]?: Partial<AugmentOptions[K]> };

/** A clip of background noise for the pool; `name` only labels it in previews. */
export interface NoiseClip extends RawAudio {
  name?: string;
}

/** Augments one clip; `applied`, when given, receives a short description of each step taken. */
export type Augment = (audio: RawAudio, applied?: string[]) => RawAudio;

/** Level that a silent clip's noise is referred to, so noise still fills silence (dBFS). */
const SILENT_REFERENCE_DB = -20;

/** Defaults merged with `settings`, checked: unknown names and impossible values are InputErrors. */
export function resolveAugmentOptions(settings: AugmentSettings = {}): AugmentOptions {
  const resolved = structuredClone(DEFAULT_AUGMENT_OPTIONS);
  for (const [step, values] of Object.entries(settings)) {
    if (!(step in resolved)) throw new InputError(`augmentation '${step}'`, `unknown; expected one of ${AUGMENTATIONS.join(', ')}`);
    const target = resolved[step as keyof AugmentOptions] as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(values ?? {})) {
      if (!(key in target)) throw new InputError(`augmentation option '${step}.${key}'`, `unknown; expected one of ${Object.keys(target).join(', ')}`);
      const expected = target[key];
      const fits = Array.isArray(expected)
        ? Array.isArray(value) && (typeof expected[0] !== 'number' || (value.length === 2 && value.every(Number.isFinite) && value[0] <= value[1]))
        : typeof value === typeof expected;
      if (!fits) throw new InputError(`augmentation option '${step}.${key}'`, `got ${JSON.stringify(value)}, expected ${describe(expected)}`);
      target[key] = value;
    }
    const probability = target.probability as number;
    if (!(probability >= 0 && probability <= 1)) throw new InputError(`augmentation option '${step}.probability'`, `got ${probability}, expected 0 to 1`);
  }
  for (const color of resolved.noise.colors) {
    if (!NOISE_COLORS.includes(color)) throw new InputError(`noise colour '${color}'`, `unknown; expected ${NOISE_COLORS.join(', ')}`);
  }
  for (const kind of resolved.bandLimit.kinds) {
    if (kind !== 'telephone' && kind !== 'cheap-mic') throw new InputError(`band-limit kind '${kind}'`, 'unknown; expected telephone or cheap-mic');
  }
  return resolved;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return typeof value[0] === 'number' ? '[low, high] with low <= high' : 'a list';
  return `a ${typeof value}`;
}

/**
 * Loads what augmentation needs once and returns a factory of seeded augmenters: the same
 * seed gives the same sequence of augmentations. Every augmenter keeps the length and rate of
 * its input. Noise clips must be at the rate of the audio they are mixed into.
 */
export async function createAugmenterFactory(settings: AugmentSettings = {}, noisePool: NoiseClip[] = []): Promise<(seed: string | number) => Augment> {
  const options = resolveAugmentOptions(settings);
  const resampler = await createResampler('fastest');
  return (seed) => {
    const random = seedrandom(String(seed));
    return (audio, applied) => augmentOnce(audio, options, noisePool, random, resampler, applied ?? []);
  };
}

/** One seeded augmenter (see createAugmenterFactory). */
export async function createAugmenter(settings: AugmentSettings, noisePool: NoiseClip[], seed: string | number): Promise<Augment> {
  return (await createAugmenterFactory(settings, noisePool))(seed);
}

function augmentOnce(input: RawAudio, o: AugmentOptions, pool: NoiseClip[], random: () => number, resampler: Resampler, applied: string[]): RawAudio {
  const rate = input.sampleRate;
  const length = input.samples.length;
  const draw = ([low, high]: Range) => low + (high - low) * random();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const happens = (p: number) => random() < p;
  let audio = input;

  if (happens(o.speed.probability)) {
    const factor = draw(o.speed.factor);
    const bounds = findSpeechBounds(audio);
    const anchor = bounds ? bounds.end : length / rate / 2;
    const sped = changeSpeed(resampler, audio, factor);
    // Keep the end of the speech where it was: training labels a word by where it ends.
    audio = { samples: place(sped.samples, length, Math.round((anchor - anchor / factor) * rate)), sampleRate: rate };
    applied.push(`speed x${factor.toFixed(2)}`);
  }
  if (happens(o.shift.probability)) {
    const bounds = findSpeechBounds(audio);
    const seconds = length / rate;
    const earliest = -Math.min(o.shift.maxSeconds, bounds ? bounds.start : o.shift.maxSeconds);
    const latest = Math.min(o.shift.maxSeconds, bounds ? seconds - bounds.end : o.shift.maxSeconds);
    const shift = draw([earliest, Math.max(earliest, latest)]);
    audio = { samples: place(audio.samples, length, Math.round(shift * rate)), sampleRate: rate };
    applied.push(`shift ${shift >= 0 ? '+' : ''}${shift.toFixed(3)} s`);
  }
  if (happens(o.reverb.probability)) {
    const room = { rt60: draw(o.reverb.rt60), directToReverbDb: draw(o.reverb.directToReverbDb), preDelay: draw(o.reverb.preDelay) };
    audio = { samples: convolve(audio.samples, roomImpulseResponse(room, rate, random)), sampleRate: rate };
    applied.push(`reverb RT60 ${room.rt60.toFixed(2)} s, direct/reverb ${room.directToReverbDb.toFixed(1)} dB`);
  }
  if (happens(o.noise.probability)) {
    const snr = draw(o.noise.snrDb);
    let noise: RawAudio;
    let label: string;
    if (pool.length === 0 || random() < o.noise.generatedShare) {
      const color = pick(o.noise.colors);
      noise = { samples: colouredNoise(color, length, random), sampleRate: rate };
      label = `${color} noise`;
    } else {
      const clip = pick(pool);
      if (clip.sampleRate !== rate) throw new InputError(clip.name ?? 'noise clip', `is at ${clip.sampleRate} Hz, the audio at ${rate} Hz`);
      noise = { samples: noiseSegment(clip.samples, length, Math.floor(random() * clip.samples.length)), sampleRate: rate };
      label = `noise ${clip.name ?? 'from the pool'}`;
    }
    if (activePower(audio) > 0) audio = mixAtSnr(audio, noise, snr);
    else {
      const scale = 10 ** ((SILENT_REFERENCE_DB - snr) / 20);
      audio = { samples: audio.samples.map((x, i) => x + scale * noise.samples[i]!), sampleRate: rate };
    }
    applied.push(`${label} at ${snr.toFixed(1)} dB SNR`);
  }
  if (happens(o.bandLimit.probability)) {
    const kind = pick(o.bandLimit.kinds);
    if (kind === 'telephone') {
      audio = { samples: applyFilters(audio.samples, telephoneBand(rate)), sampleRate: rate };
      applied.push('telephone band 300-3400 Hz');
    } else {
      const [low, high, presence, lift] = [draw([100, 300]), draw([3500, 7000]), draw([1500, 4500]), draw([3, 9])];
      const sections = [highpass(low, Math.SQRT1_2, rate), ...butterworth('lowpass', high, 4, rate), peaking(presence, 1, lift, rate)];
      audio = { samples: applyFilters(audio.samples, sections), sampleRate: rate };
      applied.push(`cheap mic ${low.toFixed(0)}-${high.toFixed(0)} Hz, +${lift.toFixed(1)} dB at ${presence.toFixed(0)} Hz`);
    }
  }
  if (happens(o.gain.probability)) {
    const db = draw(o.gain.db);
    const scale = 10 ** (db / 20);
    audio = { samples: audio.samples.map((x) => x * scale), sampleRate: rate };
    applied.push(`gain ${db >= 0 ? '+' : ''}${db.toFixed(1)} dB`);
  }
  if (happens(o.clip.probability)) {
    const db = draw(o.clip.levelDb);
    const level = peak(audio.samples) * 10 ** (db / 20);
    audio = { samples: audio.samples.map((x) => Math.max(-level, Math.min(level, x))), sampleRate: rate };
    applied.push(`clipped at ${db.toFixed(1)} dB below the peak`);
  }
  return audio === input ? { samples: input.samples.slice(), sampleRate: rate } : audio;
}

/** The telephone channel: 4th-order high-pass at 300 Hz, 8th-order low-pass at 3400 Hz. */
export function telephoneBand(sampleRate: number) {
  return [...butterworth('highpass', 300, 4, sampleRate), ...butterworth('lowpass', 3400, 8, sampleRate)];
}

/** `samples` moved by `offset` samples (may be < 0) into a zero buffer of `length`. */
function place(samples: Float32Array, length: number, offset: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = Math.max(0, -offset); i < samples.length && i + offset < length; i++) out[i + offset] = samples[i]!;
  return out;
}
