import type * as tf from '../platform/tf.ts';

/** Frames in, the embedding of every window they complete out (windows start every windowHop frames). */
export interface EmbeddingStream {
  push(frames: Float32Array[]): Float32Array[];
  /** Forgets the frames seen so far and frees what it held for them. */
  reset(): void;
}

/**
 * A pretrained base network cut below its output layer: it maps a window of frontend frames
 * to an embedding. Adapters differ only in these numbers and their network; the transfer core
 * (src/transfer/) and the streaming detector (src/detect/) serve every base through this shape.
 */
export interface BaseModel {
  /** Registry id, e.g. 'speech-embedding'. */
  readonly id: string;
  /** Id of the frontend whose frames the network reads (src/frontends/registry.ts). */
  readonly frontendId: string;
  /** Frames in one network input window, e.g. 76 (speech-embedding) or 43 (speech-commands). */
  readonly windowFrames: number;
  /** Frames between two consecutive embeddings while streaming, e.g. 8 (80 ms). */
  readonly windowHop: number;
  /** Consecutive embeddings the head sees at once, e.g. 16 (~1.3 s) or 1. */
  readonly headContext: number;
  /** Values per embedding, e.g. 96 or 2000. */
  readonly embeddingSize: number;
  /**
   * The cut network: input [N, windowFrames, bins, 1] (raw frontend frames: any per-window
   * normalisation happens inside), output [N, embeddingSize]. Its layers can be unfrozen.
   */
  readonly network: tf.LayersModel;
  /** Layer names of the network from the top down, in the blocks `--unfreeze N` counts. */
  readonly unfreezableBlocks: string[][];
  /**
   * True when a detector on this base can also be written in the speech-commands library's own
   * model format (speech-commands/ beside the head): the base is that library's network.
   */
  readonly exportsSpeechCommandsModel?: boolean;
  /**
   * A faster way to embed a stream than running every window alone, where the network allows
   * it (e.g. when its time stride equals the window hop). Must give the same embeddings.
   */
  createEmbeddingStream?(): EmbeddingStream;
}
