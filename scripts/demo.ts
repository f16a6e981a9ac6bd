/**
 * The quickstart (npm run demo): no recordings, no microphone, no ../shared needed. It fine-tunes
 * an "alexa" detector on real voices from audio/samples plus synthetic ones, with the default
 * recipe, and proves it on real voices it never heard: every word of a test stream (held-out
 * real clips among real sentences, over music and babble) detected or missed, every false
 * accept, the evaluation summary and a score-trace plot. See scripts/quickstart.ts.
 */
import path from 'node:path';
import { PhaseBars, percent, selectBackend } from '../src/node.ts';
import { runQuickstart } from './quickstart.ts';

const MODEL = 'models/demo-alexa';
const started = Date.now();
const bars = new PhaseBars();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

const result = await runQuickstart({
  work: 'audio/demo',
  model: MODEL,
  backend: await selectBackend(),
  synthetic: { positives: 200, confusables: 100, sentences: 200 },
  onStep: (text) => {
    bars.stop();
    console.log(`\n== ${text} (${elapsed()})`);
  },
  onSynth: (folder, done, total) => bars.show(`synth ${folder}`, total, 'clips').update(done),
  training: {
    onPrepare: (done, total) => bars.show('embedding', total, 'streams').update(done),
    onBatch: (_epoch, batch, batches) => bars.show('head', batches, 'batches').update(batch),
  },
});
bars.stop();

const { metadata, stream, evaluation } = result;
for (const s of result.skipped) console.error(`skipped ${s.file}: ${s.reason}`);
console.log(`${MODEL}: threshold ${metadata.threshold.toFixed(4)}, calibrated for ${metadata.calibration.targetFalseAcceptsPerHour} false accepts/hour on ` +
  `${(metadata.calibration.negativeHours * 60).toFixed(0)} min of sentences it never trained on`);
console.log(`\n${stream.file}: ${(stream.seconds / 60).toFixed(1)} min, "alexa" said ${stream.words.length} times by real voices the detector never heard, among real sentences`);
for (const w of stream.words) {
  const what = w.detection ? `detected at ${w.detection.t.toFixed(2)} s (score ${w.detection.score.toFixed(3)})` : 'MISSED';
  console.log(`  ${w.start.toFixed(2).padStart(7)} s  over ${w.background.padEnd(6)}  ${path.basename(w.file).padEnd(9)} ${what}`);
}
for (const f of stream.falseAccepts) console.log(`  false accept at ${f.t.toFixed(2)} s (score ${f.score.toFixed(3)})`);
const found = stream.words.filter((w) => w.detection).length;
console.log(`  ${found} of ${stream.words.length} detected, ${stream.falseAccepts.length} false accept(s) in ${(stream.seconds / 60).toFixed(1)} min`);
console.log(`  score trace: ${stream.plot}`);

const m = evaluation.metrics;
console.log(`\nEvaluation (npx wakeword evaluate): ${m.byBackground[0]!.clips} held-out clips, clean and at 10 dB SNR over music and babble; ${(m.negativeHours * 60).toFixed(1)} min of negatives listened`);
for (const b of m.byBackground) console.log(`  ${b.background.padEnd(7)} ${percent(b.atModelThreshold)} missed at the stored threshold`);
console.log(`  ${m.atModelThreshold.falseAccepts} false accept(s) at the stored threshold; report: ${result.report}`);
console.log(`\ndone in ${elapsed()}: try it live with  npx wakeword listen --model ${MODEL}  or  npx wakeword serve --model ${MODEL}`);
