import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '../platform/tf.ts';
import { InputError } from '../errors.ts';
import { frontends, isFrontendId } from '../frontends/registry.ts';
import { loadLayersModel } from '../platform/model-files.node.ts';
import { cutAtLayer, weightedLayersTopDown } from './cut.ts';
import type { BaseModel } from './types.ts';

/** base.json beside a model.json: how to use that model as a base (docs/bases.md). */
export interface BaseDescription {
  /** Id of the frontend whose frames the model reads (src/frontends/registry.ts). */
  frontend: string;
  /** Name of the layer whose output is the embedding; the layers above it are dropped. */
  cutLayer: string;
  /** Frames between consecutive embeddings while streaming. */
  windowHop: number;
  /** Frames per input window; defaults to the model's input height, and must equal it. */
  windowFrames?: number;
  /** Consecutive embeddings the head sees at once; default 1. */
  headContext?: number;
}

/**
 * Any tfjs LayersModel as a base: `dir` holds model.json (+ weights) and base.json. The model's
 * input must be [N, windowFrames, bins, 1] for the named frontend; it is cut at `cutLayer`.
 */
export async function loadPathBase(dir: string, builtIn: string[]): Promise<BaseModel> {
  const jsonPath = path.join(dir, 'base.json');
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch {
    throw new InputError(dir, `not a base: expected a built-in one (${builtIn.join(', ')}) or a folder with model.json and base.json`);
  }
  const description = parseDescription(text, jsonPath);
  const model = await loadLayersModel(dir);
  try {
    return asBase(model, description, jsonPath, dir);
  } catch (error) {
    model.dispose();
    throw error;
  }
}

function asBase(model: tf.LayersModel, description: BaseDescription, jsonPath: string, id: string): BaseModel {
  const fail = (problem: string): never => {
    throw new InputError(jsonPath, problem);
  };
  const bins = frontends[description.frontend as keyof typeof frontends]().bins;
  const shape = model.inputs[0]!.shape;
  const [, frames, width, channels] = shape;
  const windowFrames = description.windowFrames ?? frames;
  if (shape.length !== 4 || frames == null || frames !== windowFrames || width !== bins || channels !== 1) {
    fail(`model input [${shape.slice(1)}] does not fit ${windowFrames ?? 'a fixed number of'} frames x ${bins} bins x 1 of frontend '${description.frontend}'`);
  }
  const layerNames = model.layers.map((layer) => layer.name);
  if (!layerNames.includes(description.cutLayer)) fail(`cutLayer '${description.cutLayer}' is not a layer of the model (layers: ${layerNames.join(', ')})`);
  const network = cutAtLayer(model, description.cutLayer);
  // The layers above the cut are not part of the base: free their weights.
  for (const layer of model.layers) if (!network.layers.includes(layer)) layer.dispose();
  return {
    id,
    frontendId: description.frontend,
    windowFrames: frames!,
    windowHop: description.windowHop,
    headContext: description.headContext ?? 1,
    embeddingSize: network.outputs[0]!.shape[1]!,
    network,
    unfreezableBlocks: weightedLayersTopDown(network),
  };
}

function parseDescription(text: string, jsonPath: string): BaseDescription {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(jsonPath, `not valid JSON (${(error as Error).message})`);
  }
  const expect = (ok: boolean, problem: string) => {
    if (!ok) throw new InputError(jsonPath, problem);
  };
  const count = (key: string) => value[key] === undefined || (Number.isInteger(value[key]) && (value[key] as number) > 0);
  expect(typeof value.frontend === 'string' && isFrontendId(value.frontend), `frontend must be one of ${Object.keys(frontends).join(', ')}, got ${JSON.stringify(value.frontend)}`);
  expect(typeof value.cutLayer === 'string', 'cutLayer must name a layer of the model');
  expect(value.windowHop !== undefined && count('windowHop'), 'windowHop must be a positive whole number of frames');
  expect(count('windowFrames') && count('headContext'), 'windowFrames and headContext, when given, must be positive whole numbers');
  return value as unknown as BaseDescription;
}
