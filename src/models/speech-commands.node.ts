import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '../platform/tf.ts';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../platform/files.node.ts';
import { loadLayersModel, saveLayersModel } from '../platform/model-files.node.ts';
import { SPEECH_COMMANDS_18W, speechCommandsBase, speechCommandsClassifier, speechCommandsShapeProblem } from './speech-commands.ts';
import type { BaseModel } from './types.ts';

/** Where the real 18w files live (REFERENCE.md section 2). */
export const SPEECH_COMMANDS_18W_URL = 'https://storage.googleapis.com/tfjs-models/tfjs/speech-commands/v0.5/browser_fft/18w/';
const SHARDS = ['group1-shard1of2', 'group1-shard2of2'];

/** The 18w base from its folder (model.json + two shards), as `wakeword base fetch` leaves it. */
export async function loadSpeechCommands18w(dir: string): Promise<BaseModel> {
  if (!existsSync(path.join(dir, 'model.json'))) {
    throw new InputError(dir, `${SPEECH_COMMANDS_18W.id} is not here: run \`wakeword base fetch ${SPEECH_COMMANDS_18W.id}\` (needs internet) or add --from DIR with a local copy of its files`);
  }
  const model = await loadLayersModel(dir);
  const problem = speechCommandsShapeProblem(model);
  if (problem) {
    model.dispose();
    throw new InputError(path.join(dir, 'model.json'), `not the ${SPEECH_COMMANDS_18W.id} model: ${problem}`);
  }
  return speechCommandsBase(model);
}

/** Where fetch takes the files from: the real URL (default), another URL, or a local folder. */
export interface FetchSource {
  url?: string;
  from?: string;
}

/**
 * Copies the 18w model files (model.json, metadata.json, two weight shards) into `dir`, after
 * checking their sizes and that they load as an 18w-shaped model. model.json is written last,
 * so an interrupted fetch never leaves a folder that looks complete.
 */
export async function fetchSpeechCommands18w(dir: string, source: FetchSource = {}, onProgress?: (bytes: number, total: number) => void): Promise<{ source: string; bytes: number }> {
  const origin = source.from ?? source.url ?? SPEECH_COMMANDS_18W_URL;
  const folder = source.from;
  const read = folder
    ? (name: string, onChunk?: (bytes: number) => void) => readLocal(folder, name, onChunk)
    : (name: string, onChunk?: (bytes: number) => void) => download(new URL(name, origin.endsWith('/') ? origin : `${origin}/`).href, onChunk);
  const modelJsonBytes = await read('model.json');
  const metadataBytes = await read('metadata.json');
  const modelJson = parseJson(modelJsonBytes, `${origin} model.json`) as tf.io.ModelJSON;
  checkMetadata(parseJson(metadataBytes, `${origin} metadata.json`), `${origin} metadata.json`);
  const specs = (modelJson.weightsManifest ?? []).flatMap((group) => group.weights);
  const paths = (modelJson.weightsManifest ?? []).flatMap((group) => group.paths);
  if (String(paths) !== String(SHARDS)) throw new InputError(`${origin} model.json`, `names weight files [${paths.join(', ')}], expected [${SHARDS.join(', ')}]`);
  const expected = specs.reduce((n, spec) => n + spec.shape.reduce((a, b) => a * b, 1) * 4, 0);
  if (expected !== SPEECH_COMMANDS_18W.weightBytes) throw new InputError(`${origin} model.json`, `describes ${expected} bytes of weights, the 18w model has ${SPEECH_COMMANDS_18W.weightBytes}`);

  const shards: Uint8Array[] = [];
  let done = 0;
  for (const name of SHARDS) {
    const bytes = await read(name, (chunk) => onProgress?.((done += chunk), expected));
    shards.push(bytes);
  }
  const total = shards.reduce((n, b) => n + b.length, 0);
  if (total !== expected) throw new InputError(`${origin} ${SHARDS.join(' + ')}`, `${total} bytes, expected ${expected} (a truncated or different download)`);

  const weightData = new Uint8Array(total);
  weightData.set(shards[0]!, 0);
  weightData.set(shards[1]!, shards[0]!.length);
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData: weightData.buffer }));
  } catch (error) {
    throw new InputError(`${origin} model.json`, `not a loadable tfjs layers model (${(error as Error).message.split('\n')[0]})`);
  }
  const problem = speechCommandsShapeProblem(model);
  model.dispose();
  if (problem) throw new InputError(`${origin} model.json`, `not the ${SPEECH_COMMANDS_18W.id} model: ${problem}`);

  await writeFileAtomic(path.join(dir, 'metadata.json'), metadataBytes);
  for (const [i, name] of SHARDS.entries()) await writeFileAtomic(path.join(dir, name), shards[i]!);
  await writeFileAtomic(path.join(dir, 'model.json'), modelJsonBytes);
  return { source: origin, bytes: total };
}

async function readLocal(dir: string, name: string, onChunk?: (bytes: number) => void): Promise<Uint8Array> {
  const file = path.join(dir, name);
  try {
    const bytes = await readFile(file);
    onChunk?.(bytes.length);
    return bytes;
  } catch {
    throw new InputError(file, `missing: a copy of ${SPEECH_COMMANDS_18W.id} needs model.json, metadata.json, ${SHARDS.join(', ')}`);
  }
}

async function download(url: string, onChunk?: (bytes: number) => void): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new InputError(url, `download failed (${cause}): check the internet connection, or use --from DIR with a local copy`);
  }
  if (!response.ok || !response.body) throw new InputError(url, `download failed (HTTP ${response.status})`);
  const chunks: Uint8Array[] = [];
  const reader = response.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    chunks.push(chunk.value);
    onChunk?.(chunk.value.length);
  }
  return Buffer.concat(chunks);
}

function parseJson(bytes: Uint8Array, subject: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new InputError(subject, `not valid JSON (${(error as Error).message})`);
  }
}

/** The 18w model's old-style metadata: {"words": [20 labels], "frameSize": 232}. */
function checkMetadata(value: unknown, subject: string): void {
  const { words, wordLabels, frameSize } = (value ?? {}) as { words?: unknown; wordLabels?: unknown; frameSize?: unknown };
  const labels = words ?? wordLabels;
  if (!Array.isArray(labels) || labels.length !== SPEECH_COMMANDS_18W.words) throw new InputError(subject, `expected "words" with ${SPEECH_COMMANDS_18W.words} labels`);
  if (frameSize !== undefined && frameSize !== SPEECH_COMMANDS_18W.bins) throw new InputError(subject, `frameSize ${String(frameSize)}, expected ${SPEECH_COMMANDS_18W.bins}`);
}

const speechCommandsVersion = (createRequire(import.meta.url)('@tensorflow-models/speech-commands/package.json') as { version: string }).version;

/**
 * Saves the 18w base with a trained head as one model the speech-commands library loads
 * unchanged: `dir` gets model.json + weights.bin ([N,43,232,1] raw browser-fft frames ->
 * [N,words] softmax; the window normalisation is inside) and metadata.json in the form of the
 * library's transfer models ({wordLabels, frameSize, ...}), plus any `extra` fields.
 */
export async function exportSpeechCommandsModel(base: BaseModel, head: tf.LayersModel, wordLabels: string[], dir: string, extra: Record<string, unknown> = {}): Promise<void> {
  if (base.id !== SPEECH_COMMANDS_18W.id) throw new Error(`exportSpeechCommandsModel: base is '${base.id}', not '${SPEECH_COMMANDS_18W.id}'`);
  const [inputShape, outputShape] = [head.inputs[0]!.shape, head.outputs[0]!.shape];
  if (String(inputShape) !== String([null, base.embeddingSize]) || String(outputShape) !== String([null, wordLabels.length])) {
    throw new Error(`exportSpeechCommandsModel: head maps [${inputShape}] -> [${outputShape}], expected [,${base.embeddingSize}] -> [,${wordLabels.length}] (one output per word label)`);
  }
  await saveLayersModel(speechCommandsClassifier(base, head), dir);
  const metadata = {
    tfjsSpeechCommandsVersion: speechCommandsVersion,
    modelName: path.basename(path.resolve(dir)),
    timeStamp: new Date().toISOString(),
    wordLabels,
    frameSize: SPEECH_COMMANDS_18W.bins,
    ...extra,
  };
  await writeFileAtomic(path.join(dir, 'metadata.json'), JSON.stringify(metadata, null, 2) + '\n');
}
