import wav from 'node-wav';
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

/** The shortest WAV header: RIFF (12 bytes), a 16-byte "fmt " chunk (24) and the data chunk's header (8). */
const MIN_WAV_HEADER = 44;

interface WavFormat {
  tag: number;
  channels: number;
  sampleRate: number;
  bits: number;
}

/**
 * Walks the chunks itself, so a file cut short or with an impossible header is one line naming
 * the problem, then hands node-wav a canonical copy of the header and the audio: node-wav reads
 * past a cut header (RangeErrors about DataViews), does not skip the pad byte of odd-sized
 * chunks, needs the audio aligned to its sample size (float WAVs with an 18-byte "fmt " chunk
 * failed) and loops forever on a header that says 0 channels.
 */
function decodeWav(bytes: Uint8Array, name: string): RawAudio {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  /** `needed`: how many bytes the header needs at least, as far as the file says before it ends. */
  const truncated = (needed: number) =>
    new InputError(name, `truncated WAV header (at least ${Math.max(needed, MIN_WAV_HEADER)} bytes expected, got ${bytes.length})`);
  const riffType = ascii(bytes, 8, 4);
  if (riffType !== 'WAVE') {
    if (bytes.length < 12 && 'WAVE'.startsWith(riffType)) throw truncated(MIN_WAV_HEADER);
    throw new InputError(name, 'RIFF file that is not WAVE audio');
  }
  let format: WavFormat | undefined;
  for (let pos = 12; ; ) {
    // What the header needs at least before the audio, from `pos` (or after a chunk other than
    // "fmt "): a "fmt " chunk (24 bytes) unless one was seen, then the data chunk's header (8).
    const rest = (format ? 0 : 24) + 8;
    if (pos + 8 > bytes.length) throw truncated(pos + rest);
    const id = ascii(bytes, pos, 4);
    const size = view.getUint32(pos + 4, true);
    const body = pos + 8;
    if (id === 'data') {
      if (!format) throw new InputError(name, 'WAV data chunk comes before its "fmt " chunk');
      const available = bytes.length - body;
      if (size > available) {
        throw new InputError(name, `truncated WAV: header promises ${size} bytes of audio, file holds ${available}`);
      }
      return decodeCanonicalWav(format, bytes.subarray(body, body + size), name);
    }
    if (body + size > bytes.length) throw truncated(body + size + (id === 'fmt ' ? 8 : rest));
    if (id === 'fmt ') format = readWavFormat(view, body, size, name);
    pos = body + size + (size % 2);
  }
}

function readWavFormat(view: DataView, at: number, size: number, name: string): WavFormat {
  if (size < 16) throw new InputError(name, `malformed WAV: its "fmt " chunk has ${size} bytes, expected at least 16`);
  let tag = view.getUint16(at, true);
  // The real format tag of an extensible header is the first two bytes of the sub-format GUID.
  if (tag === WAVE_FORMAT_EXTENSIBLE && size >= 40) tag = view.getUint16(at + 24, true);
  const format = { tag, channels: view.getUint16(at + 2, true), sampleRate: view.getUint32(at + 4, true), bits: view.getUint16(at + 14, true) };
  if (format.channels === 0 || format.sampleRate === 0) {
    throw new InputError(name, `malformed WAV: its header says ${format.channels} channel(s) at ${format.sampleRate} Hz`);
  }
  const supported = (tag === 1 && [8, 16, 24, 32].includes(format.bits)) || (tag === 3 && [32, 64].includes(format.bits));
  if (!supported) {
    const bits = `${format.bits}-bit`;
    const kind = tag === 1 ? `${bits} integer PCM` : tag === 3 ? `${bits} float PCM` : `format tag 0x${tag.toString(16).padStart(4, '0')}, ${bits}`;
    throw new InputError(
      name,
      `unsupported WAV encoding (${kind}): expected 8/16/24/32-bit integer or 32/64-bit float PCM (ffmpeg -i FILE -c:a pcm_s16le out.wav converts it)`,
    );
  }
  return format;
}

/**
 * node-wav's decode of a canonical copy: RIFF header, a 16-byte "fmt " chunk with the block size
 * recomputed, a 4-byte JUNK chunk that puts the audio at byte 56 (aligned for every sample size)
 * and the data chunk (its size says where the audio ends).
 */
function decodeCanonicalWav(format: WavFormat, audio: Uint8Array, name: string): RawAudio {
  const AUDIO_AT = 56;
  // Zeros after the audio up to a multiple of 8 bytes: node-wav's typed arrays run to the end of
  // the buffer and need whole samples there (an odd-sized 16-bit data chunk failed).
  const copy = new Uint8Array(AUDIO_AT + Math.ceil(audio.length / 8) * 8);
  const view = new DataView(copy.buffer);
  const chunk = (at: number, id: string, size: number) => {
    for (let i = 0; i < 4; i++) copy[at + i] = id.charCodeAt(i);
    view.setUint32(at + 4, size, true);
  };
  const blockSize = format.channels * (format.bits / 8);
  chunk(0, 'RIFF', copy.length - 8);
  for (let i = 0; i < 4; i++) copy[8 + i] = 'WAVE'.charCodeAt(i);
  chunk(12, 'fmt ', 16);
  view.setUint16(20, format.tag, true);
  view.setUint16(22, format.channels, true);
  view.setUint32(24, format.sampleRate, true);
  view.setUint32(28, format.sampleRate * blockSize, true);
  view.setUint16(32, blockSize, true);
  view.setUint16(34, format.bits, true);
  chunk(36, 'JUNK', 4);
  chunk(48, 'data', audio.length);
  copy.set(audio, AUDIO_AT);
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
  // Imported here, not at the top: loading it (its wasm inlined) costs Node ~35 ms, which a WAV never needs.
  const { FLACDecoder } = await import('@wasm-audio-decoders/flac');
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
