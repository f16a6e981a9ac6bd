import assert from 'node:assert/strict';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { readAudio } from '../../src/audio/read.node.ts';
import { embedFrames } from '../../src/detect/embed.ts';
import { embedFeatures, type JobResult } from '../../src/features/embed.node.ts';
import { decodeFloat16, encodeFloat16, fromFloat16Bits, toFloat16Bits } from '../../src/features/float16.ts';
import { encodeShard, openShard, FEATURES_FORMAT, type ShardHeader } from '../../src/features/shard.ts';
import { frontendFor } from '../../src/frontends/registry.ts';
import { computeFrames } from '../../src/frontends/types.ts';
import type { BaseModel } from '../../src/models/types.ts';
import { runCli } from '../cli/run-cli.ts';
import { copySpeech, setUp } from './fixtures.ts';

let dir: string;
let audio: string;
let base: BaseModel;

before(async () => {
  ({ base, dir } = await setUp('features-'));
  // Six short clips of real speech (about 40 s) and one file that is not audio.
  audio = path.join(dir, 'audio');
  await copySpeech((i) => (i < 6 ? audio : undefined));
  await writeFile(path.join(audio, 'corrupt.wav'), 'RIFF\0\0\0\0this is not audio');
});
after(() => rm(dir, { recursive: true, force: true }));

test('float16: exact where representable, within 2^-11 relative (normal) or 2^-25 absolute (subnormal), edge cases kept', () => {
  for (const x of [0, 1, -2, 0.5, 65504, 2 ** -14, 2 ** -24, -(2 ** -20)]) assert.equal(fromFloat16Bits(toFloat16Bits(x)), x);
  assert.equal(toFloat16Bits(-0), 0x8000);
  assert.equal(fromFloat16Bits(toFloat16Bits(70000)), Infinity);
  assert.equal(fromFloat16Bits(toFloat16Bits(-Infinity)), -Infinity);
  assert.ok(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN))));
  assert.equal(fromFloat16Bits(toFloat16Bits(1 + 2 ** -11)), 1, 'half way rounds to even');
  assert.equal(fromFloat16Bits(toFloat16Bits(1 + 3 * 2 ** -11)), 1 + 2 ** -9, 'half way rounds to even (up)');
  let state = 12345;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const values = Float32Array.from({ length: 20000 }, () => (random() - 0.5) * 10 ** (random() * 10 - 6));
  const back = decodeFloat16(encodeFloat16(values));
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const bound = Math.abs(x) >= 2 ** -14 ? Math.abs(x) * 2 ** -11 : 2 ** -25;
    assert.ok(Math.abs(back[i]! - x) <= bound, `${x} -> ${back[i]}`);
  }
});

test('a shard round-trips its header and its embeddings (as float16)', () => {
  const embeddings = Array.from({ length: 5 }, (_, i) => Float32Array.from({ length: 96 }, (_, j) => Math.sin(i * 96 + j) * 3));
  const header: ShardHeader = {
    format: FEATURES_FORMAT, job: 'abc', base: { id: 'b', windowFrames: 76, windowHop: 8, headContext: 16, embeddingSize: 96 }, frontend: { id: 'f' }, augmentation: 'none',
    leadSeconds: 2, hopSeconds: 0.08, windowSeconds: 0.76, embeddings: 5, entries: [{ file: '/a.wav', sha1: 'x', seconds: 1, offset: 0, count: 5 }], failed: [{ file: '/b.wav', reason: 'bad' }],
  };
  const bytes = encodeShard(header, embeddings);
  const shard = openShard(bytes);
  assert.deepEqual(shard.header, header);
  const back = shard.slice(1, 4);
  assert.equal(back.length, 3);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 96; j++) assert.ok(Math.abs(back[i]![j]! - embeddings[i + 1]![j]!) <= 3 * 2 ** -11);
  assert.throws(() => openShard(bytes.subarray(0, bytes.length - 2), 'cut.shard'), { name: 'InputError', message: /cut\.shard: feature shard holds/ });
});

async function run(out: string): Promise<{ manifest: Awaited<ReturnType<typeof embedFeatures>>; results: JobResult[] }> {
  const results: JobResult[] = [];
  const manifest = await embedFeatures({ inputs: [audio], out, base, frontend: frontendFor(base), jobBytes: 300_000, onJob: (_d, _t, _s, r) => results.push(r) });
  return { manifest, results };
}

async function shardBytes(out: string): Promise<Map<string, Buffer>> {
  const names = (await readdir(path.join(out, 'shards'))).filter((n) => n.endsWith('.shard')).sort();
  return new Map(await Promise.all(names.map(async (n) => [n, await readFile(path.join(out, 'shards', n))] as const)));
}

test('embed: every file as detection hears it (float16), a corrupt file reported with its reason, byte-identical shards on a second run', async () => {
  const first = await run(path.join(dir, 'one'));
  const { manifest } = first;
  assert.ok(manifest.shards.length >= 3, `${manifest.shards.length} shards`);
  assert.deepEqual(manifest.failed.map((f) => path.basename(f.file)), ['corrupt.wav']);
  assert.match(manifest.failed[0]!.reason, /WAV|RIFF|decode|audio/i);
  assert.equal(manifest.shards.flatMap((s) => s.entries).length, 6);
  assert.deepEqual(manifest.missing, []);
  // The embeddings are detection's and training's: the same frontend and base code.
  const shard = manifest.shards.find((s) => s.entries.length > 1)!;
  const entry = shard.entries[1]!;
  const bytes = await readFile(path.join(dir, 'one', shard.shard));
  const { header, slice } = openShard(bytes);
  const stored = slice(entry.offset, entry.offset + entry.count);
  // After the detector's warm-up of silence, as `detect` scores a file.
  assert.equal(header.leadSeconds, 2);
  const samples = (await readAudio(entry.file, 16000)).samples;
  const heard = new Float32Array(header.leadSeconds * 16000 + samples.length);
  heard.set(samples, header.leadSeconds * 16000);
  const expected = embedFrames(base, computeFrames(frontendFor(base), heard));
  assert.equal(stored.length, expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) for (let j = 0; j < 96; j++) worst = Math.max(worst, Math.abs(stored[i]![j]! - expected[i]![j]!) / Math.max(1, Math.abs(expected[i]![j]!)));
  assert.ok(worst <= 2 ** -10, `largest error ${worst}`);

  const second = await run(path.join(dir, 'two'));
  assert.deepEqual(await shardBytes(path.join(dir, 'two')), await shardBytes(path.join(dir, 'one')));
  assert.deepEqual(second.manifest.shards, manifest.shards);
});

test('embed resumes: a deleted shard is the only job computed again, a leftover temporary file is ignored', async () => {
  const out = path.join(dir, 'one');
  const before = await shardBytes(out);
  const [victim] = [...before.keys()];
  await rm(path.join(out, 'shards', victim!));
  await writeFile(path.join(out, 'shards', `${victim}.1234abcd.tmp`), 'half a shard');
  const { results, manifest } = await run(out);
  assert.deepEqual(results.filter((r) => !r.existed).map((r) => `${r.header.job}.shard`), [victim]);
  assert.equal(results.filter((r) => r.existed).length, before.size - 1);
  const after = await shardBytes(out);
  assert.deepEqual(after, before);
  assert.equal(manifest.shards.length, before.size);
});

test('a run killed with SIGKILL continues where it stopped: finished shards are kept as they are, the rest is embedded', { timeout: 60_000 }, async () => {
  const out = path.join(dir, 'killed');
  const first = runCli(['embed', audio, '--out', out, '--job-mb', '0.3']);
  const shardsDir = path.join(out, 'shards');
  const finished = async () => (await readdir(shardsDir).catch(() => [] as string[])).filter((n) => n.endsWith('.shard'));
  while ((await finished()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
  first.child.kill('SIGKILL');
  assert.equal((await first.done).code, null);
  const kept = await finished();
  const before = new Map(await Promise.all(kept.map(async (n) => [n, (await stat(path.join(shardsDir, n))).mtimeMs] as const)));
  assert.ok(kept.length < (await shardBytes(path.join(dir, 'one'))).size, 'killed before the end');
  const second = await runCli(['embed', audio, '--out', out, '--job-mb', '0.3']).done;
  assert.equal(second.code, 0, second.stderr);
  for (const [name, mtime] of before) assert.equal((await stat(path.join(shardsDir, name))).mtimeMs, mtime, `${name} was written again`);
  assert.deepEqual(await shardBytes(out), await shardBytes(path.join(dir, 'one')));
});
