import { setTimeout as sleep } from 'node:timers/promises';
import { captureAudio, captureCommand, CAPTURE_RATE, type CaptureOptions } from '../audio/capture.node.ts';
import { readAudio } from '../audio/read.node.ts';
import { chunkLength, chunks } from '../detect/stream.ts';
import { InputError } from '../errors.ts';

/** Live audio for a listener: mono chunks at `sampleRate`, ending when the input ends or `signal` aborts. */
export interface LiveSource {
  sampleRate: number;
  /** What is being listened to, for messages. */
  label: string;
  chunks: AsyncIterable<Float32Array>;
}

export interface RestartOptions {
  /** First wait before restarting a capture program that failed (seconds, default 1); doubles on each failure in a row. */
  firstDelay?: number;
  /** Longest wait between restarts (seconds, default 30). */
  maxDelay?: number;
  /** Told about each failure and the wait before the restart. */
  onRestart?: (problem: string, delaySeconds: number) => void;
}

/** A capture run that delivered this much audio counts as having worked: the next failure waits the first delay again. */
const HEALTHY_SECONDS = 10;

/**
 * The microphone through the capture programs of `wakeword record` (or --input-command),
 * resolved once the capture delivers its first audio. A capture that fails before any audio
 * (no microphone, an unknown device, a command that does not run) is an error at once, as is
 * a missing program, since waiting cannot fix them. Once the capture has worked, a program
 * that fails or dies is reported and started again after a growing wait; one that finishes
 * normally (an input command that plays a file) ends the stream.
 */
export async function microphone(options: CaptureOptions & { signal: AbortSignal }, restart: RestartOptions = {}): Promise<LiveSource> {
  const { label } = captureCommand(options);
  const first = captureAudio(options);
  const opening = await first.next();
  return { sampleRate: CAPTURE_RATE, label, chunks: restartingCapture(options, restart, first, opening) };
}

async function* restartingCapture(
  options: CaptureOptions & { signal: AbortSignal },
  restart: RestartOptions,
  first: AsyncGenerator<Float32Array>,
  opening: IteratorResult<Float32Array>,
): AsyncGenerator<Float32Array> {
  const { firstDelay = 1, maxDelay = 30, onRestart } = restart;
  let delay = firstDelay;
  let capture: AsyncGenerator<Float32Array> | undefined = first;
  if (opening.done) return;
  yield opening.value;
  let received = opening.value.length;
  while (!options.signal.aborted) {
    try {
      for await (const chunk of capture ?? captureAudio(options)) {
        received += chunk.length;
        if (received >= HEALTHY_SECONDS * CAPTURE_RATE) delay = firstDelay;
        yield chunk;
      }
      return;
    } catch (error) {
      if (!(error instanceof InputError) || options.signal.aborted) throw error;
      onRestart?.(error.message, delay);
      try {
        await sleep(delay * 1000, undefined, { signal: options.signal });
      } catch {
        return;
      }
      delay = Math.min(maxDelay, delay * 2);
    } finally {
      capture = undefined;
    }
    received = 0;
  }
}

/** A WAV or FLAC file played through at real-time speed in live-sized chunks (a demo without a microphone). */
export async function realTimeFile(file: string, sampleRate: number, signal: AbortSignal): Promise<LiveSource> {
  const { samples } = await readAudio(file, sampleRate);
  return { sampleRate, label: file, chunks: paced(samples, sampleRate, signal) };
}

async function* paced(samples: Float32Array, sampleRate: number, signal: AbortSignal): AsyncGenerator<Float32Array> {
  const started = performance.now();
  const length = chunkLength(sampleRate);
  let start = 0;
  for (const chunk of chunks(samples, sampleRate)) {
    if (signal.aborted) return;
    // Each chunk is due when its last sample would have been spoken.
    const due = started + ((start + length) / sampleRate) * 1000;
    start += chunk.length;
    try {
      await sleep(Math.max(0, due - performance.now()), undefined, { signal });
    } catch {
      return;
    }
    yield chunk;
  }
}
