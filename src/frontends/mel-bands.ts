/** One triangular mel filter: its weights over consecutive FFT bins starting at `firstBin`. */
export interface MelBand {
  firstBin: number;
  weights: number[];
}

/** Splits a dense [bins, bands] row-major mel matrix into its non-zero runs, one per band. */
export function melMatrixToBands(matrix: Float32Array, bins: number, bands: number): MelBand[] {
  const out: MelBand[] = [];
  for (let band = 0; band < bands; band++) {
    let first = -1;
    let last = -1;
    for (let bin = 0; bin < bins; bin++) {
      if (matrix[bin * bands + band] !== 0) {
        if (first < 0) first = bin;
        last = bin;
      }
    }
    const weights: number[] = [];
    for (let bin = first; bin >= 0 && bin <= last; bin++) weights.push(matrix[bin * bands + band]!);
    out.push({ firstBin: Math.max(first, 0), weights });
  }
  return out;
}

/** Mel energies of one power spectrum. */
export function applyMelBands(power: ArrayLike<number>, bands: MelBand[], out: Float32Array): Float32Array {
  for (let b = 0; b < bands.length; b++) {
    const { firstBin, weights } = bands[b]!;
    let sum = 0;
    for (let k = 0; k < weights.length; k++) sum += power[firstBin + k]! * weights[k]!;
    out[b] = sum;
  }
  return out;
}
