import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DetectorStep } from '../../src/detect/types.ts';
import { createDecider, detections } from '../../src/detect/decide.ts';

/** Steps every 80 ms, times computed the way a detector accumulates them. */
function trace(scores: number[], step = 0.08): DetectorStep[] {
  let t = 0;
  return scores.map((score) => ({ t: (t += step), score }));
}

test('fires at each crossing that is outside the refractory period', () => {
  const scores = new Array<number>(100).fill(0.1);
  scores[10] = 0.9; // t = 0.88
  scores[20] = 0.7; // 0.8 s later: inside a 1 s refractory period
  scores[40] = 0.5; // exactly at the threshold
  scores[60] = 0.49;
  const fired = detections(trace(scores), { threshold: 0.5, refractorySeconds: 1 });
  assert.deepEqual(fired.map((d) => d.score), [0.9, 0.5]);
  assert.ok(Math.abs(fired[1]!.t - 41 * 0.08) < 1e-9);
});

test('a score that stays high fires once per refractory period', () => {
  // 5 s above threshold, refractory 2 s: fires at the start, +2 s and +4 s.
  const scores = [...new Array<number>(10).fill(0), ...new Array<number>(63).fill(0.8), ...new Array<number>(10).fill(0)];
  const fired = detections(trace(scores), { threshold: 0.5, refractorySeconds: 2 });
  assert.equal(fired.length, 3);
  // Gaps of exactly 25 steps of 80 ms count as 2 s despite float rounding in t.
  assert.ok(Math.abs(fired[1]!.t - fired[0]!.t - 2) < 1e-9);
  assert.ok(Math.abs(fired[2]!.t - fired[1]!.t - 2) < 1e-9);
});

test('streaming decider gives the batch result and forgets on reset', () => {
  const steps = trace([0.2, 0.9, 0.95, 0.1, 0.9]);
  const decider = createDecider({ threshold: 0.5, refractorySeconds: 0.2 });
  const live = steps.map((s) => decider.step(s)).filter((d) => d !== undefined);
  assert.deepEqual(live, detections(steps, { threshold: 0.5, refractorySeconds: 0.2 }));
  assert.equal(decider.step({ t: 0.41, score: 0.9 }), undefined);
  decider.reset();
  assert.deepEqual(decider.step({ t: 0.41, score: 0.9 }), { t: 0.41, score: 0.9 });
});
