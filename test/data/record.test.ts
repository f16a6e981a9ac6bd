import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readAudio } from '../../src/audio/read.node.ts';
import { findSpeechBounds } from '../../src/audio/speech-bounds.ts';
import { recordClips, type RecordOptions } from '../../src/data/record.node.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';

const ffmpeg = 'ffmpeg -hide_banner -loglevel error -nostdin';
const toStdout = '-f s16le -ac 1 -ar 16000 -';

async function tempDir(t: { after: (f: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'record-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function options(outDir: string, inputCommand: string, extra: Partial<RecordOptions> = {}): RecordOptions {
  return { count: 1, outDir, prefix: 'alexa', prompt: () => 'say "alexa"', countdownSeconds: 0, inputCommand, ...extra };
}

test('records a real clip played at real-time speed: trimmed to the speech with margins, samples intact', { skip: skipWithoutSharedData() }, async (t) => {
  const dir = await tempDir(t);
  const clip = sharedPath('alexa', 'picovoice', '0.flac');
  const events: string[] = [];
  const result = await recordClips(
    options(dir, `${ffmpeg} -re -i ${clip} ${toStdout}`, {
      events: { prompt: (i, n, text) => events.push(`prompt ${i + 1}/${n} ${text}`), saved: () => events.push('saved'), level: () => undefined },
    }),
  );
  assert.equal(result.ended, 'done');
  assert.deepEqual(events, ['prompt 1/1 say "alexa"', 'saved']);
  assert.equal(result.saved.length, 1);
  assert.match(path.basename(result.saved[0]!), /^alexa-\d{8}-\d{6}-[0-9a-f]{6}\.wav$/);
  const original = await readAudio(clip);
  const saved = await readAudio(result.saved[0]!);
  assert.equal(saved.sampleRate, 16000);
  const speech = findSpeechBounds(original)!;
  const length = saved.samples.length / 16000;
  assert.ok(length < original.samples.length / 16000, 'silence was trimmed');
  assert.ok(length >= speech.end - speech.start && length <= speech.end - speech.start + 0.51, `${length} s`);
  // The saved samples are a stretch of the original (to 16-bit rounding).
  const same = (x: number, y: number | undefined) => y !== undefined && Math.abs(x - y) <= 2 / 32768;
  const at = original.samples.findIndex((_, i) => saved.samples.every((x, j) => j > 400 || same(x, original.samples[i + j])));
  assert.ok(at >= 0, 'found in the original');
  assert.ok(saved.samples.every((x, j) => same(x, original.samples[at + j])));
});

test('a capture program dying mid-clip ends the session with its message and leaves no file', { skip: skipWithoutSharedData() }, async (t) => {
  const dir = await tempDir(t);
  const clip = sharedPath('alexa', 'picovoice', '0.flac');
  const result = await recordClips(options(dir, `${ffmpeg} -re -i ${clip} -t 1.3 ${toStdout}; echo 'lost the device' >&2; exit 3`));
  assert.equal(result.ended, 'capture-failed');
  assert.match(result.error!, /stopped with exit code 3: lost the device/);
  assert.deepEqual(await readdir(dir).catch(() => []), []);
});

test('silent, clipped and too-long takes are rejected with the reason', async (t) => {
  const dir = await tempDir(t);
  const silence = `${ffmpeg} -f lavfi -i anullsrc=r=16000:cl=mono -t 3 ${toStdout}`;
  const silent = await recordClips(options(dir, silence, { endpoint: { waitSeconds: 0.5 }, maxSilentTakes: 2 }));
  assert.equal(silent.ended, 'too-many-silent');
  assert.equal(silent.rejected.length, 2);
  assert.match(silent.rejected[0]!, /^silent: nothing rose above -50 dBFS in 0.5 s/);

  const loud = `${ffmpeg} -f lavfi -i "aevalsrc=exprs='if(between(t,0.3,0.9),3*sin(2*PI*300*t),0)':s=16000:d=2" ${toStdout}`;
  const clipped = await recordClips(options(dir, loud));
  assert.match(clipped.rejected[0]!, /^clipped: \d+ stretches at full scale/);

  const tone = `${ffmpeg} -f lavfi -i "sine=f=300:r=16000:d=4" ${toStdout}`;
  const long = await recordClips(options(dir, tone, { maxSpeechSeconds: 1 }));
  assert.match(long.rejected[0]!, /^too long: still speaking after 1 s/);
  assert.deepEqual(await readdir(dir).catch(() => []), []);
});

test('aborting (Ctrl-C) keeps the clips already saved and discards the take in progress', { skip: skipWithoutSharedData() }, async (t) => {
  const dir = await tempDir(t);
  const clip = sharedPath('alexa', 'picovoice', '3.flac');
  const controller = new AbortController();
  const result = await recordClips(
    options(dir, `${ffmpeg} -re -stream_loop 5 -i ${clip} ${toStdout}`, { count: 5, signal: controller.signal, events: { saved: () => controller.abort() } }),
  );
  assert.equal(result.ended, 'interrupted');
  assert.equal(result.saved.length, 1);
  assert.deepEqual(await readdir(dir), [path.basename(result.saved[0]!)]);
});

test('what a piped input says during the countdown is kept: the first take is whole', async (t) => {
  const dir = await tempDir(t);
  // 2 s of input, a tone from 0.3 to 0.9 s: all of it arrives during the default 3 s countdown.
  const early = `${ffmpeg} -f lavfi -i "aevalsrc=exprs='if(between(t,0.3,0.9),0.3*sin(2*PI*300*t),0)':s=16000:d=2" ${toStdout}`;
  const countdown: number[] = [];
  const result = await recordClips(options(dir, early, { countdownSeconds: undefined, events: { countdown: (left) => countdown.push(left) } }));
  assert.equal(countdown[0], 3, 'the default countdown ran');
  assert.deepEqual(result.rejected, []);
  assert.equal(result.saved.length, 1);
  const saved = await readAudio(result.saved[0]!);
  const seconds = saved.samples.length / 16000;
  assert.ok(seconds >= 0.6 && seconds <= 0.6 + 2 * 0.25 + 0.05, `${seconds} s`);
});

test('a capture that fails before any audio throws at once, before any prompt', async (t) => {
  const dir = await tempDir(t);
  const prompts: number[] = [];
  await assert.rejects(
    recordClips(options(dir, `echo 'sox FAIL sox: Sorry, there is no default audio device configured' >&2; exit 1`, { events: { prompt: (i) => prompts.push(i) } })),
    (error: Error) => error.name === 'InputError' && /stopped with exit code 1 before any audio: sox FAIL sox: Sorry/.test(error.message),
  );
  assert.deepEqual(prompts, []);
});
