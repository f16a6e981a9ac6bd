import * as tf from '@tensorflow/tfjs';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import { embedWindow } from '../transfer/embed.ts';
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
 * hop out. Frames and embeddings live in fixed-size rings, so memory stays constant however
 * long it runs. Deciding when a score is a detection is done by src/eval's decider, so that
 * live detection and evaluation share one rule.
 */
export class StreamingDetector {
  readonly stepSeconds: number;
  private frames: Float32Array[] = [];
  private embeddings: Float32Array[] = [];
  private framesSinceEmbedding = 0;
  /** Frames seen since reset; frame j is complete about (j + 1) hops into the stream. */
  private frameCount = 0;
  private readonly smoother: ScoreSmoother;

  constructor(private readonly parts: DetectorParts) {
    const { frontend, base } = parts;
    this.stepSeconds = (base.windowHop * frontend.hop) / frontend.sampleRate;
    this.smoother = new ScoreSmoother(parts.smoothing ?? 3);
  }

  get sampleRate(): number {
    return this.parts.frontend.sampleRate;
  }

  push(samples: Float32Array): DetectorStep[] {
    const { frontend, base } = this.parts;
    const steps: DetectorStep[] = [];
    for (const frame of frontend.push(samples)) {
      this.frameCount++;
      this.frames.push(frame);
      if (this.frames.length > base.windowFrames) this.frames.shift();
      if (this.frames.length < base.windowFrames) continue;
      this.framesSinceEmbedding++;
      // The first full window embeds at once, later ones every windowHop frames.
      if (this.embeddings.length > 0 && this.framesSinceEmbedding < base.windowHop) continue;
      this.framesSinceEmbedding = 0;
      this.embeddings.push(embedWindow(base, this.frames));
      if (this.embeddings.length > base.headContext) this.embeddings.shift();
      if (this.embeddings.length < base.headContext) continue;
      const t = (this.frameCount * frontend.hop) / frontend.sampleRate;
      steps.push({ t, score: this.smoother.push(this.scoreContext()) });
    }
    return steps;
  }

  reset(): void {
    this.parts.frontend.reset();
    this.frames = [];
    this.embeddings = [];
    this.framesSinceEmbedding = 0;
    this.frameCount = 0;
    this.smoother.reset();
  }

  /** Frees the networks' weights. */
  dispose(): void {
    this.parts.base.network.dispose();
    this.parts.head.dispose();
  }

  private scoreContext(): number {
    const { base, head } = this.parts;
    return tf.tidy(() => {
      const input = tf.tensor3d(concat(this.embeddings), [1, base.headContext, base.embeddingSize]);
      return (head.predict(input) as tf.Tensor).dataSync()[0]!;
    });
  }
}

function concat(rows: Float32Array[]): Float32Array {
  const out = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
  let offset = 0;
  for (const r of rows) {
    out.set(r, offset);
    offset += r.length;
  }
  return out;
}
