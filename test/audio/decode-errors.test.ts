import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeAudio } from '../../src/audio/decode.ts';
import { encodeWav16 } from '../../src/audio/wav.ts';

/** One second of a quiet tone as a canonical 16-bit WAV (44-byte header, then 32000 bytes of audio). */
const clip = () => encodeWav16({ samples: Float32Array.from({ length: 16000 }, (_, i) => 0.1 * Math.sin(i / 5)), sampleRate: 16000 });

/** A RIFF/WAVE file of these chunks, odd-sized ones padded as the format says. */
function riff(chunks: [string, Uint8Array][]): Uint8Array {
  const size = chunks.reduce((n, [, body]) => n + 8 + body.length + (body.length % 2), 4);
  const out = new Uint8Array(8 + size);
  const view = new DataView(out.buffer);
  const text = (at: number, s: string) => out.set(Array.from(s, (c) => c.charCodeAt(0)), at);
  text(0, 'RIFF');
  view.setUint32(4, size, true);
  text(8, 'WAVE');
  let at = 12;
  for (const [id, body] of chunks) {
    text(at, id);
    view.setUint32(at + 4, body.length, true);
    out.set(body, at + 8);
    at += 8 + body.length + (body.length % 2);
  }
  return out;
}

/** A "fmt " chunk's body; `extra` bytes after the 16 (18-byte chunks are common for float WAVs). */
function fmt(tag: number, channels: number, sampleRate: number, bits: number, extra = 0): Uint8Array {
  const body = new Uint8Array(16 + extra);
  const view = new DataView(body.buffer);
  const block = (channels * bits) / 8;
  view.setUint16(0, tag, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, sampleRate, true);
  view.setUint32(8, sampleRate * block, true);
  view.setUint16(12, block, true);
  view.setUint16(14, bits, true);
  return body;
}

const bytesOf = (array: Float32Array | Int16Array) => new Uint8Array(array.buffer);

test('a WAV cut inside its header is one InputError naming the file and what is missing', async () => {
  await assert.rejects(decodeAudio(clip().subarray(0, 20), 'clip.wav'), (error: Error) => {
    assert.equal(error.name, 'InputError');
    assert.equal(error.message, 'clip.wav: truncated WAV header (at least 44 bytes expected, got 20)');
    return true;
  });
  // Every cut before the audio starts says the same, never a DataView RangeError.
  for (const length of [4, 8, 11, 12, 16, 24, 36, 43]) {
    await assert.rejects(decodeAudio(clip().subarray(0, length), 'clip.wav'), {
      name: 'InputError',
      message: `clip.wav: truncated WAV header (at least 44 bytes expected, got ${length})`,
    });
  }
});

test('a WAV whose data chunk is cut short says how much audio its header promised and how much is there', async () => {
  const bytes = clip();
  await assert.rejects(decodeAudio(bytes.subarray(0, 44 + 1000), 'clip.wav'), {
    name: 'InputError',
    message: 'clip.wav: truncated WAV: header promises 32000 bytes of audio, file holds 1000',
  });
  await assert.rejects(decodeAudio(bytes.subarray(0, bytes.length - 1), 'clip.wav'), /truncated WAV: header promises 32000 bytes of audio, file holds 31999$/);
});

test('a cut inside a chunk before the audio counts that chunk in what the header needs', async () => {
  const bytes = riff([['fmt ', fmt(1, 1, 16000, 16)], ['LIST', new Uint8Array(60)], ['data', new Uint8Array(8)]]);
  // fmt ends at 36, LIST at 104, data's header at 112.
  await assert.rejects(decodeAudio(bytes.subarray(0, 50), 'tagged.wav'), {
    message: 'tagged.wav: truncated WAV header (at least 112 bytes expected, got 50)',
  });
});

test('headers node-wav cannot read are one line each, and a header with 0 channels does not hang', { timeout: 10_000 }, async () => {
  const audio = bytesOf(Int16Array.from([100, -100]));
  const cases: [Uint8Array, string][] = [
    [riff([['fmt ', fmt(1, 0, 16000, 16)], ['data', audio]]), 'malformed WAV: its header says 0 channel(s) at 16000 Hz'],
    [riff([['fmt ', fmt(1, 1, 0, 16)], ['data', audio]]), 'malformed WAV: its header says 1 channel(s) at 0 Hz'],
    [riff([['fmt ', fmt(1, 1, 16000, 16).subarray(0, 4)], ['data', audio]]), 'malformed WAV: its "fmt " chunk has 4 bytes, expected at least 16'],
    [riff([['data', audio], ['fmt ', fmt(1, 1, 16000, 16)]]), 'WAV data chunk comes before its "fmt " chunk'],
    [
      riff([['fmt ', fmt(2, 1, 16000, 4)], ['data', audio]]),
      'unsupported WAV encoding (format tag 0x0002, 4-bit): expected 8/16/24/32-bit integer or 32/64-bit float PCM (ffmpeg -i FILE -c:a pcm_s16le out.wav converts it)',
    ],
  ];
  for (const [bytes, problem] of cases) await assert.rejects(decodeAudio(bytes, 'odd.wav'), { name: 'InputError', message: `odd.wav: ${problem}` });
});

test('valid WAVs node-wav misread decode: float with an 18-byte "fmt " chunk and a fact chunk, an odd-sized chunk before the audio, an odd-sized data chunk', async () => {
  const floats = Float32Array.from([0.5, -0.5, 0.25, 0]);
  for (const bytes of [
    riff([['fmt ', fmt(3, 1, 16000, 32, 2)], ['data', bytesOf(floats)]]),
    riff([['fmt ', fmt(3, 1, 16000, 32, 2)], ['fact', new Uint8Array(4)], ['data', bytesOf(floats)]]),
  ]) {
    const decoded = await decodeAudio(bytes, 'float.wav');
    assert.deepEqual(Array.from(decoded.samples), Array.from(floats));
    assert.equal(decoded.sampleRate, 16000);
  }
  const ints = Int16Array.from([16384, -16384, 8192]);
  const tagged = await decodeAudio(riff([['fmt ', fmt(1, 1, 8000, 16)], ['LIST', new Uint8Array(5)], ['data', bytesOf(ints)]]), 'tagged.wav');
  assert.deepEqual(Array.from(tagged.samples, (x) => Math.round(x * 4)), [2, -2, 1]);
  // Three samples and half of a fourth: the whole ones decode.
  const odd = await decodeAudio(riff([['fmt ', fmt(1, 1, 8000, 16)], ['data', bytesOf(Int16Array.from([16384, -16384, 8192, 0])).subarray(0, 7)]]), 'odd.wav');
  assert.deepEqual(Array.from(odd.samples, (x) => Math.round(x * 4)), [2, -2, 1]);
});
