import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { meanPower } from '../../src/audio/levels.ts';
import { convolve, roomImpulseResponse } from '../../src/audio/reverb.ts';
import { db } from './signals.ts';

/** RT60 from Schroeder backward integration: the -5 to -25 dB slope, extrapolated to 60 dB. */
function measuredRt60(rir: Float32Array, rate: number): number {
  const energy = new Float64Array(rir.length);
  for (let i = rir.length - 1, sum = 0; i >= 0; i--) energy[i] = sum += rir[i]! * rir[i]!;
  const at = (level: number) => energy.findIndex((e) => db(e / energy[0]!) < level) / rate;
  return (at(-25) - at(-5)) * 3;
}

test('generated rooms decay at the requested RT60', () => {
  for (const rt60 of [0.3, 0.6, 0.9]) {
    const rir = roomImpulseResponse({ rt60, directToReverbDb: -10, preDelay: 0.01 }, 16000, seedrandom(`rt${rt60}`));
    const measured = measuredRt60(rir, 16000);
    assert.ok(Math.abs(measured / rt60 - 1) < 0.2, `asked ${rt60} s, measured ${measured.toFixed(3)} s`);
    assert.ok(Math.abs(rir.reduce((sum, x) => sum + x * x, 0) - 1) < 1e-4, 'unit energy');
  }
});

test('reverberation lengthens the decay of a burst', () => {
  const rate = 16000;
  const burst = new Float32Array(rate);
  const random = seedrandom('burst');
  for (let i = 1600; i < 2400; i++) burst[i] = random() - 0.5;
  const rir = roomImpulseResponse({ rt60: 0.6, directToReverbDb: 3, preDelay: 0.005 }, rate, seedrandom('room'));
  const wet = convolve(burst, rir);
  assert.equal(wet.length, burst.length);
  // 100-300 ms after the burst: nothing in the dry clip, the tail in the wet one.
  const burstPower = meanPower(wet, 1600, 2400);
  const tailPower = meanPower(wet, 2400 + 1600, 2400 + 4800);
  assert.equal(meanPower(burst, 2400 + 1600, 2400 + 4800), 0);
  assert.ok(db(tailPower / burstPower) > -40, `tail ${db(tailPower / burstPower).toFixed(1)} dB below the burst`);
});

test('convolution with a unit impulse is the identity and with a delayed one a delay', () => {
  const signal = Float32Array.from({ length: 300 }, (_, i) => Math.sin(i / 7));
  const identity = convolve(signal, Float32Array.of(1));
  assert.ok(identity.every((x, i) => Math.abs(x - signal[i]!) < 1e-6));
  const delayed = convolve(signal, Float32Array.of(0, 0, 0, 1));
  assert.ok(Math.abs(delayed[10]! - signal[7]!) < 1e-6);
});
