import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../platform/files.node.ts';
import type { EmbeddingSequence } from './sequences.ts';

/**
 * Frozen-base outputs on disk, one file per (clip content, base, frontend, augmentation
 * variant), so retraining only the head skips the expensive part. Layout: 4-byte header
 * length, JSON header, then the embeddings as little-endian float32.
 */
export class EmbeddingCache {
  constructor(private readonly dir: string) {}

  /** A stable key from the clip's bytes and everything else that shapes its embeddings. */
  static key(fileBytes: Uint8Array, ...parts: string[]): string {
    const hash = createHash('sha1').update(fileBytes);
    for (const part of parts) hash.update('\0' + part);
    return hash.digest('hex');
  }

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), `${key}.emb`);
  }

  async get(key: string): Promise<EmbeddingSequence | null | undefined> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.file(key));
    } catch {
      return undefined;
    }
    const headerLength = bytes.readUInt32LE(0);
    const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8')) as { count: number; size: number; positive?: EmbeddingSequence['positive']; empty?: true };
    // A clip that yields no sequence (too short, silent) is cached as such too.
    if (header.empty) return null;
    const data = new Float32Array(Uint8Array.from(bytes.subarray(4 + headerLength)).buffer);
    const embeddings = Array.from({ length: header.count }, (_, i) => data.subarray(i * header.size, (i + 1) * header.size));
    return header.positive ? { embeddings, positive: header.positive } : { embeddings };
  }

  async set(key: string, sequence: EmbeddingSequence | null): Promise<void> {
    const size = sequence?.embeddings[0]?.length ?? 0;
    const header = Buffer.from(JSON.stringify(sequence ? { count: sequence.embeddings.length, size, positive: sequence.positive } : { count: 0, size: 0, empty: true }));
    const data = new Float32Array((sequence?.embeddings.length ?? 0) * size);
    sequence?.embeddings.forEach((e, i) => data.set(e, i * size));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    await writeFileAtomic(this.file(key), Buffer.concat([length, header, Buffer.from(data.buffer)]));
  }
}
