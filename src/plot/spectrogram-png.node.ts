import { PNG } from 'pngjs';
import { scheme } from 'vega';

/** 256 colours of the viridis map, as [r, g, b]. */
function viridis(): [number, number, number][] {
  const interpolate = scheme('viridis') as (t: number) => string;
  return Array.from({ length: 256 }, (_, i) => {
    const [r, g, b] = interpolate(i / 255).match(/\d+/g)!.map(Number);
    return [r!, g!, b!];
  });
}

/**
 * Feature frames drawn as a spectrogram PNG: time left to right, bin 0 at the bottom, viridis
 * colours from the 2nd percentile of the values above the floor (digital silence) to the
 * maximum. Small matrices are enlarged by whole pixels.
 */
export function spectrogramPng(frames: Float32Array[]): Uint8Array {
  const bins = frames[0]?.length ?? 0;
  if (frames.length === 0 || bins === 0) throw new Error('spectrogramPng: no frames to draw');
  const sorted = Float32Array.from(frames.flatMap((f) => Array.from(f)).filter(Number.isFinite)).sort();
  // The floor value (digital silence) is left out of the percentile, so it cannot set the scale.
  const values = sorted.filter((v) => v > sorted[0]!);
  const low = values[Math.floor(0.02 * (values.length - 1))] ?? sorted[0] ?? 0;
  const high = sorted[sorted.length - 1] ?? 1;
  const span = high > low ? high - low : 1;
  const colours = viridis();
  const sx = Math.min(8, Math.max(1, Math.floor(800 / frames.length)));
  const sy = Math.min(8, Math.max(1, Math.floor(256 / bins)));
  const png = new PNG({ width: frames.length * sx, height: bins * sy });
  for (let y = 0; y < png.height; y++) {
    const bin = bins - 1 - Math.floor(y / sy);
    for (let x = 0; x < png.width; x++) {
      const value = frames[Math.floor(x / sx)]![bin]!;
      const t = Number.isFinite(value) ? Math.min(1, Math.max(0, (value - low) / span)) : value > 0 ? 1 : 0;
      const [r, g, b] = colours[Math.round(t * 255)]!;
      const i = (y * png.width + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png));
}
