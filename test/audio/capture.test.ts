import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureAudio, captureCommand } from '../../src/audio/capture.node.ts';

const only = (...present: string[]) => (name: string) => (present.includes(name) ? `/usr/bin/${name}` : undefined);

test('the capture program is chosen per system, with the device where each program takes it', () => {
  assert.deepEqual(captureCommand({}, 'linux', only('arecord', 'sox', 'ffmpeg')).args, ['-q', '-t', 'raw', '-f', 'S16_LE', '-c', '1', '-r', '16000']);
  assert.deepEqual(captureCommand({ device: 'hw:1,0' }, 'linux', only('arecord')).args.slice(-2), ['-D', 'hw:1,0']);
  const sox = captureCommand({ device: 'hw:2' }, 'linux', only('sox', 'ffmpeg'));
  assert.equal(sox.command, 'sox');
  assert.deepEqual(sox.env, { AUDIODEV: 'hw:2' });
  assert.deepEqual(captureCommand({}, 'linux', only('ffmpeg')).args.slice(3, 8), ['-nostdin', '-f', 'alsa', '-i', 'default']);
  assert.deepEqual(captureCommand({ device: '1' }, 'darwin', only('ffmpeg')).args.slice(4, 8), ['-f', 'avfoundation', '-i', ':1']);
  assert.deepEqual(captureCommand({ device: 'Microphone (USB)' }, 'win32', only('ffmpeg')).args.slice(4, 8), ['-f', 'dshow', '-i', 'audio=Microphone (USB)']);
  assert.equal(captureCommand({ program: 'ffmpeg' }, 'linux', only('arecord', 'ffmpeg')).command, 'ffmpeg');
  assert.equal(captureCommand({ inputCommand: 'cat x.raw' }, 'linux', only()).shell, true);
});

test('a missing capture program is an error that names the package to install', () => {
  assert.throws(() => captureCommand({}, 'linux', only()), /apt install alsa-utils.*sox.*ffmpeg.*--input-command/);
  assert.throws(() => captureCommand({}, 'darwin', only()), /brew install sox/);
  assert.throws(() => captureCommand({ program: 'arecord' }, 'linux', only('sox')), /install the alsa-utils package/);
  assert.throws(() => captureCommand({}, 'win32', only('ffmpeg')), /--device.*list_devices/);
});

test('captured s16le becomes float chunks, also when a sample is split between reads', async () => {
  // 0x4000 = 0.5, 0xc000 = -0.5, written in two pieces that split the second sample.
  const command = `printf '\\000\\100\\000'; sleep 0.2; printf '\\300\\377\\177'`;
  const samples: number[] = [];
  for await (const chunk of captureAudio({ inputCommand: command })) samples.push(...chunk);
  assert.deepEqual(samples, [0.5, -0.5, 32767 / 32768]);
});

test('a capture program that fails or is missing raises its exit status and last words', async () => {
  const drain = async (command: string) => {
    for await (const _ of captureAudio({ inputCommand: command }));
  };
  await assert.rejects(drain(`printf '\\000\\000'; echo 'device busy' >&2; exit 3`), /stopped with exit code 3: device busy/);
  await assert.rejects(drain('no-such-capture-program-xyz'), /exit code 127/);
});

test('aborting stops the capture program without an error', async () => {
  const controller = new AbortController();
  let chunks = 0;
  for await (const _ of captureAudio({ inputCommand: 'cat /dev/zero', signal: controller.signal })) {
    if (++chunks === 3) controller.abort();
  }
  assert.ok(chunks >= 3);
});
