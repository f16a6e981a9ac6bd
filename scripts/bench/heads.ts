/**
 * How the head is trained, compared on the alexa recipe's data over several seeds: the five heads
 * trained with early stopping and smoothed labels that the recipe used before, then ten heads
 * trained for one pass of 100 batches with and without label smoothing (the recipe now), and one
 * such head alone. All train on the cached embeddings of `npm run train:alexa` (run it first)
 * and are scored on its held-out audio, embedded once here. With one false accept in the held-out
 * audio worth 0.76 per hour, any single run is a draw: the spread over seeds is the result.
 *
 *   npx tsx scripts/bench/heads.ts [--seeds 3]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { expandAudioPaths, frontends, loadBaseModel, PhaseBars, selectBackend, trainingAugmenter } from '../../src/index.ts';
import type { DetectorStep } from '../../src/detect/types.ts';
import { evaluateDetector } from '../../src/eval/evaluate.node.ts';
import { computeMetrics } from '../../src/eval/metrics.ts';
import { clipPeaks } from '../../src/eval/positives.ts';
import { percent } from '../../src/eval/report.ts';
import { EmbeddingCache } from '../../src/transfer/cache.node.ts';
import { createEmbedder } from '../../src/transfer/embed.ts';
import { mergeHeads } from '../../src/transfer/ensemble.ts';
import { scoreRefs } from '../../src/transfer/examples.ts';
import { buildHeads } from '../../src/transfer/head.ts';
import { embeddingStore, groupClips, prepareSequences, sequenceJobs } from '../../src/transfer/pipeline.node.ts';
import { headInputCount, headInputEnd } from '../../src/transfer/sequences.ts';
import { trainHead, type HeadTrainingOptions } from '../../src/transfer/train.ts';
import { traceFromScores } from '../../src/transfer/traces.ts';
import { alexaSplit, SYNTHETIC } from '../alexa-split.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' } } });
const backend = await selectBackend();
const split = await alexaSplit();
const base = await loadBaseModel('speech-embedding');
const frontend = frontends['speech-embedding']();
const bars = new PhaseBars();

// The recipe's training streams, from the embedding cache train:alexa filled.
const { augmenter, tag } = await trainingAugmenter(split.train.noise, frontend.sampleRate);
const positives = [...split.train.positives, ...(await expandAudioPaths([SYNTHETIC.positives]))];
const negatives = [...split.train.negatives, ...(await expandAudioPaths([SYNTHETIC.negatives]))];
const jobs = sequenceJobs(await groupClips(positives, negatives, 0.1, 1), 10, 1);
const prepared = await prepareSequences(jobs, base, frontend, augmenter, embeddingStore(base, new EmbeddingCache('.cache/embeddings')), `${tag}:1`, (done, total) => bars.show('training data', total, 'streams').update(done));

// The held-out evaluation streams, embedded once: every head then reads the same embeddings.
const passes: Float32Array[][] = [];
const embedder = createEmbedder(base);
const recorder = {
  sampleRate: frontend.sampleRate,
  reset() {
    frontend.reset();
    embedder.reset();
    passes.push([]);
  },
  push(samples: Float32Array): DetectorStep[] {
    const embeddings = passes.at(-1)!;
    const before = headInputCount(base, { embeddings });
    embeddings.push(...embedder.push(frontend.push(samples)));
    // One step per head input completed, timed as the detector times it.
    const steps: DetectorStep[] = [];
    for (let input = before; input < headInputCount(base, { embeddings }); input++) steps.push({ t: headInputEnd(base, frontend, input), score: 0 });
    return steps;
  },
};
const settings = { threshold: 0.5, refractorySeconds: 2 };
const heldOut = await evaluateDetector(recorder, {
  positives: split.test.positives, negatives: split.test.negatives, noise: split.test.noise, snrDb: 10, settings,
  onProgress: (p) => bars.show('held-out audio', p.totalFiles, 'files').update(p.files),
});
bars.stop();

/** The metrics `wakeword evaluate` reports, for a head over the recorded passes (the detector's default smoothing of 3). */
function evaluate(head: import('@tensorflow/tfjs').LayersModel) {
  const stepSeconds = (base.windowHop * frontend.hop) / frontend.sampleRate;
  const traces = passes.map((embeddings) => {
    const refs = Array.from({ length: headInputCount(base, { embeddings }) }, (_, input) => ({ sequence: 0, input }));
    return traceFromScores(scoreRefs(head, base, [{ embeddings }], refs), headInputEnd(base, frontend, 0), stepSeconds, 3);
  });
  const clips = clipPeaks(traces[0]!, heldOut.clips);
  const negativeTraces = heldOut.negatives.map((n, k) => ({ ...n, steps: traces[k + 1]! }));
  return computeMetrics(clips, negativeTraces, settings, [0.5, 1, 2]);
}

console.log(`Held-out: ${heldOut.clips.length} alexa clips at 10 dB SNR, ${(heldOut.metrics.negativeHours).toFixed(2)} h of negatives listened; backend ${backend}; ${os.cpus()[0]!.model}.\n`);
console.log('| head | seed | validations (best) | training s | FRR at 0.5 FA/h | FRR at 1 FA/h | FRR at 2 FA/h |');
console.log('|---|---|---|---|---|---|---|');
const brief = { epochs: 1, batchesPerEpoch: 100 };
const kinds: { label: string; members: number; training: HeadTrainingOptions }[] = [
  { label: '5 merged, early stopping, smoothed labels (before)', members: 5, training: { epochs: 20, batchesPerEpoch: 200, patience: 2, labelSmoothing: 0.1 } },
  { label: '10 merged, 100 batches, smoothed labels', members: 10, training: { ...brief, labelSmoothing: 0.1 } },
  { label: '10 merged, 100 batches (recipe)', members: 10, training: { ...brief, labelSmoothing: 0 } },
  { label: 'one head, 100 batches', members: 1, training: { ...brief, labelSmoothing: 0 } },
];
const rates: Record<string, number[][]> = {};
for (let seed = 1; seed <= Number(values.seeds); seed++) {
  for (const kind of kinds) {
    const members = buildHeads(base.headContext, base.embeddingSize, { members: kind.members, seed: 42 + 100 * seed });
    const started = performance.now();
    const result = await trainHead(members, base, prepared.train, prepared.validation, {
      seed,
      ...kind.training,
      onBatch: (epoch, batch, batches) => bars.show(`${kind.label}, seed ${seed}`, 0, 'batches').update(epoch * batches + batch, `validation ${epoch + 1}`),
    });
    bars.stop();
    const seconds = (performance.now() - started) / 1000;
    const head = mergeHeads(members);
    const points = evaluate(head).atTargetRates.map((r) => r.point);
    [head, ...members].forEach((m) => m.dispose());
    (rates[kind.label] ??= []).push(points.map((p) => p.falseRejectRate));
    const at = points.map((p) => `${percent(p.falseRejectRate)} (${p.falseAcceptsPerHour.toFixed(2)}/h)`);
    console.log(`| ${kind.label} | ${seed} | ${result.epochs} (${result.bestEpoch + 1}) | ${seconds.toFixed(0)} | ${at.join(' | ')} |`);
  }
}

console.log('\nMedian (range) over the seeds:\n');
console.log('| head | FRR at 0.5 FA/h | FRR at 1 FA/h | FRR at 2 FA/h |');
console.log('|---|---|---|---|');
for (const [label, runs] of Object.entries(rates)) {
  const spread = [0, 1, 2].map((k) => {
    const sorted = runs.map((r) => r[k]!).sort((a, b) => a - b);
    return `${percent(sorted[Math.floor((sorted.length - 1) / 2)]!)} (${percent(sorted[0]!)} to ${percent(sorted.at(-1)!)})`;
  });
  console.log(`| ${label} | ${spread.join(' | ')} |`);
}
