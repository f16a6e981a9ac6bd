import path from 'node:path';
import type * as tf from '../platform/tf.ts';
import { writeFileAtomic } from '../platform/files.node.ts';
import { saveLayersModel } from '../platform/model-files.node.ts';
import type { BaseModel } from '../models/types.ts';
import type { DetectorMetadata } from '../types.ts';
import { sigmoidHeadAsSoftmax } from './softmax-head.ts';

/**
 * Writes a detector folder: the head (model.json + weights.bin), the base network it runs on
 * (base/, a copy so the folder is self-contained and fine-tuned bases are kept), for the
 * bases that export it (exportsSpeechCommandsModel) the whole model in that library's format (speech-commands/), and
 * metadata.json last, so a folder with metadata is always complete.
 */
export async function saveDetectorFolder(dir: string, base: BaseModel, head: tf.LayersModel, metadata: Omit<DetectorMetadata, 'files'>): Promise<DetectorMetadata> {
  await saveLayersModel(head, dir);
  await saveLayersModel(base.network, path.join(dir, 'base'));
  const files: DetectorMetadata['files'] = { head: 'model.json', base: 'base/model.json' };
  if (base.exportsSpeechCommandsModel) {
    // The whole detector also as the speech-commands library's own model format.
    const { exportSpeechCommandsModel } = await import('../models/speech-commands.node.ts');
    const softmax = sigmoidHeadAsSoftmax(head, base.embeddingSize);
    await exportSpeechCommandsModel(base, softmax, ['_background_noise_', ...metadata.words], path.join(dir, 'speech-commands'), { threshold: metadata.threshold });
    softmax.dispose();
    files.speechCommands = 'speech-commands/model.json';
  }
  const full: DetectorMetadata = { ...metadata, files };
  await writeFileAtomic(path.join(dir, 'metadata.json'), JSON.stringify(full, null, 2) + '\n');
  return full;
}
