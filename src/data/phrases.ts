/** What synthetic clips say: phrasings of the wake word and carriers for near-misses. */

/**
 * Phrasings that end on the wake word, so the end of speech in a clip is the end of the word
 * (training places positives by where their speech ends).
 */
export const WORD_FINAL_PHRASINGS = ['{w}', '{w}.', '{w}!', '{w}?', 'hey {w}', 'hey, {w}', 'ok {w}', 'okay {w}', 'oh {w}', 'um, {w}'];

/** Phrasings with speech after the word (a command), for uses that label the word by its start. */
export const TRAILING_PHRASINGS = ['{w}, stop', '{w}, play some music', '{w}, what time is it?', '{w}, turn on the lights', '{w}, what is the weather?'];

/** How near-misses are said: alone, as a question, or in the places the wake word would be. */
export const CONFUSABLE_CARRIERS = ['{w}', '{w}.', '{w}?', 'hey {w}', 'ok {w}', '{w}, stop', 'the {w}', '{w} please'];

/** `template` with {w} replaced by `word`. */
export function fill(template: string, word: string): string {
  return template.replaceAll('{w}', word);
}

/** Lower-case words of a text, without punctuation (for comparing texts). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9' ]+/g, ' ')
    .split(' ')
    .filter(Boolean);
}

/** True when `text` contains the (possibly multi-word) `phrase` as whole words. */
export function containsPhrase(text: string, phrase: string): boolean {
  const haystack = ` ${words(text).join(' ')} `;
  return haystack.includes(` ${words(phrase).join(' ')} `);
}
