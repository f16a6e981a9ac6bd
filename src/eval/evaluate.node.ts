import { createAugmenter } from '../audio/augment.ts';
import type { SkippedFile } from '../audio/read.node.ts';
import { chunks } from '../detect/stream.ts';
import type { DecisionSettings, DetectorStep } from '../detect/types.ts';
import { InputError } from '../errors.ts';
import { StreamCapture } from './false-accept-audio.ts';
import { createDecider, detections } from '../detect/decide.ts';
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

/** One pass of an evaluation as the detector heard it: what played where, and every step it scored. */
export interface EvaluatedPass {
  /** 'clean', 'over music', 'music alone', 'silence and room tone'... */
  label: string;
  /** The clips of the word (positives passes), or negatives only. */
  role: 'positives' | 'negatives';
  /** The background of a positives pass ('clean' or a noise kind). */
  background: string;
  seconds: number;
  /** Where each file (or quiet stretch) played, in seconds from the pass's start. */
  segments: ClipWindow[];
  steps: DetectorStep[];
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
  /** Every pass, for rescoreEvaluation. */
  passes: EvaluatedPass[];
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

  const passes: EvaluatedPass[] = [];
  for (const { kind, noise } of conditions) {
    const label = `gaps ${over(kind)}`;
    const pass = await runner.run(positivesStream(options.positives, { sampleRate, noise, gapSeconds, reverb: reverberate, onSkip }), firings(label), toleranceSeconds);
    if (pass.segments.length === 0) throw new InputError('positives', `none of the ${options.positives.length} files could be read`);
    passes.push({ label, role: 'positives', background: kind, seconds: pass.seconds, segments: pass.segments, steps: pass.steps });
  }
  for (const { kind, noise } of conditions) {
    const pass = await runner.run(negativesStream(options.negatives, { sampleRate, noise, onSkip }), firings(over(kind)));
    if (pass.seconds === 0) throw new InputError('negatives', `none of the ${options.negatives.length} files held readable audio`);
    passes.push({ label: over(kind), role: 'negatives', background: kind, seconds: pass.seconds, segments: pass.segments, steps: pass.steps });
  }
  const alone: { label: string; pieces: AsyncIterable<StreamPiece> }[] = [
    ...backgrounds.map((b) => ({ label: `${b.kind} alone`, pieces: negativesStream(b.files, { sampleRate, onSkip }) })),
    { label: 'silence and room tone', pieces: quietStream(sampleRate, quietSeconds) },
  ];
  for (const { label, pieces } of alone) {
    const pass = await runner.run(pieces, firings(label));
    if (pass.seconds > 0) passes.push({ label, role: 'negatives', background: label, seconds: pass.seconds, segments: pass.segments, steps: pass.steps });
  }
  return {
    ...summarize(passes, settings, toleranceSeconds),
    snrDb: backgrounds.length > 0 ? snrDb : null,
    reverb: reverb === true,
    gapSeconds,
    skipped,
    realTimeFactor: progress.scoringSeconds / progress.audioSeconds,
  };
}

/**
 * The same evaluation with other scores for the same audio (`traces[k]`: the steps of pass k,
 * e.g. another head replayed over recorded embeddings) and optionally other settings: every
 * figure is recomputed, no audio is read again. False accepts are listed without their audio.
 */
export function rescoreEvaluation(result: EvaluationResult, traces: DetectorStep[][], settings: DecisionSettings = result.settings): EvaluationResult {
  if (traces.length !== result.passes.length) throw new Error(`rescoreEvaluation: ${traces.length} traces for ${result.passes.length} passes`);
  const passes = result.passes.map((pass, k) => ({ ...pass, steps: traces[k]! }));
  return { ...result, ...summarize(passes, settings, result.toleranceSeconds) };
}

/** Every figure of an evaluation from its passes. */
function summarize(passes: EvaluatedPass[], settings: DecisionSettings, toleranceSeconds: number) {
  const clips: ClipPeak[] = [];
  const negatives: NegativeTrace[] = [];
  const falseAccepts: FalseAccept[] = [];
  for (const pass of passes) {
    const trace = pass.role === 'positives' ? gapTrace(pass, toleranceSeconds) : { label: pass.label, steps: pass.steps, seconds: pass.seconds };
    if (pass.role === 'positives') clips.push(...clipPeaks(pass.steps, pass.segments, toleranceSeconds).map((c) => ({ ...c, background: pass.background })));
    negatives.push(trace);
    falseAccepts.push(...firingsIn(pass, trace.steps, settings));
  }
  const shown = passes.find((p) => p.role === 'positives' && p.background !== 'clean') ?? passes.find((p) => p.role === 'positives')!;
  return {
    settings,
    toleranceSeconds,
    clips,
    negativeSeconds: passes.find((p) => p.role === 'negatives' && p.background === 'clean')?.seconds ?? 0,
    negatives,
    positiveTrace: shown.steps,
    positiveTraceBackground: shown.background,
    falseAccepts: falseAccepts.sort((a, b) => b.score - a.score),
    metrics: computeMetrics(clips, negatives, settings),
    passes,
  };
}

/** The false accepts of a pass: its negative steps' firings, each with where it came from and its peak score. */
function firingsIn(pass: EvaluatedPass, steps: DetectorStep[], settings: DecisionSettings): FalseAccept[] {
  // Firings and steps are both in time order: one walk over the steps finds every peak.
  let i = 0;
  return detections(steps, settings).map((d) => {
    while (steps[i]!.t < d.t) i++;
    let peak = d.score;
    for (let j = i; j < steps.length && steps[j]!.t - d.t < settings.refractorySeconds; j++) peak = Math.max(peak, steps[j]!.score);
    return { pass: pass.label, ...locate(pass.segments, d.t), t: d.t, score: peak };
  });
}

/** Silence and room tone, each kind a piece of its own (named, so false accepts say which). */
async function* quietStream(sampleRate: number, seconds: number): AsyncGenerator<StreamPiece> {
  for (const { label, samples } of roomTone(sampleRate, seconds)) yield { samples, file: label };
}

/**
 * The positives stream without the clips' windows (from a clip's start to `tolerance` after its
 * end): the background between the words, where every firing is a false accept.
 */
function gapTrace(pass: EvaluatedPass, toleranceSeconds: number): NegativeTrace {
  const windows = pass.segments.map((s) => ({ start: s.start, end: s.end + toleranceSeconds }));
  const inWindow = (t: number) => windows.some((w) => t > w.start && t <= w.end);
  const windowSeconds = windows.reduce((sum, w) => sum + (w.end - w.start), 0);
  return { label: pass.label, steps: pass.steps.filter((s) => !inWindow(s.t)), seconds: Math.max(0, pass.seconds - windowSeconds) };
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
}

/** Streams pieces through the detector in live-sized chunks and keeps what evaluation needs. */
class PassRunner {
  constructor(
    private readonly source: ScoreSource,
    private readonly progress: EvaluationProgress,
    private readonly onProgress?: (progress: EvaluationProgress) => void,
  ) {}

  /**
   * Scores the pieces; with `firings.onFalseAccept`, hands it the audio around each false accept
   * as it streams by. With `clipTolerance`, the pieces that name a file are clips of the word: a
   * firing from a clip's start to `clipTolerance` after its end detects it and is no false accept.
   */
  async run(
    pieces: AsyncIterable<StreamPiece>,
    firings?: { label: string; settings: DecisionSettings; onFalseAccept?: EvaluateOptions['onFalseAccept'] },
    clipTolerance?: number,
  ): Promise<PassResult> {
    const { source, progress } = this;
    const rate = source.sampleRate;
    const steps: DetectorStep[] = [];
    const segments: ClipWindow[] = [];
    const capture = firings?.onFalseAccept && new StreamCapture<FalseAccept>(rate, CAPTURE_BEFORE_SECONDS, CAPTURE_AFTER_SECONDS);
    const decider = capture && createDecider(firings!.settings);
    const save = async (done: { key: FalseAccept; samples: Float32Array }[]) => {
      for (const { key, samples } of done) await firings!.onFalseAccept!(key, { samples, sampleRate: rate });
    };
    let open: FalseAccept | undefined;
    let offset = 0;
    source.reset();
    for await (const piece of pieces) {
      const start = offset / rate;
      if (piece.file !== undefined) segments.push({ file: piece.file, start, end: start + piece.samples.length / rate });
      for (const samples of chunks(piece.samples, rate)) {
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
          capture!.request(step.t, open);
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
    return { steps, seconds: offset / rate, segments };
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
