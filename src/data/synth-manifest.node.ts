import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { UtteranceKind } from './synth-plan.ts';

/** Name of the list of what each file says and how, kept next to the clips `wakeword synth` writes. */
export const MANIFEST = 'manifest.jsonl';

/** What `wakeword synth` made each of `files` as (the word, a confusable word, a sentence), by the manifest beside them; recordings are left out. */
export async function synthesizedKinds(files: string[]): Promise<Map<string, UtteranceKind>> {
  const out = new Map<string, UtteranceKind>();
  const manifests = new Map<string, Map<string, string>>();
  for (const file of files) {
    const dir = path.dirname(file);
    if (!manifests.has(dir)) manifests.set(dir, await readManifest(dir));
    const line = manifests.get(dir)!.get(path.basename(file).replace(/\.wav$/, ''));
    if (line !== undefined) out.set(file, (JSON.parse(line) as { kind: UtteranceKind }).kind);
  }
  return out;
}

/** The manifest's lines by clip name (file name without .wav); empty when there is none. */
export async function readManifest(outDir: string): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  let text = '';
  try {
    text = await readFile(path.join(outDir, MANIFEST), 'utf8');
  } catch {
    return entries;
  }
  for (const line of text.split('\n')) {
    try {
      const { file } = JSON.parse(line) as { file: string };
      entries.set(file.replace(/\.wav$/, ''), line);
    } catch {
      // a damaged line is dropped; the audio files themselves are what counts
    }
  }
  return entries;
}
