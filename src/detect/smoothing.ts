/**
 * Moving average of the last `length` scores. A wake word spans several steps while a stray
 * noise often lifts one, so averaging a few cuts false accepts (about 40 % in REFERENCE.md's
 * measurement with 3 steps).
 */
export class ScoreSmoother {
  private recent: number[] = [];

  constructor(private readonly length: number) {}

  push(score: number): number {
    this.recent.push(score);
    if (this.recent.length > this.length) this.recent.shift();
    return this.recent.reduce((a, b) => a + b, 0) / this.recent.length;
  }

  reset(): void {
    this.recent = [];
  }
}

/** The same average over a whole score sequence (training-time calibration). */
export function smoothScores(scores: ArrayLike<number>, length: number): Float32Array {
  const smoother = new ScoreSmoother(length);
  return Float32Array.from(scores, (s) => smoother.push(s));
}
