import { InputError } from '../errors.ts';
import { loadLayersModelWith, readJson, type FileReader } from '../platform/layers-model.ts';
import type { DetectorMetadata } from '../types.ts';
import { assembleDetector, checkFrontend } from './assemble.ts';
import type { StreamingDetector } from './detector.ts';

// Loading a trained detector folder without Node: over HTTP or from bytes already in memory
// (files a user picked, assets a bundler inlined). loadDetector (load.node.ts) reads a folder
// on disk; all three assemble the same detector.

/** The bytes of one file of a detector folder, by its path relative to the folder ('metadata.json', 'base/model.json'...). */
export type DetectorFileReader = FileReader;

/** A detector folder's files in memory, by path relative to the folder. */
export type DetectorFiles = Record<string, Uint8Array | ArrayBuffer | Blob>;

export interface LoadedDetector {
  detector: StreamingDetector;
  metadata: DetectorMetadata;
}

export interface LoadDetectorOptions {
  /** Steps the score is averaged over (default: the folder's metadata). */
  smoothing?: number;
}

/** Why a metadata.json cannot be run by this version, or undefined when it can. */
export function checkDetectorMetadata(metadata: DetectorMetadata): string | undefined {
  if (metadata?.format !== 'wakeword-detector/1') return `unknown format '${String(metadata?.format)}', expected 'wakeword-detector/1'`;
  return checkFrontend(metadata);
}

/**
 * A detector folder read through `read`, and `where` (a URL or a name) in the messages of the
 * InputErrors it throws for a missing or damaged file.
 */
export async function loadDetectorWith(read: DetectorFileReader, where: string, options: LoadDetectorOptions = {}): Promise<LoadedDetector> {
  const metadata = (await readJson(read, where, 'metadata.json')) as DetectorMetadata;
  const unsupported = checkDetectorMetadata(metadata);
  if (unsupported) throw new InputError(`${where}/metadata.json`, unsupported);
  const [network, head] = await Promise.all([loadLayersModelWith(read, where, metadata.files.base), loadLayersModelWith(read, where, metadata.files.head)]);
  return { detector: assembleDetector(metadata, network, head, options), metadata };
}

/**
 * A detector folder served at `url` (absolute, or relative to the page): `url`/metadata.json
 * and the model files it names, fetched with `fetch` (default: the global one).
 */
export async function loadDetectorFromUrl(url: string, options: LoadDetectorOptions & { fetch?: typeof fetch } = {}): Promise<LoadedDetector> {
  const get = options.fetch ?? fetch;
  const base = url.replace(/\/+$/, '');
  const read: DetectorFileReader = async (file) => {
    const response = await get(`${base}/${file}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.arrayBuffer();
  };
  return loadDetectorWith(read, base, options);
}

/**
 * A detector folder from its files in memory, keyed by path relative to the folder:
 * { 'metadata.json': ..., 'base/model.json': ..., 'base/weights.bin': ..., 'head/model.json': ..., 'head/weights.bin': ... }.
 */
export async function loadDetectorFromFiles(files: DetectorFiles, options: LoadDetectorOptions = {}): Promise<LoadedDetector> {
  const read: DetectorFileReader = async (file) => {
    const bytes = files[file] ?? files[`./${file}`];
    if (bytes === undefined) throw new Error('not among the files given');
    return bytes instanceof Blob ? bytes.arrayBuffer() : bytes;
  };
  return loadDetectorWith(read, 'detector files', options);
}
