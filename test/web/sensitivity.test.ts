import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeCalibration, describeStop, sensitivityStops } from '../../src/web/sensitivity.ts';
import { traceHeight } from '../../src/web/views.ts';

const calibration = {
  targetFalseAcceptsPerHour: 0.5, negativeHours: 1.5, falseAcceptsPerHour: 0.4, heldOut: true,
  curve: [{ perHour: 0.1, threshold: 0.9999 }, { perHour: 0.5, threshold: 0.99 }, { perHour: 2, threshold: 0.95 }, { perHour: 10, threshold: 0.6 }],
};

test('the sensitivity control offers the stored threshold and the calibration curve, least sensitive first', () => {
  const stops = sensitivityStops({ threshold: 0.99, calibration });
  assert.deepEqual(stops.map((s) => [s.threshold, s.perHour, s.stored]), [[0.9999, 0.1, false], [0.99, 0.4, true], [0.95, 2, false], [0.6, 10, false]]);
  assert.equal(describeStop(stops[1]!), 'threshold 0.9900: at most 0.40 false accepts per hour in calibration (stored)');
  assert.equal(describeStop(stops[3]!), 'threshold 0.6000: at most 10 false accepts per hour in calibration');
  // A model from before the curve offers its stored threshold alone.
  assert.equal(sensitivityStops({ threshold: 0.8, calibration: { ...calibration, curve: undefined } }).length, 1);
  assert.match(describeCalibration({ words: ['alexa'], name: 'alexa', calibration }), /^"alexa" \(alexa\): threshold calibrated for 0\.5 false accepts per hour on 1\.50 h of negatives it never trained on/);
});

test('the score trace spaces 0.9, 0.99 and 0.999 evenly', () => {
  const [a, b, c] = [0.9, 0.99, 0.999].map(traceHeight);
  assert.ok(Math.abs(b! - a! - (c! - b!)) < 1e-9 && b! > a!);
  assert.equal(traceHeight(0), 0);
  assert.equal(traceHeight(1), 1);
});
