/**
 * Head-only training speed on cached embeddings: examples per second through trainHead (the
 * real loop: the default five heads, each on its own balanced batches of 256, hard-negative
 * mining, validation) on synthetic speech-embedding-shaped sequences, on the chosen backend
 * (default: best available).
 *
 *   npx tsx scripts/bench/training.ts [--backend wasm]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { buildHeads, loadBaseModel, selectBackend, trainHead, type EmbeddingSequence } from '../../src/node.ts';

const { values } = parseArgs({ options: { backend: { type: 'string' }, epochs: { type: 'string', default: '3' } } });
const backend = await selectBackend(values.backend);
const base = await loadBaseModel('speech-embedding');
const random = seedrandom('bench-training');
const sequence = (length: number, positive: boolean): EmbeddingSequence => ({
  embeddings: Array.from({ length }, () => Float32Array.from({ length: base.embeddingSize }, () => random() * 4 + (positive ? 0.5 : 0))),
  positive: positive ? { from: length - base.headContext - 5, to: length - base.headContext } : undefined,
});
const train = [...Array.from({ length: 600 }, () => sequence(22, true)), ...Array.from({ length: 150 }, () => sequence(375, false))];
const validation = [...Array.from({ length: 60 }, () => sequence(22, true)), ...Array.from({ length: 15 }, () => sequence(375, false))];

const batchSize = 256;
const batchesPerEpoch = 200;
const epochs = Number(values.epochs);
const members = buildHeads(base.headContext, base.embeddingSize);
const started = performance.now();
const result = await trainHead(members, base, train, validation, { epochs, batchSize, batchesPerEpoch, patience: epochs });
const seconds = (performance.now() - started) / 1000;
const examples = result.epochs * batchesPerEpoch * batchSize * members.length;
console.log(`| backend | CPU | heads | examples (all heads) | seconds (incl. mining + validation) | examples/s |`);
console.log(`|---|---|---|---|---|---|`);
console.log(`| ${backend} | ${os.cpus()[0]!.model}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)} | ${members.length} | ${examples} | ${seconds.toFixed(1)} | ${Math.round(examples / seconds)} |`);
