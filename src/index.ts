// The portable entry ('wakeword-transfer'): what runs a trained detector anywhere, a browser
// bundle included. Nothing imported from here reaches a Node built-in (test/package checks
// with a browser bundle). Files, training, evaluation and the CLI's pieces are in
// 'wakeword-transfer/node' (src/node.ts), which re-exports all of this too. Named re-exports only.
export type { RawAudio, DetectorMetadata, BackgroundNoise } from './types.ts';
export { InputError } from './errors.ts';
export { encodeWav16 } from './audio/wav.ts';
export { frontends, type FrontendId } from './frontends/registry.ts';
export { computeFrames, type FeatureFrontend } from './frontends/types.ts';
// The packed real FFT the frontends use (Meyda underneath), for benchmarks that time spectra alone.
export { amplitudeSpectrum } from './frontends/spectrum.ts';
export type { BaseModel } from './models/types.ts';
export { speechEmbeddingBase } from './models/speech-embedding.ts';
export { StreamingDetector } from './detect/detector.ts';
export { WordSetDetector, type WordHead, type WordSetParts, type WordSetStep } from './detect/word-set.ts';
export { assembleDetector, assembleWordSet, checkFrontend, sharedBaseProblem } from './detect/assemble.ts';
export {
  loadDetectorFromUrl,
  loadDetectorFromFiles,
  loadDetectorWith,
  loadWordSetFromUrls,
  loadWordSetWith,
  checkDetectorMetadata,
  type DetectorFileReader,
  type DetectorFiles,
  type LoadedDetector,
  type LoadedWordSet,
  type LoadDetectorOptions,
} from './detect/load.ts';
export { scoreRecording, streamThrough, chunks, CHUNK_SECONDS, type StepStream } from './detect/stream.ts';
export { headInputEnd } from './detect/timing.ts';
export type { DetectorStep, Detection, DecisionSettings } from './detect/types.ts';
export { detections, createDecider, type Decider } from './detect/decide.ts';
export { LiveListener, type LiveUpdate } from './live/listener.ts';
export { WordSetListener, type WordDetection, type WordSetUpdate } from './live/word-set-listener.ts';
export { createStreamResampler, type StreamResampler } from './live/stream-resampler.ts';
