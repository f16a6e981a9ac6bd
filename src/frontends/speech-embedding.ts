import melTable from './speech-embedding-mel.json' with { type: 'json' };
import { applyMelBands, type MelBand } from './mel-bands.ts';
import { amplitudeSpectrum } from './spectrum.ts';
import type { FeatureFrontend } from './types.ts';

// The log-mel features Google's speech-embedding model was trained on, streamed the way
// openWakeWord streams them (REFERENCE.md section 1).
const SAMPLE_RATE = 16000;
const FFT_SIZE = 512;
const HOP = 160;
const WINDOW_LENGTH = 400;
/** The Hann window sits in the middle of the zero-padded FFT frame. */
const WINDOW_OFFSET = (FFT_SIZE - WINDOW_LENGTH) / 2;
/** Audio is processed in 80 ms chunks, each with 3 hops of left context: 8 frames a chunk. */
const CHUNK = 1280;
const CONTEXT = 480;
const TOP_DB = 80;

const bands: MelBand[] = melTable.bands;
const window = (() => {
  const w = new Float32Array(FFT_SIZE);
  // Periodic Hann: the DFT-even form torch.hann_window uses by default.
  for (let n = 0; n < WINDOW_LENGTH; n++) w[WINDOW_OFFSET + n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / WINDOW_LENGTH);
  return w;
})();

export function createSpeechEmbeddingFrontend(): FeatureFrontend {
  let pending = new Float32Array(CONTEXT);
  const frame = new Float32Array(FFT_SIZE);
  const framesPerChunk = CHUNK / HOP;

  function processChunk(audio: Float32Array): Float32Array[] {
    const frames: Float32Array[] = [];
    let max = -Infinity;
    for (let f = 0; f < framesPerChunk; f++) {
      const start = f * HOP;
      // Samples arrive in [-1, 1]; the reference model was fed int16-range values.
      for (let i = 0; i < FFT_SIZE; i++) frame[i] = audio[start + i]! * 32768 * window[i]!;
      const magnitude = amplitudeSpectrum(frame);
      for (let k = 0; k < magnitude.length; k++) magnitude[k] = magnitude[k]! * magnitude[k]!;
      const mel = applyMelBands(magnitude, bands, new Float32Array(bands.length));
      for (let b = 0; b < mel.length; b++) {
        mel[b] = 10 * Math.log10(Math.max(mel[b]!, 1e-10));
        if (mel[b]! > max) max = mel[b]!;
      }
      frames.push(mel);
    }
    // top_db is relative to this chunk's loudest value, as in openWakeWord's live pipeline.
    const floor = max - TOP_DB;
    for (const mel of frames) for (let b = 0; b < mel.length; b++) mel[b] = Math.max(mel[b]!, floor) / 10 + 2;
    return frames;
  }

  // Every recording is scored after seconds of digital silence (scoreRecording, the feature
  // shards), whose frames are all alike: computed once, they are copied instead of transformed.
  let silentFrames: Float32Array[] | undefined;
  function processSilentOrChunk(audio: Float32Array): Float32Array[] {
    if (audio.some((x) => x !== 0)) return processChunk(audio);
    silentFrames ??= processChunk(audio);
    return silentFrames.map((frame) => frame.slice());
  }

  return {
    id: 'speech-embedding',
    sampleRate: SAMPLE_RATE,
    hop: HOP,
    bins: bands.length,
    push(samples) {
      const joined = new Float32Array(pending.length + samples.length);
      joined.set(pending);
      joined.set(samples, pending.length);
      const frames: Float32Array[] = [];
      let offset = 0;
      for (; joined.length - offset >= CONTEXT + CHUNK; offset += CHUNK) {
        frames.push(...processSilentOrChunk(joined.subarray(offset, offset + CONTEXT + CHUNK)));
      }
      pending = joined.slice(offset);
      return frames;
    },
    reset() {
      pending = new Float32Array(CONTEXT);
    },
    describe: () => ({ id: 'speech-embedding', sampleRate: SAMPLE_RATE, fftSize: FFT_SIZE, hop: HOP, window: `hann${WINDOW_LENGTH}`, chunk: CHUNK, topDb: TOP_DB, melBands: bands.length }),
  };
}
