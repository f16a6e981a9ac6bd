/**
 * A child process of fillCacheInProcesses (embed-pool.node.ts): it rebuilds the parent's base,
 * backend and augmentation from the 'init' message, then embeds each group it is handed into the
 * shared cache with prepareSequences, the same code the parent would have run.
 */
import { InputError } from '../errors.ts';
import { frontendFor } from '../frontends/registry.ts';
import { loadBaseModel } from '../models/registry.ts';
import { selectBackend } from '../platform/backend.node.ts';
import { trainingAugmenter } from './augmentation.node.ts';
import { EmbeddingCache } from './cache.node.ts';
import type { EmbeddingWork, FromWorker, ToWorker } from './embed-pool.node.ts';
import { embeddingStore, prepareSequences, type SequenceJob } from './pipeline.node.ts';

const reply = (message: FromWorker) => process.send!(message);

async function setUp(work: EmbeddingWork) {
  await selectBackend(work.backend);
  const base = await loadBaseModel(work.base);
  const { noiseFiles, sampleRate, settings, babble } = work.augmentation;
  const { augmenter, tag } = await trainingAugmenter(noiseFiles, sampleRate, settings, babble);
  // Its embeddings go under the training process's keys: they must be of the same augmentation.
  if (tag !== work.augmentationTag) throw new Error('the augmentation rebuilt from its spec is not the one training uses (its tag differs): pass the spec of that same augmenter');
  const store = embeddingStore(base, new EmbeddingCache(work.cacheDir));
  const frontend = frontendFor(base);
  return (jobs: SequenceJob[]) => prepareSequences(jobs, base, frontend, augmenter, store, work.variantTag);
}

// Messages are handled one after another: the parent sends the next group only after 'done'.
let embed: ReturnType<typeof setUp> | undefined;
process.on('message', async (message: ToWorker) => {
  try {
    if (message.type === 'init') {
      embed = setUp(message.work);
      await embed;
    } else {
      const jobs = message.copies.map((copy) => ({ group: message.group, copy }));
      await (await embed!)(jobs);
      reply({ type: 'done', jobs: jobs.length });
      return;
    }
    reply({ type: 'ready' });
  } catch (error) {
    const details = error instanceof InputError ? { subject: error.subject, reason: error.reason } : {};
    reply({ type: 'failed', error: { message: error instanceof Error ? error.message : String(error), ...details } });
    process.exitCode = 1;
    process.disconnect();
  }
});
process.on('disconnect', () => process.exit());
