import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../platform/files.node.ts';
import { saveLayersModel } from '../platform/model-files.node.ts';
import type { DetectorMetadata } from '../types.ts';

/**
 * Writes a detector folder: the head (model.json + weights.bin), the base network it runs on
 * (base/, a copy so the folder is self-contained and fine-tuned bases are kept) and
 * metadata.json last, so a folder with metadata is always complete.
 */
export async function saveDetectorFolder(dir: string, network: tf.LayersModel, head: tf.LayersModel, metadata: Omit<DetectorMetadata, 'files'>): Promise<DetectorMetadata> {
  await saveLayersModel(head, dir);
  await saveLayersModel(network, path.join(dir, 'base'));
  const full: DetectorMetadata = { ...metadata, files: { head: 'model.json', base: 'base/model.json' } };
  await writeFileAtomic(path.join(dir, 'metadata.json'), JSON.stringify(full, null, 2) + '\n');
  return full;
}
