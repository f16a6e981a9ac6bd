import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { frontends, isFrontendId } from '../frontends/registry.ts';
import { baseFromNetwork } from '../models/registry.ts';
import { loadLayersModel } from '../platform/model-files.node.ts';
import type { DetectorMetadata } from '../types.ts';
import { StreamingDetector } from './detector.ts';

/** Reads and checks a detector folder's metadata.json. */
export async function readDetectorMetadata(dir: string): Promise<DetectorMetadata> {
  const file = path.join(dir, 'metadata.json');
  let metadata: DetectorMetadata;
  try {
    metadata = JSON.parse(await readFile(file, 'utf8')) as DetectorMetadata;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'missing: not a trained detector folder' : `unreadable (${(error as Error).message})`);
  }
  if (metadata.format !== 'wakeword-detector/1') throw new InputError(file, `unknown format '${String(metadata.format)}', expected 'wakeword-detector/1'`);
  if (!isFrontendId(String(metadata.frontend.id))) throw new InputError(file, `trained with frontend '${metadata.frontend.id}', which this version does not have`);
  return metadata;
}

/** Loads a trained detector folder into a ready streaming detector. */
export async function loadDetector(dir: string, overrides: { smoothing?: number } = {}): Promise<{ detector: StreamingDetector; metadata: DetectorMetadata }> {
  const metadata = await readDetectorMetadata(dir);
  const frontend = frontends[metadata.frontend.id as keyof typeof frontends]();
  const network = await loadLayersModel(path.dirname(path.join(dir, metadata.files.base)));
  const head = await loadLayersModel(path.dirname(path.join(dir, metadata.files.head)));
  const base = baseFromNetwork({ ...metadata.base, frontendId: frontend.id }, network);
  const detector = new StreamingDetector({ frontend, base, head, smoothing: overrides.smoothing ?? metadata.smoothing });
  return { detector, metadata };
}
