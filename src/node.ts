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
export { loadDetector, loadWordSet, readDetectorMetadata } from './detect/load.node.ts';
export { evaluateDetector, rescoreEvaluation, type EvaluateOptions, type EvaluationResult, type EvaluatedPass } from './eval/evaluate.node.ts';
export type { ScoreSource } from './eval/score-source.ts';
export { backgroundKind, groupBackgrounds } from './eval/backgrounds.ts';
export { writeReport } from './eval/write-report.node.ts';
export { planSynthesis } from './data/synth-plan.ts';
export { synthesizeToFolder } from './data/synth-folder.node.ts';
export { synthesize } from './audio/synthesize.node.ts';
export { collectStats } from './data/stats.node.ts';
export { AUGMENTATIONS, createAugmenter, type AugmentSettings } from './audio/augment.ts';
export { startDemoServer, type DemoServerOptions, type DemoServer } from './web/server.node.ts';
export { mixAtSnr, activePower } from './audio/mix.ts';
export { meanPower } from './audio/levels.ts';
export { concatFloat32 } from './audio/concat.ts';
export { findSpeechBounds, type SpeechBounds } from './audio/speech-bounds.ts';
export { makeBabble } from './audio/babble.ts';
export { percent, type ReportContext } from './eval/report.ts';
export { scoreTraceSpec, type TraceClip } from './plot/score-trace.ts';
export { detSpec, type DetSeries } from './plot/det.ts';
export { renderSvg, svgToPng } from './plot/render.node.ts';
// The feature store (`wakeword embed`, `wakeword worker`): hours of audio embedded once into
// float16 shards, on one machine or across many through BullMQ on Redis (docs/features.md).
export { embedFeatures, planEmbedding, runEmbeddingJob, identityOf, DEFAULT_JOB_BYTES, type EmbeddingJob, type EmbedFeaturesOptions } from './features/embed.node.ts';
export { enqueueEmbedding, waitForEmbedding, queueStatus, startEmbeddingWorker, type QueueStatus } from './features/queue.node.ts';
export { listShards, readShardHeader, writeManifest, type FeaturesManifest } from './features/store.node.ts';
export { openShard, type ShardHeader } from './features/shard.ts';
export { sampleFeatureNegatives } from './features/sample.node.ts';
export { scoreFeatureShards } from './transfer/score-features.node.ts';

// The CLI's own terminal helper, offered to user scripts (scripts/*.ts) so their long jobs report
// progress as `wakeword train` does: not detection API, and nothing in the core depends on it.
export { PhaseBars } from './cli/progress.ts';

// Building blocks for benchmarks and custom training loops (scripts/bench/): the pieces that
// trainDetector and the detector assemble themselves. Lower level than the rest, and closer to
// the implementation: prefer trainDetector, loadDetector and evaluateDetector where they do.
export { buildHeads, type HeadOptions } from './transfer/head.ts';
export { trainHead, type HeadTrainingOptions } from './transfer/train.ts';
export { mergeHeads } from './transfer/ensemble.ts';
export { headInputCount, type EmbeddingSequence } from './transfer/sequences.ts';
export { thresholdForRate } from './eval/det.ts';
export { thresholdForRateFitted } from './eval/tail.ts';
export { falseAcceptsPerHour, type NegativeTrace } from './eval/false-accepts.ts';
export { createEmbedder } from './detect/embed.ts';
export { EmbeddingConv2D } from './models/speech-embedding-layers.ts';
// openWakeWord's published ONNX models: where the speech embedding and its mel matrix come from, and its alexa head to compare with.
export { openWakeWordFile } from './models/openwakeword-files.node.ts';
export { readOnnx } from './models/onnx.node.ts';
export { melMatrixToBands } from './frontends/mel-bands.ts';
