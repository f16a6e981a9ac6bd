import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import { StreamingDetector } from '../../src/detect/detector.ts';
import { loadDetector } from '../../src/detect/load.node.ts';
import { frontends } from '../../src/frontends/registry.ts';
import { loadBaseModel } from '../../src/models/registry.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { buildHead } from '../../src/transfer/head.ts';
import { alexaModelDir } from '../alexa-model.ts';
import { skipWithoutSharedData } from '../shared-data.ts';

/** The trained alexa detector where the shared data is; else the real base under a fresh head (user machines). */
async function realDetector(): Promise<StreamingDetector> {
  if (!skipWithoutSharedData()) return (await loadDetector(await alexaModelDir())).detector;
  const base = await loadBaseModel('speech-embedding');
  return new StreamingDetector({ frontend: frontends['speech-embedding'](), base, head: buildHead(base.headContext, base.embeddingSize) });
}

/**
 * Ten seconds of speech-like sound: voiced bursts (a harmonic series
 * with a wandering pitch) over noise at changing loudness, and stretches of digital silence.
 */
function generatedAudio(random: () => number, rate: number): Float32Array {
  const out = new Float32Array(10 * rate);
  let i = 0;
  while (i < out.length) {
    const length = Math.min(out.length - i, Math.round((0.1 + random() * 0.6) * rate));
    const kind = random();
    const gain = 10 ** (-3 * random());
    const pitch = 90 + random() * 200;
    for (let n = 0; n < length; n++, i++) {
      if (kind < 0.15) continue;
      const t = i / rate;
      const voiced = kind < 0.7 ? [1, 2, 3, 4, 5].reduce((sum, h) => sum + Math.sin(2 * Math.PI * h * pitch * (1 + 0.05 * Math.sin(3 * t)) * t) / h, 0) / 2 : 0;
      out[i] = gain * (0.6 * voiced + 0.1 * (random() * 2 - 1)) * Math.sin((Math.PI * n) / length);
    }
  }
  return out;
}

// Chunk sizes a live source may deliver: 80 ms blocks, odd sizes, and long ones (fast to run).
const CHUNKS = [1280, 333, 4096, 64000, 1, 31999, 128000];

test('the detector holds the same tensors after 1 and after 60 minutes of audio, and frees them all', { timeout: 600_000 }, async () => {
  await selectBackend('wasm');
  const before = tf.memory().numTensors;
  const detector = await realDetector();
  const rate = detector.sampleRate;
  const random = seedrandom('long-run');
  // A minute of different sounds, played over and over in ever-changing chunkings.
  const sounds = Array.from({ length: 6 }, () => generatedAudio(random, rate));
  let seconds = 0;
  let steps = 0;
  let chunkIndex = 0;
  const streamUntil = (minutes: number) => {
    while (seconds < minutes * 60) {
      const audio = sounds[Math.round(seconds / 10) % sounds.length]!;
      for (let i = 0; i < audio.length; ) {
        const size = CHUNKS[chunkIndex++ % CHUNKS.length]!;
        steps += detector.push(audio.subarray(i, i + size)).length;
        i += size;
      }
      seconds += audio.length / rate;
    }
    return { tensors: tf.memory().numTensors, bytes: tf.memory().numBytes };
  };
  const afterOne = streamUntil(1);
  const afterSixty = streamUntil(60);
  assert.ok(steps >= 60 * 60 * 12.5 - 30, `${steps} steps for 60 minutes`);
  assert.deepEqual(afterSixty, afterOne);
  detector.dispose();
  assert.equal(tf.memory().numTensors, before);
});
