/**
 * The quickstart's pipeline (npm run demo, and the test that runs it shortened): a detector for
 * "alexa" fine-tuned on real voices from audio/samples plus synthetic ones (both TTS engines, many
 * voices, rates and pitches) with the default recipe, then proved on real voices it never heard:
 * a stream of the held-out clips among real sentences, over music and babble, and the same clips
 * and sentences through `wakeword evaluate`'s protocol. Needs nothing outside the repository.
 */
import path from 'node:path';
import seedrandom from 'seedrandom';
import {
  contentHash, detections, encodeWav16, evaluateDetector, listAudioFiles, loadBaseModel, loadDetector, makeBabble, mixAtSnr, planSynthesis, readAudio, renderSvg,
  scoreRecording, scoreTraceSpec, svgToPng, synthesizeToFolder, trainDetector, trainingAugmenter, writeFileAtomic, writeReport, type DetectorMetadata, type EvaluationResult, type TrainDetectorOptions,
} from '../src/node.ts';

export const SAMPLES = path.resolve(import.meta.dirname, '../audio/samples');
const RATE = 16000;

export interface QuickstartOptions {
  /** Folder for the synthetic clips, the test stream and the report. */
  work: string;
  /** The detector folder to write. */
  model: string;
  backend: string;
  /** Synthetic clips of the word, confusable words and sentences. */
  synthetic: { positives: number; confusables: number; sentences: number };
  /** Options passed on to trainDetector (fewer copies in the test; progress callbacks). */
  training?: Partial<TrainDetectorOptions>;
  onStep?: (text: string) => void;
  onSynth?: (folder: string, done: number, total: number) => void;
}

/** One "alexa" in the test stream, and the detection that found it (if any). */
export interface StreamWord {
  file: string;
  start: number;
  end: number;
  background: string;
  detection?: { t: number; score: number };
}

export interface QuickstartResult {
  metadata: DetectorMetadata;
  stream: { file: string; seconds: number; words: StreamWord[]; falseAccepts: { t: number; score: number }[]; plot: string };
  evaluation: EvaluationResult;
  report: string;
  /** Files the demo left out of training, with why. */
  skipped: { file: string; reason: string }[];
}

/** The song with vocals: background of the test stream only. */
const TEST_MUSIC = 'joshua-morin-on-the-run.flac';

/**
 * The sample set's parts: the Picovoice clips by the project's split (n % 20: 0-2 train, 14-16
 * held out), LJ Speech sentences to train on and VCTK ones to test on, two music cuts to train
 * on and the song to test on.
 */
export async function sampleSplit() {
  const list = (dir: string) => listAudioFiles(path.join(SAMPLES, dir));
  const alexa = await list('alexa');
  const number = (file: string) => Number(path.basename(file, path.extname(file))) % 20;
  const speech = await list('speech');
  const music = await list('noise/music');
  return {
    train: { alexa: alexa.filter((f) => number(f) < 14), speech: speech.filter((f) => path.basename(f).startsWith('ljspeech')), music: music.filter((f) => path.basename(f) !== TEST_MUSIC) },
    test: { alexa: alexa.filter((f) => number(f) >= 14), speech: speech.filter((f) => path.basename(f).startsWith('vctk')), music: music.filter((f) => path.basename(f) === TEST_MUSIC) },
  };
}

export async function runQuickstart(options: QuickstartOptions): Promise<QuickstartResult> {
  const step = options.onStep ?? (() => {});
  const samples = await sampleSplit();
  const folder = (name: string) => path.join(options.work, name);

  step('synthesising "alexa", confusable words and sentences with espeak-ng and flite voices (npx wakeword synth)');
  const synth = async (name: string, plan: Awaited<ReturnType<typeof planSynthesis>>) => {
    await synthesizeToFolder(plan, folder(name), { onProgress: (done, total) => options.onSynth?.(name, done, total) });
    return plan.map((u) => path.join(folder(name), `${u.name}.wav`));
  };
  const { positives, confusables, sentences } = options.synthetic;
  const synthPositives = await synth('alexa', await planSynthesis({ word: 'alexa', count: positives, seed: 1 }));
  const negativePlan = await planSynthesis({ word: 'alexa', count: confusables, negative: true, sentences, seed: 1 });
  const synthNegatives = await synth('negative', negativePlan);
  const nearMisses = synthNegatives.filter((_, i) => negativePlan[i]!.kind === 'confusable');
  // Sentences in other voices, for the threshold: audio the head never trains on.
  const calibration = await synth('calibration', (await planSynthesis({ word: 'alexa', count: 0, negative: true, sentences: Math.ceil(sentences / 2), seed: 2 })));

  step('checking that no test clip is a training clip (by content hash)');
  const trainFiles = [...samples.train.alexa, ...samples.train.speech, ...samples.train.music, ...synthPositives, ...synthNegatives, ...calibration];
  const testFiles = [...samples.test.alexa, ...samples.test.speech, ...samples.test.music];
  const trainHashes = new Set(await Promise.all(trainFiles.map(contentHash)));
  const shared = (await Promise.all(testFiles.map(async (f) => ((trainHashes.has(await contentHash(f))) ? f : undefined)))).filter(Boolean);
  if (shared.length > 0) throw new Error(`test audio also in training: ${shared.join(', ')}`);

  step(`fine-tuning on ${samples.train.alexa.length} real and ${synthPositives.length} synthetic clips, default recipe (npx wakeword train)`);
  const { augmenter, tag, spec } = await trainingAugmenter(samples.train.music, RATE, {}, { speech: [...samples.train.speech, ...synthNegatives] });
  const { metadata, skipped } = await trainDetector({
    name: path.basename(options.model), word: 'alexa', out: options.model, base: await loadBaseModel('speech-embedding'), backend: options.backend,
    augmenter, augmentationTag: tag, augmentation: spec,
    positives: [...samples.train.alexa, ...synthPositives],
    negatives: [...samples.train.speech, ...samples.train.music, ...synthNegatives],
    nearMisses,
    calibrationNegatives: calibration,
    ...options.training,
  });

  step('building a stream of the held-out real "alexa"s among real sentences, over music and babble');
  const babble = folder('test-babble.wav');
  await writeFileAtomic(babble, encodeWav16({ samples: makeBabble(await decodeAll(samples.test.speech), RATE * 60, seedrandom('demo-babble')), sampleRate: RATE }));
  const stream = await buildStream(samples.test.alexa, samples.test.speech, [{ kind: 'music', file: samples.test.music[0]! }, { kind: 'babble', file: babble }]);
  const streamFile = folder('test-stream.wav');
  await writeFileAtomic(streamFile, encodeWav16({ samples: stream.samples, sampleRate: RATE }));
  const { detector } = await loadDetector(options.model);
  const steps = scoreRecording(detector, stream.samples);
  const fired = detections(steps, metadata);
  const within = (t: number, w: { start: number; end: number }) => t > w.start && t <= w.end + 1;
  const words = stream.words.map((w) => ({ ...w, detection: fired.find((f) => within(f.t, w)) }));
  const falseAccepts = fired.filter((f) => !stream.words.some((w) => within(f.t, w)));
  const plot = folder('test-stream-scores.png');
  const svg = await renderSvg(scoreTraceSpec(steps, words.map((w) => ({ start: w.start, end: w.end, detected: w.detection !== undefined })), metadata.threshold, 'Scores over the demo stream'));
  await writeFileAtomic(plot, svgToPng(svg));

  step('evaluating on the held-out clips and sentences, clean and over music and babble (npx wakeword evaluate)');
  const evaluation = await evaluateDetector(detector, {
    positives: samples.test.alexa, negatives: samples.test.speech,
    noise: [{ kind: 'music', files: samples.test.music }, { kind: 'babble', files: [babble] }], snrDb: 10,
    settings: { threshold: metadata.threshold, refractorySeconds: metadata.refractorySeconds },
  });
  detector.dispose();
  const report = folder('report');
  await writeReport(report, evaluation, {
    title: 'demo alexa on held-out real voices', model: options.model, positivesFrom: ['audio/samples/alexa (clips 14-16 mod 20)'],
    negativesFrom: ['audio/samples/speech (VCTK)'], noiseFrom: 'audio/samples/noise/music (the song with vocals), babble made from the VCTK sentences', date: new Date().toISOString().slice(0, 10),
  });
  return { metadata, stream: { file: streamFile, seconds: stream.samples.length / RATE, words, falseAccepts, plot }, evaluation, report: path.join(report, 'report.md'), skipped };
}

async function decodeAll(files: string[]): Promise<Float32Array[]> {
  return Promise.all(files.map(async (f) => (await readAudio(f, RATE)).samples));
}

/**
 * Sentences and words in turn (two sentences, then a word) with short pauses, the first half of
 * the words over one background and the rest over the next, continuously, at 10 dB SNR
 * (measured over the speech).
 */
async function buildStream(words: string[], sentences: string[], backgrounds: { kind: string; file: string }[]) {
  const pause = Math.round(0.7 * RATE);
  const perBackground = Math.ceil(words.length / backgrounds.length);
  const parts: Float32Array[] = [];
  const placed: StreamWord[] = [];
  let offset = 0;
  for (const [b, { kind, file: noiseFile }] of backgrounds.entries()) {
    const pieces: { samples: Float32Array; file?: string }[] = [];
    for (const [i, file] of words.slice(b * perBackground, (b + 1) * perBackground).entries()) {
      const k = b * perBackground + i;
      for (const sentence of [sentences[(2 * k) % sentences.length]!, sentences[(2 * k + 1) % sentences.length]!]) pieces.push({ samples: (await readAudio(sentence, RATE)).samples });
      pieces.push({ samples: (await readAudio(file, RATE)).samples, file });
    }
    const clean = new Float32Array(pieces.reduce((n, p) => n + p.samples.length + pause, pause));
    let at = pause;
    for (const piece of pieces) {
      clean.set(piece.samples, at);
      if (piece.file) placed.push({ file: piece.file, start: (offset + at) / RATE, end: (offset + at + piece.samples.length) / RATE, background: kind });
      at += piece.samples.length + pause;
    }
    const noise = (await readAudio(noiseFile, RATE)).samples;
    parts.push(mixAtSnr({ samples: clean, sampleRate: RATE }, { samples: noise, sampleRate: RATE }, 10).samples);
    offset += clean.length;
  }
  const samples = new Float32Array(offset);
  parts.reduce((at, part) => (samples.set(part, at), at + part.length), 0);
  return { samples, words: placed };
}
