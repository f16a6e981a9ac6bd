/**
 * Which threshold policy keeps its promise on audio it did not see, chosen on the dev part only:
 * the recipe's heads (over seeds) score the dev calibration audio, which is cut into two halves
 * by stream (each stream's augmented copies stay with it); a policy calibrates on one half for a
 * target rate and the other half counts the false accepts it then gives, and the other way round.
 * Reported per policy and target: the pooled held-out rate over all seeds and both folds, its
 * ratio to the target, how many folds stayed within 2x, and the share of the clean validation
 * positives still detected.
 *
 *   npx tsx scripts/bench/calibration.ts [--seeds 3]
 */
import { parseArgs } from 'node:util';
import {
  buildHeads, falseAcceptsPerHour, headTrace, loadBaseModel, mergeHeads, PhaseBars, prepareEmbeddings, selectBackend, thresholdForRate, thresholdForRateFitted,
  trainHead, TRAINING_DEFAULTS as D, type NegativeTrace,
} from '../../src/node.ts';
import { alexaSplit } from '../alexa-split.ts';
import { recipeData, recipeOptions } from '../alexa-recipe.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' } } });
const TARGETS = [0.5, 1, 2, 5];
const POLICIES: Record<string, (traces: NegativeTrace[], refractory: number, perHour: number) => number> = {
  'empirical (lowest threshold with at most target x hours firings)': thresholdForRate,
  'tail fit (exponential tail of the top event peaks, logit scores)': thresholdForRateFitted,
};

const backend = await selectBackend();
const split = await alexaSplit();
const base = await loadBaseModel('speech-embedding');
const bars = new PhaseBars();
const data = await recipeData(split, (folder, done, total) => bars.show(`synth ${folder}`, total, 'clips').update(done));
const prepared = await prepareEmbeddings({ ...recipeOptions(data, base, 'models/unused', backend), onPrepare: (done, total) => bars.show('training data', total, 'streams').update(done) });
bars.stop();
const { frontend } = prepared;

// Stream k's clean copy starts each run of copies; halves alternate by stream.
let stream = -1;
const half = prepared.negatives.map((n) => (n.copy === 0 ? ++stream : stream) % 2);

const held: Record<string, { falseAccepts: number; hours: number; within: number; folds: number; recall: number[] }> = {};
for (let seed = 1; seed <= Number(values.seeds); seed++) {
  const members = buildHeads(base.headContext, base.embeddingSize, { members: D.members, seed: 42 + 100 * seed });
  await trainHead(members, base, prepared.train, prepared.validation, {
    seed, epochs: D.epochs, batchesPerEpoch: D.batchesPerEpoch, labelSmoothing: D.labelSmoothing,
    onBatch: (epoch, batch, batches) => bars.show(`seed ${seed}`, 0, 'batches').update(epoch * batches + batch),
  });
  const head = mergeHeads(members);
  members.forEach((m) => m.dispose());
  bars.stop();
  const traces: NegativeTrace[] = prepared.negatives.map((n) => ({ label: String(n.copy), steps: headTrace(head, base, frontend, n.sequence, D.smoothing), seconds: n.seconds }));
  const positivePeaks = prepared.cleanValidationPositives.map((seq) => Math.max(...headTrace(head, base, frontend, seq, D.smoothing).map((s) => s.score)));
  head.dispose();
  for (const [policy, threshold] of Object.entries(POLICIES)) {
    for (const target of TARGETS) {
      const cell = (held[`${policy}|${target}`] ??= { falseAccepts: 0, hours: 0, within: 0, folds: 0, recall: [] });
      for (const fold of [0, 1]) {
        const calibrateOn = traces.filter((_, i) => half[i] === fold);
        const checkOn = traces.filter((_, i) => half[i] !== fold);
        const t = threshold(calibrateOn, D.refractorySeconds, target);
        const hours = checkOn.reduce((s, tr) => s + tr.seconds, 0) / 3600;
        const rate = falseAcceptsPerHour(checkOn, t, D.refractorySeconds);
        cell.falseAccepts += rate * hours;
        cell.hours += hours;
        cell.folds++;
        if (rate <= 2 * target) cell.within++;
        cell.recall.push(positivePeaks.filter((p) => p >= t).length / positivePeaks.length);
      }
    }
  }
  console.error(`seed ${seed} done`);
}

console.log(`\nDev calibration audio: ${(prepared.negatives.reduce((s, n) => s + n.seconds, 0) / 3600).toFixed(2)} h (clean and ${D.calibrationCopies} augmented copies), ` +
  `two halves by stream; ${values.seeds} seeds x 2 folds; ${prepared.cleanValidationPositives.length} clean validation positives.\n`);
console.log('| policy | target FA/h | held-out FA/h (pooled) | held-out / target | folds within 2x | validation recall (median) |');
console.log('|---|---|---|---|---|---|');
for (const [key, cell] of Object.entries(held)) {
  const [policy, target] = key.split('|');
  const rate = cell.falseAccepts / cell.hours;
  const recall = [...cell.recall].sort((a, b) => a - b)[Math.floor((cell.recall.length - 1) / 2)]!;
  console.log(`| ${policy} | ${target} | ${rate.toFixed(2)} (${Math.round(cell.falseAccepts)} in ${cell.hours.toFixed(1)} h) | ${(rate / Number(target)).toFixed(2)} | ${cell.within} / ${cell.folds} | ${(100 * recall).toFixed(1)} % |`);
}
