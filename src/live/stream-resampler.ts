/** Converts a stream chunk by chunk, keeping the filter state between chunks. */
export interface StreamResampler {
  push(samples: Float32Array): Float32Array;
  /** Frees the converter (a no-op when the rates are equal). */
  dispose(): void;
}

/**
 * A streaming band-limited resampler (libsamplerate's sinc converter through its `full` API,
 * which keeps state across calls, so chunk borders leave no clicks). Runs in Node and browsers.
 */
export async function createStreamResampler(fromRate: number, toRate: number): Promise<StreamResampler> {
  if (fromRate === toRate) return { push: (samples) => samples, dispose() {} };
  const { create, ConverterType } = await import('../audio/libsamplerate.ts');
  const converter = await create(1, fromRate, toRate, { converterType: ConverterType.SRC_SINC_MEDIUM_QUALITY });
  return {
    push: (samples) => converter.full(samples),
    dispose: () => converter.destroy(),
  };
}
