import type { Spec } from 'vega';
import { chartFrame } from './frame.ts';

/** One detector's DET curve: false-reject rate (0..1) against false accepts per hour. */
export interface DetSeries {
  name: string;
  points: { falseAcceptsPerHour: number; falseRejectRate: number }[];
  /** Its operating point (the model's threshold), drawn as a dot. */
  operatingPoint?: { falseAcceptsPerHour: number; falseRejectRate: number };
}

const TICKS = [0, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

/**
 * The DET plot: miss rate (%) against false accepts per hour on a symmetric-log axis, so 0
 * and the 0.1-2 per hour region that matters are both readable. Curves are staircases: a rate
 * of false accepts between two points only buys the miss rate of the lower one.
 */
export function detSpec(series: DetSeries[], title = 'DET curve'): Spec {
  const rows = series.flatMap((s) =>
    [...s.points]
      .sort((a, b) => a.falseAcceptsPerHour - b.falseAcceptsPerHour || b.falseRejectRate - a.falseRejectRate)
      .map((p) => ({ detector: s.name, fa: p.falseAcceptsPerHour, frr: p.falseRejectRate * 100 })),
  );
  const dots = series.flatMap((s) =>
    s.operatingPoint ? [{ detector: s.name, fa: s.operatingPoint.falseAcceptsPerHour, frr: s.operatingPoint.falseRejectRate * 100 }] : [],
  );
  const maxFa = Math.max(10, ...rows.map((r) => r.fa));
  return {
    ...chartFrame(title, 560, 360),
    data: [
      { name: 'curves', values: rows },
      { name: 'dots', values: dots },
    ],
    scales: [
      { name: 'x', type: 'symlog', constant: 0.1, domain: [0, maxFa], range: 'width' },
      { name: 'y', type: 'linear', domain: [0, 100], range: 'height' },
      { name: 'color', type: 'ordinal', domain: series.map((s) => s.name), range: 'category' },
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: 'false accepts per hour', values: TICKS.filter((t) => t <= maxFa), format: '~g', grid: true },
      { orient: 'left', scale: 'y', title: 'false-reject rate (%)', grid: true },
    ],
    legends: series.length > 1 ? [{ fill: 'color', orient: 'top-right', title: 'detector' }] : [],
    marks: [
      {
        type: 'group',
        from: { facet: { name: 'series', data: 'curves', groupby: 'detector' } },
        marks: [
          {
            type: 'line',
            from: { data: 'series' },
            encode: {
              enter: {
                x: { scale: 'x', field: 'fa' },
                y: { scale: 'y', field: 'frr' },
                stroke: { scale: 'color', field: 'detector' },
                strokeWidth: { value: 2 },
                interpolate: { value: 'step-after' },
              },
            },
          },
        ],
      },
      {
        type: 'symbol',
        from: { data: 'dots' },
        encode: {
          enter: {
            x: { scale: 'x', field: 'fa' },
            y: { scale: 'y', field: 'frr' },
            fill: { scale: 'color', field: 'detector' },
            size: { value: 80 },
            tooltip: { signal: "'threshold of the model: ' + format(datum.frr, '.1f') + ' % missed at ' + format(datum.fa, '.2f') + ' per hour'" },
          },
        },
      },
    ],
  };
}
