import type { Detection } from '../detect/types.ts';
import type { WordSetStep } from '../detect/word-set.ts';

/** Five stops of the viridis map (as `wakeword features --png` draws), interpolated linearly. */
const VIRIDIS: [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

function viridis(t: number): [number, number, number] {
  const x = (Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const [a, b] = [VIRIDIS[i]!, VIRIDIS[i + 1]!];
  return [0, 1, 2].map((c) => a[c]! + (b[c]! - a[c]!) * (x - i)) as [number, number, number];
}

/**
 * A scrolling spectrogram of the detector's own features, one pixel column per frame, newest at
 * the right, bin 0 at the bottom. The colour range follows the signal: it widens at once to a
 * new extreme and narrows slowly.
 */
export class SpectrogramView {
  private readonly context: CanvasRenderingContext2D;
  private low = Infinity;
  private high = -Infinity;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly bins: number,
  ) {
    this.context = canvas.getContext('2d')!;
    this.context.fillStyle = 'rgb(68, 1, 84)';
    this.context.fillRect(0, 0, canvas.width, canvas.height);
  }

  push(frames: Float32Array[]): void {
    if (frames.length === 0) return;
    const { width, height } = this.canvas;
    const n = Math.min(frames.length, width);
    this.context.drawImage(this.canvas, -n, 0);
    const image = this.context.createImageData(n, height);
    frames.slice(-n).forEach((frame, x) => {
      const [min, max] = [Math.min(...frame), Math.max(...frame)];
      const span = this.high - this.low;
      this.low = span >= 0 ? Math.min(min, this.low + 0.002 * span) : min;
      this.high = span >= 0 ? Math.max(max, this.high - 0.002 * span) : max;
      for (let y = 0; y < height; y++) {
        const bin = Math.min(this.bins - 1, Math.floor(((height - 1 - y) * this.bins) / height));
        const [r, g, b] = viridis((frame[bin]! - this.low) / (this.high - this.low || 1));
        const i = (y * n + x) * 4;
        image.data.set([r, g, b, 255], i);
      }
    });
    this.context.putImageData(image, width - n, 0);
  }
}

/** Scores near 1 are where thresholds sit: the trace's height is -log10(1 - score), so 0.9, 0.99 and 0.999 are equally spaced. */
const NINES = 4;

/** Height of a score on the trace, 0 (bottom) to 1 (top, 0.9999 and above). */
export function traceHeight(score: number): number {
  return Math.min(NINES, Math.abs(Math.log10(Math.max(1 - score, 10 ** -NINES)))) / NINES;
}

/** Each word's line colour; with one word its threshold is drawn red, with several in its word's colour. */
const WORD_COLOURS = ['#5ec962', '#4ea1ff', '#f28e2b', '#e377c2', '#bcbd22', '#17becf'];
const colour = (word: number) => WORD_COLOURS[word % WORD_COLOURS.length]!;

/**
 * The smoothed score of each word over the last `windowSeconds`, its threshold as a dashed line
 * and detections as bars. With several words (`names` given) each has its colour, and each
 * threshold line is labelled with its word's name and value.
 */
export class ScoreTrace {
  private readonly context: CanvasRenderingContext2D;
  private steps: WordSetStep[] = [];
  private detections: Detection[] = [];

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly thresholds: number[],
    private readonly names: string[] = [],
    private readonly windowSeconds = 10,
  ) {
    this.context = canvas.getContext('2d')!;
    this.draw();
  }

  setThreshold(word: number, threshold: number): void {
    this.thresholds[word] = threshold;
    this.draw();
  }

  push(steps: WordSetStep[], detections: Detection[]): void {
    if (steps.length === 0) return;
    const start = steps.at(-1)!.t - this.windowSeconds;
    this.steps = [...this.steps, ...steps].filter((s) => s.t >= start);
    this.detections = [...this.detections, ...detections].filter((d) => d.t >= start);
    this.draw();
  }

  private draw(): void {
    const { width, height } = this.canvas;
    const ctx = this.context;
    const end = this.steps.at(-1)?.t ?? this.windowSeconds;
    const x = (t: number) => ((t - (end - this.windowSeconds)) / this.windowSeconds) * width;
    const y = (score: number) => (1 - traceHeight(score)) * (height - 2) + 1;
    ctx.fillStyle = '#111';
    ctx.fillRect(0, 0, width, height);
    ctx.strokeStyle = '#333';
    ctx.fillStyle = '#777';
    for (const nines of [0.9, 0.99, 0.999]) {
      ctx.beginPath();
      ctx.moveTo(0, y(nines));
      ctx.lineTo(width, y(nines));
      ctx.stroke();
      ctx.fillText(String(nines), 4, y(nines) - 2);
    }
    ctx.fillStyle = 'rgba(253, 231, 37, 0.35)';
    for (const d of this.detections) ctx.fillRect(x(d.t) - 2, 0, 4, height);
    const labelled = this.names.length > 0;
    // Labels run leftwards from the right edge, so words with equal thresholds stay readable.
    let labelEnd = width - 4;
    this.thresholds.forEach((threshold, w) => {
      ctx.strokeStyle = labelled ? colour(w) : '#e55';
      ctx.setLineDash([6, 4]);
      ctx.beginPath();
      ctx.moveTo(0, y(threshold));
      ctx.lineTo(width, y(threshold));
      ctx.stroke();
      ctx.setLineDash([]);
      if (!labelled) return;
      const label = `${this.names[w]} ${threshold.toFixed(4)}`;
      labelEnd -= ctx.measureText(label).width;
      ctx.fillStyle = colour(w);
      // Above its line, or below it when the line runs along the top edge.
      ctx.fillText(label, labelEnd, y(threshold) < 14 ? y(threshold) + 12 : y(threshold) - 4);
      labelEnd -= 12;
    });
    ctx.lineWidth = 2;
    this.thresholds.forEach((_, w) => {
      ctx.strokeStyle = colour(w);
      ctx.beginPath();
      this.steps.forEach((s, i) => (i === 0 ? ctx.moveTo(x(s.t), y(s.scores[w]!)) : ctx.lineTo(x(s.t), y(s.scores[w]!))));
      ctx.stroke();
    });
    ctx.lineWidth = 1;
  }
}
