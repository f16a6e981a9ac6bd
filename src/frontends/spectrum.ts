import meydaModule from 'meyda';

// Meyda is CommonJS (module.exports = Meyda) while its types declare an ES default export.
const Meyda = meydaModule as unknown as typeof meydaModule.default;

/** A real frame of length n packed as a complex frame of length n/2, and the unpacking twiddles. */
interface PackedFft {
  carrier: Float32Array & { real: Float64Array; imag: Float64Array };
  cos: Float64Array;
  sin: Float64Array;
}

const packed = new Map<number, PackedFft>();

function packedFft(n: number): PackedFft {
  let p = packed.get(n);
  if (!p) {
    const half = n / 2;
    const carrier = Object.assign(new Float32Array(half), { real: new Float64Array(half), imag: new Float64Array(half) });
    const cos = new Float64Array(half);
    const sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n);
      sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    p = { carrier, cos, sin };
    packed.set(n, p);
  }
  return p;
}

/**
 * Magnitude spectrum (bins 0 .. `bins` - 1, at most n/2) of one already-windowed real frame of
 * length n (a power of two), computed by Meyda. Windowing is the caller's, because each frontend
 * needs its own exact window.
 *
 * Meyda's FFT is a complex FFT that recomputes its twiddles and allocates per butterfly on every
 * call; a real frame fed to it wastes half of that work. So the frame is packed as a complex
 * frame of length n/2 (even samples real, odd samples imaginary), Meyda transforms it (its FFT
 * takes a signal that carries `real` and `imag` arrays), and the real spectrum is unpacked from
 * it: 1.5x (512 points) to 1.65x (2048 points) the throughput of Meyda.extract('amplitudeSpectrum')
 * on the plain frame (scripts/bench/frontends.ts).
 */
export function amplitudeSpectrum(windowedFrame: Float32Array, bins = windowedFrame.length / 2): Float32Array {
  const n = windowedFrame.length;
  const half = n / 2;
  const { carrier, cos, sin } = packedFft(n);
  for (let i = 0; i < half; i++) {
    carrier.real[i] = windowedFrame[2 * i]!;
    carrier.imag[i] = windowedFrame[2 * i + 1]!;
  }
  // Meyda keeps its settings on one shared object, so they are set on every call.
  Meyda.bufferSize = half;
  // 'rect' (no window) is supported by Meyda but missing from its type union.
  Meyda.windowingFunction = 'rect' as (typeof Meyda)['windowingFunction'];
  const z = Meyda.extract('complexSpectrum', carrier) as unknown as { real: ArrayLike<number>; imag: ArrayLike<number> };
  const out = new Float32Array(bins);
  for (let k = 0; k < bins; k++) {
    const m = (half - k) % half;
    // Spectra of the even and odd samples, from Z[k] and conj(Z[n/2 - k]).
    const evenRe = (z.real[k]! + z.real[m]!) / 2;
    const evenIm = (z.imag[k]! - z.imag[m]!) / 2;
    const oddRe = (z.imag[k]! + z.imag[m]!) / 2;
    const oddIm = (z.real[m]! - z.real[k]!) / 2;
    // X[k] = even + e^(-2 pi i k / n) * odd
    const re = evenRe + cos[k]! * oddRe + sin[k]! * oddIm;
    const im = evenIm + cos[k]! * oddIm - sin[k]! * oddRe;
    out[k] = Math.sqrt(re * re + im * im);
  }
  return out;
}
