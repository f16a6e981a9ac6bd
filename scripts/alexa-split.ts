/**
 * The fixed three-part split of ../shared/data behind `npm run train:alexa` and the recipe bench:
 *
 * - train: what the head learns from;
 * - dev: every choice (schedule, head, augmentation, seeds) and the stored threshold's calibration;
 * - test: touched only to report a finished recipe.
 *
 * Alexa clips are split by number; negatives by whole source (and speechocean762 by speaker), so
 * no voice or recording setup is on two sides; noise by file within each folder, so every part
 * has music, babble and machine noise. The alexa speakers are not labelled: the same speaker may
 * be on two sides, which flatters the positives a little (the negatives are not flattered).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { groupBackgrounds, listAudioFiles, type BackgroundNoise } from '../src/node.ts';

export const SHARED_DATA = path.resolve(import.meta.dirname, '../../shared/data');

/** Where "alexa", the second of multiple_keywords.flac's ten words, is heard: a detector fires once, in here. */
export const STREAM_ALEXA = { from: 7, to: 10.5 };

/** Whether a time in multiple_keywords.flac (seconds) falls on its "alexa". */
export function onStreamAlexa(t: number): boolean {
  return t >= STREAM_ALEXA.from && t <= STREAM_ALEXA.to;
}

/**
 * Where the recipe writes its synthetic speech: the word, near-misses with sentences (training),
 * and other sentences for the threshold's calibration only.
 */
export const SYNTHETIC = { positives: 'audio/alexa/synth', negatives: 'audio/negative/synth-alexa', calibration: 'audio/negative/synth-alexa-calibration' };

export type Part = 'train' | 'dev' | 'test';
export const PARTS: Part[] = ['train', 'dev', 'test'];

/** Negative sources (folders under negative/) of the dev and test parts; every other source trains. */
const SOURCES: Record<Exclude<Part, 'train'>, string[]> = {
  dev: ['picovoice-jarvis', 'azure-conversation', 'cmu-arctic-samples', 'apollo11', 'pocketsphinx-testdata'],
  test: ['picovoice-snowboy', 'vctk', 'ljspeech', 'watson-samples'],
};

export interface SplitPart {
  positives: string[];
  negatives: string[];
  /** Noise files by background kind (music, babble, noise). */
  noise: BackgroundNoise[];
}

export type AlexaSplit = Record<Part, SplitPart> & { stream: string };

export function sharedDataPresent(): boolean {
  return existsSync(SHARED_DATA);
}

/** Part of the i-th of 20 buckets: 14 train, 3 dev, 3 test. */
function bucketPart(i: number): Part {
  const b = i % 20;
  return b < 14 ? 'train' : b < 17 ? 'dev' : 'test';
}


export async function alexaSplit(): Promise<AlexaSplit> {
  const alexa = await listAudioFiles(path.join(SHARED_DATA, 'alexa'));
  const clipPart = (file: string) => bucketPart(Number(path.basename(file, path.extname(file))));

  const negatives = await listAudioFiles(path.join(SHARED_DATA, 'negative'));
  const source = (file: string) => path.relative(path.join(SHARED_DATA, 'negative'), file).split(path.sep)[0]!;
  // speechocean762 by speaker: a quarter train, half dev, a quarter test. Its read sentences are
  // what fires most on new speech, so the stored threshold's calibration needs many of them.
  const speakers = [...new Set(negatives.filter((f) => source(f) === 'speechocean762').map((f) => path.basename(path.dirname(f))))].sort();
  const speakerPart = (speaker: string): Part => (['train', 'dev', 'dev', 'test'] as const)[speakers.indexOf(speaker) % 4]!;
  const negativePart = (file: string): Part => {
    const from = source(file);
    if (from === 'speechocean762') return speakerPart(path.basename(path.dirname(file)));
    return SOURCES.dev.includes(from) ? 'dev' : SOURCES.test.includes(from) ? 'test' : 'train';
  };

  // Noise by file, in every folder: 3 of 5 train, 1 dev, 1 test.
  const noise = await listAudioFiles(path.join(SHARED_DATA, 'noise'));
  const noisePart = new Map<string, Part>();
  const byFolder = groupBy(noise, (file) => path.dirname(file));
  for (const files of byFolder.values()) files.sort().forEach((file, i) => noisePart.set(file, (['train', 'train', 'train', 'dev', 'test'] as const)[i % 5]!));

  const part = (p: Part): SplitPart => {
    return {
      positives: alexa.filter((f) => clipPart(f) === p),
      negatives: negatives.filter((f) => negativePart(f) === p),
      // Kinds from the folders: music/ is music, crowd/ babble, the rest (ambience, machines) noise.
      noise: groupBackgrounds(noise.filter((f) => noisePart.get(f) === p)),
    };
  };
  return { train: part('train'), dev: part('dev'), test: part('test'), stream: path.join(SHARED_DATA, 'streams', 'multiple_keywords.flac') };
}

/** Several parts as one: their clips, speech and noise (by kind) together. */
export function joinParts(parts: SplitPart[]): SplitPart {
  return { positives: parts.flatMap((p) => p.positives), negatives: parts.flatMap((p) => p.negatives), noise: groupBackgrounds(parts.flatMap(noiseFiles)) };
}

/** Every noise file of a part, whatever its kind. */
export function noiseFiles(part: SplitPart): string[] {
  return part.noise.flatMap((n) => n.files);
}

/** Map.groupBy, which Node 20 lacks. */
function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
