import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeAudio } from '../../src/audio/decode.ts';
import { encodeWav16 } from '../../src/audio/wav.ts';

test('encodeWav16 writes 16-bit mono WAV that decodes back to the samples, clipping outside [-1, 1]', async () => {
  const samples = Float32Array.from([0, 0.5, -0.5, 0.25, 1.5, -2, 1, -1]);
  const bytes = encodeWav16({ samples, sampleRate: 22050 });
  assert.equal(bytes.length, 44 + samples.length * 2);
  assert.equal(String.fromCharCode(...bytes.subarray(0, 4), ...bytes.subarray(8, 12)), 'RIFFWAVE');
  const decoded = await decodeAudio(bytes, 'encoded.wav');
  assert.equal(decoded.sampleRate, 22050);
  const expected = [0, 0.5, -0.5, 0.25, 1, -1, 1, -1];
  decoded.samples.forEach((x, i) => assert.ok(Math.abs(x - expected[i]!) < 1 / 16000, `sample ${i}: ${x} vs ${expected[i]}`));
});
