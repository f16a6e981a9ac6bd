import * as tf from '../platform/tf.ts';
import { concatFloat32 } from '../audio/concat.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel, EmbeddingStream } from '../models/types.ts';
import { createEmbedder } from './embed.ts';
import { headInputEnd } from './timing.ts';
import { ScoreSmoother } from './smoothing.ts';

/** One word's head on a shared base. */
export interface WordHead {
  /** The detector's name (its metadata's `name`), which says the word in output. */
  name: string;
  /** Maps [1, headContext, embeddingSize] to [1, 1] sigmoid scores. */
  head: tf.LayersModel;
  /** Scores averaged over this many steps before the threshold. Default 3. */
  smoothing?: number;
}

export interface WordSetParts {
  frontend: FeatureFrontend;
  base: BaseModel;
  heads: WordHead[];
}

/** One step of several words: `scores[i]` is the smoothed score of `heads[i]`. */
export interface WordSetStep {
  t: number;
  scores: number[];
}

/**
 * Several wake words on one stream, as openWakeWord runs many words on one embedding stream:
 * one frontend and one embedding pass per step feed every word's head, so an extra word costs
 * one small head, not another base. The embedder keeps only the frames its next window needs
 * and the detector only the last `headContext` embeddings, so memory stays constant however
 * long it runs. Deciding when a score is a detection is the decider's (decide.ts), shared with
 * evaluation.
 */
export class WordSetDetector {
  readonly stepSeconds: number;
  /** The heads' names, in the order of each step's scores. */
  readonly names: string[];
  private readonly embedder: EmbeddingStream;
  private embeddings: Float32Array[] = [];
  /** Embeddings made since reset; embedding k completes at frame k * windowHop + windowFrames. */
  private embeddingCount = 0;
  private readonly smoothers: ScoreSmoother[];

  constructor(private readonly parts: WordSetParts) {
    const { frontend, base, heads } = parts;
    if (heads.length === 0) throw new RangeError('a word set needs at least one head');
    this.stepSeconds = (base.windowHop * frontend.hop) / frontend.sampleRate;
    this.names = heads.map((h) => h.name);
    this.smoothers = heads.map((h) => new ScoreSmoother(h.smoothing ?? 3));
    this.embedder = createEmbedder(base);
  }

  get sampleRate(): number {
    return this.parts.frontend.sampleRate;
  }

  /** Seconds of audio before the first score: one full window, then a full head context. */
  get warmUpSeconds(): number {
    return headInputEnd(this.parts.base, this.parts.frontend, 0);
  }

  /** Samples at `sampleRate`, in chunks of any length. */
  push(samples: Float32Array): WordSetStep[] {
    const { frontend, base } = this.parts;
    const steps: WordSetStep[] = [];
    for (const embedding of this.embedder.push(frontend.push(samples))) {
      // The head input that this embedding completes (training numbers head inputs the same way).
      const input = this.embeddingCount++ - base.headContext + 1;
      this.embeddings.push(embedding);
      if (this.embeddings.length > base.headContext) this.embeddings.shift();
      if (this.embeddings.length < base.headContext) continue;
      const scores = this.scoreContext().map((score, i) => this.smoothers[i]!.push(score));
      steps.push({ t: headInputEnd(base, frontend, input), scores });
    }
    return steps;
  }

  reset(): void {
    this.parts.frontend.reset();
    this.embedder.reset();
    this.embeddings = [];
    this.embeddingCount = 0;
    for (const smoother of this.smoothers) smoother.reset();
  }

  /** Frees the networks' weights. */
  dispose(): void {
    this.embedder.reset();
    this.parts.base.network.dispose();
    for (const { head } of this.parts.heads) head.dispose();
  }

  /** Every head's raw score on the current context: one input tensor, one read back for all heads. */
  private scoreContext(): number[] {
    const { base, heads } = this.parts;
    return tf.tidy(() => {
      const input = tf.tensor3d(concatFloat32(this.embeddings), [1, base.headContext, base.embeddingSize]);
      return Array.from(tf.concat(heads.map(({ head }) => head.predict(input) as tf.Tensor), 1).dataSync());
    });
  }
}
