/**
 * The quickstart (npm run demo): no recordings, no microphone, no ../shared needed.
 *
 * 1. synthesises "alexa" with the espeak-ng voices, plus confusable words and sentences
 *    (= npx wakeword synth --word alexa ... --engines espeak)
 * 2. generates background noise
 * 3. fine-tunes the default base and calibrates the threshold (= npx wakeword train)
 * 4. builds a stream from voices it never trained on (flite's) with "alexa" among other
 *    speech, runs the detector over it (= npx wakeword detect) and prints what fired where
 * 5. evaluates on held-out flite clips (= npx wakeword evaluate)
 */
import path from 'node:path';
import seedrandom from 'seedrandom';
import {
  PhaseBars, encodeWav16, evaluateDetector, expandAudioPaths, groupBackgrounds, loadBaseModel, loadDetector, planSynthesis, readAudio,
  selectBackend, scoreRecording, detections, synthesizeToFolder, trainDetector, trainingAugmenter, writeFileAtomic,
} from '../src/node.ts';
import { colouredNoise } from '../src/audio/noise.ts';
import { mixAtSnr } from '../src/audio/mix.ts';

const ROOT = 'audio/demo';
const MODEL = 'models/demo-alexa';
const RATE = 16000;
const started = Date.now();
const bars = new PhaseBars();
const step = (text: string) => console.log(`\n== ${text} (${((Date.now() - started) / 1000).toFixed(0)} s)`);

step('1. synthesising training speech with espeak-ng voices (npx wakeword synth)');
const folders = {
  positives: `${ROOT}/train/alexa`,
  negatives: `${ROOT}/train/negative`,
  noise: `${ROOT}/noise`,
  testPositives: `${ROOT}/test/alexa`,
  testNegatives: `${ROOT}/test/negative`,
};
const synth = async (dir: string, plan: Awaited<ReturnType<typeof planSynthesis>>) => {
  const result = await synthesizeToFolder(plan, dir, { onProgress: (done, total) => bars.show(path.relative(ROOT, dir), total, 'clips').update(done) });
  bars.stop();
  for (const s of result.skipped) console.error(`skipped ${s.file}: ${s.reason}`);
};
await synth(folders.positives, await planSynthesis({ word: 'alexa', count: 250, engines: { espeak: 1 }, seed: 1 }));
await synth(folders.negatives, await planSynthesis({ word: 'alexa', count: 150, negative: true, sentences: 250, engines: { espeak: 1 }, seed: 1 }));

step('2. generating background noise');
const random = seedrandom('demo-noise');
for (const color of ['white', 'pink', 'brown'] as const) {
  await writeFileAtomic(`${folders.noise}/${color}.wav`, encodeWav16({ samples: colouredNoise(color, RATE * 20, random).map((x) => x * 0.3), sampleRate: RATE }));
}

step('3. fine-tuning the speech-embedding base, head only (npx wakeword train)');
const backend = await selectBackend();
const { augmenter, tag } = await trainingAugmenter(await expandAudioPaths([folders.noise]), RATE);
const { metadata } = await trainDetector({
  name: 'demo-alexa', word: 'alexa', out: MODEL, base: await loadBaseModel('speech-embedding'), backend, augmenter, augmentationTag: tag,
  positives: [folders.positives], negatives: [folders.negatives, folders.noise], positiveCopies: 4, negativeCopies: 1,
  training: { epochs: 15 },
  onPrepare: (done, total) => bars.show('embedding', total, 'streams').update(done),
  onBatch: (epoch, batch, batches, loss) => bars.show('head', 15 * batches, 'batches').update(epoch * batches + batch, `loss ${loss.toFixed(3)}`),
});
bars.stop();
console.log(`${MODEL}: threshold ${metadata.threshold.toFixed(4)} (calibrated for 0.5 false accepts/hour on ${(metadata.calibration.negativeHours * 60).toFixed(0)} min of negatives)`);

step('4. detecting in a stream of voices it never heard (flite) (npx wakeword detect)');
await synth(folders.testPositives, await planSynthesis({ word: 'alexa', count: 30, engines: { flite: 1 }, seed: 7 }));
await synth(folders.testNegatives, await planSynthesis({ word: 'alexa', count: 20, negative: true, sentences: 40, engines: { flite: 1 }, seed: 7 }));
const testPositives = await expandAudioPaths([folders.testPositives]);
const testNegatives = await expandAudioPaths([folders.testNegatives]);
const pieces: { file: string; word: boolean }[] = [];
for (let i = 0; i < 12; i++) {
  pieces.push({ file: testNegatives[i * 3]!, word: false }, { file: testNegatives[i * 3 + 1]!, word: false });
  if (i % 2 === 0) pieces.push({ file: testPositives[i]!, word: true });
}
const gap = new Float32Array(RATE * 0.8);
const parts: Float32Array[] = [];
const truth: { start: number; end: number }[] = [];
let length = 0;
for (const piece of pieces) {
  const { samples } = await readAudio(piece.file, RATE);
  if (piece.word) truth.push({ start: length / RATE, end: (length + samples.length) / RATE });
  parts.push(samples, gap);
  length += samples.length + gap.length;
}
const clean = new Float32Array(length);
parts.reduce((offset, part) => (clean.set(part, offset), offset + part.length), 0);
const stream = mixAtSnr({ samples: clean, sampleRate: RATE }, { samples: colouredNoise('pink', length, random), sampleRate: RATE }, 20);
await writeFileAtomic(`${ROOT}/test-stream.wav`, encodeWav16(stream));
const { detector } = await loadDetector(MODEL);
const fired = detections(scoreRecording(detector, stream.samples), metadata);
console.log(`${ROOT}/test-stream.wav: ${(length / RATE).toFixed(1)} s, "alexa" said ${truth.length} times among ${pieces.length - truth.length} other utterances`);
const hit = (t: number) => truth.findIndex((w) => t >= w.start && t <= w.end + 1);
for (const w of truth) {
  const d = fired.find((f) => f.t >= w.start && f.t <= w.end + 1);
  console.log(`  alexa at ${w.start.toFixed(2)}-${w.end.toFixed(2)} s: ${d ? `detected at ${d.t.toFixed(2)} s (score ${d.score.toFixed(3)})` : 'MISSED'}`);
}
for (const f of fired.filter((f) => hit(f.t) < 0)) console.log(`  false accept at ${f.t.toFixed(2)} s (score ${f.score.toFixed(3)})`);

step('5. evaluating on the held-out flite clips in noise (npx wakeword evaluate)');
const result = await evaluateDetector(detector, {
  positives: testPositives, negatives: testNegatives, noise: groupBackgrounds(await expandAudioPaths([folders.noise])), snrDb: 10,
  settings: { threshold: metadata.threshold, refractorySeconds: metadata.refractorySeconds },
});
const m = result.metrics.atModelThreshold;
console.log(`${result.clips.length} clips of "alexa" at 10 dB SNR: ${(m.falseRejectRate * 100).toFixed(1)} % missed; ` +
  `${m.falseAccepts} false accepts in ${(result.metrics.negativeHours * 60).toFixed(1)} min of other speech (clean and noisy)`);
detector.dispose();
step(`done: try it live with  npx wakeword listen --model ${MODEL}  or  npx wakeword serve --model ${MODEL}`);
