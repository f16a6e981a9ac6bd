import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '../platform/tf.ts';
import { InputError } from '../errors.ts';
import { selectBackend } from '../platform/backend.node.ts';
import { loadLayersModel } from '../platform/model-files.node.ts';
import type { DetectorMetadata } from '../types.ts';
import { assembleDetector, assembleWordSet, checkFrontend, sharedBaseProblem } from './assemble.ts';
import type { StreamingDetector } from './detector.ts';
import type { WordSetDetector } from './word-set.ts';

/** Reads and checks a detector folder's metadata.json. */
export async function readDetectorMetadata(dir: string): Promise<DetectorMetadata> {
  const file = path.join(dir, 'metadata.json');
  let metadata: DetectorMetadata;
  try {
    metadata = JSON.parse(await readFile(file, 'utf8')) as DetectorMetadata;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'missing: not a trained detector folder' : `unreadable (${(error as Error).message})`);
  }
  if (metadata.format !== 'wakeword-detector/1') throw new InputError(file, `unknown format '${String(metadata.format)}', expected 'wakeword-detector/1'`);
  const unsupported = checkFrontend(metadata);
  if (unsupported) throw new InputError(file, unsupported);
  return metadata;
}

/**
 * Detector folders' checked metadata, the base network of the first and every folder's head.
 * When no tfjs backend was chosen yet (neither selectBackend nor tf.setBackend ran), it picks the
 * best one as the CLI does (selectBackend: native TensorFlow, else wasm, else cpu), so a library
 * user does not land on tfjs's default cpu backend and its "install the node backend" banner.
 */
export async function loadDetectorFolders(dirs: string[]): Promise<{ metadata: DetectorMetadata[]; network: tf.LayersModel; heads: tf.LayersModel[] }> {
  const metadata = await Promise.all(dirs.map(readDetectorMetadata));
  const problem = sharedBaseProblem(metadata, dirs);
  if (problem) throw new InputError('--model', problem);
  if (tf.getBackend() == null) await selectBackend();
  const network = await loadLayersModel(path.dirname(path.join(dirs[0]!, metadata[0]!.files.base)));
  const heads = await Promise.all(dirs.map((dir, i) => loadLayersModel(path.dirname(path.join(dir, metadata[i]!.files.head)))));
  return { metadata, network, heads };
}

/** Loads a trained detector folder into a ready streaming detector (loadDetectorFolders). */
export async function loadDetector(dir: string, overrides: { smoothing?: number } = {}): Promise<{ detector: StreamingDetector; metadata: DetectorMetadata }> {
  const loaded = await loadDetectorFolders([dir]);
  const metadata = loaded.metadata[0]!;
  return { detector: assembleDetector(metadata, loaded.network, loaded.heads[0]!, overrides), metadata };
}

/**
 * Several detector folders as one word set: their base is loaded once and every head runs on
 * its embeddings. The folders must share a frozen base and frontend (sharedBaseProblem says
 * why not, naming the folder).
 */
export async function loadWordSet(dirs: string[], overrides: { smoothing?: number } = {}): Promise<{ detector: WordSetDetector; metadata: DetectorMetadata[] }> {
  const { metadata, network, heads } = await loadDetectorFolders(dirs);
  return { detector: assembleWordSet(metadata, network, heads, overrides), metadata };
}
