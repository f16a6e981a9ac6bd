import * as tf from './tf.ts';
import { InputError } from '../errors.ts';

// Reading tfjs layers models through any source of bytes (a folder on disk, HTTP, memory):
// portable, so the browser's detector loader and Node's share it.

/** The bytes of a file by its path relative to some folder. */
export type FileReader = (relativePath: string) => Promise<Uint8Array | ArrayBuffer>;

async function readBytes(read: FileReader, where: string, file: string): Promise<Uint8Array> {
  try {
    const bytes = await read(file);
    return bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  } catch (error) {
    throw new InputError(join(where, file), `cannot read (${firstLine(error)})`);
  }
}

export async function readJson(read: FileReader, where: string, file: string): Promise<unknown> {
  const bytes = await readBytes(read, where, file);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new InputError(join(where, file), `not JSON (${firstLine(error)})`);
  }
}

/** A tfjs layers model: its model.json and the weight files its manifest names, beside it, read through `read`. */
export async function loadLayersModelWith(read: FileReader, where: string, modelFile: string): Promise<tf.LayersModel> {
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
