// What the feature tests share (not a test file itself): the real base and the shipped speech clips.
import { copyFile, mkdir, mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadBaseModel } from '../../src/models/registry.ts';
import type { BaseModel } from '../../src/models/types.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';

export const SAMPLES = path.resolve(import.meta.dirname, '../../audio/samples');

/** The speech-embedding base on wasm, and a new temporary folder. */
export async function setUp(prefix: string): Promise<{ base: BaseModel; dir: string }> {
  await selectBackend('wasm');
  return { base: await loadBaseModel('speech-embedding'), dir: await mkdtemp(path.join(tmpdir(), prefix)) };
}

/** Copies the shipped speech clips (19 FLAC files, ~136 s) to folders: `into(index)` names each one's. */
export async function copySpeech(into: (index: number) => string | undefined): Promise<void> {
  const names = (await readdir(path.join(SAMPLES, 'speech'))).filter((n) => n.endsWith('.flac')).sort();
  for (const [i, name] of names.entries()) {
    const folder = into(i);
    if (!folder) continue;
    await mkdir(folder, { recursive: true });
    await copyFile(path.join(SAMPLES, 'speech', name), path.join(folder, name));
  }
}
