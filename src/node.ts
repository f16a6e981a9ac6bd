// The Node entry ('wakeword-transfer/node'): everything the portable entry has, plus what
// needs Node: files and folders, audio decoding from disk, backends, training, evaluation,
// synthesis and the CLI's pieces. Named re-exports only.
export * from './index.ts';
export { formatError } from './errors.ts';
export { readAudio, readAudioBatch } from './audio/read.node.ts';
export { decodeAudio } from './audio/decode.ts';
export { loadBaseModel, bases } from './models/registry.ts';
export { selectBackend } from './platform/backend.node.ts';
export { contentHash, listAudioFiles, writeFileAtomic, expandAudioPaths } from './platform/files.node.ts';
export { trainDetector, prepareEmbeddings, type TrainDetectorOptions } from './transfer/train-detector.node.ts';
export { TRAINING_DEFAULTS } from './transfer/defaults.ts';
export { calibrateThreshold, headTrace } from './transfer/calibrate.ts';
export { trainingAugmenter } from './transfer/augmentation.node.ts';
export { chooseUnfrozenBlocks } from './transfer/freeze-policy.ts';
export { loadDetector, readDetectorMetadata } from './detect/load.node.ts';
export { evaluateDetector, rescoreEvaluation, type EvaluateOptions, type EvaluationResult, type EvaluatedPass } from './eval/evaluate.node.ts';
export { backgroundKind, groupBackgrounds } from './eval/backgrounds.ts';
export { writeReport } from './eval/write-report.node.ts';
export { planSynthesis } from './data/synth-plan.ts';
export { synthesizeToFolder } from './data/synth-folder.node.ts';
export { startDemoServer, type DemoServerOptions, type DemoServer } from './web/server.node.ts';
export { mixAtSnr } from './audio/mix.ts';
export { makeBabble } from './audio/babble.ts';
export { percent } from './eval/report.ts';
export { scoreTraceSpec, type TraceClip } from './plot/score-trace.ts';
export { renderSvg, svgToPng } from './plot/render.node.ts';

// The CLI's own terminal helper, offered to user scripts (scripts/*.ts) so their long jobs report
// progress as `wakeword train` does: not detection API, and nothing in the core depends on it.
export { PhaseBars } from './cli/progress.ts';
