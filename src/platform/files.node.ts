import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';

/** Writes through a temporary file and a rename, so a crash never leaves a half-written file. */
export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

const AUDIO_EXTENSIONS = new Set(['.wav', '.flac']);

/** Every WAV and FLAC file below `root` (any depth), sorted so runs are reproducible. */
export async function listAudioFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && AUDIO_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Expands files and folders (recursively: WAV and FLAC) into one sorted list without repeats. */
export async function expandAudioPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      throw new InputError(p, 'no such file or folder');
    }
    files.push(...(info.isDirectory() ? await listAudioFiles(p) : [p]));
  }
  return [...new Set(files)].sort();
}

/** SHA-1 of a file's bytes: the same file under two names, or in two classes, has the same hash. */
export async function contentHash(file: string): Promise<string> {
  return bytesHash([await readFile(file)]);
}

/** SHA-1 of some data in memory (bytes or samples), read back to back: a name for its content that no path enters. */
export function bytesHash(chunks: readonly ArrayBufferView[]): string {
  const hash = createHash('sha1');
  for (const chunk of chunks) hash.update(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return hash.digest('hex');
}
