import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from './tf.ts';
import { loadLayersModelWith } from './layers-model.ts';
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
export function loadLayersModel(dir: string): Promise<tf.LayersModel> {
  return loadLayersModelWith((file) => readFile(path.join(dir, file)), dir, 'model.json');
}
