import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resample } from '../../src/audio/resample-clip.ts';
import { createStreamResampler } from '../../src/live/stream-resampler.ts';

test('resampling a stream block by block gives the one-shot result (48 kHz microphone to 16 kHz)', async () => {
  const input = Float32Array.from({ length: 48000 }, (_, i) => 0.5 * Math.sin(2 * Math.PI * (200 + 3000 * (i / 48000)) * (i / 48000)));
  const whole = (await resample({ samples: input, sampleRate: 48000 }, 16000)).samples;
  const resampler = await createStreamResampler(48000, 16000);
  const parts: number[] = [];
  for (let i = 0; i < input.length; i += 2048) parts.push(...resampler.push(input.subarray(i, i + 2048)));
  resampler.dispose();
  // The stream holds back the converter's filter delay (a few ms) until more input arrives.
  assert.ok(parts.length > whole.length - 100 && parts.length <= whole.length, `${parts.length} vs ${whole.length} samples`);
  const worst = Math.max(...parts.map((x, i) => Math.abs(x - whole[i]!)));
  assert.ok(worst < 1e-4, `differs by ${worst}`);
});

test('equal rates pass samples through untouched', async () => {
  const resampler = await createStreamResampler(16000, 16000);
  const samples = Float32Array.of(0.1, -0.2, 0.3);
  assert.equal(resampler.push(samples), samples);
});
