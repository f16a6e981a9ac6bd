import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { decodeAudio } from '../audio/decode.ts';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../platform/files.node.ts';

/** What the page may save; every field documents its default. */
export interface ClipLimits {
  /** Largest upload in bytes (default 8 MB: 30 s of 48 kHz stereo 16-bit is 5.8 MB). */
  maxBytes: number;
  /** Longest clip in seconds (default 30). */
  maxSeconds: number;
  /** Shortest clip in seconds (default 0.1). */
  minSeconds: number;
}

export const DEFAULT_CLIP_LIMITS: ClipLimits = { maxBytes: 8 * 1024 * 1024, maxSeconds: 30, minSeconds: 0.1 };

/** Folder names the page may write to: one plain name, so no path can be smuggled in. */
const WORD_NAME = /^[a-z0-9_-]{1,64}$/;

/** Why a clip was refused, with the HTTP status that says so. */
export class ClipRejected extends InputError {
  constructor(
    readonly status: number,
    subject: string,
    problem: string,
  ) {
    super(subject, problem);
  }
}

export function checkWordName(word: string): void {
  if (!WORD_NAME.test(word)) throw new ClipRejected(400, `word '${word}'`, 'use 1-64 characters of a-z, 0-9, - and _');
}

/**
 * Saves a WAV recording from the page as `<audioRoot>/<word>/web-<time>-<random>.wav` (written
 * atomically) after checking the name, that the bytes are WAV audio that decodes, and its
 * length. Returns the path written and the clip's length.
 */
export async function saveClip(audioRoot: string, word: string, bytes: Uint8Array, limits: ClipLimits = DEFAULT_CLIP_LIMITS): Promise<{ file: string; seconds: number }> {
  checkWordName(word);
  if (bytes.length > limits.maxBytes) throw new ClipRejected(413, 'clip', `${bytes.length} bytes, more than the limit of ${limits.maxBytes}`);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'RIFF') throw new ClipRejected(415, 'clip', 'not a WAV file');
  let seconds: number;
  try {
    const audio = await decodeAudio(bytes, 'clip');
    seconds = audio.samples.length / audio.sampleRate;
  } catch (error) {
    if (error instanceof InputError) throw new ClipRejected(415, 'clip', error.reasonAbout('clip'));
    throw error;
  }
  if (seconds < limits.minSeconds || seconds > limits.maxSeconds) {
    throw new ClipRejected(400, 'clip', `${seconds.toFixed(2)} s long, expected ${limits.minSeconds} to ${limits.maxSeconds} s`);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(audioRoot, word, `web-${stamp}-${randomBytes(3).toString('hex')}.wav`);
  await writeFileAtomic(file, bytes);
  return { file, seconds };
}
