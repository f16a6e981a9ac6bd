import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readAudio } from '../../src/audio/read.node.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';
import { runCli } from './run-cli.ts';

const play = (clip: string, loops = 0) => `ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop ${loops} -i ${clip} -f s16le -ac 1 -ar 16000 -`;

async function tempDir(t: { after: (f: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'record-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('wakeword record saves clips from a real capture program playing a real recording', { skip: skipWithoutSharedData() }, async (t) => {
  const dir = await tempDir(t);
  const clip = sharedPath('alexa', 'picovoice', '130.flac');
  const { done } = runCli(['record', '--word', 'alexa', '--count', '2', '--countdown', '0', '--out', dir, '--input-command', play(clip, 1)]);
  const { code, stdout, stderr } = await done;
  assert.equal(code, 0, stderr);
  assert.match(stderr, /\[1\/2\] say "alexa"[\s\S]*\[2\/2\] say "alexa"/);
  assert.match(stdout, /saved 2 of 2 clip\(s\)/);
  const files = await readdir(dir);
  assert.equal(files.length, 2);
  for (const file of files) assert.equal((await readAudio(path.join(dir, file))).sampleRate, 16000);
});

test('Ctrl-C keeps the clips saved so far', { skip: skipWithoutSharedData() }, async (t) => {
  const dir = await tempDir(t);
  const run = runCli(['record', '--word', 'alexa', '--count', '5', '--countdown', '0', '--out', dir, '--input-command', play(sharedPath('alexa', 'picovoice', '130.flac'), 4)]);
  await run.waitFor('saved ');
  run.child.kill('SIGINT');
  const { code, stdout } = await run.done;
  assert.equal(code, 130);
  assert.match(stdout, /saved 1 of 5 clip\(s\).*\(interrupted\)/);
  assert.deepEqual((await readdir(dir)).filter((f) => !f.endsWith('.wav')), []);
  assert.equal((await readdir(dir)).length, 1);
});

test('without any capture program the error names what to install', async (t) => {
  const env = { ...process.env, PATH: await tempDir(t) };
  const { code, stderr } = await runCli(['record', '--word', 'alexa', '--count', '1'], env).done;
  assert.equal(code, 1);
  assert.match(stderr, /^error: microphone capture: none of arecord, sox, ffmpeg is installed; install one: sudo apt install alsa-utils.*--input-command\)$/m);
});

test('without a microphone the capture program\'s message is one line of its own that suggests --input-command', async (t) => {
  const bin = await tempDir(t);
  // A sox as on a machine with no sound card.
  await writeFile(path.join(bin, 'sox'), `#!/bin/sh\necho 'sox FAIL sox: Sorry, there is no default audio device configured' >&2\nexit 1\n`);
  await chmod(path.join(bin, 'sox'), 0o755);
  const { code, stdout, stderr } = await runCli(['record', '--word', 'alexa', '--count', '1', '--out', path.join(bin, 'clips')], { ...process.env, PATH: bin }).done;
  assert.equal(code, 1);
  assert.equal(stdout, '');
  assert.match(stderr, /^error: no microphone: sox: Sorry, there is no default audio device configured \(use --input-command to record from another program\)$/m);
  assert.doesNotMatch(stderr, /\[1\/1\]|\d\.\.\. /, 'no prompt or countdown before the error');
});
