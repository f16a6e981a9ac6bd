import type * as tf from '../platform/tf.ts';
import { frontends, isFrontendId } from '../frontends/registry.ts';
import { baseFromNetwork } from '../models/from-network.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import type { DetectorMetadata } from '../types.ts';
import { StreamingDetector } from './detector.ts';
import { WordSetDetector } from './word-set.ts';

/** Why this version cannot run a detector's frontend, or undefined when it can. */
export function checkFrontend(metadata: DetectorMetadata): string | undefined {
  const id = String(metadata.frontend.id);
  return isFrontendId(id) ? undefined : `trained with frontend '${id}', which this version does not have`;
}

/** The frontend a detector was trained with and its base around the loaded network. */
export function detectorBase(metadata: DetectorMetadata, network: tf.LayersModel): { frontend: FeatureFrontend; base: BaseModel } {
  const frontend = frontends[metadata.frontend.id as keyof typeof frontends]();
  return { frontend, base: baseFromNetwork({ ...metadata.base, frontendId: frontend.id }, network) };
}

/**
 * A streaming detector from a detector folder's parts, however they were loaded (files in
 * Node, URLs in a browser): the frontend it was trained with, its base and its head.
 */
export function assembleDetector(metadata: DetectorMetadata, network: tf.LayersModel, head: tf.LayersModel, overrides: { smoothing?: number } = {}): StreamingDetector {
  const { frontend, base } = detectorBase(metadata, network);
  return new StreamingDetector({ frontend, base, head, smoothing: overrides.smoothing ?? metadata.smoothing });
}

/**
 * Why detectors cannot share one embedding pass, or undefined when they can: they must be
 * trained on the same frozen, pretrained base (a fine-tuned or from-scratch base has weights of
 * its own) with the same frontend settings. `names[i]` names `metadata[i]` in the message.
 */
export function sharedBaseProblem(metadata: DetectorMetadata[], names: string[]): string | undefined {
  const own = metadata.findIndex((m) => m.base.unfrozenBlocks > 0 || m.base.fromScratch);
  if (metadata.length > 1 && own >= 0) {
    const why = metadata[own]!.base.fromScratch ? 'was trained from scratch' : `fine-tuned ${metadata[own]!.base.unfrozenBlocks} block(s) of its base`;
    return `${names[own]} ${why}, so its base cannot be shared with other words; run it on its own`;
  }
  const key = (m: DetectorMetadata) => JSON.stringify([m.base, m.frontend]);
  const other = metadata.findIndex((m) => key(m) !== key(metadata[0]!));
  return other < 0 ? undefined : `${names[other]} was trained on another base or frontend (${metadata[other]!.base.id}) than ${names[0]} (${metadata[0]!.base.id}); words on one stream need the same one`;
}

/** Several words on one frontend and one base, from each detector folder's metadata and head and the shared base network. */
export function assembleWordSet(metadata: DetectorMetadata[], network: tf.LayersModel, heads: tf.LayersModel[], overrides: { smoothing?: number } = {}): WordSetDetector {
  const { frontend, base } = detectorBase(metadata[0]!, network);
  return new WordSetDetector({
    frontend,
    base,
    heads: metadata.map((m, i) => ({ name: m.name, head: heads[i]!, smoothing: overrides.smoothing ?? m.smoothing })),
  });
}
