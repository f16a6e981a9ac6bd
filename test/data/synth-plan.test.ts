import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confusablesFor } from '../../src/data/confusables.ts';
import { containsPhrase } from '../../src/data/phrases.ts';
import { planSynthesis } from '../../src/data/synth-plan.ts';

test('a plan has distinct utterances of the word from both engines, and is reproducible from its seed', async () => {
  const plan = await planSynthesis({ word: 'alexa', count: 300, seed: 7 });
  assert.equal(plan.length, 300);
  const keys = plan.map(({ name: _name, kind: _kind, ...spec }) => JSON.stringify(spec));
  assert.equal(new Set(keys).size, 300, 'no voice setting and text twice');
  assert.equal(new Set(plan.map((u) => u.name)).size, 300, 'unique file names');
  assert.ok(plan.every((u) => u.kind === 'positive' && /alexa[.!?]?$/.test(u.text)), 'phrasings end on the word');
  const engines = new Set(plan.map((u) => u.engine));
  assert.deepEqual([...engines].sort(), ['espeak', 'flite']);
  assert.ok(new Set(plan.map((u) => u.voice)).size >= 10);
  assert.deepEqual(await planSynthesis({ word: 'alexa', count: 300, seed: 7 }), plan);
  assert.notDeepEqual(await planSynthesis({ word: 'alexa', count: 300, seed: 8 }), plan);
});

test('a larger count extends a smaller plan; sentences do not disturb the clips', async () => {
  const small = await planSynthesis({ word: 'alexa', count: 20, seed: 1 });
  const large = await planSynthesis({ word: 'alexa', count: 40, seed: 1, sentences: 5 });
  assert.deepEqual(large.slice(0, 20), small);
  assert.equal(large.filter((u) => u.kind === 'sentence').length, 5);
});

test('negative plans hold near-misses and sentences, never the word itself', async () => {
  const plan = await planSynthesis({ word: 'alexa', count: 200, negative: true, sentences: 100, seed: 2 });
  assert.equal(plan.filter((u) => u.kind === 'confusable').length, 200);
  assert.equal(plan.filter((u) => u.kind === 'sentence').length, 100);
  for (const u of plan) assert.ok(!containsPhrase(u.text, 'alexa'), u.text);
  assert.ok(plan.filter((u) => u.kind === 'sentence').every((u) => u.text.split(' ').length >= 4));
});

test('one engine can be chosen', async () => {
  const plan = await planSynthesis({ word: 'marvin', count: 50, engines: { flite: 0 } });
  assert.ok(plan.every((u) => u.engine === 'espeak'));
  await assert.rejects(planSynthesis({ word: 'x', count: 1, engines: { espeak: 0, flite: 0 } }), /engines: none selected/);
  await assert.rejects(planSynthesis({ word: ' ', count: 1 }), /--word: is empty/);
});

test('confusables of alexa include the classic near-misses and no sound-alikes', async () => {
  const list = await confusablesFor('alexa');
  for (const expected of ['alexis', 'a lexus', 'election', 'electric', 'relax a']) assert.ok(list.includes(expected), expected);
  for (const homophone of ['alexa', 'a lexa', 'alecsa']) assert.ok(!list.includes(homophone), homophone);
  const twoWords = await confusablesFor('hey jarvis');
  assert.ok(twoWords.includes('jarvis') && twoWords.some((c) => c.startsWith('hey ')));
});
