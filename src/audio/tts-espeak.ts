import initialize, { type ESpeakNGWorker } from '@echogarden/espeak-ng-emscripten';
import { InputError } from '../errors.ts';
import type { RawAudio } from '../types.ts';

/** eSpeak NG always synthesises at this rate. */
export const ESPEAK_RATE = 22050;

export interface EspeakSettings {
  /** An English voice identifier (ESPEAK_VOICES), e.g. 'gmw/en-US'. */
  voice: string;
  /** A variant name (ESPEAK_VARIANTS) or '' for none. */
  variant: string;
  /** Words per minute, 80-450. */
  rate: number;
  /** Base pitch, 0-99. */
  pitch: number;
  /** Pitch range, 0-99. */
  range: number;
}

/** The engine, and a way to put it back in its just-started state. */
interface Espeak {
  worker: ESpeakNGWorker;
  reset(): void;
  memory(): Uint8Array;
}

let loaded: Promise<Espeak> | undefined;

/**
 * eSpeak seeds its random generator from the clock and carries state (noise, flutter) from one
 * utterance to the next, so the same settings gave slightly different audio on every call. Its
 * clock is pinned while it runs, and its memory restored to a snapshot taken right after
 * start-up before every call: each utterance then depends on its settings alone.
 */
function espeak(): Promise<Espeak> {
  loaded ??= initialize().then((module) => {
    const worker = withPinnedClock(() => new module.eSpeakNGWorker());
    const snapshot = module.HEAPU8.slice();
    return { worker, reset: () => module.HEAPU8.set(snapshot), memory: () => module.HEAPU8 };
  });
  return loaded;
}

function withPinnedClock<T>(run: () => T): T {
  const now = Date.now;
  Date.now = () => 0;
  try {
    return run();
  } finally {
    Date.now = now;
  }
}

function selectVoice(engine: ESpeakNGWorker, voice: string, variant: string): void {
  const name = variant ? `${voice}+${variant}` : voice;
  // Language codes like 'en-gb' select a voice without sound in this build; identifiers work.
  if (engine.set_voice(name) !== 0) throw new InputError(`espeak voice '${name}'`, 'unknown; use an identifier such as gmw/en-US with an optional +variant');
}

/** Speaks `text` with eSpeak NG (WebAssembly, no system install), at 22,050 Hz. */
export async function synthesizeEspeak(text: string, settings: EspeakSettings): Promise<RawAudio> {
  const { worker, reset } = await espeak();
  const chunks: Int16Array[] = [];
  withPinnedClock(() => {
    reset();
    selectVoice(worker, settings.voice, settings.variant);
    worker.set_rate(settings.rate);
    worker.set_pitch(settings.pitch);
    worker.set_range(settings.range);
    worker.synthesize(text, (samples) => {
      if (samples?.length) chunks.push(samples);
      return false;
    });
  });
  const samples = new Float32Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i++) samples[offset + i] = chunk[i]! / 32768;
    offset += chunk.length;
  }
  return { samples, sampleRate: ESPEAK_RATE };
}

/**
 * The phonemes eSpeak would say for each text (IPA, stress marks dropped), e.g. alexa ->
 * ɐ l ɛ k s ə. Word and pause boundaries are dropped too: only the sound sequence counts.
 */
export async function phonemize(texts: string[], voice = 'gmw/en-US'): Promise<string[][]> {
  const { worker, reset, memory } = await espeak();
  return withPinnedClock(() => {
    reset();
    selectVoice(worker, voice, '');
    return texts.map((text) => {
      const { ptr } = worker.text_to_phonemes(text, 1);
      const heap = memory();
      let end = ptr;
      while (heap[end]) end++;
      return new TextDecoder()
        .decode(heap.subarray(ptr, end))
        .replace(/[ˈˌ|]/g, '')
        .split(/[_\s]+/)
        .filter(Boolean);
    });
  });
}

/** What the installed engine offers: its English voice identifiers and variant names (for checks). */
export async function espeakInventory(): Promise<{ voices: string[]; variants: string[] }> {
  const module = await initialize();
  const engine = new module.eSpeakNGWorker();
  const voices = engine
    .list_voices()
    .filter((v) => v.languages.some((l) => l.name === 'en' || l.name.startsWith('en-')))
    .map((v) => v.identifier);
  const variants = module.FS.readdir('/usr/share/espeak-ng-data/voices/!v').filter((name) => !name.startsWith('.'));
  return { voices, variants };
}
