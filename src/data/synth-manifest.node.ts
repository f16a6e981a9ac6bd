import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** Name of the list of what each file says and how, kept next to the clips `wakeword synth` writes. */
export const MANIFEST = 'manifest.jsonl';

/** Those of `files` that `wakeword synth` wrote (listed in the manifest beside them). */
export async function synthesizedFiles(files: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  const manifests = new Map<string, Map<string, string>>();
  for (const file of files) {
    const dir = path.dirname(file);
    if (!manifests.has(dir)) manifests.set(dir, await readManifest(dir));
    if (manifests.get(dir)!.has(path.basename(file).replace(/\.wav$/, ''))) out.add(file);
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
