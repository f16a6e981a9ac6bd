import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import type { DetectorStep } from '../../src/detect/types.ts';
import { detCurve, thresholdForRate } from '../../src/eval/det.ts';
import { countFalseAccepts, falseAcceptsPerHour, type NegativeTrace } from '../../src/eval/false-accepts.ts';
import { computeMetrics } from '../../src/eval/metrics.ts';
import { clipPeaks, falseRejectRate, missedClips } from '../../src/eval/positives.ts';

const STEP = 0.08;

/** A negative pass of `seconds` at score 0.01, with bursts of `width` steps at the given scores. */
function negativePass(seconds: number, bursts: { t: number; score: number; width?: number }[], label = 'clean'): NegativeTrace {
  const scores = new Float64Array(Math.round(seconds / STEP)).fill(0.01);
  for (const { t, score, width = 3 } of bursts) scores.fill(score, Math.round(t / STEP), Math.round(t / STEP) + width);
  return { label, seconds, steps: Array.from(scores, (score, i) => ({ t: (i + 1) * STEP, score })) };
}

test('false accepts per hour: one hour with five separated bursts above the threshold', () => {
  const pass = negativePass(3600, [0.9, 0.8, 0.7, 0.6, 0.55].map((score, i) => ({ t: 100 + i * 600, score })));
  assert.equal(falseAcceptsPerHour([pass], 0.5, 2), 5);
  assert.equal(falseAcceptsPerHour([pass], 0.75, 2), 2);
  // Two passes of an hour each: counts add, hours add.
  assert.equal(falseAcceptsPerHour([pass, { ...pass, label: 'noisy' }], 0.75, 2), 2);
});

test('refractory merging depends on the threshold, and sweeps replay it', () => {
  // A burst at 0.9, a second at 0.6 one second later, a 5 s plateau at 0.7 elsewhere.
  const pass = negativePass(600, [
    { t: 100, score: 0.9 },
    { t: 101, score: 0.6 },
    { t: 300, score: 0.7, width: Math.round(5 / STEP) },
  ]);
  // At 0.5 the 0.6 burst is inside the 0.9 burst's 2 s refractory period: merged.
  // The plateau lasts 5 s: it fires at its start, +2 s and +4 s, not once per score peak.
  assert.equal(countFalseAccepts([pass], 0.5, 2), 1 + 3);
  assert.equal(countFalseAccepts([pass], 0.8, 2), 1);
  // With a 0.5 s refractory period the second burst is separate, and the plateau (63 steps)
  // fires every 7 steps (0.56 s).
  assert.equal(countFalseAccepts([pass], 0.5, 0.5), 2 + 9);
  // The refractory period does not reach from one pass into the next.
  const end = negativePass(10, [{ t: 9.6, score: 0.9, width: 5 }]);
  const start = negativePass(10, [{ t: 0, score: 0.9 }]);
  assert.equal(countFalseAccepts([end, start], 0.5, 2), 2);
});

test('clips are detected by their peak while playing or within the tolerance after', () => {
  const steps: DetectorStep[] = Array.from({ length: 200 }, (_, i) => ({ t: (i + 1) * STEP, score: 0.05 }));
  const at = (t: number, score: number) => (steps[Math.round(t / STEP) - 1]!.score = score);
  at(2.0, 0.9); // inside clip a
  at(6.4, 0.7); // 0.4 s after clip b ends, within a 1 s tolerance
  at(11.6, 0.95); // 1.6 s after clip c ends: too late
  const clips = [
    { file: 'a.wav', start: 1, end: 2.5 },
    { file: 'b.wav', start: 5, end: 6 },
    { file: 'c.wav', start: 9, end: 10 },
  ];
  const peaks = clipPeaks(steps, clips, 1);
  assert.deepEqual(peaks.map((p) => p.peak), [0.9, 0.7, 0.05]);
  assert.ok(Math.abs(peaks[1]!.peakT - 6.4) < 1e-9);
  assert.equal(falseRejectRate(peaks, 0.5), 1 / 3);
  assert.deepEqual(missedClips(peaks, 0.8).map((p) => p.file), ['b.wav', 'c.wav']);
});

test('threshold for a target rate: the lowest grid threshold meeting it', () => {
  const pass = negativePass(3600, [0.9, 0.8, 0.7, 0.6].map((score, i) => ({ t: 100 + i * 600, score })));
  assert.equal(thresholdForRate([pass], 2, 2), 0.7001);
  assert.equal(thresholdForRate([pass], 2, 4), 0.0101); // above the 0.01 floor
  assert.equal(thresholdForRate([pass], 2, 0.5), 0.9001);
  assert.equal(thresholdForRate([pass], 2, 1), 0.8001);
  // Over two hours, 1 per hour allows two false accepts.
  const second = negativePass(3600, [], 'noisy');
  assert.equal(thresholdForRate([pass, second], 2, 1), 0.7001);
  // Scores of exactly 1 cannot be avoided by any threshold up to 1.
  assert.ok(thresholdForRate([negativePass(3600, [{ t: 5, score: 1 }])], 2, 0.1) > 1);
});

test('DET curve is monotone and no threshold beats it', () => {
  const random = seedrandom('det');
  const steps: DetectorStep[] = [];
  let score = 0.1;
  for (let i = 1; i <= 20_000; i++) {
    score = Math.min(1, Math.max(0, score + (random() - 0.5) * 0.2 - (score - 0.1) * 0.05));
    steps.push({ t: i * STEP, score });
  }
  const negatives: NegativeTrace[] = [{ label: 'clean', steps, seconds: 20_000 * STEP }];
  const peaks = Array.from({ length: 50 }, () => ({ peak: Math.round(random() * 1000) / 1000 }));
  const curve = detCurve(peaks, negatives, 1);
  for (let i = 1; i < curve.length; i++) {
    assert.ok(curve[i]!.threshold > curve[i - 1]!.threshold);
    assert.ok(curve[i]!.falseRejectRate >= curve[i - 1]!.falseRejectRate);
    assert.ok(curve[i]!.falseAccepts <= curve[i - 1]!.falseAccepts);
  }
  assert.equal(curve[0]!.falseRejectRate, 0);
  assert.deepEqual([curve.at(-1)!.falseRejectRate, curve.at(-1)!.falseAccepts], [1, 0]);
  // Brute force over a fine grid of thresholds: some curve point is at least as good on both axes.
  for (let x = 0; x <= 1.0001; x += 0.01) {
    const frr = falseRejectRate(peaks, x);
    const fa = countFalseAccepts(negatives, x, 1);
    assert.ok(curve.some((p) => p.falseRejectRate <= frr && p.falseAccepts <= fa), `threshold ${x}`);
  }
});

test('metrics at the model threshold, at target rates and per pass', () => {
  const clean = negativePass(1800, [{ t: 100, score: 0.9 }, { t: 500, score: 0.6 }]);
  const noisy = negativePass(1800, [{ t: 100, score: 0.7 }], 'noisy');
  const peaks = [0.95, 0.85, 0.75, 0.65, 0.3].map((peak) => ({ peak }));
  const metrics = computeMetrics(peaks, [clean, noisy], { threshold: 0.5, refractorySeconds: 2 });
  assert.equal(metrics.negativeHours, 1);
  assert.deepEqual(
    [metrics.atModelThreshold.falseAccepts, metrics.atModelThreshold.falseRejectRate],
    [3, 0.2],
  );
  assert.deepEqual(metrics.byPass.map((p) => [p.label, p.falseAccepts, p.falseAcceptsPerHour]), [['clean', 2, 4], ['noisy', 1, 2]]);
  const at = Object.fromEntries(metrics.atTargetRates.map((r) => [r.perHour, r.point]));
  assert.deepEqual([at[0.5]!.threshold, at[0.5]!.falseRejectRate, at[0.5]!.falseAccepts], [0.9001, 0.8, 0]);
  assert.deepEqual([at[1]!.threshold, at[1]!.falseRejectRate], [0.7001, 0.4]);
  assert.deepEqual([at[2]!.threshold, at[2]!.falseRejectRate], [0.6001, 0.2]);
});
