/**
 * The fixed split of ../shared/data used by `npm run train:alexa` and `npm run bench`: a held-out
 * quarter of the real alexa clips, and whole negative sources and noise files that training
 * never hears, so the false-accept figures are not flattered by audio the model trained on.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { listAudioFiles } from '../src/index.ts';

export const SHARED_DATA = path.resolve(import.meta.dirname, '../../shared/data');

/** Where "alexa", the second of multiple_keywords.flac's ten words, is heard: a detector fires once, in here. */
export const STREAM_ALEXA = { from: 7, to: 10.5 };

/** Whether a time in multiple_keywords.flac (seconds) falls on its "alexa". */
export function onStreamAlexa(t: number): boolean {
  return t >= STREAM_ALEXA.from && t <= STREAM_ALEXA.to;
}

/** Where the recipe writes its synthetic speech: the word, and near-misses with sentences. */
export const SYNTHETIC = { positives: 'audio/alexa/synth', negatives: 'audio/negative/synth-alexa' };

/** Negative sources (folders under negative/) that are only ever used for testing. */
const HELD_OUT_SOURCES = ['picovoice-snowboy', 'vctk', 'ljspeech'];
/** Noise files kept for the test mixes. */
const HELD_OUT_NOISE = ['doing_the_dishes.flac', 'running_tap.flac'];

export interface AlexaSplit {
  train: { positives: string[]; negatives: string[]; noise: string[] };
  test: { positives: string[]; negatives: string[]; noise: string[]; stream: string };
}

export function sharedDataPresent(): boolean {
  return existsSync(SHARED_DATA);
}

export async function alexaSplit(): Promise<AlexaSplit> {
  const alexa = await listAudioFiles(path.join(SHARED_DATA, 'alexa'));
  // Every fourth clip (by number) is held out: 50 of the 200.
  const heldOutClip = (file: string) => Number(path.basename(file, path.extname(file))) % 4 === 3;
  const negatives = await listAudioFiles(path.join(SHARED_DATA, 'negative'));
  const source = (file: string) => path.relative(path.join(SHARED_DATA, 'negative'), file).split(path.sep)[0]!;
  // speechocean762 is split by speaker: the second half of its speakers is held out.
  const speakers = [...new Set(negatives.filter((f) => source(f) === 'speechocean762').map((f) => path.basename(path.dirname(f))))].sort();
  const heldOutSpeakers = new Set(speakers.slice(Math.floor(speakers.length / 2)));
  const heldOutNegative = (file: string) => HELD_OUT_SOURCES.includes(source(file)) || heldOutSpeakers.has(path.basename(path.dirname(file)));
  const noise = await listAudioFiles(path.join(SHARED_DATA, 'noise'));
  const heldOutNoise = (file: string) => HELD_OUT_NOISE.includes(path.basename(file));
  return {
    train: { positives: alexa.filter((f) => !heldOutClip(f)), negatives: negatives.filter((f) => !heldOutNegative(f)), noise: noise.filter((f) => !heldOutNoise(f)) },
    test: {
      positives: alexa.filter(heldOutClip),
      negatives: negatives.filter(heldOutNegative),
      noise: noise.filter(heldOutNoise),
      stream: path.join(SHARED_DATA, 'streams', 'multiple_keywords.flac'),
    },
  };
}
