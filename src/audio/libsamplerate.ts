/**
 * libsamplerate, for the resamplers to import on first use (`await import('./libsamplerate.ts')`)
 * rather than at load: its 2 MB script (the wasm inlined) costs Node ~70 ms to load, which
 * `wakeword detect` on audio already at the model's rate never needs. Importing it through this
 * module keeps the package's CommonJS interop the same under tsx and plain node.
 */
import libsamplerate from '@alexanderolsen/libsamplerate-js';

export const { create, ConverterType } = libsamplerate;
