import { phonemize } from '../audio/tts-espeak.ts';
import { containsPhrase, words } from './phrases.ts';

/** Hand-picked near-misses for popular wake words (real words and phrases people say). */
const CURATED: Record<string, string[]> = {
  alexa: ['alexis', 'alexia', 'a lexus', 'lexus', 'election', 'electric', 'relax a', 'alex', 'alexander', 'alaska', 'elixir', 'selection', 'collect a', 'a letter', 'reflexive', 'perplexed'],
  computer: ['commuter', 'compute', 'computing', 'competitor', 'come pewter', 'compete', 'composer', 'counter', 'compiler', 'computed'],
  jarvis: ['jar this', 'service', 'harvest', 'travis', 'jarred is', 'carcass', 'charvis', 'nervous'],
};

/** Everyday words that share sounds with many wake words; ranked against the word, the closest kept. */
const COMMON_WORDS = [
  'election', 'electric', 'elect', 'lexicon', 'exit', 'excellent', 'excess', 'express', 'relax', 'relaxes', 'flexible',
  'collect', 'connect', 'correct', 'direct', 'effect', 'expect', 'inspect', 'select', 'reflect', 'neglect', 'object',
  'access', 'success', 'address', 'actress', 'mattress', 'texas', 'taxes', 'faxes', 'boxes', 'foxes', 'axes',
  'alpha', 'alfalfa', 'alley', 'ally', 'alibi', 'allergy', 'analysis', 'annex', 'apex', 'attacks', 'a legs', 'eleven',
  'elephant', 'element', 'elevator', 'ellipse', 'eclipse', 'ecstasy', 'anorexia', 'dyslexia', 'lexie', 'alexei',
  'computer', 'commute', 'computing', 'compete', 'complete', 'component', 'company', 'compass', 'copper', 'cucumber',
  'jarvis', 'service', 'harvest', 'marvel', 'nervous', 'purpose', 'carpet', 'garlic', 'market', 'target', 'travis',
  'hello', 'hey there', 'okay', 'oh no', 'goodbye', 'thank you', 'excuse me', 'listen', 'stop it', 'play it',
  'siri', 'cortana', 'google', 'seriously', 'theory', 'cereal', 'serial', 'area', 'arena', 'ariel', 'aurora',
  'hey you', 'hey man', 'hey buddy', 'hey there', 'okay google', 'hey siri', 'hi there', 'guess what', 'look at that',
];

const VOWELS = 'aeiou';
const CONSONANT_SWAPS: [string, string][] = [['b', 'p'], ['d', 't'], ['g', 'k'], ['v', 'f'], ['z', 's'], ['m', 'n'], ['l', 'r'], ['c', 'g']];

/** Spelling variants of one word: shortened, one vowel changed, one consonant voiced or unvoiced. */
function spellingVariants(word: string): string[] {
  const out = new Set<string>();
  if (word.length >= 4) for (const cut of [word.slice(1), word.slice(0, -1), word.slice(2), word.slice(0, -2)]) out.add(cut);
  for (let i = 0; i < word.length; i++) {
    const letter = word[i]!;
    const replace = (to: string) => out.add(word.slice(0, i) + to + word.slice(i + 1));
    if (VOWELS.includes(letter)) for (const vowel of VOWELS) if (vowel !== letter) replace(vowel);
    for (const [a, b] of CONSONANT_SWAPS) {
      if (letter === a) replace(b);
      if (letter === b) replace(a);
    }
  }
  return [...out];
}

function editDistance(a: string[], b: string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = row;
  }
  return previous[b.length]!;
}

function containsSequence(haystack: string[], needle: string[]): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Words and phrases that sound like `phrase` but are not it, closest first: curated ones for
 * popular wake words, spelling variants of each of its words, and everyday words, compared by
 * eSpeak's phonemes. Candidates that sound exactly like the phrase are dropped, and so are
 * generated ones that contain all of its sounds (a detector may rightly fire on those); the
 * curated ones were judged by ear and only lose exact sound-alikes.
 */
export async function confusablesFor(phrase: string): Promise<string[]> {
  const target = words(phrase).join(' ');
  const parts = target.split(' ');
  const candidates = new Set<string>(CURATED[target] ?? []);
  for (const [i, part] of parts.entries()) {
    for (const variant of spellingVariants(part)) candidates.add([...parts.slice(0, i), variant, ...parts.slice(i + 1)].join(' '));
  }
  for (const word of COMMON_WORDS) candidates.add(word);
  const list = [...candidates].filter((c) => c.trim() && !containsPhrase(c, target));
  const [targetSounds, ...sounds] = await phonemize([target, ...list]);
  const limit = Math.max(2, Math.round(targetSounds!.length / 2));
  const curated = new Set(CURATED[target] ?? []);
  return list
    .map((text, i) => ({ text, distance: editDistance(sounds[i]!, targetSounds!), sounds: sounds[i]! }))
    .filter((c) => c.distance > 0 && (curated.has(c.text) || (c.distance <= limit && !containsSequence(c.sounds, targetSounds!))))
    .sort((a, b) => a.distance - b.distance || a.text.localeCompare(b.text))
    .map((c) => c.text);
}
