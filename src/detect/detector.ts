import type * as tf from '../platform/tf.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import type { DetectorStep } from './types.ts';
import { WordSetDetector } from './word-set.ts';

export interface DetectorParts {
  frontend: FeatureFrontend;
  base: BaseModel;
  /** Maps [1, headContext, embeddingSize] to [1, 1] sigmoid scores. */
  head: tf.LayersModel;
  /** Scores averaged over this many steps before the threshold. Default 3. */
  smoothing?: number;
}

/**
 * The streaming detector of one word: samples at the frontend's rate in, one scored step per
 * embedding hop out. It is a word set of one (word-set.ts), so one word and several run the
 * same code.
 */
export class StreamingDetector {
  private readonly words: WordSetDetector;

  constructor(parts: DetectorParts) {
    this.words = new WordSetDetector({ frontend: parts.frontend, base: parts.base, heads: [{ name: '', head: parts.head, smoothing: parts.smoothing }] });
  }

  get stepSeconds(): number {
    return this.words.stepSeconds;
  }

  get sampleRate(): number {
    return this.words.sampleRate;
  }

  /** Seconds of audio before the first score: one full window, then a full head context. */
  get warmUpSeconds(): number {
    return this.words.warmUpSeconds;
  }

  push(samples: Float32Array): DetectorStep[] {
    return this.words.push(samples).map((step) => ({ t: step.t, score: step.scores[0]! }));
  }

  reset(): void {
    this.words.reset();
  }

  /** Frees the networks' weights. */
  dispose(): void {
    this.words.dispose();
  }
}
