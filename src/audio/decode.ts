import wav from 'node-wav';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { InputError } from '../errors.ts';
import type { RawAudio } from '../types.ts';

const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/**
 * Decodes WAV (8/16/24/32-bit integer, 32-bit float, extensible headers) or FLAC bytes into
 * mono float samples in [-1, 1]; several channels are averaged. `name` is only used in errors.
 */
export async function decodeAudio(bytes: Uint8Array, name: string): Promise<RawAudio> {
  if (bytes.length === 0) throw new InputError(name, 'empty file (0 bytes), expected WAV or FLAC audio');
  const magic = ascii(bytes, 0, 4);
  if (magic === 'RIFF') return decodeWav(bytes, name);
  if (magic === 'fLaC') return decodeFlac(bytes, name);
  const shown = ascii(bytes, 0, 8).replace(/[^\x20-\x7e]/g, '.');
  throw new InputError(name, `not a WAV or FLAC file (it starts with "${shown}")`);
}

function decodeWav(bytes: Uint8Array, name: string): RawAudio {
  // A private copy: node-wav mishandles views with a byte offset, and extensible headers are
  // rewritten in place below.
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  if (copy.length < 12 || ascii(copy, 8, 4) !== 'WAVE') throw new InputError(name, 'RIFF file that is not WAVE audio');
  let sawFormat = false;
  for (let pos = 12; pos + 8 <= copy.length; ) {
    const id = ascii(copy, pos, 4);
    const size = view.getUint32(pos + 4, true);
    if (id === 'fmt ') {
      sawFormat = true;
      if (view.getUint16(pos + 8, true) === WAVE_FORMAT_EXTENSIBLE && size >= 40) {
        // The real format tag is the first two bytes of the sub-format GUID.
        view.setUint16(pos + 8, view.getUint16(pos + 8 + 24, true), true);
      }
    } else if (id === 'data') {
      if (!sawFormat) throw new InputError(name, 'WAV data chunk comes before its "fmt " chunk');
      const available = copy.length - (pos + 8);
      if (size > available) {
        throw new InputError(name, `truncated WAV: header promises ${size} bytes of audio, file holds ${available}`);
      }
      break;
    }
    pos += 8 + size + (size % 2);
  }
  let decoded: { sampleRate: number; channelData: Float32Array[] } | undefined;
  try {
    decoded = wav.decode(copy);
  } catch (error) {
    throw new InputError(name, `unreadable WAV (${(error as Error).message})`);
  }
  if (!decoded) throw new InputError(name, 'WAV file has no data chunk');
  return { samples: mixDown(decoded.channelData), sampleRate: decoded.sampleRate };
}

async function decodeFlac(bytes: Uint8Array, name: string): Promise<RawAudio> {
  const decoder = new FLACDecoder();
  await decoder.ready;
  try {
    const decoded = await quietDecoder(() => decoder.decodeFile(bytes));
    if (decoded.samplesDecoded === 0 || decoded.channelData.length === 0) {
      const why = decoded.errors[0]?.message ?? 'no audio frames';
      throw new InputError(name, `unreadable FLAC (${why})`);
    }
    const { totalSamples: expected, maxBlockSize } = flacStreamInfo(bytes);
    // This decoder never returns a stream's final partial frame (under one block, at most
    // ~0.07 s at 16 kHz); any larger shortfall means frames were lost to damage.
    if (decoded.errors.length > 0 || decoded.samplesDecoded < expected - maxBlockSize) {
      const seconds = (n: number) => (n / decoded.sampleRate).toFixed(2);
      throw new InputError(
        name,
        `damaged FLAC stream: the decoder lost sync ${decoded.errors.length} time(s) and recovered ` +
          `${seconds(decoded.samplesDecoded)} s of ${seconds(expected)} s (ffmpeg -i FILE out.wav can repair it)`,
      );
    }
    return { samples: mixDown(decoded.channelData), sampleRate: decoded.sampleRate };
  } finally {
    decoder.free();
  }
}

let decoderMessages = false;

/**
 * Lets the FLAC decoder print its own messages (several lines per lost sync) on stderr, as the
 * CLI's -v does; otherwise they are dropped, since the same errors come back in its result
 * and become one line of ours.
 */
export function showDecoderMessages(show: boolean): void {
  decoderMessages = show;
}

/**
 * Runs `decode` with console.error and console.warn silenced unless showDecoderMessages(true).
 * The decoder prints synchronously, before its promise's first await, so no one else's output is lost.
 */
function quietDecoder<T>(decode: () => T): T {
  if (decoderMessages) return decode();
  const { error, warn } = console;
  console.error = console.warn = () => {};
  try {
    return decode();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

/** Block size and total samples per channel from STREAMINFO, which starts at byte 8. */
function flacStreamInfo(bytes: Uint8Array): { totalSamples: number; maxBlockSize: number } {
  if (bytes.length < 26) return { totalSamples: 0, maxBlockSize: 0 };
  const maxBlockSize = (bytes[10]! << 8) | bytes[11]!;
  // The 36-bit sample count is the low nibble of byte 21 and bytes 22..25 (0 when unknown).
  const totalSamples = (bytes[21]! & 0x0f) * 2 ** 32 + ((bytes[22]! << 24) >>> 0) + (bytes[23]! << 16) + (bytes[24]! << 8) + bytes[25]!;
  return { totalSamples, maxBlockSize };
}

function mixDown(channels: Float32Array[]): Float32Array {
  if (channels.length === 1) return channels[0]!;
  const out = new Float32Array(channels[0]!.length);
  for (const channel of channels) for (let i = 0; i < out.length; i++) out[i]! += channel[i]! / channels.length;
  return out;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}
