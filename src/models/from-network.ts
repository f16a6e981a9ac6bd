import { speechEmbeddingBase } from './speech-embedding.ts';
import type { BaseModel } from './types.ts';

/** The numbers a trained detector records about its base (metadata.json `base`). */
export type BaseShape = Pick<BaseModel, 'id' | 'frontendId' | 'windowFrames' | 'windowHop' | 'headContext' | 'embeddingSize'>;

/** Base families with their own constructor over a network: one that streams faster than window by window. */
const families: Partial<Record<string, (network: BaseModel['network']) => BaseModel>> = {
  'speech-embedding': speechEmbeddingBase,
};

/**
 * A base around a network saved in a detector folder (possibly fine-tuned). Kept apart from the
 * registry, whose loaders read files, so the browser page imports no Node code.
 */
export function baseFromNetwork(shape: BaseShape, network: BaseModel['network']): BaseModel {
  return families[shape.id]?.(network) ?? { ...shape, network, unfreezableBlocks: [] };
}
