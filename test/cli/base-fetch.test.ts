import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Command } from 'commander';
import register from '../../src/cli/commands/base.ts';
import { writeSpeechCommandsFixture } from '../models/speech-commands-fixture.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'base-fetch-'));
after(() => rm(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride().option('--backend <name>');
  register(program);
  const lines: string[] = [];
  const log = console.log;
  console.log = (line: string) => lines.push(line);
  try {
    await program.parseAsync(['node', 'wakeword', '--backend', 'cpu', 'base', 'fetch', ...args]);
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

test('base fetch speech-commands-18w --from DIR checks and copies a local copy of the files', async () => {
  const copy = path.join(dir, 'copy');
  await writeSpeechCommandsFixture(copy);
  const out = path.join(dir, 'base');
  const output = await run('speech-commands-18w', '--from', copy, '--out', out);
  assert.match(output, /speech-commands-18w from .*copy \(5,874,736 bytes of weights, sizes and shapes checked\)/);
  for (const name of ['model.json', 'metadata.json', 'group1-shard1of2', 'group1-shard2of2']) assert.ok(existsSync(path.join(out, name)), name);
});

test('base fetch --from a folder without the files is a one-line input error', async () => {
  await assert.rejects(run('speech-commands-18w', '--from', path.join(dir, 'empty'), '--out', path.join(dir, 'x')), { name: 'InputError', message: /empty[/\\]model\.json: missing/ });
});
