import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { x as untar } from 'tar';
import { readAudio, type SkippedFile } from '../audio/read.node.ts';
import { encodeWav16 } from '../audio/wav.ts';
import { InputError } from '../errors.ts';
import { listAudioFiles, writeFileAtomic } from '../platform/files.node.ts';
import type { Corpus } from './corpora.ts';
import { downloadFile, type DownloadResult } from './download.node.ts';
import { negativeDir, noiseDir } from './layout.ts';

export type FetchPhase = 'download' | 'verify' | 'unpack' | 'convert';

export interface FetchOptions {
  /** Audio root (default audio): clips go to <root>/negative/<id>/ or <root>/noise/<id>/. */
  root: string;
  /** Put the clips here instead. */
  out?: string;
  /** Where archives are downloaded (default ~/.cache/wakeword/downloads). */
  cacheDir?: string;
  /** Keep the archive after conversion (default false; MUSAN's three parts share one archive). */
  keepArchive?: boolean;
  /**
   * The corpus's archive already on disk (a path or a file:// URL), e.g. downloaded in a browser:
   * nothing is downloaded and the file is unpacked and converted as a download would be, and left
   * in place. Its MD5 is not checked (a part of the corpus in the same layout will do); a damaged
   * archive fails to unpack.
   */
  from?: string;
  /** Progress of each phase: bytes for download, verify and unpack, files for convert. */
  onProgress?: (phase: FetchPhase, done: number, total: number) => void;
}

export interface FetchResult {
  outDir: string;
  /** True when an earlier run had finished this corpus and nothing was done. */
  alreadyThere: boolean;
  converted: number;
  /** Clips already converted by an interrupted earlier run. */
  existing: number;
  seconds: number;
  skipped: SkippedFile[];
  /** What was downloaded; absent with `from` (and when `alreadyThere`). */
  download?: DownloadResult;
  /** The local archive converted instead of a download (`from`, as a path). */
  local?: string;
}

/** Written last into the output folder: what the clips are and where they came from. */
export const SOURCE_FILE = 'SOURCE.txt';

export function defaultCacheDir(): string {
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'wakeword', 'downloads');
}

/**
 * Downloads a corpus (resuming, checking size and MD5), or takes its archive from disk (`from`), unpacks the audio under its prefix,
 * and converts every WAV/FLAC into 16 kHz mono WAV below the output folder, keeping the
 * archive's sub-folders. Files that cannot be read are skipped and listed; a rerun after an
 * interruption continues the download or the conversion where it stopped.
 */
export async function fetchCorpus(corpus: Corpus, options: FetchOptions): Promise<FetchResult> {
  const outDir = options.out ?? (corpus.role === 'noise' ? noiseDir(options.root, corpus.id) : negativeDir(options.root, corpus.id));
  const result: FetchResult = { outDir, alreadyThere: false, converted: 0, existing: 0, seconds: 0, skipped: [] };
  if (existsSync(path.join(outDir, SOURCE_FILE))) return { ...result, alreadyThere: true };
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const progress = options.onProgress;
  let archive: string;
  if (options.from !== undefined) {
    archive = await localArchive(options.from);
    result.local = archive;
  } else {
    archive = path.join(cacheDir, corpus.cacheName ?? (path.basename(new URL(corpus.urls[0]!).pathname) || `${corpus.id}.download`));
    result.download = await downloadFile({
      urls: corpus.urls,
      file: archive,
      md5: corpus.md5,
      bytes: corpus.bytes,
      onProgress: (done, total) => progress?.('download', done, total),
      onVerify: (done, total) => progress?.('verify', done, total),
    });
  }
  const kind = await archiveKind(archive);
  let sources: { file: string; relative: string }[];
  const unpacked = path.join(cacheDir, `${corpus.id}.unpacked`);
  if (kind === 'audio') sources = [{ file: archive, relative: path.basename(archive) }];
  else {
    await rm(unpacked, { recursive: true, force: true });
    await mkdir(unpacked, { recursive: true });
    await unpackTar(archive, unpacked, corpus.prefix, (done, total) => progress?.('unpack', done, total));
    const base = path.join(unpacked, corpus.prefix);
    sources = existsSync(base) ? (await listAudioFiles(base)).map((file) => ({ file, relative: path.relative(base, file) })) : [];
    if (sources.length === 0) throw new InputError(archive, `holds no WAV or FLAC files${corpus.prefix ? ` under ${corpus.prefix}` : ''}`);
    await copyLicences(base, outDir);
  }
  for (const [index, { file, relative }] of sources.entries()) {
    const target = path.join(outDir, relative.replace(/\.(wav|flac)$/i, '') + '.wav');
    if (existsSync(target)) result.existing++;
    else {
      try {
        const audio = await readAudio(file, 16000);
        await writeFileAtomic(target, encodeWav16(audio));
        result.converted++;
        result.seconds += audio.samples.length / 16000;
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        result.skipped.push({ file: relative, reason: error.reasonAbout(file) });
      }
    }
    progress?.('convert', index + 1, sources.length);
  }
  const fetched = new Date().toISOString().slice(0, 10);
  await writeFileAtomic(path.join(outDir, SOURCE_FILE), `${corpus.id}: ${corpus.description}\nsource: ${result.download?.url ?? pathToFileURL(archive).href}\nlicense: ${corpus.license}\nfetched: ${fetched} by wakeword data fetch (converted to 16 kHz mono WAV)\n`);
  await rm(unpacked, { recursive: true, force: true });
  if (!options.keepArchive && !result.local) await rm(archive, { force: true });
  return result;
}

/** The path of a local archive given as a path or a file:// URL; it must be a file. */
export async function localArchive(from: string): Promise<string> {
  let file: string;
  try {
    file = /^file:/i.test(from) ? fileURLToPath(from) : path.resolve(from);
  } catch (error) {
    throw new InputError(from, `not a file path or file:// URL (${(error as Error).message})`);
  }
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new InputError(from, 'no such file');
  if (!info.isFile()) throw new InputError(from, 'a folder, not an archive: expected a .tar, .tar.gz or a WAV/FLAC file');
  return file;
}

/** What a downloaded file is, from its first bytes. Formats tar cannot read here are InputErrors. */
async function archiveKind(file: string): Promise<'tar' | 'audio'> {
  const handle = await open(file);
  const head = Buffer.alloc(512);
  try {
    await handle.read(head, 0, 512, 0);
  } finally {
    await handle.close();
  }
  const ascii = head.toString('latin1');
  if (head[0] === 0x1f && head[1] === 0x8b) return 'tar'; // gzip; tar checks what is inside
  if (ascii.slice(257, 262) === 'ustar') return 'tar';
  if (ascii.startsWith('RIFF') || ascii.startsWith('fLaC')) return 'audio';
  const known: [string, string][] = [['PK\x03\x04', 'a zip archive'], ['BZh', 'a bzip2 archive'], ['\xfd7zXZ', 'an xz archive'], ['(\xb5/\xfd', 'a zstd archive'], ['7z\xbc\xaf', 'a 7-zip archive']];
  const what = known.find(([magic]) => ascii.startsWith(magic))?.[1] ?? 'not a tar/tar.gz archive or WAV/FLAC file';
  throw new InputError(file, `${what}: unpack it yourself and put the audio under audio/negative/<name>/`);
}

/** Extracts the audio (and licence files) below `prefix`, reporting compressed bytes read. */
async function unpackTar(archive: string, into: string, prefix: string, onProgress: (done: number, total: number) => void): Promise<void> {
  const total = (await stat(archive)).size;
  let done = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      done += chunk.length;
      onProgress(done, total);
      callback(null, chunk);
    },
  });
  const wanted = (entry: string) => entry.startsWith(prefix) && /\.(wav|flac)$|(^|\/)(LICENSE|COPYING|README)[^/]*$/i.test(entry);
  try {
    await pipeline(createReadStream(archive), counter, untar({ cwd: into, filter: wanted, strict: true }));
  } catch (error) {
    throw new InputError(archive, `damaged archive (${(error as Error).message}); delete it and fetch again`);
  }
}

async function copyLicences(from: string, to: string): Promise<void> {
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !/^(LICENSE|COPYING|README)/i.test(entry.name)) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(to, path.relative(from, source));
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(source, target);
  }
}
