import assert from 'node:assert/strict';
import { test } from 'node:test';
import { meanPower } from '../../src/audio/levels.ts';
import { activePower, mixAtSnr } from '../../src/audio/mix.ts';
import { db, fakeWord, whiteNoise } from './signals.ts';

test('mixAtSnr lands within 0.5 dB of the target SNR, noise looped under a longer signal', () => {
  const word = fakeWord();
  const noise = whiteNoise(5000, 'short noise');
  for (const target of [-5, 0, 10, 20]) {
    const mixed = mixAtSnr(word, noise, target);
    assert.equal(mixed.samples.length, word.samples.length);
    const added = mixed.samples.map((x, i) => x - word.samples[i]!);
    const measured = db(activePower(word) / meanPower(added));
    assert.ok(Math.abs(measured - target) < 0.5, `target ${target} dB, measured ${measured.toFixed(2)} dB`);
  }
});

test('mixAtSnr measures the signal over its active span, not its silence', () => {
  const word = fakeWord(16000, 0.4, 0.6);
  const padded = fakeWord(16000, 2, 0.6);
  assert.ok(Math.abs(db(activePower(word) / activePower(padded))) < 0.3);
});

test('mixAtSnr refuses noise at another rate and leaves digital silence unchanged', () => {
  assert.throws(() => mixAtSnr(fakeWord(), whiteNoise(100, 'x', 8000), 10), /8000 Hz/);
  const silence = { samples: new Float32Array(1000), sampleRate: 16000 };
  assert.deepEqual(mixAtSnr(silence, whiteNoise(1000), 10).samples, silence.samples);
});
