import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { checkClip } from '../../src/audio/levels.ts';
import { readAudio } from '../../src/audio/read.node.ts';
import { synthesizeToFolder } from '../../src/data/synth-folder.node.ts';
import { MANIFEST, synthesizedKinds } from '../../src/data/synth-manifest.node.ts';
import { planSynthesis, type PlannedUtterance } from '../../src/data/synth-plan.ts';

test('synthesizeToFolder writes audible 16 kHz WAVs from both engines, reproducibly, and resumes', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'synth-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const plan = await planSynthesis({ word: 'alexa', count: 6, seed: 4 });
  assert.deepEqual([...new Set(plan.map((u) => u.engine))].sort(), ['espeak', 'flite']);
  const progress: number[] = [];
  const first = await synthesizeToFolder(plan, path.join(dir, 'a'), { onProgress: (done) => progress.push(done) });
  assert.equal(first.written.length, 6);
  assert.deepEqual(progress, [1, 2, 3, 4, 5, 6]);
  for (const file of first.written) {
    const audio = await readAudio(file);
    assert.equal(audio.sampleRate, 16000);
    assert.deepEqual(checkClip(audio).problems, [], file);
  }
  const manifest = (await readFile(path.join(dir, 'a', MANIFEST), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(manifest.length, 6);
  assert.ok(manifest.every((m) => m.text.includes('alexa') && m.engine && m.voice));
  // Training tells synthetic clips from recordings by that manifest: a take copied in beside them is not one of them.
  const take = path.join(dir, 'a', 'my-take.wav');
  await copyFile(first.written[0]!, take);
  const kinds = await synthesizedKinds([...first.written, take]);
  assert.deepEqual([...kinds.keys()].sort(), [...first.written].sort());
  assert.ok([...kinds.values()].every((kind) => kind === 'positive'));

  // The same plan into another folder gives the same bytes; a rerun writes nothing new.
  await synthesizeToFolder(plan, path.join(dir, 'b'));
  for (const file of first.written) assert.deepEqual(await readFile(file), await readFile(path.join(dir, 'b', path.basename(file))));
  const again = await synthesizeToFolder(plan, path.join(dir, 'a'));
  assert.deepEqual([again.written.length, again.existing], [0, 6]);
  assert.equal((await readdir(path.join(dir, 'a'))).filter((f) => f.endsWith('.tmp')).length, 0);
});

test('an utterance the engine refuses is skipped with its reason, the others are written', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'synth-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const [good] = await planSynthesis({ word: 'alexa', count: 1, engines: { flite: 0 } });
  const bad: PlannedUtterance = { engine: 'espeak', text: 'alexa', voice: 'gmw/en-XX', variant: '', rate: 175, pitch: 50, range: 50, kind: 'positive', name: 'bad' };
  const result = await synthesizeToFolder([bad, good!], dir);
  assert.equal(result.written.length, 1);
  assert.match(result.skipped[0]!.reason, /unknown/);
});
