import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { alexaSplit, noiseFiles, onStreamAlexa } from '../scripts/alexa-split.ts';
import { loadBaseModel, loadDetector, readAudio, scoreRecording, selectBackend, trainDetector, trainingAugmenter, writeFileAtomic } from '../src/node.ts';

/** Bump when the recipe below changes, so stale cached test models are retrained. */
const RECIPE_VERSION = 9;
const DIR = path.resolve(import.meta.dirname, `../.cache/test-models/alexa-v${RECIPE_VERSION}`);

/**
 * A real "alexa" detector for the tests of detect, listen and the browser page, trained once on
 * ../shared/data's training split with a quick recipe and cached under .cache/. Those tests check
 * that each surface reproduces the detector's offline scores and timing on the keyword stream,
 * not its accuracy (wakeword evaluate and npm run bench measure that): so its threshold is set
 * halfway between the stream's "alexa" peak and its highest other peak, found offline. If the
 * quick recipe ever scores another word above "alexa", the threshold stays calibrated and the
 * tests fail. Call only when the shared data is present.
 */
export async function alexaModelDir(): Promise<string> {
  if (existsSync(path.join(DIR, 'metadata.json'))) return DIR;
  const backend = await selectBackend();
  const split = await alexaSplit();
  const { augmenter, tag } = await trainingAugmenter(noiseFiles(split.train), 16000);
  await trainDetector({
    name: 'alexa-test', word: 'alexa', out: DIR, base: await loadBaseModel('speech-embedding'), backend, augmenter, augmentationTag: tag,
    positives: split.train.positives, negatives: split.train.negatives, positiveCopies: 3, negativeCopies: 0,
    cacheDir: path.resolve(import.meta.dirname, '../.cache/embeddings'),
  });
  const { detector } = await loadDetector(DIR);
  const steps = scoreRecording(detector, (await readAudio(split.stream, detector.sampleRate)).samples);
  detector.dispose();
  const peak = (inside: boolean) => Math.max(...steps.filter((s) => onStreamAlexa(s.t) === inside).map((s) => s.score));
  const [word, other] = [peak(true), peak(false)];
  if (word > other) {
    const file = path.join(DIR, 'metadata.json');
    const metadata = JSON.parse(await readFile(file, 'utf8'));
    await writeFileAtomic(file, JSON.stringify({ ...metadata, threshold: (word + other) / 2 }, null, 2) + '\n');
  }
  return DIR;
}
