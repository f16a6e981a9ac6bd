import * as tf from '@tensorflow/tfjs';
import { StreamingDetector } from '../detect/detector.ts';
import { frontends, isFrontendId } from '../frontends/registry.ts';
import { baseFromNetwork } from '../models/registry.ts';
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
  const frontendId = String(metadata.frontend.id);
  if (!isFrontendId(frontendId)) throw new Error(`${url}/metadata.json: trained with frontend '${frontendId}', which this page does not have`);
  const frontend = frontends[frontendId]();
  const [network, head] = await Promise.all([tf.loadLayersModel(`${url}/${metadata.files.base}`), tf.loadLayersModel(`${url}/${metadata.files.head}`)]);
  const base = baseFromNetwork({ ...metadata.base, frontendId: frontend.id }, network);
  return { detector: new StreamingDetector({ frontend, base, head, smoothing: metadata.smoothing }), metadata };
}
