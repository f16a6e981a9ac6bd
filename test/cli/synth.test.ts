import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from './run-cli.ts';

test('wakeword synth writes the word to audio/<word>/synth and negatives to audio/negative/synth-<word>', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'synth-cli-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const positives = await runCli(['synth', '--word', 'Hey Jarvis', '--count', '3', '--root', root]).done;
  assert.equal(positives.code, 0, positives.stderr);
  assert.match(positives.stdout, /hey-jarvis\/synth: wrote 3 clip\(s\), 0 already there, 0 failed/);
  assert.equal((await readdir(path.join(root, 'hey-jarvis', 'synth'))).filter((f) => f.endsWith('.wav')).length, 3);

  const negatives = await runCli(['synth', '--word', 'hey jarvis', '--negative', '--count', '2', '--sentences', '2', '--engines', 'flite', '--root', root]).done;
  assert.equal(negatives.code, 0, negatives.stderr);
  const files = await readdir(path.join(root, 'negative', 'synth-hey-jarvis'));
  assert.equal(files.filter((f) => /^confusable-.*-flite-/.test(f)).length, 2);
  assert.equal(files.filter((f) => /^sentence-.*-flite-/.test(f)).length, 2);

  const wrong = await runCli(['synth', '--word', 'alexa', '--sentences', '5', '--root', root]).done;
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /error: --sentences: sentences are negatives: add --negative/);
});
