/**
 * The recipe protocol: head variants of the alexa recipe, each over several seeds, trained on the
 * split's train part, calibrated on its dev part, and evaluated on one part (dev to choose, test
 * to report a finished recipe) exactly as `wakeword evaluate` does: positives at 10 dB SNR over
 * music, babble and noise (and clean), negatives clean and over each background, the backgrounds
 * alone, silence and room tone, the gaps between positives. The part's audio is embedded once;
 * every head is then scored over the same embeddings (rescoreEvaluation). With --openwakeword,
 * openWakeWord's alexa_v0.1 runs on the same streams. A difference smaller than the spread over
 * seeds is none.
 *
 * --sentences, --negative-copies, --positive-copies, --babble-clips and --train-on change how
 * many synthetic sentences the heads train on, how many augmented copies of each negative and of
 * each clip of the word, how many babble clips the noise pool makes from speech, and which parts
 * of the split they learn from (data variants: every head variant of
 * the run sees the same data). --snr sets the level of the positives over each background: the
 * dev part at 10 dB misses so few words that lower levels tell variants apart better.
 *
 *   npx tsx scripts/bench/recipe.ts [--part dev|test] [--seeds 3] [--variants recipe,...] [--sentences 400] [--negative-copies 2] [--positive-copies 10] [--babble-clips 16] [--train-on train[,test]] [--snr 10] [--openwakeword]
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  calibrateThreshold, evaluateDetector, headTrace, rescoreEvaluation, PhaseBars, readAudio,
  detections, percent, createEmbedder, chunks, headInputEnd, headInputCount,
  type DetectorStep, type EvaluationResult, type ScoreSource,
} from '../../src/node.ts';
import { onStreamAlexa, type Part } from '../alexa-split.ts';
import { HEAD_VARIANTS, NEGATIVE_COPIES, POSITIVE_COPIES, preparedRecipe, trainRecipeHead, TRAINING_SENTENCES } from '../alexa-recipe.ts';
import { OpenWakeWordReference } from './openwakeword-reference.ts';

const { values } = parseArgs({
  options: {
    part: { type: 'string', default: 'dev' },
    seeds: { type: 'string', default: '3' },
    variants: { type: 'string' },
    openwakeword: { type: 'boolean', default: false },
    sentences: { type: 'string', default: String(TRAINING_SENTENCES) },
    'negative-copies': { type: 'string', default: String(NEGATIVE_COPIES) },
    'positive-copies': { type: 'string', default: String(POSITIVE_COPIES) },
    'babble-clips': { type: 'string' },
    'train-on': { type: 'string', default: 'train' },
    snr: { type: 'string', default: '10' },
  },
});

const chosen = (values.variants ?? 'recipe').split(',');
for (const v of chosen) if (!(v in HEAD_VARIANTS)) throw new Error(`unknown variant ${v}; expected ${Object.keys(HEAD_VARIANTS).join(', ')}`);
const part = values.part as Part;
if (part !== 'dev' && part !== 'test') throw new Error('--part is dev or test');
const trainOn = values['train-on']!.split(',') as Part[];
if (trainOn.includes(part)) throw new Error(`--train-on ${trainOn.join(',')}: the heads cannot be evaluated on the ${part} part they learn from`);
const snrDb = Number(values.snr);

const bars = new PhaseBars();
const { backend, split, base, prepared, frontend } = await preparedRecipe(bars, { sentences: Number(values.sentences), negativeCopies: Number(values['negative-copies']), positiveCopies: Number(values['positive-copies']), babbleClips: values['babble-clips'] === undefined ? undefined : Number(values['babble-clips']), trainOn });

/** Records the embeddings of every pass of an evaluation. */
class Recorder implements ScoreSource {
  readonly sampleRate = frontend.sampleRate;
  readonly passes: { embeddings: Float32Array[] }[] = [];
  private readonly embedder = createEmbedder(base);
  reset() {
    frontend.reset();
    this.embedder.reset();
    this.passes.push({ embeddings: [] });
  }
  push(samples: Float32Array): DetectorStep[] {
    const pass = this.passes.at(-1)!;
    const before = headInputCount(base, pass);
    pass.embeddings.push(...this.embedder.push(frontend.push(samples)));
    return Array.from({ length: headInputCount(base, pass) - before }, (_, k) => ({ t: headInputEnd(base, frontend, before + k), score: 0 }));
  }
}

const audio = split[part];
const evaluation = (source: ScoreSource, threshold: number, label: string) =>
  evaluateDetector(source, {
    positives: audio.positives, negatives: audio.negatives, noise: audio.noise, snrDb, settings: { threshold, refractorySeconds: 2 },
    onProgress: (p) => bars.show(label, p.totalFiles, 'files').update(p.files),
  });
const recorder = new Recorder();
const recorded = await evaluation(recorder, 0.5, `${part} audio`);
const stream = (await readAudio(split.stream, frontend.sampleRate)).samples;
const streamPass = recorder.passes.length;
recorder.reset();
for (const chunk of chunks(stream, frontend.sampleRate)) recorder.push(chunk);
bars.stop();

interface Row {
  variant: string;
  seed: number;
  threshold: number;
  result: EvaluationResult;
  stream: number[];
}
const rows: Row[] = [];
for (const name of chosen) {
  const variant = HEAD_VARIANTS[name]!;
  for (let seed = 1; seed <= Number(values.seeds); seed++) {
    const head = await trainRecipeHead(base, prepared, seed, variant, (done) => bars.show(`${name}, seed ${seed}`, 0, 'batches').update(done));
    const { threshold } = calibrateThreshold(head, base, frontend, prepared, { targetPerHour: 0.5, refractorySeconds: 2, smoothing: 3 });
    const traces = recorder.passes.map((pass) => headTrace(head, base, frontend, pass, 3));
    const result = rescoreEvaluation(recorded, traces.slice(0, streamPass), { threshold, refractorySeconds: 2 });
    const streamSteps = traces[streamPass]!;
    head.dispose();
    const row = { variant: name, seed, threshold, result, stream: detections(streamSteps, { threshold, refractorySeconds: 2 }).map((d) => d.t) };
    rows.push(row);
    bars.stop();
    // Each run as it ends, for long sweeps: the tables below repeat it.
    const m = result.metrics;
    console.error(`${name} seed ${seed}: threshold ${threshold.toFixed(4)}, FRR ${m.atTargetRates.map((r) => `${percent(r.point.falseRejectRate)} at ${r.perHour}/h`).join(', ')}; ` +
      `${percent(m.atModelThreshold.falseRejectRate)} and ${m.atModelThreshold.falseAcceptsPerHour.toFixed(2)} FA/h at the threshold` +
      (result.falseAccepts.length ? ` (${result.falseAccepts.map((f) => `${f.pass}: ${path.basename(f.file)} at ${f.fileTime.toFixed(1)} s`).join('; ')})` : ''));
  }
}
if (values.openwakeword) {
  const result = await evaluation(await OpenWakeWordReference.create(), 0.5, 'openWakeWord');
  rows.push({ variant: 'openWakeWord alexa_v0.1', seed: 0, threshold: 0.5, result, stream: [] });
  bars.stop();
}

const first = rows[0]!.result;
const kinds = first.metrics.byBackground.map((b) => b.background);
console.log(`\nPart '${part}': ${audio.positives.length} alexa clips, each clean and at ${snrDb} dB SNR over ${kinds.filter((k) => k !== 'clean').join(', ')}; ` +
  `${(first.negativeSeconds / 3600).toFixed(2)} h of negative speech, ${first.metrics.negativeHours.toFixed(2)} h listened in all. Backend ${backend}; ${os.cpus()[0]!.model}. Heads trained on the ${trainOn.join(' and ')} part${trainOn.length > 1 ? 's' : ''} with ${values.sentences} synthetic sentences among the negatives, ${values['negative-copies']} augmented copies of each negative and ${values['positive-copies']} of each clip of the word; thresholds calibrated for 0.5 FA/h on the dev part and the synthetic calibration sentences.\n`);
const figures = (r: Row) => {
  const m = r.result.metrics;
  const at = (rate: number) => m.atTargetRates.find((t) => t.perHour === rate)!.point.falseRejectRate;
  const kind = (k: string) => m.byBackground.find((b) => b.background === k)!;
  return {
    'FRR at 0.1 FA/h': at(0.1), 'FRR at 0.5 FA/h': at(0.5), 'FRR at 1 FA/h': at(1),
    'FRR at stored threshold': m.atModelThreshold.falseRejectRate, 'FA/h at stored threshold': m.atModelThreshold.falseAcceptsPerHour,
    ...Object.fromEntries(kinds.map((k) => [`${k}: FRR at 0.5 FA/h`, kind(k).atTargetRates.find((t) => t.perHour === 0.5)!.falseRejectRate])),
    ...Object.fromEntries(kinds.map((k) => [`${k}: FRR at stored threshold`, kind(k).atModelThreshold])),
  };
};
const columns = Object.keys(figures(rows[0]!));
const show = (key: string, x: number) => (key.startsWith('FA/h') ? x.toFixed(2) : percent(x));
console.log(`| detector | seed | threshold | ${columns.join(' | ')} | multiple_keywords.flac |`);
console.log(`|---|---|---|${columns.map(() => '---|').join('')}---|`);
for (const r of rows) {
  const f = figures(r) as Record<string, number>;
  const streamCell = r.seed === 0 ? '' : r.stream.length === 1 && onStreamAlexa(r.stream[0]!) ? 'one, on alexa' : `${r.stream.map((t) => t.toFixed(1)).join(', ') || 'none'}`;
  console.log(`| ${HEAD_VARIANTS[r.variant]?.label ?? r.variant} | ${r.seed || ''} | ${r.threshold.toFixed(4)} | ${columns.map((c) => show(c, f[c]!)).join(' | ')} | ${streamCell} |`);
}
console.log('\nMedian (range) over seeds:\n');
console.log(`| detector | ${columns.join(' | ')} |`);
console.log(`|---|${columns.map(() => '---|').join('')}`);
for (const name of [...chosen, ...(values.openwakeword ? ['openWakeWord alexa_v0.1'] : [])]) {
  const runs = rows.filter((r) => r.variant === name).map((r) => figures(r) as Record<string, number>);
  const cell = (c: string) => {
    const sorted = runs.map((f) => f[c]!).sort((a, b) => a - b);
    const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
    return sorted.length === 1 ? show(c, median) : `${show(c, median)} (${show(c, sorted[0]!)}-${show(c, sorted.at(-1)!)})`;
  };
  console.log(`| ${HEAD_VARIANTS[name]?.label ?? name} | ${columns.map(cell).join(' | ')} |`);
}
