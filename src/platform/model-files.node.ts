import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from './files.node.ts';

const WEIGHTS_FILE = 'weights.bin';

/**
 * Saves a LayersModel as `model.json` + `weights.bin` in `dir` (the tfjs layers format a
 * browser loads with tf.loadLayersModel). Written atomically; works without tfjs-node.
 */
export async function saveLayersModel(model: tf.LayersModel, dir: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = new Uint8Array(artifacts.weightData as ArrayBuffer);
      await writeFileAtomic(path.join(dir, WEIGHTS_FILE), weights);
      const modelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs }],
      };
      await writeFileAtomic(path.join(dir, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
    }),
  );
}

/** Loads a tfjs layers model from `dir/model.json` and the weight files its manifest names. */
export async function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  const jsonPath = path.join(dir, 'model.json');
  let modelJson: tf.io.ModelJSON;
  try {
    modelJson = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (error) {
    throw new InputError(jsonPath, `cannot read a tfjs model (${(error as Error).message.split('\n')[0]})`);
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest ?? []) {
    specs.push(...group.weights);
    for (const file of group.paths) {
      try {
        buffers.push(await readFile(path.join(dir, file)));
      } catch {
        throw new InputError(path.join(dir, file), 'weight file named in model.json is missing');
      }
    }
  }
  const total = buffers.reduce((n, b) => n + b.length, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.length;
  }
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: specs, weightData: weightData.buffer }));
  } catch (error) {
    throw new InputError(jsonPath, `not a loadable tfjs layers model (${(error as Error).message.split('\n')[0]})`);
  }
}
