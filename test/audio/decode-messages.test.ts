import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { decodeAudio, showDecoderMessages } from '../../src/audio/decode.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';

test("a damaged FLAC is one error of ours: the decoder's own messages are dropped unless asked for (-v)", { skip: skipWithoutSharedData() }, async () => {
  const bytes = await readFile(sharedPath('bad-input', 'picovoice-alexa-32-lost-sync.flac'));
  const printed: string[] = [];
  const { error, warn } = console;
  const spy = (...args: unknown[]) => void printed.push(args.join(' '));
  console.error = console.warn = spy;
  try {
    await assert.rejects(decodeAudio(bytes, 'bad.flac'), /^InputError: bad\.flac: damaged FLAC stream: the decoder lost sync 2 time\(s\)/);
    assert.deepEqual(printed, []);
    assert.ok(console.error === spy && console.warn === spy, 'silenced for the decode only');
    showDecoderMessages(true);
    await assert.rejects(decodeAudio(bytes, 'bad.flac'), /damaged FLAC stream/);
    assert.equal(printed.length, 2);
    assert.match(printed[0]!, /^@wasm-audio-decoders\/flac: \n\tError: FLAC__STREAM_DECODER_ERROR_STATUS_LOST_SYNC/);
  } finally {
    console.error = error;
    console.warn = warn;
    showDecoderMessages(false);
  }
});
