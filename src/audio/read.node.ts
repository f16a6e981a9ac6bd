import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import type { RawAudio } from '../types.ts';
import { decodeAudio } from './decode.ts';
import { resample } from './resample-clip.ts';

/** Reads a WAV or FLAC file as mono audio, resampled to `sampleRate` when given. */
export async function readAudio(file: string, sampleRate?: number): Promise<RawAudio> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(file, code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? (error as Error).message})`);
  }
  const audio = await decodeAudio(bytes, file);
  return sampleRate === undefined ? audio : resample(audio, sampleRate);
}

/** A clip that could not be used, and why; batches collect these instead of stopping. */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** Reads many files, skipping (and reporting) the ones that cannot be decoded. */
export async function readAudioBatch(
  files: string[],
  sampleRate: number,
  onEach?: (done: number) => void,
): Promise<{ clips: { file: string; audio: RawAudio }[]; skipped: SkippedFile[] }> {
  const clips: { file: string; audio: RawAudio }[] = [];
  const skipped: SkippedFile[] = [];
  for (const [i, file] of files.entries()) {
    try {
      clips.push({ file, audio: await readAudio(file, sampleRate) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      skipped.push({ file, reason: error.reasonAbout(file) });
    }
    onEach?.(i + 1);
  }
  return { clips, skipped };
}
