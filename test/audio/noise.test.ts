import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { meanPower } from '../../src/audio/levels.ts';
import { colouredNoise, NOISE_COLORS } from '../../src/audio/noise.ts';
import { bandPower, db } from './signals.ts';

test('coloured noise has unit RMS and the slope of its colour (per octave: white 0, pink -3, brown -6 dB)', () => {
  const expected = { white: 0, pink: -3, brown: -6 };
  for (const color of NOISE_COLORS) {
    const audio = { samples: colouredNoise(color, 64000, seedrandom(color)), sampleRate: 16000 };
    assert.ok(Math.abs(meanPower(audio.samples) - 1) < 1e-3);
    // Power per Hz in two octaves four octaves apart: the slope per octave is a quarter of the difference.
    const perHz = (low: number) => bandPower(audio, low, 2 * low) / low;
    const slope = db(perHz(4000) / perHz(250)) / 4;
    assert.ok(Math.abs(slope - expected[color]) < 1, `${color}: ${slope.toFixed(2)} dB per octave`);
  }
});

test('coloured noise is reproducible from its seed', () => {
  assert.deepEqual(colouredNoise('pink', 100, seedrandom('a')), colouredNoise('pink', 100, seedrandom('a')));
  assert.notDeepEqual(colouredNoise('pink', 100, seedrandom('a')), colouredNoise('pink', 100, seedrandom('b')));
});
