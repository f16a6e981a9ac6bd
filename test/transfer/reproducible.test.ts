import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { writeFileAtomic } from '../../src/platform/files.node.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { trainingAugmenter } from '../../src/transfer/augmentation.node.ts';
import { prepareEmbeddings } from '../../src/transfer/train-detector.node.ts';
import { chirp, distractor, tinyBase } from './tiny-base.ts';

let root: string;
before(async () => {
  await selectBackend('wasm');
  root = await mkdtemp(path.join(tmpdir(), 'wakeword-reproducible-'));
  const write = (file: string, samples: Float32Array) => writeFileAtomic(path.join(root, 'a', file), encodeWav16({ samples, sampleRate: 16000 }));
  for (let i = 0; i < 3; i++) {
    const padded = new Float32Array(16000);
    padded.set(chirp(0.5 + 0.05 * i), 4000);
    await write(`word/chirp-${i}.wav`, padded);
  }
  for (let i = 0; i < 3; i++) await write(`negative/other-${i}.wav`, distractor(1.5, i));
  await write('noise/hum.wav', distractor(4, 9));
  await cp(path.join(root, 'a'), path.join(root, 'elsewhere', 'b'), { recursive: true });
});
after(() => rm(root, { recursive: true, force: true }));

/** The augmented training embeddings of one copy of the data, with its own cache. */
async function prepare(dir: string) {
  const negatives = [path.join(dir, 'negative')];
  const { augmenter, tag } = await trainingAugmenter([path.join(dir, 'noise', 'hum.wav')], 16000, {}, { speech: [0, 1, 2].map((i) => path.join(dir, 'negative', `other-${i}.wav`)), clips: 2, seconds: 2 });
  const prepared = await prepareEmbeddings({
    name: 'chirp', word: 'chirp', positives: [path.join(dir, 'word')], negatives, base: tinyBase(), out: path.join(dir, 'out'),
    augmenter, augmentationTag: tag, positiveCopies: 2, negativeCopies: 1, validationFraction: 0, cacheDir: path.join(dir, 'cache'), backend: 'wasm',
  });
  return { tag, embeddings: prepared.train.map((seq) => seq.embeddings.map((e) => Array.from(e))) };
}

test('the same audio in another folder trains on the same augmented embeddings', async () => {
  const a = await prepare(path.join(root, 'a'));
  const b = await prepare(path.join(root, 'elsewhere', 'b'));
  assert.equal(a.tag, b.tag);
  // 3 positives x 3 copies, 3 negatives x 2 copies (each negative its own stream or grouped).
  assert.ok(a.embeddings.length >= 9);
  assert.deepEqual(b.embeddings, a.embeddings);
});
