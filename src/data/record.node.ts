import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { captureAudio, captureCommand, CaptureStartError, CAPTURE_RATE, type CaptureOptions } from '../audio/capture.node.ts';
import { DEFAULT_ENDPOINT_OPTIONS, Endpointer, NoiseFloor, type EndpointOptions } from '../audio/endpointer.ts';
import { checkClip, frameLevels } from '../audio/levels.ts';
import { findSpeechBounds } from '../audio/speech-bounds.ts';
import { encodeWav16 } from '../audio/wav.ts';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../platform/files.node.ts';
import type { RawAudio } from '../types.ts';

export interface RecordOptions extends CaptureOptions {
  /** Clips to save. */
  count: number;
  /** Folder for the WAVs. */
  outDir: string;
  /** Start of every file name (e.g. the word). */
  prefix: string;
  /** What to ask the speaker to say for clip `index` (0-based). */
  prompt: (index: number) => string;
  /** Seconds of countdown before each take (default 3). */
  countdownSeconds?: number;
  /** Silence kept before and after the speech when trimming (seconds, default 0.25). */
  marginSeconds?: number;
  /** Longest speech a saved clip may hold (seconds, default 3). */
  maxSpeechSeconds?: number;
  /** Shortest speech a saved clip may hold (seconds, default 0.15). */
  minSpeechSeconds?: number;
  /** Stop after this many silent takes in a row (default 3): the microphone is probably off. */
  maxSilentTakes?: number;
  endpoint?: Partial<EndpointOptions>;
  /** Where the session reports what it does; the CLI prints, tests collect. */
  events?: RecordEvents;
}

export interface RecordEvents {
  prompt?(index: number, count: number, text: string): void;
  countdown?(secondsLeft: number): void;
  /** Every 20 ms frame while listening: its level (dBFS) and the speech threshold. */
  level?(db: number, thresholdDb: number): void;
  saved?(file: string, seconds: number): void;
  rejected?(reason: string): void;
}

export interface RecordResult {
  saved: string[];
  rejected: string[];
  /** Why the session ended. */
  ended: 'done' | 'interrupted' | 'input-ended' | 'too-many-silent' | 'capture-failed';
  /** The capture program's failure, when it failed. */
  error?: string;
}

/**
 * Records `count` clips from a capture program: for each a prompt and countdown, then listening
 * until speech ends (see Endpointer), trimming silence to a margin, rejecting silent, clipped,
 * too short or too long takes with the reason, and saving the rest as 16 kHz WAV atomically
 * under a unique name. One capture process serves the whole session; the first prompt waits
 * for its first audio, so a capture that cannot start (no microphone) throws its
 * CaptureStartError before any prompt or countdown. Aborting `signal` (Ctrl-C) or the program
 * ending keeps every clip saved so far and discards the take in progress.
 */
export async function recordClips(options: RecordOptions): Promise<RecordResult> {
  const { count, outDir, prefix, prompt, countdownSeconds = 3, marginSeconds = 0.25, maxSpeechSeconds = 3, minSpeechSeconds = 0.15, maxSilentTakes = 3, events = {} } = options;
  captureCommand(options); // a missing capture program fails here, before any prompt
  const result: RecordResult = { saved: [], rejected: [], ended: 'done' };
  const stream = captureAudio(options)[Symbol.asyncIterator]();
  const floor = new NoiseFloor();
  let pending: Float32Array | undefined;
  const next = async (): Promise<Float32Array | undefined> => {
    if (pending) {
      const chunk = pending;
      pending = undefined;
      return chunk;
    }
    const { value, done } = await stream.next();
    return done ? undefined : value;
  };
  let silentInRow = 0;
  try {
    pending = await next(); // the capture has started (or failed) before the first prompt
    while (result.saved.length < count) {
      const index = result.saved.length;
      events.prompt?.(index, count, prompt(index));
      const early = await countdown(next, (rest) => (pending = rest), floor, countdownSeconds, events);
      // What came during the countdown is part of the take (a piped input does not wait for
      // "speak now"; a speaker may start early): the wait for speech starts after it.
      const waitSeconds = options.endpoint?.waitSeconds ?? DEFAULT_ENDPOINT_OPTIONS.waitSeconds;
      const endpointer = new Endpointer(CAPTURE_RATE, floor, {
        maxSpeechSeconds: maxSpeechSeconds + 1,
        ...options.endpoint,
        waitSeconds: waitSeconds + early.length / CAPTURE_RATE,
      });
      endpointer.push(early);
      let inputEnded = false;
      while (!endpointer.isFinished()) {
        const chunk = await next();
        if (!chunk) {
          inputEnded = true;
          break;
        }
        endpointer.push(chunk);
        events.level?.(endpointer.level, endpointer.thresholdDb);
      }
      if (options.signal?.aborted) break;
      const verdict = judgeTake(endpointer, { marginSeconds, maxSpeechSeconds, minSpeechSeconds, inputEnded, waitSeconds });
      if (typeof verdict === 'string') {
        if (!(inputEnded && endpointer.state === 'waiting')) {
          result.rejected.push(verdict);
          events.rejected?.(verdict);
        }
        silentInRow = verdict.startsWith('silent') ? silentInRow + 1 : 0;
        if (silentInRow >= maxSilentTakes) {
          result.ended = 'too-many-silent';
          break;
        }
      } else {
        silentInRow = 0;
        const file = path.join(outDir, `${prefix}-${timestamp()}-${randomBytes(3).toString('hex')}.wav`);
        await writeFileAtomic(file, encodeWav16(verdict));
        result.saved.push(file);
        events.saved?.(file, verdict.samples.length / verdict.sampleRate);
      }
      if (inputEnded) break;
    }
  } catch (error) {
    if (!(error instanceof InputError) || error instanceof CaptureStartError) throw error;
    result.ended = 'capture-failed';
    result.error = error.message;
  } finally {
    await stream.return?.(undefined);
  }
  if (result.ended === 'done' && result.saved.length < count) result.ended = options.signal?.aborted ? 'interrupted' : 'input-ended';
  return result;
}

/**
 * Plays the countdown by consuming that much audio (so it keeps time with the stream) and
 * feeds its levels to the noise floor. Returns all of that audio, for the take (shorter when
 * the input ended).
 */
async function countdown(
  next: () => Promise<Float32Array | undefined>,
  putBack: (rest: Float32Array) => void,
  floor: NoiseFloor,
  seconds: number,
  events: RecordEvents,
): Promise<Float32Array> {
  const total = Math.round(seconds * CAPTURE_RATE);
  const heard = new Float32Array(total);
  let consumed = 0;
  let announced = -1;
  while (consumed < total) {
    const left = Math.ceil((total - consumed) / CAPTURE_RATE);
    if (left !== announced) events.countdown?.((announced = left));
    const chunk = await next();
    if (!chunk) break;
    const used = Math.min(chunk.length, total - consumed);
    if (used < chunk.length) putBack(chunk.subarray(used));
    const part = chunk.subarray(0, used);
    for (const level of frameLevels({ samples: part, sampleRate: CAPTURE_RATE })) floor.add(level);
    heard.set(part, consumed);
    consumed += used;
  }
  events.countdown?.(0);
  return heard.subarray(0, consumed);
}

/** The trimmed clip, or why the take is rejected. */
function judgeTake(
  endpointer: Endpointer,
  limits: { marginSeconds: number; maxSpeechSeconds: number; minSpeechSeconds: number; inputEnded: boolean; waitSeconds: number },
): RawAudio | string {
  const { waitSeconds } = limits;
  if (endpointer.state === 'no-speech' || endpointer.state === 'waiting') {
    return `silent: nothing rose above ${endpointer.thresholdDb.toFixed(0)} dBFS in ${limits.inputEnded ? 'the rest of the input' : `${waitSeconds} s`} (is the right microphone selected? try --device)`;
  }
  if (endpointer.state === 'too-long') return `too long: still speaking after ${limits.maxSpeechSeconds} s (say just the phrase, or raise --max-seconds)`;
  const audio = endpointer.audio();
  const bounds = findSpeechBounds(audio);
  if (!bounds) return 'silent: the take holds only digital silence';
  const speech = bounds.end - bounds.start;
  if (speech < limits.minSpeechSeconds) return `too short: ${speech.toFixed(2)} s of sound (a click or a breath?)`;
  if (speech > limits.maxSpeechSeconds) return `too long: ${speech.toFixed(1)} s of speech, more than ${limits.maxSpeechSeconds} s (raise --max-seconds if that is right)`;
  const rate = audio.sampleRate;
  const from = Math.max(0, Math.floor((bounds.start - limits.marginSeconds) * rate));
  const to = Math.min(audio.samples.length, Math.ceil((bounds.end + limits.marginSeconds) * rate));
  const clip = { samples: audio.samples.slice(from, to), sampleRate: rate };
  const clipped = checkClip(clip).problems.find((p) => p.problem === 'clipped');
  if (clipped) return `clipped: ${clipped.reason}; move back from the microphone or lower its gain`;
  return clip;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}
