/**
 * The user's own word, followed as the README says, measured on real voices. In an empty folder:
 * `wakeword synth` clips of the word, confusables and sentences, then `wakeword train` three ways:
 * - synthetic: on those alone;
 * - takes: plus 10 real takes of the word through `wakeword record --input-command`;
 * - rooms: plus, as README step 2 and `train`'s notes advise, real speech of other people to
 *   train and calibrate on and background noise (here the alexa split's train-part speech and
 *   noise, and its dev-part speech for calibration, stand in for LibriSpeech and MUSAN).
 * Each detector is evaluated on the other real recordings of the word from ../shared/data
 * (Picovoice's crowd, each clean and at 10 dB SNR over music, babble and noise) against the alexa
 * split's test-part speech and noise, as `wakeword evaluate` does. Audio saying the word is kept
 * out of every negative set.
 *
 *   npx tsx scripts/bench/own-word.ts [--words jarvis,computer] [--variants synthetic,takes,rooms] [--real 10]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluateDetector, listAudioFiles, loadDetector, percent, selectBackend } from '../../src/node.ts';
import { alexaSplit, SHARED_DATA } from '../alexa-split.ts';

const { values } = parseArgs({
  options: { words: { type: 'string', default: 'jarvis,computer' }, variants: { type: 'string', default: 'synthetic,takes,rooms' }, real: { type: 'string', default: '10' } },
});
const variants = values.variants!.split(',');
const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'bin/wakeword.js');
const realTakes = Number(values.real);

await selectBackend();
const split = await alexaSplit();

/** Runs the CLI in `cwd` as a user would, its output passed through. */
function wakeword(cwd: string, args: string[]): void {
  console.error(`$ wakeword ${args.map((a) => (a.includes(' ') ? `'${a}'` : a)).join(' ')}`);
  execFileSync(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } });
}

const rows: string[] = [];
for (const word of values.words!.split(',')) {
  const clips = await listAudioFiles(path.join(SHARED_DATA, 'negative', `picovoice-${word}`));
  const takes = clips.slice(0, realTakes);
  const heldOut = clips.slice(realTakes);
  const work = path.join(os.tmpdir(), `wakeword-own-word-${word}-${process.pid}`);
  mkdirSync(path.join(work, 'models'), { recursive: true });
  symlinkSync(path.join(ROOT, 'models/base'), path.join(work, 'models/base'));

  wakeword(work, ['synth', '--word', word, '--count', '300']);
  wakeword(work, ['synth', '--word', word, '--negative', '--count', '300', '--sentences', '200']);
  const models: [string, string][] = [];
  if (variants.includes('synthetic')) {
    wakeword(work, ['train', '--word', word, '--out', `models/${word}-synthetic`]);
    models.push(['synthetic only', `models/${word}-synthetic`]);
  }
  if (variants.includes('takes') || variants.includes('rooms')) {
    // The takes play one after another into `record`, as a microphone would hear someone repeat the word.
    const play = takes.map((f) => `ffmpeg -hide_banner -loglevel error -nostdin -i '${f}' -af adelay=500:all=1,apad=pad_dur=1 -f s16le -ac 1 -ar 16000 -`).join('; ');
    wakeword(work, ['record', '--word', word, '--count', String(takes.length), '--countdown', '0', '--input-command', play]);
  }
  if (variants.includes('takes')) {
    wakeword(work, ['train', '--word', word, '--out', `models/${word}-takes`]);
    models.push([`synthetic + ${takes.length} real takes`, `models/${word}-takes`]);
  }
  if (variants.includes('rooms')) {
    const sayNot = (files: string[]) => files.filter((f) => !f.toLowerCase().includes(word));
    wakeword(work, [
      'train', '--word', word, '--out', `models/${word}-rooms`,
      '--negatives', 'audio/negative', ...sayNot(split.train.negatives),
      '--noise', ...split.train.noise.flatMap((b) => b.files),
      '--calibration-negatives', ...sayNot(split.dev.negatives),
    ]);
    models.push([`synthetic + ${takes.length} takes + real speech and noise`, `models/${word}-rooms`]);
  }

  for (const [label, model] of models) {
    const folder = path.join(work, model);
    const { detector, metadata } = await loadDetector(folder);
    const result = await evaluateDetector(detector, {
      positives: heldOut, negatives: split.test.negatives, noise: split.test.noise, snrDb: 10,
      settings: { threshold: metadata.threshold, refractorySeconds: metadata.refractorySeconds },
    });
    detector.dispose();
    const m = result.metrics;
    const at = (rate: number) => percent(m.atTargetRates.find((r) => r.perHour === rate)!.point.falseRejectRate);
    const kinds = m.byBackground.map((b) => `${b.background} ${percent(b.atModelThreshold)}`).join(', ');
    rows.push(`| ${word} | ${label} | ${metadata.threshold.toFixed(4)} | ${percent(metadata.validation.recallAtThreshold)} | ${percent(m.atModelThreshold.falseRejectRate)} | ${m.atModelThreshold.falseAcceptsPerHour.toFixed(2)} | ${at(0.5)} | ${at(1)} | ${kinds} |`);
    console.error(rows.at(-1));
  }
  rmSync(work, { recursive: true, force: true });
}

console.log(`Evaluation: the word's other real recordings (Picovoice's crowd, ${realTakes} of each word's 200 used as the takes), each clean and at 10 dB SNR over music, babble and noise; ` +
  `the alexa split's test-part speech and noise as negatives (clean and over each kind, each kind alone, silence, room tone, the gaps).\n`);
console.log('| word | trained on | stored threshold | validation recall (metadata) | FRR at stored threshold | FA/h there | FRR at 0.5 FA/h | FRR at 1 FA/h | FRR at stored threshold by background |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
