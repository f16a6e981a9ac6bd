import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { loadDetector } from '../../src/detect/load.node.ts';
import { streamThrough } from '../../src/detect/stream.ts';
import { loadSpeechCommands18w } from '../../src/models/speech-commands.node.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { writeFileAtomic } from '../../src/platform/files.node.ts';
import { loadLayersModel } from '../../src/platform/model-files.node.ts';
import { trainDetector } from '../../src/transfer/train-detector.node.ts';
import { writeSpeechCommandsFixture } from '../models/speech-commands-fixture.ts';
import { chirp, distractor } from './tiny-base.ts';

test('a detector trained on the speech-commands base also exports as a speech-commands model with the same scores', async () => {
  await selectBackend('wasm');
  const dir = await mkdtemp(path.join(tmpdir(), 'wakeword-18w-'));
  try {
    await writeSpeechCommandsFixture(path.join(dir, 'base'));
    const write = (file: string, samples: Float32Array) => writeFileAtomic(path.join(dir, file), encodeWav16({ samples, sampleRate: 44100 }));
    for (let i = 0; i < 6; i++) {
      const padded = new Float32Array(44100);
      padded.set(chirp(0.5 + 0.03 * i, 44100, 0.4), 11025);
      await write(`word/chirp-${i}.wav`, padded);
      await write(`negative/other-${i}.wav`, distractor(1.5, i, 44100));
    }
    const base = await loadSpeechCommands18w(path.join(dir, 'base'));
    const out = path.join(dir, 'model');
    const { metadata } = await trainDetector({
      name: 'chirp', word: 'chirp', positives: [path.join(dir, 'word')], negatives: [path.join(dir, 'negative')], base, out,
      augmenter: () => (a) => a, augmentationTag: 'none', positiveCopies: 1, validationFraction: 0.2, cacheDir: path.join(dir, 'cache'),
      backend: 'wasm', training: { epochs: 2, batchesPerEpoch: 3, batchSize: 32 },
    });
    assert.equal(metadata.files.speechCommands, 'speech-commands/model.json');
    const exported = JSON.parse(await readFile(path.join(out, 'speech-commands', 'metadata.json'), 'utf8'));
    assert.deepEqual(exported.wordLabels, ['_background_noise_', 'chirp']);

    // The exported classifier on one raw window equals our detector's (unsmoothed) score.
    const { detector } = await loadDetector(out, { smoothing: 1 });
    const audio = new Float32Array(44100 * 2);
    audio.set(chirp(0.55, 44100, 0.4), 44100);
    const steps = streamThrough(detector, audio);
    const classifier = await loadLayersModel(path.join(out, 'speech-commands'));
    const frontendFrames = (await import('../../src/frontends/registry.ts')).frontends['browser-fft']();
    const frames = frontendFrames.push(audio);
    const last = Math.floor((frames.length - 43) / base.windowHop) * base.windowHop;
    const window = tf.tensor4d(Float32Array.from(frames.slice(last, last + 43).flatMap((f) => [...f])), [1, 43, 232, 1]);
    const exportedScore = (classifier.predict(window) as tf.Tensor).dataSync()[1]!;
    const ours = steps.at(-1)!.score;
    assert.ok(Math.abs(exportedScore - ours) < 1e-4, `exported ${exportedScore} vs detector ${ours}`);
    tf.dispose(window);
    classifier.dispose();
    detector.dispose();
    base.network.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
