import { createDecider, type Decider } from '../detect/decide.ts';
import type { DecisionSettings, Detection } from '../detect/types.ts';
import type { WordSetDetector, WordSetStep } from '../detect/word-set.ts';

/** A firing of one word of a word set. */
export interface WordDetection extends Detection {
  /** The detector's name (WordSetDetector.names). */
  name: string;
  /** Its position in the word set (the index into each step's scores). */
  index: number;
}

/** What one chunk of live audio produced for every word. */
export interface WordSetUpdate {
  steps: WordSetStep[];
  detections: WordDetection[];
}

/**
 * Several words on a live stream, each decided with its own threshold by the same rule as
 * `detect` and evaluation, over one shared embedding pass.
 */
export class WordSetListener {
  private readonly deciders: Decider[];

  /** `settings[i]` decides `detector.names[i]`. */
  constructor(
    readonly detector: WordSetDetector,
    readonly settings: DecisionSettings[],
  ) {
    if (settings.length !== detector.names.length) throw new RangeError(`${detector.names.length} words need as many decision settings, got ${settings.length}`);
    this.deciders = settings.map(createDecider);
  }

  /** Samples at the detector's rate. */
  push(samples: Float32Array): WordSetUpdate {
    const steps = this.detector.push(samples);
    const detections: WordDetection[] = [];
    for (const { t, scores } of steps) {
      scores.forEach((score, w) => {
        const fired = this.deciders[w]!.step({ t, score });
        if (fired) detections.push({ ...fired, name: this.detector.names[w]!, index: w });
      });
    }
    return { steps, detections };
  }

  /** The word whose last score is nearest its threshold (or furthest above it), for a live meter. */
  closest(step: WordSetStep): { score: number; threshold: number } {
    const w = step.scores.reduce((best, score, i) => (score - this.settings[i]!.threshold > step.scores[best]! - this.settings[best]!.threshold ? i : best), 0);
    return { score: step.scores[w]!, threshold: this.settings[w]!.threshold };
  }

  /** A new threshold for word `index` from the next step on (a sensitivity control). */
  setThreshold(index: number, threshold: number): void {
    if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`threshold must be within 0 and 1, got ${threshold}`);
    const settings = this.settings[index];
    if (!settings) throw new RangeError(`no word ${index} in a set of ${this.settings.length}`);
    settings.threshold = threshold;
  }

  reset(): void {
    this.detector.reset();
    for (const decider of this.deciders) decider.reset();
  }
}
