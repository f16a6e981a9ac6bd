import { InputError } from '../errors.ts';
import { loadLayersModelWith, readJson, type FileReader } from '../platform/layers-model.ts';
import type { DetectorMetadata } from '../types.ts';
import { assembleDetector, assembleWordSet, checkFrontend, sharedBaseProblem } from './assemble.ts';
import type { StreamingDetector } from './detector.ts';
import type { WordSetDetector } from './word-set.ts';

// Loading a trained detector folder without Node: over HTTP or from bytes already in memory
// (files a user picked, assets a bundler inlined). loadDetector (load.node.ts) reads a folder
// on disk; all three assemble the same detector. loadWordSetFromUrls runs several folders on
// one shared base, as loadWordSet (load.node.ts) does for folders on disk.

/** The bytes of one file of a detector folder, by its path relative to the folder ('metadata.json', 'base/model.json'...). */
export type DetectorFileReader = FileReader;

/** A detector folder's files in memory, by path relative to the folder. */
export type DetectorFiles = Record<string, Uint8Array | ArrayBuffer | Blob>;

export interface LoadedDetector {
  detector: StreamingDetector;
  metadata: DetectorMetadata;
}

/** Several detector folders as one word set: `metadata[i]` is the folder of `detector.names[i]`. */
export interface LoadedWordSet {
  detector: WordSetDetector;
  metadata: DetectorMetadata[];
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

/** A folder's metadata.json read through `read` and checked; InputErrors name `where`. */
async function readMetadataWith(read: DetectorFileReader, where: string): Promise<DetectorMetadata> {
  const metadata = (await readJson(read, where, 'metadata.json')) as DetectorMetadata;
  const unsupported = checkDetectorMetadata(metadata);
  if (unsupported) throw new InputError(`${where}/metadata.json`, unsupported);
  return metadata;
}

/** Reads the files of the folder served at `url` (its trailing slashes dropped) with `get`. */
function urlReader(url: string, get: typeof fetch = fetch): { read: DetectorFileReader; where: string } {
  const where = url.replace(/\/+$/, '');
  const read: DetectorFileReader = async (file) => {
    const response = await get(`${where}/${file}`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return response.arrayBuffer();
  };
  return { read, where };
}

/**
 * A detector folder read through `read`, and `where` (a URL or a name) in the messages of the
 * InputErrors it throws for a missing or damaged file.
 */
export async function loadDetectorWith(read: DetectorFileReader, where: string, options: LoadDetectorOptions = {}): Promise<LoadedDetector> {
  const metadata = await readMetadataWith(read, where);
  const [network, head] = await Promise.all([loadLayersModelWith(read, where, metadata.files.base), loadLayersModelWith(read, where, metadata.files.head)]);
  return { detector: assembleDetector(metadata, network, head, options), metadata };
}

/**
 * A detector folder served at `url` (absolute, or relative to the page): `url`/metadata.json
 * and the model files it names, fetched with `fetch` (default: the global one).
 */
export async function loadDetectorFromUrl(url: string, options: LoadDetectorOptions & { fetch?: typeof fetch } = {}): Promise<LoadedDetector> {
  const { read, where } = urlReader(url, options.fetch);
  return loadDetectorWith(read, where, options);
}

/**
 * Several detector folders, each read through its own `read`, as one word set: the base network
 * is loaded once, from the first folder, and each word's head from its folder. The folders must
 * share a frozen base and frontend; an InputError says which one does not (by its `where`).
 */
export async function loadWordSetWith(folders: { read: DetectorFileReader; where: string }[], options: LoadDetectorOptions = {}): Promise<LoadedWordSet> {
  if (folders.length === 0) throw new RangeError('a word set needs at least one detector folder');
  const metadata = await Promise.all(folders.map(({ read, where }) => readMetadataWith(read, where)));
  const problem = sharedBaseProblem(metadata, folders.map((f) => f.where));
  if (problem) throw new InputError('detector folders', problem);
  const [network, ...heads] = await Promise.all([
    loadLayersModelWith(folders[0]!.read, folders[0]!.where, metadata[0]!.files.base),
    ...folders.map(({ read, where }, i) => loadLayersModelWith(read, where, metadata[i]!.files.head)),
  ]);
  return { detector: assembleWordSet(metadata, network, heads, options), metadata };
}

/**
 * Several detector folders served at `urls` (absolute, or relative to the page), run as one
 * word set on one frontend and one embedding pass (loadWordSetWith).
 */
export async function loadWordSetFromUrls(urls: string[], options: LoadDetectorOptions & { fetch?: typeof fetch } = {}): Promise<LoadedWordSet> {
  return loadWordSetWith(urls.map((url) => urlReader(url, options.fetch)), options);
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
