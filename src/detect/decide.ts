import type { DecisionSettings, Detection, DetectorStep } from './types.ts';

/** Step times are sums of float hops; gaps this close to the refractory period count as equal. */
const TIME_EPSILON = 1e-6;

/** Turns scored steps into detections one step at a time (live detection and evaluation share it). */
export interface Decider {
  /** The detection this step makes, if its score reaches the threshold outside the refractory period. */
  step(step: DetectorStep): Detection | undefined;
  reset(): void;
}

/**
 * The one decision rule: a step fires when its score is at or above the threshold and at least
 * `refractorySeconds` have passed since the last firing. Steps that do not fire change nothing,
 * so a score that stays high fires again once per refractory period.
 */
export function createDecider(settings: DecisionSettings): Decider {
  let lastFiring = -Infinity;
  return {
    step(step) {
      if (step.score < settings.threshold || step.t - lastFiring < settings.refractorySeconds - TIME_EPSILON) return undefined;
      lastFiring = step.t;
      return step;
    },
    reset() {
      lastFiring = -Infinity;
    },
  };
}

/** Every detection in a score trace (steps in time order). */
export function detections(steps: Iterable<DetectorStep>, settings: DecisionSettings): Detection[] {
  const decider = createDecider(settings);
  const out: Detection[] = [];
  for (const step of steps) {
    const detection = decider.step(step);
    if (detection) out.push(detection);
  }
  return out;
}
