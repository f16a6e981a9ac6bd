import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { meanPower } from '../../src/audio/levels.ts';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { negativesStream, positivesStream, type StreamPiece } from '../../src/eval/streams.node.ts';

const RATE = 16000;

async function collect(pieces: AsyncIterable<StreamPiece>): Promise<StreamPiece[]> {
  const out: StreamPiece[] = [];
  for await (const piece of pieces) out.push({ samples: piece.samples.slice(), file: piece.file });
  return out;
}

test('positives sit in noise at the SNR, gaps around them; negatives follow each other', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'streams-'));
  try {
    const tone = Float32Array.from({ length: RATE }, (_, i) => 0.5 * Math.sin(i / 3));
    const clip = path.join(dir, 'clip.wav');
    await writeFile(clip, encodeWav16({ samples: tone, sampleRate: RATE }));
    const noise = path.join(dir, 'noise.wav');
    // Short noise, so the stream has to loop through it.
    await writeFile(noise, encodeWav16({ samples: Float32Array.from({ length: 5000 }, (_, i) => Math.sin(i * 12.9898) * 0.2), sampleRate: RATE }));

    const pieces = await collect(positivesStream([clip, clip], { sampleRate: RATE, gapSeconds: 2, noise: { files: [noise], snrDb: 10 } }));
    assert.deepEqual(pieces.map((p) => [p.file && path.basename(p.file), p.samples.length]), [
      [undefined, 2 * RATE],
      ['clip.wav', RATE],
      [undefined, 2 * RATE],
      ['clip.wav', RATE],
      [undefined, 2 * RATE],
    ]);
    const snr = 10 * Math.log10(meanPower(tone) / meanPower(pieces[0]!.samples));
    assert.ok(Math.abs(snr - 10) < 0.3, `gap noise is ${snr.toFixed(2)} dB below the clip`);

    const clean = await collect(negativesStream([clip, path.join(dir, 'missing.wav'), clip], { sampleRate: RATE, onSkip: () => {} }));
    assert.deepEqual(clean.map((p) => p.samples.length), [RATE, RATE]);
    assert.ok(Math.abs(clean[0]!.samples[100]! - tone[100]!) < 1e-4);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
