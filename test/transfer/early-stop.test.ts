import assert from 'node:assert/strict';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { buildHeads } from '../../src/transfer/head.ts';
import type { EmbeddingSequence } from '../../src/transfer/sequences.ts';
import { earlyStopMessage, trainHead } from '../../src/transfer/train.ts';
import { tinyBase } from './tiny-base.ts';

/** Sequences of random embeddings: positives carry an offset in their labelled inputs, so the head has something to rank. */
function sequences(count: number, seed: string): EmbeddingSequence[] {
  const random = seedrandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const positive = i % 2 === 0;
    const embeddings = Array.from({ length: 10 }, () => Float32Array.from({ length: 16 }, () => random() - 0.5 + (positive ? 0.3 : 0)));
    return positive ? { embeddings, positive: { from: 3, to: 6 } } : { embeddings };
  });
}

test('training that stops early says after which epoch, why, and which epoch it keeps', async () => {
  await selectBackend('wasm');
  const base = tinyBase();
  const members = buildHeads(base.headContext, base.embeddingSize, { members: 1 });
  const stops: string[] = [];
  // A learning rate of 0 never changes the head: the first epoch stays the best, so patience 2 ends an 8-epoch run after epoch 3.
  const result = await trainHead(members, base, sequences(8, 'train'), sequences(6, 'validation'), {
    epochs: 8, batchesPerEpoch: 2, batchSize: 16, learningRate: 0, patience: 2, onEarlyStop: (stop) => stops.push(stop.message),
  });
  assert.equal(result.epochs, 3);
  assert.equal(result.bestEpoch, 0);
  const { message, bestRecall, bestLoss, ...stop } = result.stoppedEarly!;
  assert.deepEqual(stop, { epoch: 2, epochs: 8, patience: 2, bestEpoch: 0 });
  assert.equal(bestLoss, result.validationLoss);
  assert.ok(bestRecall >= 0 && bestRecall <= 1);
  assert.equal(stops.length, 1);
  assert.match(stops[0]!, /^stopped early after epoch 3 of 8: validation did not improve for 2 epochs \(patience 2\); keeping epoch 1, strict recall \d+\.\d %, validation loss \d\.\d{4}$/);
  assert.equal(stops[0], message);

  // Running to the last epoch is no early stop, even when the last epochs did not improve.
  const full = await trainHead(members, base, sequences(8, 'train'), sequences(6, 'validation'), { epochs: 3, batchesPerEpoch: 1, batchSize: 16, learningRate: 0, patience: 2, onEarlyStop: () => assert.fail('not early') });
  assert.equal(full.epochs, 3);
  assert.equal(full.stoppedEarly, undefined);
  members.forEach((m) => m.dispose());
  base.network.dispose();
});

test('the early-stop message counts one epoch in the singular', () => {
  assert.equal(
    earlyStopMessage({ epoch: 4, epochs: 10, patience: 1, bestEpoch: 3, bestRecall: 0.8125, bestLoss: 0.12345 }),
    'stopped early after epoch 5 of 10: validation did not improve for 1 epoch (patience 1); keeping epoch 4, strict recall 81.3 %, validation loss 0.1235',
  );
});
