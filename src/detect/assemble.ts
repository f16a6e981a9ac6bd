import type * as tf from '@tensorflow/tfjs';
import { frontends, isFrontendId } from '../frontends/registry.ts';
import { baseFromNetwork } from '../models/from-network.ts';
import type { DetectorMetadata } from '../types.ts';
import { StreamingDetector } from './detector.ts';

/** Why this version cannot run a detector's frontend, or undefined when it can. */
export function checkFrontend(metadata: DetectorMetadata): string | undefined {
  const id = String(metadata.frontend.id);
  return isFrontendId(id) ? undefined : `trained with frontend '${id}', which this version does not have`;
}

/**
 * A streaming detector from a detector folder's parts, however they were loaded (files in
 * Node, URLs in a browser): the frontend it was trained with, its base and its head.
 */
export function assembleDetector(metadata: DetectorMetadata, network: tf.LayersModel, head: tf.LayersModel, overrides: { smoothing?: number } = {}): StreamingDetector {
  const frontend = frontends[metadata.frontend.id as keyof typeof frontends]();
  const base = baseFromNetwork({ ...metadata.base, frontendId: frontend.id }, network);
  return new StreamingDetector({ frontend, base, head, smoothing: overrides.smoothing ?? metadata.smoothing });
}
