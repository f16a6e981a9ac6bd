import { createAugmenter } from '../audio/augment.ts';
import type { SkippedFile } from '../audio/read.node.ts';
import { CHUNK_SECONDS } from '../detect/stream.ts';
import type { DecisionSettings, DetectorStep } from '../detect/types.ts';
import { InputError } from '../errors.ts';
import { StreamCapture } from './capture.ts';
import { createDecider } from '../detect/decide.ts';
import type { NegativeTrace } from './false-accepts.ts';
import { computeMetrics, type EvaluationMetrics } from './metrics.ts';
import { clipPeaks, DEFAULT_TOLERANCE_SECONDS, type ClipPeak, type ClipWindow } from './positives.ts';
import type { ScoreSource } from './score-source.ts';
import { negativesStream, positivesStream, type StreamPiece } from './streams.node.ts';
import { roomTone } from '../audio/room-tone.ts';
import type { BackgroundNoise } from '../types.ts';

export interface EvaluateOptions {
  positives: string[];
  negatives: string[];
  /**
   * Background noise by kind (music, babble, noise...). Positives are heard clean and once over
   * each kind; negatives clean and once over each kind; each kind's files are also a negative
   * pass alone (a radio with nobody speaking).
   */
  noise?: BackgroundNoise[];
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
  /** Seconds of each kind of silence and room tone in the quiet negative pass. Default 20. */
  quietSeconds?: number;
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
  /** The pass: 'clean', 'over music', 'music alone', 'quiet', 'gaps over music'... */
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
  /** Every clip in every background it was heard in. */
  clips: ClipPeak[];
  /** Seconds of negative audio (one pass). */
  negativeSeconds: number;
  /** The score trace of each negative pass, the gaps between positives included. */
  negatives: NegativeTrace[];
  /** The positives stream of the first noisy background (clean without noise), and its background. */
  positiveTrace: DetectorStep[];
  positiveTraceBackground: string;
  falseAccepts: FalseAccept[];
  skipped: SkippedFile[];
  metrics: EvaluationMetrics;
  /** Seconds spent inside the detector per second of audio. */
  realTimeFactor: number;
}

const CAPTURE_BEFORE_SECONDS = 1.6;
const CAPTURE_AFTER_SECONDS = 0.4;

/**
 * Evaluates a detector the way the field does, and counts every second that is not the word:
 * positives in one long stream per background, a clip detected when the detector fires while it
 * plays or shortly after, the stream's gaps negatives; negative recordings clean and over each
 * background; the backgrounds alone; silence and room tone. Every firing outside a clip is a
 * false accept.
 */
export async function evaluateDetector(source: ScoreSource, options: EvaluateOptions): Promise<EvaluationResult> {
  const { settings, reverb } = options;
  const backgrounds = options.noise ?? [];
  const snrDb = options.snrDb ?? 10;
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const gapSeconds = Math.max(options.gapSeconds ?? 3, toleranceSeconds + settings.refractorySeconds);
  const sampleRate = source.sampleRate;
  const skipped: SkippedFile[] = [];
  const reported = new Set<string>();
  const onSkip = (s: SkippedFile) => {
    if (reported.has(s.file)) return;
    reported.add(s.file);
    skipped.push(s);
  };
  const reverberate = options.reverb ? await createReverb() : undefined;
  const conditions = [{ kind: 'clean', noise: undefined }, ...backgrounds.map((b) => ({ kind: b.kind, noise: { files: b.files, snrDb, seed: `evaluate:${b.kind}` } }))];
  const quietSeconds = options.quietSeconds ?? 20;
  const totalFiles = conditions.length * (options.positives.length + options.negatives.length) + backgrounds.reduce((n, b) => n + b.files.length, 0) + roomTone(sampleRate, 0).length;
  const progress: EvaluationProgress = { files: 0, totalFiles, audioSeconds: 0, scoringSeconds: 0 };
  const runner = new PassRunner(source, progress, options.onProgress);
  const firings = (label: string) => ({ label, settings, onFalseAccept: options.onFalseAccept });
  const over = (kind: string) => (kind === 'clean' ? 'clean' : `over ${kind}`);

  const clips: ClipPeak[] = [];
  const negatives: NegativeTrace[] = [];
  const falseAccepts: FalseAccept[] = [];
  let positiveTrace: { steps: DetectorStep[]; background: string } | undefined;
  for (const { kind, noise } of conditions) {
    const label = `gaps ${over(kind)}`;
    const pass = await runner.run(positivesStream(options.positives, { sampleRate, noise, gapSeconds, reverb: reverberate, onSkip }), firings(label), toleranceSeconds);
    const peaks = clipPeaks(pass.steps, pass.segments, toleranceSeconds);
    if (peaks.length === 0) throw new InputError('positives', `none of the ${options.positives.length} files could be read`);
    clips.push(...peaks.map((c) => ({ ...c, background: kind })));
    negatives.push(gapTrace(label, pass, toleranceSeconds));
    falseAccepts.push(...pass.falseAccepts);
    if (!positiveTrace || positiveTrace.background === 'clean') positiveTrace = { steps: pass.steps, background: kind };
  }
  let negativeSeconds = 0;
  for (const { kind, noise } of conditions) {
    const label = over(kind);
    const pass = await runner.run(negativesStream(options.negatives, { sampleRate, noise, onSkip }), firings(label));
    if (pass.seconds === 0) throw new InputError('negatives', `none of the ${options.negatives.length} files held readable audio`);
    if (kind === 'clean') negativeSeconds = pass.seconds;
    negatives.push({ label, steps: pass.steps, seconds: pass.seconds });
    falseAccepts.push(...pass.falseAccepts);
  }
  const alone: { label: string; pieces: AsyncIterable<StreamPiece> }[] = [
    ...backgrounds.map((b) => ({ label: `${b.kind} alone`, pieces: negativesStream(b.files, { sampleRate, onSkip }) })),
    { label: 'silence and room tone', pieces: quietStream(sampleRate, quietSeconds) },
  ];
  for (const { label, pieces } of alone) {
    const pass = await runner.run(pieces, firings(label));
    if (pass.seconds === 0) continue;
    negatives.push({ label, steps: pass.steps, seconds: pass.seconds });
    falseAccepts.push(...pass.falseAccepts);
  }
  return {
    settings,
    snrDb: backgrounds.length > 0 ? snrDb : null,
    reverb: reverb === true,
    toleranceSeconds,
    gapSeconds,
    clips,
    negativeSeconds,
    negatives,
    positiveTrace: positiveTrace!.steps,
    positiveTraceBackground: positiveTrace!.background,
    falseAccepts: falseAccepts.sort((a, b) => b.score - a.score),
    skipped,
    metrics: computeMetrics(clips, negatives, settings),
    realTimeFactor: progress.scoringSeconds / progress.audioSeconds,
  };
}

/** Silence and room tone, each kind a piece of its own (named, so false accepts say which). */
async function* quietStream(sampleRate: number, seconds: number): AsyncGenerator<StreamPiece> {
  for (const { label, samples } of roomTone(sampleRate, seconds)) yield { samples, file: label };
}

/**
 * The positives stream without the clips' windows (from a clip's start to `tolerance` after its
 * end): the background between the words, where every firing is a false accept.
 */
function gapTrace(label: string, pass: PassResult, toleranceSeconds: number): NegativeTrace {
  const windows = pass.segments.map((s) => ({ start: s.start, end: s.end + toleranceSeconds }));
  const inWindow = (t: number) => windows.some((w) => t > w.start && t <= w.end);
  const windowSeconds = windows.reduce((sum, w) => sum + (w.end - w.start), 0);
  return { label, steps: pass.steps.filter((s) => !inWindow(s.t)), seconds: Math.max(0, pass.seconds - windowSeconds) };
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

  /**
   * With `clipTolerance`, the pieces that name a file are clips of the word: a firing from a
   * clip's start to `clipTolerance` after its end detects it and is no false accept.
   */
  async run(
    pieces: AsyncIterable<StreamPiece>,
    firings?: { label: string; settings: DecisionSettings; onFalseAccept?: EvaluateOptions['onFalseAccept'] },
    clipTolerance?: number,
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
          if (clipTolerance !== undefined && segments.some((w) => step.t > w.start && step.t <= w.end + clipTolerance)) continue;
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
