import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { InputError } from '../../src/errors.ts';
import { listAudioFiles } from '../../src/platform/files.node.ts';
import { loadBaseModel } from '../../src/models/registry.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { trainingAugmenter } from '../../src/transfer/augmentation.node.ts';
import { prepareEmbeddings, type TrainDetectorOptions } from '../../src/transfer/train-detector.node.ts';
import type { BaseModel } from '../../src/models/types.ts';
import { tinyBase } from './tiny-base.ts';

// The sample set in the repository: real clips, no ../shared needed.
const SAMPLES = path.resolve(import.meta.dirname, '../../audio/samples');
let root: string;
let base: BaseModel;
before(async () => {
  await selectBackend('wasm');
  root = await mkdtemp(path.join(tmpdir(), 'wakeword-embed-pool-'));
  base = await loadBaseModel('speech-embedding');
});
after(async () => {
  base.network.dispose();
  await rm(root, { recursive: true, force: true });
});

/** Every cache file under `dir`, by its name, with its bytes. */
async function cacheFiles(dir: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((f) => f.isFile());
  return new Map(await Promise.all(files.map(async (f) => [f.name, await readFile(path.join(f.parentPath, f.name))] as const)));
}

/** Options for 50 real clips of the word (3 streams each) and 4 sentences, cached in `cacheDir`. */
async function sampleOptions(cacheDir: string, on = base): Promise<TrainDetectorOptions> {
  const positives = (await listAudioFiles(path.join(SAMPLES, 'alexa'))).slice(0, 50);
  const speech = await listAudioFiles(path.join(SAMPLES, 'speech'));
  const noise = await listAudioFiles(path.join(SAMPLES, 'noise'));
  const { augmenter, tag, spec } = await trainingAugmenter(noise, 16000, {}, { speech, clips: 2, seconds: 5 });
  return {
    name: 'alexa', word: 'alexa', positives, negatives: speech.slice(0, 4), base: on, out: path.join(root, 'out'), augmenter, augmentationTag: tag,
    augmentation: spec, positiveCopies: 2, negativeCopies: 1, roomTone: false, cacheDir, backend: 'wasm',
  };
}

test('embedding in two processes fills the cache exactly as one process does', async () => {
  const one = await prepareEmbeddings({ ...(await sampleOptions(path.join(root, 'one'))), embeddingProcesses: 1 });
  let last = 0;
  const two = await prepareEmbeddings({
    ...(await sampleOptions(path.join(root, 'two'))), embeddingProcesses: 2,
    // Everything must come from the worker processes: this process may only read the cache.
    augmenter: () => {
      throw new Error('the worker processes should have embedded every augmented copy');
    },
    onPrepare: (done) => (last = done),
  });
  assert.ok(one.train.length + one.validation.length >= 150);
  assert.equal(last, one.train.length + one.validation.length);
  const [a, b] = [await cacheFiles(path.join(root, 'one')), await cacheFiles(path.join(root, 'two'))];
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${name} differs`);
  assert.deepEqual(two.train.map((s) => s.embeddings.length), one.train.map((s) => s.embeddings.length));
});

test('a base the worker processes cannot load stops training with an error naming it', async () => {
  // An in-memory base has no registry id or folder to reload it from.
  const tiny = tinyBase();
  const options = await sampleOptions(path.join(root, 'tiny'), tiny);
  await assert.rejects(prepareEmbeddings({ ...options, embeddingProcesses: 2 }), (error: Error) => error instanceof InputError && /^tiny: not a base.*\(in an embedding process\)$/.test(error.message));
  tiny.network.dispose();
});

test('workers refuse an augmentation spec that is not the training augmenter\'s', async () => {
  const options = await sampleOptions(path.join(root, 'mismatch'));
  const other = await trainingAugmenter([], 16000, {}, { speech: options.augmentation!.babble!.speech, clips: 1, seconds: 5 });
  await assert.rejects(prepareEmbeddings({ ...options, augmentation: other.spec, embeddingProcesses: 2 }), /its tag differs/);
});
