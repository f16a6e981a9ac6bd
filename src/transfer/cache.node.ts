import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../platform/files.node.ts';
import type { StoredSequence } from './pipeline.node.ts';
import type { EmbeddingSequence } from './sequences.ts';

/**
 * Frozen-base outputs on disk, one file per (clip content, base, frontend, augmentation
 * variant), so retraining only the head skips the expensive part (no decoding either: the
 * header keeps the audio's length and the files that could not be decoded). Layout: 4-byte
 * header length, JSON header, then the embeddings as little-endian float32.
 */
/** Bumped whenever the file layout or what goes into a sequence changes. */
const FORMAT = 2;

export class EmbeddingCache {
  constructor(private readonly dir: string) {}

  /** A stable key from the clip's bytes and everything else that shapes its embeddings. */
  static key(fileBytes: Uint8Array, ...parts: string[]): string {
    const hash = createHash('sha1').update(`${FORMAT}\0`).update(fileBytes);
    for (const part of parts) hash.update('\0' + part);
    return hash.digest('hex');
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.emb`);
  }

  async get(key: string): Promise<StoredSequence<EmbeddingSequence> | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file(key));
    } catch {
      return undefined;
    }
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as Header;
    const data = new Float32Array(Uint8Array.from(bytes.subarray(4 + headerLength)).buffer);
    const embeddings = Array.from({ length: header.count }, (_, i) => data.subarray(i * header.size, (i + 1) * header.size));
    // A group that yields no sequence (silent, too short, all unreadable) is cached as such too.
    const value = header.empty ? null : header.positive ? { embeddings, positive: header.positive } : { embeddings };
    return { value, seconds: header.seconds, skipped: header.skipped };
  }

  async has(key: string): Promise<boolean> {
    return access(this.file(key)).then(() => true, () => false);
  }

  async set(key: string, stored: StoredSequence<EmbeddingSequence>): Promise<void> {
    const embeddings = stored.value?.embeddings ?? [];
    const size = embeddings[0]?.length ?? 0;
    const header: Header = { count: embeddings.length, size, positive: stored.value?.positive, empty: stored.value ? undefined : true, seconds: stored.seconds, skipped: stored.skipped };
    const json = Buffer.from(JSON.stringify(header));
    const data = new Float32Array(embeddings.length * size);
    embeddings.forEach((e, i) => data.set(e, i * size));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length);
    await writeFileAtomic(this.file(key), Buffer.concat([length, json, Buffer.from(data.buffer)]));
  }
}

interface Header {
  count: number;
  size: number;
  positive?: EmbeddingSequence['positive'];
  empty?: true;
  seconds: number;
  skipped: StoredSequence<EmbeddingSequence>['skipped'];
}
