import assert from 'node:assert/strict';
import { test } from 'node:test';
import FFT from 'fft.js';
import seedrandom from 'seedrandom';
import { amplitudeSpectrum } from '../../src/frontends/spectrum.ts';

test('amplitudeSpectrum (Meyda on the packed real frame) equals a plain real FFT', () => {
  const random = seedrandom('spectrum');
  for (const n of [512, 2048]) {
    const frame = Float32Array.from({ length: n }, (_, i) => Math.sin(i / 3.7) * 0.5 + (random() - 0.5) * 0.1 + (i === 7 ? 1 : 0));
    const fft = new FFT(n);
    const reference = fft.createComplexArray() as number[];
    fft.realTransform(reference, Array.from(frame));
    const ours = amplitudeSpectrum(frame);
    assert.equal(ours.length, n / 2);
    for (let k = 0; k < n / 2; k++) {
      const expected = Math.hypot(reference[2 * k]!, reference[2 * k + 1]!);
      assert.ok(Math.abs(ours[k]! - expected) <= 1e-4 * Math.max(1, expected), `n ${n} bin ${k}: ${ours[k]} vs ${expected}`);
    }
    assert.equal(amplitudeSpectrum(frame, 10).length, 10);
  }
});
