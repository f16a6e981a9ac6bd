/**
 * Speed and latency of `wakeword detect`. Real-time factor (processing seconds / audio seconds)
 * of our detector on the tfjs wasm backend with one thread, beside openWakeWord's published
 * alexa pipeline in onnxruntime-node with one thread, on the same audio in the same run: the
 * shared alexa clips and negatives back to back (at least 10 minutes), fed in 80 ms chunks as
 * live audio is. Then the detection latency: each alexa clip alone between stretches of quiet
 * noise, from the end of the word (findSpeechBounds) to the step that fires. Last, what each
 * extra word costs: the model's head 1 and 5 times over one shared embedding pass (loadWordSet).
 *
 *   npx tsx scripts/bench/detect.ts [--model models/alexa] [--minutes 12] [--words 1,5]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import seedrandom from 'seedrandom';
import {
  CHUNK_SECONDS, chunks, concatFloat32, createDecider, findSpeechBounds, listAudioFiles, loadDetector, loadWordSet, PhaseBars, readAudioBatch, selectBackend,
  type DecisionSettings, type ScoreSource,
} from '../../src/node.ts';
import { OpenWakeWordReference } from './openwakeword-reference.ts';
import { SHARED_DATA as SHARED } from '../alexa-split.ts';

const RATE = 16000;
/** Quiet noise around each clip in the latency runs: the head needs ~2 s of context before its first score. */
const LEAD_SECONDS = 2.5;
const TAIL_SECONDS = 2;
const NOISE_DB = -60;

const { values: args } = parseArgs({ options: { model: { type: 'string', default: 'models/alexa' }, minutes: { type: 'string', default: '12' }, words: { type: 'string', default: '1,5' } } });

setThreadsCount(1);
await selectBackend('wasm');
const { detector, metadata } = await loadDetector(args.model!);
const reference = await OpenWakeWordReference.create();
const contenders: { name: string; runtime: string; source: ScoreSource; settings: DecisionSettings }[] = [
  { name: `ours: ${metadata.name}`, runtime: `tfjs wasm, ${getThreadsCount()} thread`, source: detector, settings: { threshold: metadata.threshold, refractorySeconds: metadata.refractorySeconds } },
  { name: 'openWakeWord alexa_v0.1', runtime: 'onnxruntime-node, 1 thread', source: reference, settings: { threshold: 0.5, refractorySeconds: metadata.refractorySeconds } },
];
const load = os.loadavg();

// --- Real-time factor over one long stream -------------------------------------------------
const alexaFiles = await listAudioFiles(path.join(SHARED, 'alexa'));
const alexa = (await readAudioBatch(alexaFiles, RATE)).clips;
const negativeFiles = spreadOver(await listAudioFiles(path.join(SHARED, 'negative')));
const stream: Float32Array[] = alexa.map((c) => c.audio.samples);
let streamSamples = stream.reduce((n, s) => n + s.length, 0);
for (const file of negativeFiles) {
  if (streamSamples >= Number(args.minutes) * 60 * RATE) break;
  const [clip] = (await readAudioBatch([file], RATE)).clips;
  if (!clip) continue;
  stream.push(clip.audio.samples);
  streamSamples += clip.audio.samples.length;
}
const audio = concatFloat32(stream);
const audioSeconds = audio.length / RATE;

const bars = new PhaseBars();
const speed: { name: string; runtime: string; seconds: number; steps: number }[] = [];
for (const { name, runtime, source } of contenders) speed.push({ name, runtime, ...(await timeOver(name, source)) });

// --- Several words on one stream: one frontend and embedding pass, one head per word ---------
const words: { count: number; seconds: number; steps: number }[] = [];
for (const count of args.words!.split(',').map(Number)) {
  const { detector: set } = await loadWordSet(Array.from({ length: count }, () => args.model!));
  words.push({ count, ...(await timeOver(`${count} word${count === 1 ? '' : 's'}`, set)) });
  set.dispose();
}

// --- Latency: end of the word to the detection ----------------------------------------------
const random = seedrandom('latency');
const quiet = (seconds: number) => Float32Array.from({ length: Math.round(seconds * RATE) }, () => 10 ** (NOISE_DB / 20) * Math.sqrt(3) * (2 * random() - 1));
const latency: { name: string; values: number[] }[] = contenders.map(({ name }) => ({ name, values: [] }));
const progress = bars.show('latency', alexa.length * contenders.length, 'clips');
let done = 0;
for (const clip of alexa) {
  const bounds = findSpeechBounds(clip.audio);
  if (!bounds) continue;
  const samples = concatFloat32([quiet(LEAD_SECONDS), clip.audio.samples, quiet(TAIL_SECONDS)]);
  for (const [i, { source, settings }] of contenders.entries()) {
    source.reset();
    const decider = createDecider(settings);
    let fired: number | undefined;
    for (const chunk of chunks(samples, RATE)) {
      for (const step of await source.push(chunk)) fired ??= decider.step(step)?.t;
      if (fired !== undefined) break;
    }
    // A firing before the word began is a false accept, not a detection of it.
    if (fired !== undefined && fired >= LEAD_SECONDS + bounds.start) latency[i]!.values.push(fired - (LEAD_SECONDS + bounds.end));
    progress.update(++done);
  }
}
bars.stop();
detector.dispose();

const ms = (s: number) => `${Math.round(s * 1000)} ms`;
// The heading, command, machine and date come from npm run bench, which prints this under them.
console.log(`Load average at start ${load.map((l) => l.toFixed(2)).join(', ')}; model ${args.model} (threshold ${metadata.threshold}, refractory ${metadata.refractorySeconds} s).`);
console.log(`Audio: ${(audioSeconds / 60).toFixed(1)} min = ${alexa.length} alexa clips + ${stream.length - alexa.length} negative recordings from ${SHARED}, back to back, fed in ${CHUNK_SECONDS * 1000} ms chunks.\n`);
console.log('| pipeline | runtime | real-time factor | per 80 ms step |');
console.log('|---|---|---|---|');
for (const s of speed) console.log(`| ${s.name} | ${s.runtime} | ${(s.seconds / audioSeconds).toFixed(4)} | ${((s.seconds / s.steps) * 1000).toFixed(2)} ms |`);
console.log(`\nLatency from the end of the word (energy-based end, findSpeechBounds) to the step that fired, each clip alone between ${LEAD_SECONDS} s and ${TAIL_SECONDS} s of noise at ${NOISE_DB} dBFS; audio time (add the step's processing time for wall-clock time). Negative: it fired before the word's energy fell 30 dB below its peak (in noisy clips that end can lie late). A model trained on these clips (train:alexa trains on 140 of the 200) detects more of them than of new ones: the counts are not an accuracy measure, see wakeword evaluate.\n`);
console.log('| detector | clips detected | median latency | 10th / 90th percentile |');
console.log('|---|---|---|---|');
for (const { name, values } of latency) {
  const sorted = values.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  console.log(`| ${name} | ${sorted.length} / ${alexa.length} | ${ms(at(0.5))} | ${ms(at(0.1))} / ${ms(at(0.9))} |`);
}
console.log(`\nSeveral words on one stream (\`detect\`/\`listen\` with repeated --model): the model's head N times over one frontend and one embedding pass, same audio, tfjs wasm, 1 thread.\n`);
console.log('| words | real-time factor | per 80 ms step | each word after the first |');
console.log('|---|---|---|---|');
const one = words.find((w) => w.count === 1);
for (const w of words) {
  const extra = one && w.count > 1 ? `${(((w.seconds - one.seconds) / (w.count - 1) / one.seconds) * 100).toFixed(1)} % of one word` : '';
  console.log(`| ${w.count} | ${(w.seconds / audioSeconds).toFixed(4)} | ${((w.seconds / w.steps) * 1000).toFixed(2)} ms | ${extra} |`);
}

/** Wall time and steps of `source` over the whole stream, after a 10 s warm-up. */
async function timeOver(label: string, source: StepSource): Promise<{ seconds: number; steps: number }> {
  source.reset();
  await feed(source, audio.subarray(0, 10 * RATE));
  source.reset();
  const progress = bars.show(label.slice(0, 12), Math.ceil(audioSeconds), 's audio');
  const began = performance.now();
  let steps = 0;
  const block = 60 * RATE;
  for (let i = 0; i < audio.length; i += block) {
    steps += await feed(source, audio.subarray(i, i + block));
    progress.update(Math.round(Math.min(audio.length, i + block) / RATE));
  }
  bars.stop();
  return { seconds: (performance.now() - began) / 1000, steps };
}

/** What the speed runs feed: a score source, or a word set (its steps carry one score per word). */
type StepSource = { readonly sampleRate: number; push(samples: Float32Array): unknown[] | Promise<unknown[]>; reset(): void };

/** Feeds samples in live-sized chunks; returns the number of steps. */
async function feed(source: StepSource, samples: Float32Array): Promise<number> {
  let steps = 0;
  for (const chunk of chunks(samples, source.sampleRate)) steps += (await source.push(chunk)).length;
  return steps;
}

/** Files of every negative folder in turn (first of each, then second of each...), so a few minutes sample all sources. */
function spreadOver(files: string[]): string[] {
  const byFolder = new Map<string, string[]>();
  for (const file of files) {
    const folder = path.relative(path.join(SHARED, 'negative'), file).split(path.sep)[0]!;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  const lists = [...byFolder.values()];
  const longest = Math.max(...lists.map((l) => l.length));
  return Array.from({ length: longest }, (_, i) => lists.flatMap((l) => (i < l.length ? [l[i]!] : []))).flat();
}
