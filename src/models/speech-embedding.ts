import type * as tf from '../platform/tf.ts';
import { weightedLayersTopDown } from './cut.ts';
// Registers the network's layer class, so tf.loadLayersModel can read the converted model.
import './speech-embedding-layers.ts';
import { createEmbeddingStream } from './speech-embedding-stream.ts';
import type { BaseModel } from './types.ts';

/** Google's speech-embedding network as openWakeWord runs it (REFERENCE.md section 1). */
export const SPEECH_EMBEDDING = {
  id: 'speech-embedding',
  frontendId: 'speech-embedding',
  /** 76 frames of 10 ms: 775 ms of audio per embedding. */
  windowFrames: 76,
  /** One embedding every 8 frames (80 ms), which is also the network's total time stride. */
  windowHop: 8,
  /** openWakeWord's heads read the last 16 embeddings (~1.3 s). */
  headContext: 16,
  embeddingSize: 96,
  bins: 32,
} as const;

/**
 * The speech-embedding base over a converted network ([N,76,32,1] frames -> [N,96]); in a
 * browser, pass `await tf.loadLayersModel(url)` of the cached model.json.
 */
export function speechEmbeddingBase(network: tf.LayersModel): BaseModel {
  return {
    id: SPEECH_EMBEDDING.id,
    frontendId: SPEECH_EMBEDDING.frontendId,
    windowFrames: SPEECH_EMBEDDING.windowFrames,
    windowHop: SPEECH_EMBEDDING.windowHop,
    headContext: SPEECH_EMBEDDING.headContext,
    embeddingSize: SPEECH_EMBEDDING.embeddingSize,
    network,
    // Each conv is a block: `--unfreeze 1` trains only the top conv, and so on down.
    unfreezableBlocks: weightedLayersTopDown(network),
    // The network's time stride equals the window hop: a stream is embedded in one pass.
    createEmbeddingStream: () => createEmbeddingStream(network),
  };
}
