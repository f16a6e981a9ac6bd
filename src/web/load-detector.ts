import * as tf from '@tensorflow/tfjs';
import { assembleDetector, checkFrontend } from '../detect/assemble.ts';
import type { StreamingDetector } from '../detect/detector.ts';
import type { DetectorMetadata } from '../types.ts';

/**
 * The browser's counterpart of loadDetector (src/detect/load.node.ts): a trained detector
 * folder served at `url`, assembled the same way. Undefined when the server has no model.
 */
export async function loadDetectorFrom(url: string): Promise<{ detector: StreamingDetector; metadata: DetectorMetadata } | undefined> {
  const response = await fetch(`${url}/metadata.json`);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`${url}/metadata.json: HTTP ${response.status}`);
  const metadata = (await response.json()) as DetectorMetadata;
  const unsupported = checkFrontend(metadata);
  if (unsupported) throw new Error(`${url}/metadata.json: ${unsupported}`);
  const [network, head] = await Promise.all([tf.loadLayersModel(`${url}/${metadata.files.base}`), tf.loadLayersModel(`${url}/${metadata.files.head}`)]);
  return { detector: assembleDetector(metadata, network, head), metadata };
}
