import type { Spec } from 'vega';
import { chartFrame } from './frame.ts';
import type { DetectorStep } from '../detect/types.ts';

export interface TraceClip {
  start: number;
  end: number;
  detected: boolean;
}

/** At most this many points per plot: longer traces keep the maximum of each bin. */
const MAX_POINTS = 3000;

/**
 * The score over a stream of positives, with each clip shaded (green when detected, red when
 * missed) and the threshold as a dashed line.
 */
export function scoreTraceSpec(steps: DetectorStep[], clips: TraceClip[], threshold: number, title = 'Scores over the positives stream'): Spec {
  const points = maxPool(steps, MAX_POINTS);
  const end = Math.max(steps.at(-1)?.t ?? 0, clips.at(-1)?.end ?? 0);
  return {
    ...chartFrame(title, Math.min(1600, Math.max(600, end * 4)), 200),
    data: [
      { name: 'scores', values: points.map((s) => ({ t: s.t, score: s.score })) },
      { name: 'clips', values: clips },
    ],
    scales: [
      { name: 'x', type: 'linear', domain: [0, end], range: 'width', zero: true },
      { name: 'y', type: 'linear', domain: [0, 1], range: 'height' },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'seconds' },
      { orient: 'left', scale: 'y', title: 'score', tickCount: 5 },
    ],
    marks: [
      {
        type: 'rect',
        from: { data: 'clips' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'start' },
            x2: { scale: 'x', field: 'end' },
            y: { value: 0 },
            y2: { signal: 'height' },
            fill: { signal: "datum.detected ? '#2ca02c' : '#d62728'" },
            fillOpacity: { value: 0.18 },
          },
        },
      },
      {
        type: 'line',
        from: { data: 'scores' },
        encode: { enter: { x: { scale: 'x', field: 't' }, y: { scale: 'y', field: 'score' }, stroke: { value: '#1f77b4' }, strokeWidth: { value: 1 } } },
      },
      {
        type: 'rule',
        encode: {
          enter: {
            x: { value: 0 },
            x2: { signal: 'width' },
            y: { scale: 'y', value: threshold },
            stroke: { value: '#555' },
            strokeDash: { value: [4, 3] },
          },
        },
      },
    ],
  };
}

function maxPool(steps: DetectorStep[], maxPoints: number): DetectorStep[] {
  if (steps.length <= maxPoints) return steps;
  const size = Math.ceil(steps.length / maxPoints);
  const out: DetectorStep[] = [];
  for (let i = 0; i < steps.length; i += size) {
    const bin = steps.slice(i, i + size);
    out.push(bin.reduce((best, s) => (s.score > best.score ? s : best)));
  }
  return out;
}
