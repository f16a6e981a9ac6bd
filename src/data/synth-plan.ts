import seedrandom from 'seedrandom';
import { InputError } from '../errors.ts';
import {
  ESPEAK_PITCHES, ESPEAK_RANGES, ESPEAK_RATES, ESPEAK_VARIANTS, ESPEAK_VOICES, FLITE_RATES, FLITE_VOICES,
  type FliteVoice, type SynthesisSpec, type TtsEngine,
} from '../audio/tts-voices.ts';
import { confusablesFor } from './confusables.ts';
import { fnv1a } from './hash.ts';
import { CONFUSABLE_CARRIERS, fill, TRAILING_PHRASINGS, WORD_FINAL_PHRASINGS } from './phrases.ts';
import { sentencesWithout } from './sentences.ts';

export type UtteranceKind = 'positive' | 'confusable' | 'sentence';

/** One planned clip: what to say and how, its kind, and a file name unique in the plan. */
export type PlannedUtterance = SynthesisSpec & { kind: UtteranceKind; name: string };

export interface SynthesisPlanOptions {
  /** The wake word or phrase. */
  word: string;
  /** Clips of the word (or, with `negative`, of near-misses). */
  count: number;
  /** Seed of every choice (default 1): the same options give the same plan. */
  seed?: number | string;
  /** Plan near-misses of the word instead of the word (default false). */
  negative?: boolean;
  /** Also plan this many ordinary sentences without the word (default 0). */
  sentences?: number;
  /** Engines to use and their shares (default espeak 0.6, flite 0.4). */
  engines?: Partial<Record<TtsEngine, number>>;
  /** Also say the word followed by a command ("alexa, stop"); default false, since then speech does not end with the word. */
  trailing?: boolean;
}

const DEFAULT_ENGINES: Record<TtsEngine, number> = { espeak: 0.6, flite: 0.4 };

/**
 * Plans distinct utterances: for each clip a text (phrasing of the word, a near-miss in a
 * carrier phrase, or a sentence) and a voice setting drawn from every English voice, variant,
 * rate and pitch the engines offer, never the same combination twice. Draws are sequential
 * from one seeded generator, so a larger count extends a smaller plan instead of reshuffling it.
 */
export async function planSynthesis(options: SynthesisPlanOptions): Promise<PlannedUtterance[]> {
  const { word, count, seed = 1, negative = false, sentences = 0, trailing = false } = options;
  if (!word.trim()) throw new InputError('--word', 'is empty');
  if (!Number.isInteger(count) || count < 0 || !Number.isInteger(sentences) || sentences < 0) {
    throw new InputError('synthesis plan', `counts must be whole numbers >= 0 (got ${count} clips, ${sentences} sentences)`);
  }
  const engines = Object.entries({ ...DEFAULT_ENGINES, ...options.engines }).filter(([, share]) => share > 0) as [TtsEngine, number][];
  if (engines.length === 0) throw new InputError('engines', 'none selected; use espeak, flite or both');
  const texts = negative
    ? (await confusablesFor(word)).flatMap((c) => CONFUSABLE_CARRIERS.map((carrier) => fill(carrier, c)))
    : [...WORD_FINAL_PHRASINGS, ...(trailing ? TRAILING_PHRASINGS : [])].map((p) => fill(p, word.trim()));
  const plan: PlannedUtterance[] = [];
  const seen = new Set<string>();
  const names = new Set<string>();
  // Each kind draws from its own generator, so changing one count leaves the other's plan alone.
  const add = (kind: UtteranceKind, textOf: (pick: Pick) => string, wanted: number) => {
    const random = seedrandom(`synth:${seed}:${kind}`);
    const pick: Pick = (items) => items[Math.floor(random() * items.length)]!;
    let added = 0;
    for (let tries = 0; added < wanted && tries < wanted * 20 + 100; tries++) {
      const spec = drawVoice(engines, random, pick, textOf(pick));
      const key = JSON.stringify(spec);
      if (seen.has(key)) continue;
      seen.add(key);
      plan.push({ ...spec, kind, name: uniqueName(kind, spec, names) });
      added++;
    }
  };
  add(negative ? 'confusable' : 'positive', (pick) => pick(texts), count);
  const lines = sentencesWithout(word, sentences, seedrandom(`synth:${seed}:sentence-texts`));
  let line = 0;
  add('sentence', () => lines[line++ % lines.length]!, Math.min(sentences, lines.length));
  return plan;
}

type Pick = <T>(items: readonly T[]) => T;

function drawVoice(engines: [TtsEngine, number][], random: () => number, pick: Pick, text: string): SynthesisSpec {
  const total = engines.reduce((sum, [, share]) => sum + share, 0);
  let r = random() * total;
  const engine = engines.find(([, share]) => (r -= share) < 0)?.[0] ?? engines[0]![0];
  if (engine === 'espeak') {
    return { engine, text, voice: pick(ESPEAK_VOICES), variant: pick(ESPEAK_VARIANTS), rate: pick(ESPEAK_RATES), pitch: pick(ESPEAK_PITCHES), range: pick(ESPEAK_RANGES) };
  }
  const voice = pick(Object.keys(FLITE_VOICES) as FliteVoice[]);
  const pitches: readonly number[] = FLITE_VOICES[voice].pitches;
  const spec: SynthesisSpec = { engine, text, voice, rate: pick(FLITE_RATES) };
  if (pitches.length > 0) spec.pitch = pick(pitches);
  return spec;
}

/** A readable, file-system-safe name: kind, the start of the text, engine and voice, and a hash of the whole spec. */
function uniqueName(kind: UtteranceKind, spec: SynthesisSpec, taken: Set<string>): string {
  const slug = spec.text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 32);
  const voice = `${spec.engine}-${spec.voice.replace(/^gmw\//, '')}${spec.engine === 'espeak' && spec.variant ? `+${spec.variant}` : ''}`.replace(/[^A-Za-z0-9+-]+/g, '_');
  let name = `${kind}-${slug}-${voice}-${fnv1a(JSON.stringify(spec))}`;
  for (let n = 2; taken.has(name); n++) name = `${name}-${n}`;
  taken.add(name);
  return name;
}
