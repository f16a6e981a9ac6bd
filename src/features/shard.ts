import { InputError } from '../errors.ts';
import { decodeFloat16, toFloat16Bits } from './float16.ts';

/** The format tag every shard (and manifest) carries; bumped when the layout or its meaning changes. */
export const FEATURES_FORMAT = 'wakeword-features/1';
const MAGIC = 'WWFS';

/** One source file's embeddings in a shard. */
export interface ShardEntry {
  /** The audio file, as planned (an absolute path). */
  file: string;
  /** SHA-1 of the file's bytes. */
  sha1: string;
  /** Seconds of audio in the file. */
  seconds: number;
  /** Index of the file's first embedding among the shard's embeddings. */
  offset: number;
  /** Embeddings of the file (consecutive, `hopSeconds` apart). */
  count: number;
}

/** A file of the job that could not be embedded, and why. */
export interface FailedFile {
  file: string;
  reason: string;
}

/** What a shard says about itself: everything needed to use its embeddings without the audio. */
export interface ShardHeader {
  format: typeof FEATURES_FORMAT;
  /** The job that wrote it (also the shard's file name). */
  job: string;
  base: { id: string; windowFrames: number; windowHop: number; headContext: number; embeddingSize: number };
  /** The frontend's parameters (FeatureFrontend.describe()). */
  frontend: Record<string, number | string>;
  /** 'none': the audio as it is (augmented copies are made at training time). */
  augmentation: string;
  /**
   * Seconds of silence embedded before each file (the detector's warm-up, as `detect` scores a
   * recording): a file's embedding k ends at k x hopSeconds + windowSeconds - leadSeconds.
   */
  leadSeconds: number;
  /** Seconds between consecutive embeddings of a file, and the audio one embedding sees. */
  hopSeconds: number;
  windowSeconds: number;
  /** Embeddings in the shard, all files together. */
  embeddings: number;
  entries: ShardEntry[];
  failed: FailedFile[];
}

/**
 * A shard file: "WWFS", a uint32 layout version, a uint32 header length, the JSON header (padded
 * with spaces to a multiple of 8 bytes), then `embeddings x embeddingSize` float16 values,
 * little-endian, file after file in the order of `entries`. The same header and values always
 * give the same bytes.
 */
export function encodeShard(header: ShardHeader, embeddings: Float32Array[]): Uint8Array {
  const size = header.base.embeddingSize;
  if (embeddings.length !== header.embeddings) throw new Error(`shard ${header.job}: header says ${header.embeddings} embeddings, got ${embeddings.length}`);
  let json = JSON.stringify(header);
  const jsonBytes = () => new TextEncoder().encode(json);
  while ((12 + jsonBytes().length) % 8 !== 0) json += ' ';
  const head = jsonBytes();
  const out = new Uint8Array(12 + head.length + embeddings.length * size * 2);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(4, 1, true);
  view.setUint32(8, head.length, true);
  out.set(head, 12);
  let at = 12 + head.length;
  for (const embedding of embeddings) {
    if (embedding.length !== size) throw new Error(`shard ${header.job}: an embedding of ${embedding.length} values, expected ${size}`);
    for (let i = 0; i < size; i++, at += 2) view.setUint16(at, toFloat16Bits(embedding[i]!), true);
  }
  return out;
}

/** The header alone (from the first bytes of a shard file, or all of them). */
export function decodeShardHeader(bytes: Uint8Array, name = 'shard'): { header: ShardHeader; dataOffset: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 4)) !== MAGIC) throw new InputError(name, 'not a feature shard (it does not start with "WWFS")');
  if (view.getUint32(4, true) !== 1) throw new InputError(name, `feature shard layout ${view.getUint32(4, true)}, this version reads layout 1`);
  const length = view.getUint32(8, true);
  if (bytes.length < 12 + length) throw new InputError(name, 'feature shard header is cut short');
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as ShardHeader;
  if (header.format !== FEATURES_FORMAT) throw new InputError(name, `format '${header.format}', expected '${FEATURES_FORMAT}'`);
  return { header, dataOffset: 12 + length };
}

/** A whole shard file, checked for length, with its embeddings readable by range (decoded on demand). */
export function openShard(bytes: Uint8Array, name = 'shard'): { header: ShardHeader; slice(from: number, to: number): Float32Array[] } {
  const { header, dataOffset } = decodeShardHeader(bytes, name);
  const size = header.base.embeddingSize;
  const expected = dataOffset + header.embeddings * size * 2;
  if (bytes.length !== expected) throw new InputError(name, `feature shard holds ${bytes.length} bytes, its header implies ${expected}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + dataOffset);
  return {
    header,
    slice(from, to) {
      const bits = new Uint16Array((to - from) * size);
      for (let i = 0; i < bits.length; i++) bits[i] = view.getUint16((from * size + i) * 2, true);
      const values = decodeFloat16(bits);
      return Array.from({ length: to - from }, (_, i) => values.subarray(i * size, (i + 1) * size));
    },
  };
}

/**
 * Throws when shard `file` was embedded by another base or frontend than `base.id` with
 * `frontend` (a frontend's describe()); `user` says what runs on those ('training', a model folder).
 */
export function checkShardOrigin(header: ShardHeader, file: string, base: { id: string; embeddingSize: number }, frontend: Record<string, number | string>, user: string): void {
  const expected = JSON.stringify(frontend);
  if (header.base.id !== base.id || header.base.embeddingSize !== base.embeddingSize || JSON.stringify(header.frontend) !== expected) {
    throw new InputError(file, `embedded by base ${header.base.id} with frontend ${JSON.stringify(header.frontend)}; ${user} ${base.id} with ${expected}`);
  }
}
