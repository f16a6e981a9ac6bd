/** One detector step: the smoothed score after the audio up to time `t` (seconds from start). */
export interface DetectorStep {
  t: number;
  score: number;
}

/** A firing: the step whose score crossed the threshold (outside the refractory period). */
export type Detection = DetectorStep;

/** The settings that turn a score trace into detections. */
export interface DecisionSettings {
  /** Score in [0, 1] at or above which the detector fires. */
  threshold: number;
  /** Seconds after a firing during which it cannot fire again, so one utterance fires once. */
  refractorySeconds: number;
}
