import * as tf from '@tensorflow/tfjs';
import { concatFloat32 } from '../audio/concat.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import type { EmbeddingStream } from '../models/types.ts';
import { createEmbedder } from './embed.ts';
import { headInputEnd } from './timing.ts';
import { ScoreSmoother } from './smoothing.ts';
import type { DetectorStep } from './types.ts';

export interface DetectorParts {
  frontend: FeatureFrontend;
  base: BaseModel;
  /** Maps [1, headContext, embeddingSize] to [1, 1] sigmoid scores. */
  head: tf.LayersModel;
  /** Scores averaged over this many steps before the threshold. Default 3. */
  smoothing?: number;
}

/**
 * The streaming detector: samples at the frontend's rate in, one scored step per embedding
 * hop out. The embedder keeps only the frames its next window needs and the detector only the
 * last `headContext` embeddings, so memory stays constant however long it runs. Deciding when a score is a detection is done by src/eval's decider, so that
 * live detection and evaluation share one rule.
 */
export class StreamingDetector {
  readonly stepSeconds: number;
  private readonly embedder: EmbeddingStream;
  private embeddings: Float32Array[] = [];
  /** Embeddings made since reset; embedding k completes at frame k * windowHop + windowFrames. */
  private embeddingCount = 0;
  private readonly smoother: ScoreSmoother;

  constructor(private readonly parts: DetectorParts) {
    const { frontend, base } = parts;
    this.stepSeconds = (base.windowHop * frontend.hop) / frontend.sampleRate;
    this.smoother = new ScoreSmoother(parts.smoothing ?? 3);
    this.embedder = createEmbedder(base);
  }

  get sampleRate(): number {
    return this.parts.frontend.sampleRate;
  }

  /** Seconds of audio before the first score: one full window, then a full head context. */
  get warmUpSeconds(): number {
    return headInputEnd(this.parts.base, this.parts.frontend, 0);
  }

  push(samples: Float32Array): DetectorStep[] {
    const { frontend, base } = this.parts;
    const steps: DetectorStep[] = [];
    for (const embedding of this.embedder.push(frontend.push(samples))) {
      // The head input that this embedding completes (training numbers head inputs the same way).
      const input = this.embeddingCount++ - base.headContext + 1;
      this.embeddings.push(embedding);
      if (this.embeddings.length > base.headContext) this.embeddings.shift();
      if (this.embeddings.length < base.headContext) continue;
      steps.push({ t: headInputEnd(base, frontend, input), score: this.smoother.push(this.scoreContext()) });
    }
    return steps;
  }

  reset(): void {
    this.parts.frontend.reset();
    this.embedder.reset();
    this.embeddings = [];
    this.embeddingCount = 0;
    this.smoother.reset();
  }

  /** Frees the networks' weights. */
  dispose(): void {
    this.embedder.reset();
    this.parts.base.network.dispose();
    this.parts.head.dispose();
  }

  private scoreContext(): number {
    const { base, head } = this.parts;
    return tf.tidy(() => {
      const input = tf.tensor3d(concatFloat32(this.embeddings), [1, base.headContext, base.embeddingSize]);
      return (head.predict(input) as tf.Tensor).dataSync()[0]!;
    });
  }
}
