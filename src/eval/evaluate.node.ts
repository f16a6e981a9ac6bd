import { createAugmenter } from '../audio/augment.ts';
import type { SkippedFile } from '../audio/read.node.ts';
import { CHUNK_SECONDS } from '../detect/stream.ts';
import type { DecisionSettings, DetectorStep } from '../detect/types.ts';
import { InputError } from '../errors.ts';
import { StreamCapture } from './capture.ts';
import { createDecider } from './decide.ts';
import type { NegativeTrace } from './false-accepts.ts';
import { computeMetrics, type EvaluationMetrics } from './metrics.ts';
import { clipPeaks, DEFAULT_TOLERANCE_SECONDS, type ClipPeak, type ClipWindow } from './positives.ts';
import type { ScoreSource } from './score-source.ts';
import { negativesStream, positivesStream, type StreamPiece } from './streams.node.ts';

export interface EvaluateOptions {
  positives: string[];
  negatives: string[];
  /** Background noise files: positives are placed in it, and negatives get a second pass mixed with it. */
  noise?: string[];
  /** Signal-to-noise ratio of clips (and noisy negatives) over the noise, dB. Default 10. */
  snrDb?: number;
  /** Reverberate each positive clip (a generated room per clip) before the noise. Default false. */
  reverb?: boolean;
  /** The detector's threshold and refractory period. */
  settings: DecisionSettings;
  /** Seconds after a clip in which a firing still counts. Default 1. */
  toleranceSeconds?: number;
  /** Seconds of background between positive clips; at least tolerance + refractory. Default 3. */
  gapSeconds?: number;
  onProgress?: (progress: EvaluationProgress) => void;
  /** Each false accept at the model's threshold, with ~2 s of the audio the detector heard around it. */
  onFalseAccept?: (falseAccept: FalseAccept, audio: { samples: Float32Array; sampleRate: number }) => void | Promise<void>;
}

export interface EvaluationProgress {
  files: number;
  totalFiles: number;
  audioSeconds: number;
  scoringSeconds: number;
}

/** A firing on negative audio: where to listen to it. */
export interface FalseAccept {
  /** 'clean', or 'noisy' for the pass mixed with the noise. */
  pass: string;
  file: string;
  /** Seconds into `file` of the step that fired (the word ends shortly before). */
  fileTime: number;
  /** The file before, when the firing came less than a second into `file`: the detector may have heard its end. */
  previousFile?: string;
  /** Seconds into the pass's stream. */
  t: number;
  /** The highest score within the refractory period that starts at the firing. */
  score: number;
}

export interface EvaluationResult {
  settings: DecisionSettings;
  snrDb: number | null;
  reverb: boolean;
  toleranceSeconds: number;
  gapSeconds: number;
  clips: ClipPeak[];
  /** Seconds of negative audio (one pass). */
  negativeSeconds: number;
  /** The score trace of each negative pass. */
  negatives: NegativeTrace[];
  positiveTrace: DetectorStep[];
  falseAccepts: FalseAccept[];
  skipped: SkippedFile[];
  metrics: EvaluationMetrics;
  /** Seconds spent inside the detector per second of audio. */
  realTimeFactor: number;
}

const CAPTURE_BEFORE_SECONDS = 1.6;
const CAPTURE_AFTER_SECONDS = 0.4;

/**
 * Evaluates a detector the way the field does: positives in noise, one long stream, a clip
 * detected when the detector fires while it plays or shortly after; negatives in one long pass
 * (clean, and again in noise when noise is given), every firing a false accept.
 */
export async function evaluateDetector(source: ScoreSource, options: EvaluateOptions): Promise<EvaluationResult> {
  const { settings, noise, reverb } = options;
  const snrDb = options.snrDb ?? 10;
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const gapSeconds = Math.max(options.gapSeconds ?? 3, toleranceSeconds + settings.refractorySeconds);
  const sampleRate = source.sampleRate;
  const skipped: SkippedFile[] = [];
  const onSkip = (s: SkippedFile) => skipped.push(s);
  const streamNoise = noise && { files: noise, snrDb };
  const reverberate = options.reverb ? await createReverb() : undefined;
  const passes = noise ? 2 : 1;
  const progress: EvaluationProgress = { files: 0, totalFiles: options.positives.length + passes * options.negatives.length, audioSeconds: 0, scoringSeconds: 0 };

  const runner = new PassRunner(source, progress, options.onProgress);
  const positives = await runner.run(positivesStream(options.positives, { sampleRate, noise: streamNoise, gapSeconds, reverb: reverberate, onSkip }));
  const clips = clipPeaks(positives.steps, positives.segments, toleranceSeconds);
  if (clips.length === 0) throw new InputError('positives', `none of the ${options.positives.length} files could be read`);

  const negatives: NegativeTrace[] = [];
  const falseAccepts: FalseAccept[] = [];
  const conditions = [{ label: 'clean', noise: undefined }, ...(streamNoise ? [{ label: 'noisy', noise: streamNoise }] : [])];
  for (const condition of conditions) {
    const pass = await runner.run(negativesStream(options.negatives, { sampleRate, noise: condition.noise, onSkip: condition.noise ? undefined : onSkip }), {
      label: condition.label,
      settings,
      onFalseAccept: options.onFalseAccept,
    });
    if (pass.seconds === 0) throw new InputError('negatives', `none of the ${options.negatives.length} files held readable audio`);
    negatives.push({ label: condition.label, steps: pass.steps, seconds: pass.seconds });
    falseAccepts.push(...pass.falseAccepts);
  }
  return {
    settings,
    snrDb: noise ? snrDb : null,
    reverb: reverb === true,
    toleranceSeconds,
    gapSeconds,
    clips,
    negativeSeconds: negatives[0]!.seconds,
    negatives,
    positiveTrace: positives.steps,
    falseAccepts: falseAccepts.sort((a, b) => b.score - a.score),
    skipped,
    metrics: computeMetrics(clips, negatives, settings),
    realTimeFactor: progress.scoringSeconds / progress.audioSeconds,
  };
}

/** Reverberation alone, from the augmentation module's generated rooms (seeded, one room per clip). */
async function createReverb(): Promise<(samples: Float32Array, sampleRate: number) => Float32Array> {
  const off = { probability: 0 };
  const augment = await createAugmenter(
    { speed: off, shift: off, reverb: { probability: 1 }, noise: off, bandLimit: off, gain: off, clip: off },
    [],
    'evaluate-reverb',
  );
  return (samples, sampleRate) => augment({ samples, sampleRate }).samples;
}

interface PassResult {
  steps: DetectorStep[];
  seconds: number;
  segments: ClipWindow[];
  falseAccepts: FalseAccept[];
}

/** Streams pieces through the detector in live-sized chunks and keeps what evaluation needs. */
class PassRunner {
  constructor(
    private readonly source: ScoreSource,
    private readonly progress: EvaluationProgress,
    private readonly onProgress?: (progress: EvaluationProgress) => void,
  ) {}

  async run(
    pieces: AsyncIterable<StreamPiece>,
    firings?: { label: string; settings: DecisionSettings; onFalseAccept?: EvaluateOptions['onFalseAccept'] },
  ): Promise<PassResult> {
    const { source, progress } = this;
    const rate = source.sampleRate;
    const chunk = Math.round(CHUNK_SECONDS * rate);
    const steps: DetectorStep[] = [];
    const segments: ClipWindow[] = [];
    const falseAccepts: FalseAccept[] = [];
    const decider = firings && createDecider(firings.settings);
    const capture = firings?.onFalseAccept && new StreamCapture<FalseAccept>(rate, CAPTURE_BEFORE_SECONDS, CAPTURE_AFTER_SECONDS);
    const save = async (done: { key: FalseAccept; samples: Float32Array }[]) => {
      for (const { key, samples } of done) await firings!.onFalseAccept!(key, { samples, sampleRate: rate });
    };
    let open: FalseAccept | undefined;
    let offset = 0;
    source.reset();
    for await (const piece of pieces) {
      const start = offset / rate;
      if (piece.file !== undefined) segments.push({ file: piece.file, start, end: start + piece.samples.length / rate });
      for (let i = 0; i < piece.samples.length; i += chunk) {
        const samples = piece.samples.subarray(i, i + chunk);
        const began = performance.now();
        const newSteps = await source.push(samples);
        progress.scoringSeconds += (performance.now() - began) / 1000;
        offset += samples.length;
        const captured = capture?.add(samples) ?? [];
        for (const step of newSteps) {
          steps.push(step);
          if (open && step.t - open.t < firings!.settings.refractorySeconds) open.score = Math.max(open.score, step.score);
          if (!decider?.step(step)) continue;
          open = { pass: firings!.label, ...locate(segments, step.t), t: step.t, score: step.score };
          falseAccepts.push(open);
          capture?.request(step.t, open);
        }
        await save(captured);
      }
      progress.audioSeconds += piece.samples.length / rate;
      if (piece.file !== undefined) {
        progress.files++;
        this.onProgress?.(progress);
      }
    }
    if (capture) await save(capture.finish());
    return { steps, seconds: offset / rate, segments, falseAccepts };
  }
}

/** Seconds into a file within which a firing may come from the file before (the detector hears the last second or two). */
const EARLY_SECONDS = 1;

/** The file playing at stream time t, how far into it, and the file before when t is early in it. */
function locate(segments: ClipWindow[], t: number): { file: string; fileTime: number; previousFile?: string } {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (segments[mid]!.start < t) lo = mid;
    else hi = mid - 1;
  }
  const segment = segments[lo];
  if (!segment) return { file: '', fileTime: t };
  const fileTime = t - segment.start;
  return fileTime < EARLY_SECONDS && lo > 0 ? { file: segment.file, fileTime, previousFile: segments[lo - 1]!.file } : { file: segment.file, fileTime };
}
