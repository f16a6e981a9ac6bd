import meydaModule from 'meyda';

// Meyda is CommonJS (module.exports = Meyda) while its types declare an ES default export.
const Meyda = meydaModule as unknown as typeof meydaModule.default;

/**
 * Magnitude spectrum (bins 0 .. n/2 - 1) of one already-windowed frame, computed by Meyda.
 * Meyda keeps its settings on one shared object, so they are set on every call; windowing is
 * done by the caller ('rect' here) because each frontend needs its own exact window.
 */
export function amplitudeSpectrum(windowedFrame: Float32Array): Float32Array {
  Meyda.bufferSize = windowedFrame.length;
  // 'rect' (no window) is supported by Meyda but missing from its type union.
  Meyda.windowingFunction = 'rect' as (typeof Meyda)['windowingFunction'];
  return Meyda.extract('amplitudeSpectrum', windowedFrame) as unknown as Float32Array;
}
