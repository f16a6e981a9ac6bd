import { detections } from '../detect/decide.ts';
import { thresholdForRate } from '../eval/det.ts';
import { countFalseAccepts, totalHours } from '../eval/false-accepts.ts';
import { scoreFeatureShards } from '../transfer/score-features.node.ts';
import { parseFraction } from './options.ts';
import { createProgress } from './progress.ts';

/** Steps scoring below this (or below the threshold, if lower) are dropped while scoring: thresholds for rates met below it read "<= 0.1". */
const FLOOR = 0.1;
const RATES = [0.1, 0.5, 1, 2, 5, 10];

/** `wakeword evaluate --negative-features`: false accepts per hour on feature shards, at the model's threshold and for target rates. */
export async function printFeatureFalseAccepts(model: string, dirs: string[], thresholdFlag: string | undefined): Promise<void> {
  let progress: ReturnType<typeof createProgress> | undefined;
  const given = thresholdFlag === undefined ? undefined : parseFraction(thresholdFlag, '--threshold');
  const floor = Math.min(FLOOR, given ?? FLOOR);
  const { metadata, traces, shards } = await scoreFeatureShards(model, dirs, floor, (done, total) => (progress ??= createProgress('scoring', total, 'shards')).update(done));
  progress?.stop();
  const threshold = Math.max(given ?? metadata.threshold, floor);
  const hours = totalHours(traces);
  const falseAccepts = countFalseAccepts(traces, threshold, metadata.refractorySeconds);
  console.log(`${model}: ${shards} shards, ${traces.length} files, ${hours.toFixed(3)} h of audio (${metadata.base.id} embeddings, float16)`);
  console.log(`threshold ${threshold.toFixed(4)}: ${falseAccepts} false accepts, ${(falseAccepts / hours).toFixed(2)} per hour`);
  for (const perHour of RATES) {
    const t = thresholdForRate(traces, metadata.refractorySeconds, perHour);
    console.log(`  <= ${perHour} per hour: ${t > 1 ? 'not reachable' : t <= floor ? `threshold <= ${floor}` : `threshold ${t.toFixed(4)}`}`);
  }
  const fired = traces.flatMap((trace) => detections(trace.steps, { threshold, refractorySeconds: metadata.refractorySeconds }).map((d) => ({ file: trace.label, ...d })));
  for (const f of fired.sort((a, b) => b.score - a.score).slice(0, 10)) console.log(`  false accept ${f.file} at ${f.t.toFixed(2)} s: ${f.score.toFixed(4)}`);
}
