import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../errors.ts';

export interface DownloadOptions {
  /** Where to fetch from, tried in order (the official host first, then mirrors). */
  urls: string[];
  /** Final file; the download grows in `<file>.part` until it is complete and checked. */
  file: string;
  /** Expected MD5 (hex) of the whole file; checked before the file gets its final name. */
  md5?: string;
  /** Expected size in bytes, when known in advance. */
  bytes?: number;
  /** Progress in bytes (total 0 when the server does not say). */
  onProgress?: (done: number, total: number) => void;
  /** Progress of the checksum pass over the finished file. */
  onVerify?: (done: number, total: number) => void;
  /** Times a broken connection is resumed before giving up (default 5). */
  retries?: number;
}

export interface DownloadResult {
  file: string;
  bytes: number;
  /** True when the file was already complete and nothing was fetched. */
  cached: boolean;
  /** Range requests made to continue a partial file. */
  resumed: number;
  url: string;
}

/**
 * Downloads a file with resume: bytes go to `<file>.part`, a broken connection or a later run
 * continues with an HTTP Range request from where it stopped (a server that ignores Range
 * restarts it), and only a complete file whose size and MD5 match is renamed into place.
 */
export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const { urls, file, retries = 5, onProgress } = options;
  if (existsSync(file)) return { file, bytes: (await stat(file)).size, cached: true, resumed: 0, url: urls[0]! };
  await mkdir(path.dirname(file), { recursive: true });
  const part = `${file}.part`;
  let resumed = 0;
  let total = options.bytes ?? 0;
  let lastError = '';
  for (const url of urls) {
    for (let attempt = 0; attempt <= retries; attempt++) {
      const have = existsSync(part) ? (await stat(part)).size : 0;
      if (total > 0 && have === total) break;
      let response: Response;
      try {
        response = await fetch(url, { headers: have > 0 ? { Range: `bytes=${have}-` } : {} });
      } catch (error) {
        lastError = `cannot connect (${(error as Error & { cause?: Error }).cause?.message ?? (error as Error).message})`;
        break; // try the next mirror
      }
      if (response.status === 416 && have > 0) {
        // The server has no bytes past what we hold: the partial file is complete.
        await response.body?.cancel();
        total = have;
        break;
      }
      if (!response.ok || !response.body) {
        lastError = `HTTP ${response.status} ${response.statusText}`;
        await response.body?.cancel();
        break;
      }
      const append = response.status === 206;
      if (append) resumed++;
      const start = append ? have : 0;
      const length = Number(response.headers.get('content-length') ?? 0);
      const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
      total = range ? Number(range[1]) : length > 0 ? start + length : total;
      let done = start;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          done += chunk.length;
          onProgress?.(done, total);
          callback(null, chunk);
        },
      });
      try {
        await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream), counter, createWriteStream(part, { flags: append ? 'a' : 'w' }));
        if (total === 0 || done === total) break;
        lastError = `connection closed after ${done} of ${total} bytes`;
      } catch (error) {
        lastError = `connection broke after ${done} bytes (${(error as Error).message})`;
      }
    }
    const have = existsSync(part) ? (await stat(part)).size : 0;
    if (have > 0 && (total === 0 || have === total)) return finish(options, part, have, resumed, url);
  }
  const held = existsSync(part) ? (await stat(part)).size : 0;
  throw new InputError(urls[0]!, `download failed: ${lastError}${held ? `; ${held} bytes are kept in ${part}, run the same command again to resume` : ''}`);
}

async function finish(options: DownloadOptions, part: string, bytes: number, resumed: number, url: string): Promise<DownloadResult> {
  const { file, md5, onVerify } = options;
  if (options.bytes !== undefined && bytes !== options.bytes) {
    await rm(part, { force: true });
    throw new InputError(url, `downloaded ${bytes} bytes, expected ${options.bytes}; the partial file was removed, run again`);
  }
  if (md5) {
    const actual = await md5File(part, onVerify);
    if (actual !== md5.toLowerCase()) {
      await rm(part, { force: true });
      throw new InputError(url, `checksum mismatch: MD5 ${actual}, expected ${md5}; the download was removed, run again`);
    }
  }
  await rename(part, file);
  return { file, bytes, cached: false, resumed, url };
}

export async function md5File(file: string, onProgress?: (done: number, total: number) => void): Promise<string> {
  const hash = createHash('md5');
  const total = (await stat(file)).size;
  let done = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    done += chunk.length;
    onProgress?.(done, total);
  }
  return hash.digest('hex');
}
