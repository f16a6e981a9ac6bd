import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { BABBLE_TALKERS, makeBabble } from '../../src/audio/babble.ts';
import { meanPower } from '../../src/audio/levels.ts';

/** A "talker" that is one pure tone: the babble's spectrum then shows who is talking. */
const voice = (hz: number) => Float32Array.from({ length: 16000 }, (_, i) => Math.sin((2 * Math.PI * hz * i) / 16000));

function toneLevel(samples: Float32Array, hz: number): number {
  let re = 0;
  let im = 0;
  for (let i = 0; i < samples.length; i++) {
    re += samples[i]! * Math.cos((2 * Math.PI * hz * i) / 16000);
    im += samples[i]! * Math.sin((2 * Math.PI * hz * i) / 16000);
  }
  return Math.hypot(re, im) / samples.length;
}

test('babble mixes several talkers at unit RMS, seeded', () => {
  const voices = [200, 300, 450, 700, 1100, 1700, 2500, 3300].map(voice);
  const a = makeBabble(voices, 32000, seedrandom('x'));
  assert.equal(a.length, 32000);
  assert.ok(Math.abs(meanPower(a) - 1) < 1e-4);
  assert.deepEqual(a, makeBabble(voices, 32000, seedrandom('x')));
  assert.notDeepEqual(a, makeBabble(voices, 32000, seedrandom('y')));
  // Several of the tones are in it, never more than the most talkers allowed.
  const heard = [200, 300, 450, 700, 1100, 1700, 2500, 3300].filter((hz) => toneLevel(a, hz) > 0.05).length;
  assert.ok(heard >= 2 && heard <= BABBLE_TALKERS[1], `${heard} talkers heard`);
});
