import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.ts';
import type { DetectorMetadata } from '../types.ts';
import { assembleDetector, checkFrontend } from './assemble.ts';
import type { StreamingDetector } from './detector.ts';

// Loading a trained detector folder without Node: over HTTP or from bytes already in memory
// (files a user picked, assets a bundler inlined). loadDetector (load.node.ts) reads a folder
// on disk; all three assemble the same detector.

/** The bytes of one file of a detector folder, by its path relative to the folder ('metadata.json', 'base/model.json'...). */
export type DetectorFileReader = (relativePath: string) => Promise<Uint8Array | ArrayBuffer>;

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
  if (unsupported) throw new InputError(join(where, 'metadata.json'), unsupported);
  const [network, head] = await Promise.all([loadLayersModel(read, where, metadata.files.base), loadLayersModel(read, where, metadata.files.head)]);
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

async function readBytes(read: DetectorFileReader, where: string, file: string): Promise<Uint8Array> {
  try {
    const bytes = await read(file);
    return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  } catch (error) {
    throw new InputError(join(where, file), `cannot read (${firstLine(error)})`);
  }
}

async function readJson(read: DetectorFileReader, where: string, file: string): Promise<unknown> {
  const bytes = await readBytes(read, where, file);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new InputError(join(where, file), `not JSON (${firstLine(error)})`);
  }
}

/** A tfjs layers model: its model.json and the weight files its manifest names, beside it. */
async function loadLayersModel(read: DetectorFileReader, where: string, modelFile: string): Promise<tf.LayersModel> {
  const modelJson = (await readJson(read, where, modelFile)) as tf.io.ModelJSON;
  const dir = modelFile.includes('/') ? modelFile.slice(0, modelFile.lastIndexOf('/') + 1) : '';
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest ?? []) {
    specs.push(...group.weights);
    for (const file of group.paths) buffers.push(await readBytes(read, where, dir + file));
  }
  const weightData = new Uint8Array(buffers.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.length;
  }
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData: weightData.buffer }));
  } catch (error) {
    throw new InputError(join(where, modelFile), `not a loadable tfjs layers model (${firstLine(error)})`);
  }
}

const join = (where: string, file: string) => `${where}/${file}`;
const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];
