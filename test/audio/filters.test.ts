import assert from 'node:assert/strict';
import { test } from 'node:test';
import { telephoneBand } from '../../src/audio/augment.ts';
import { applyFilters, butterworth, peaking } from '../../src/audio/filters.ts';
import { bandPower, db, whiteNoise } from './signals.ts';

test('the telephone band keeps 300-3400 Hz and removes what lies outside it', () => {
  const input = whiteNoise(32000, 'band');
  const output = { samples: applyFilters(input.samples, telephoneBand(16000)), sampleRate: 16000 };
  const change = (low: number, high: number) => db(bandPower(output, low, high) / bandPower(input, low, high));
  assert.ok(Math.abs(change(500, 3000)) < 1.5, `in band: ${change(500, 3000).toFixed(1)} dB`);
  assert.ok(change(4600, 8000) < -30, `above: ${change(4600, 8000).toFixed(1)} dB`);
  assert.ok(change(20, 150) < -20, `below: ${change(20, 150).toFixed(1)} dB`);
});

test('a Butterworth low-pass is 3 dB down at its cutoff; a peaking filter lifts its band', () => {
  const input = whiteNoise(64000, 'cutoff');
  const low = { samples: applyFilters(input.samples, butterworth('lowpass', 2000, 4, 16000)), sampleRate: 16000 };
  const atCutoff = db(bandPower(low, 1950, 2050) / bandPower(input, 1950, 2050));
  assert.ok(Math.abs(atCutoff + 3) < 1, `${atCutoff.toFixed(2)} dB at the cutoff`);
  const lifted = { samples: applyFilters(input.samples, [peaking(3000, 1, 6, 16000)]), sampleRate: 16000 };
  assert.ok(Math.abs(db(bandPower(lifted, 2950, 3050) / bandPower(input, 2950, 3050)) - 6) < 1);
});
