/**
 * Which threshold policy keeps its promise on audio it did not see, chosen on the dev part only.
 * The recipe's heads (over seeds) score the dev calibration audio. Two checks:
 * - halves: the audio cut in two by stream (each stream's augmented copies stay with it); a
 *   policy calibrates on one half and the other half counts what it then fires, and back;
 * - new source: each source (a corpus folder of negative speech, or a noise kind) held out in
 *   turn; the policy calibrates on the others and the held-out source counts, as a user's own
 *   audio differs from any calibration set.
 * Reported per check, policy and target: the pooled held-out rate over seeds and folds, its ratio
 * to the target, and the share of the clean validation positives still detected.
 *
 * --variant trains another of the benches' head variants (scripts/alexa-recipe.ts) instead of the recipe's.
 *
 *   npx tsx scripts/bench/calibration.ts [--seeds 3] [--variant recipe]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { falseAcceptsPerHour, headTrace, PhaseBars, thresholdForRate, thresholdForRateFitted, TRAINING_DEFAULTS as D, type NegativeTrace } from '../../src/node.ts';
import { SHARED_DATA } from '../alexa-split.ts';
import { HEAD_VARIANTS, preparedRecipe, trainRecipeHead } from '../alexa-recipe.ts';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '3' }, variant: { type: 'string', default: 'recipe' } } });
const variant = HEAD_VARIANTS[values.variant];
if (!variant) throw new Error(`unknown variant ${values.variant}; expected ${Object.keys(HEAD_VARIANTS).join(', ')}`);
const TARGETS = [0.5, 1, 2];
/** The policy training stores. */
const TAIL_FIT = 'tail fit (exponential tail of the top event peaks, logit scores)';
const POLICIES: Record<string, (traces: NegativeTrace[], refractory: number, perHour: number) => number> = {
  'empirical (lowest threshold with at most target x hours firings)': thresholdForRate,
  [TAIL_FIT]: thresholdForRateFitted,
  'tail fit for half the target': (traces, refractory, perHour) => thresholdForRateFitted(traces, refractory, perHour / 2),
};

const bars = new PhaseBars();
const { base, prepared, frontend } = await preparedRecipe(bars);

// Stream k's clean copy starts each run of copies; halves alternate by stream.
let stream = -1;
const half = prepared.negatives.map((n) => (n.copy === 0 ? ++stream : stream) % 2);
// A stream's source: its corpus folder (negative/<corpus>), noise kind (noise/<kind>), or the
// synthetic sentences' folder.
const sourceOf = (file: string) => (file.startsWith(SHARED_DATA) ? path.relative(SHARED_DATA, file).split(path.sep).slice(0, 2).join('/') : path.dirname(file));
const source = prepared.negatives.map((n) => sourceOf(n.files[0]!));
const sources = [...new Set(source)];
const CHECKS: Record<string, { folds: number; calibrateOn: (i: number, fold: number) => boolean }> = {
  halves: { folds: 2, calibrateOn: (i, fold) => half[i] === fold },
  'new source': { folds: sources.length, calibrateOn: (i, fold) => source[i] !== sources[fold] },
};

const held: Record<string, { falseAccepts: number; hours: number; recall: number[] }> = {};
const perSource: Record<string, { hours: number; rates: number[]; heldOut: number[] }> = {};
for (let seed = 1; seed <= Number(values.seeds); seed++) {
  const head = await trainRecipeHead(base, prepared, seed, variant, (done) => bars.show(`seed ${seed}`, 0, 'batches').update(done));
  bars.stop();
  const traces: NegativeTrace[] = prepared.negatives.map((n) => ({ label: String(n.copy), steps: headTrace(head, base, frontend, n.sequence, D.smoothing), seconds: n.seconds }));
  const positivePeaks = prepared.cleanValidationPositives.map((seq) => Math.max(...headTrace(head, base, frontend, seq, D.smoothing).map((s) => s.score)));
  head.dispose();
  // Each source's rate at the tail fit for 0.5 FA/h on the others: the "new source" folds.
  const heldOut = new Map<string, number>();
  for (const [check, { folds, calibrateOn }] of Object.entries(CHECKS)) {
    for (let fold = 0; fold < folds; fold++) {
      const calibrateWith = traces.filter((_, i) => calibrateOn(i, fold));
      const checkOn = traces.filter((_, i) => !calibrateOn(i, fold));
      const hours = checkOn.reduce((sum, tr) => sum + tr.seconds, 0) / 3600;
      for (const [policy, threshold] of Object.entries(POLICIES)) {
        for (const target of TARGETS) {
          const cell = (held[`${check}|${policy}|${target}`] ??= { falseAccepts: 0, hours: 0, recall: [] });
          const t = threshold(calibrateWith, D.refractorySeconds, target);
          const rate = falseAcceptsPerHour(checkOn, t, D.refractorySeconds);
          cell.falseAccepts += rate * hours;
          cell.hours += hours;
          cell.recall.push(positivePeaks.filter((p) => p >= t).length / positivePeaks.length);
          if (check === 'new source' && policy === TAIL_FIT && target === 0.5) heldOut.set(sources[fold]!, rate);
        }
      }
    }
  }
  // Where the firings come from: each source's own rate at the threshold fitted on all of them,
  // and (from the folds above) at the threshold fitted on the others.
  const all = thresholdForRateFitted(traces, D.refractorySeconds, 0.5);
  for (const name of sources) {
    const own = traces.filter((_, i) => source[i] === name);
    const row = (perSource[name] ??= { hours: own.reduce((sum, tr) => sum + tr.seconds, 0) / 3600, rates: [], heldOut: [] });
    row.rates.push(falseAcceptsPerHour(own, all, D.refractorySeconds));
    row.heldOut.push(heldOut.get(name)!);
  }
  console.error(`seed ${seed} done`);
}

console.log(`\nDev calibration audio: ${(prepared.negatives.reduce((s, n) => s + n.seconds, 0) / 3600).toFixed(2)} h (clean and ${D.calibrationCopies} augmented copies) from ${sources.length} sources ` +
  `(${sources.join(', ')}); ${values.seeds} seeds of ${variant.label}; ${prepared.cleanValidationPositives.length} clean validation positives.\n`);
console.log('| check | policy | target FA/h | held-out FA/h (pooled) | held-out / target | validation recall (median) |');
console.log('|---|---|---|---|---|---|');
for (const [key, cell] of Object.entries(held)) {
  const [check, policy, target] = key.split('|');
  const rate = cell.falseAccepts / cell.hours;
  const recall = [...cell.recall].sort((a, b) => a - b)[Math.floor((cell.recall.length - 1) / 2)]!;
  console.log(`| ${check} | ${policy} | ${target} | ${rate.toFixed(2)} (${Math.round(cell.falseAccepts)} in ${cell.hours.toFixed(1)} h) | ${(rate / Number(target)).toFixed(2)} | ${(100 * recall).toFixed(1)} % |`);
}

console.log(`\nEach source's own rate at the tail-fit threshold for 0.5 FA/h, fitted on all sources and on the others only (one figure per seed):\n`);
console.log('| source | hours (with copies) | FA/h, fitted on all | FA/h, fitted on the others |');
console.log('|---|---|---|---|');
const rates = (list: number[]) => list.map((r) => r.toFixed(2)).join(', ');
for (const [name, row] of Object.entries(perSource)) console.log(`| ${name} | ${row.hours.toFixed(2)} | ${rates(row.rates)} | ${rates(row.heldOut)} |`);
