/**
 * Every English voice, variant, rate and pitch setting that the two offline engines offer, as
 * plain data, so plans can be made without loading an engine. A test checks the lists against
 * what the installed engines report.
 */

export type TtsEngine = 'espeak' | 'flite';

/** eSpeak NG's English voices (identifiers as list_voices() gives them). */
export const ESPEAK_VOICES = [
  'gmw/en', 'gmw/en-029', 'gmw/en-GB-scotland', 'gmw/en-GB-x-gbclan',
  'gmw/en-GB-x-gbcwmd', 'gmw/en-GB-x-rp', 'gmw/en-US', 'gmw/en-US-nyc',
] as const;

/** eSpeak NG's voice variants (espeak-ng-data/voices/!v), each applicable to any voice; '' is none. */
export const ESPEAK_VARIANTS = [
  '', 'Alex', 'Alicia', 'Andrea', 'Andy', 'Annie', 'AnxiousAndy', 'Demonic', 'Denis', 'Diogo', 'Gene', 'Gene2',
  'Henrique', 'Hugo', 'Jacky', 'Lee', 'Marco', 'Mario', 'Michael', 'Mike', 'Mr serious', 'Nguyen', 'Reed',
  'RicishayMax', 'RicishayMax2', 'RicishayMax3', 'Storm', 'Tweaky', 'UniRobot', 'adam', 'anika', 'anikaRobot',
  'announcer', 'antonio', 'aunty', 'belinda', 'benjamin', 'boris', 'caleb', 'croak', 'david', 'ed', 'edward',
  'edward2', 'f1', 'f2', 'f3', 'f4', 'f5', 'fast', 'grandma', 'grandpa', 'gustave', 'ian', 'iven', 'iven2',
  'iven3', 'iven4', 'john', 'kaukovalta', 'klatt', 'klatt2', 'klatt3', 'klatt4', 'klatt5', 'klatt6', 'linda',
  'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'marcelo', 'max', 'michel', 'miguel', 'mike2', 'norbert',
  'pablo', 'paul', 'pedro', 'quincy', 'rob', 'robert', 'robosoft', 'robosoft2', 'robosoft3', 'robosoft4',
  'robosoft5', 'robosoft6', 'robosoft7', 'robosoft8', 'sandro', 'shelby', 'steph', 'steph2', 'steph3',
  'travis', 'victor', 'whisper', 'whisperf', 'zac',
] as const;

/** Speaking rates in words per minute (eSpeak's default is 175). */
export const ESPEAK_RATES = [120, 135, 150, 165, 175, 190, 205, 220, 240, 260] as const;
/** Base pitch, 0-99 (default 50). */
export const ESPEAK_PITCHES = [20, 28, 35, 42, 50, 58, 65, 72, 80] as const;
/** Pitch range (intonation), 0-99 (default 50). */
export const ESPEAK_RANGES = [25, 50, 75] as const;

/**
 * Flite's built-in voices: kal is a diphone voice at 8 kHz, kal16 a diphone voice at 16 kHz,
 * awb, rms and slt unit-selection voices at 16 kHz. rms ignores the pitch target (measured).
 */
export const FLITE_VOICES = {
  kal: { pitches: [80, 95, 110, 125, 140, 160] },
  kal16: { pitches: [80, 95, 110, 125, 140, 160] },
  awb: { pitches: [85, 100, 115, 130, 150] },
  rms: { pitches: [] },
  slt: { pitches: [140, 160, 180, 200, 225, 250] },
} as const satisfies Record<string, { pitches: readonly number[] }>;

export type FliteVoice = keyof typeof FLITE_VOICES;

/** Speaking rate relative to the voice's own (flite's duration_stretch is its inverse). */
export const FLITE_RATES = [0.75, 0.82, 0.9, 1, 1.1, 1.2, 1.3] as const;

/** One utterance to synthesise: the text and every engine setting, so it can be redone exactly. */
export type SynthesisSpec =
  | { engine: 'espeak'; text: string; voice: string; variant: string; rate: number; pitch: number; range: number }
  | { engine: 'flite'; text: string; voice: FliteVoice; rate: number; pitch?: number };
