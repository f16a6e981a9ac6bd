import type { StreamingDetector } from '../detect/detector.ts';
import type { DecisionSettings, Detection, DetectorStep } from '../detect/types.ts';
import { createDecider, type Decider } from '../detect/decide.ts';

/** What one chunk of live audio produced. */
export interface LiveUpdate {
  steps: DetectorStep[];
  detections: Detection[];
}

/**
 * A detector on a live stream, deciding with the same rule as `detect` and evaluation. Chunks
 * may have any length: the detector's frontend buffers to its own block size, so the steps
 * equal those of the same audio streamed in any other chunking.
 */
export class LiveListener {
  private readonly decider: Decider;

  constructor(
    readonly detector: StreamingDetector,
    readonly settings: DecisionSettings,
  ) {
    this.decider = createDecider(settings);
  }

  /** Samples at the detector's rate. */
  push(samples: Float32Array): LiveUpdate {
    const steps = this.detector.push(samples);
    const detections = steps.flatMap((step) => this.decider.step(step) ?? []);
    return { steps, detections };
  }

  reset(): void {
    this.detector.reset();
    this.decider.reset();
  }

  /** A new threshold from the next step on (a sensitivity control). */
  setThreshold(threshold: number): void {
    if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`threshold must be within 0 and 1, got ${threshold}`);
    this.settings.threshold = threshold;
  }
}
