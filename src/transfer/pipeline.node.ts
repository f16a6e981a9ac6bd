import { readFile, stat } from 'node:fs/promises';
import seedrandom from 'seedrandom';
import { decodeAudio } from '../audio/decode.ts';
import { resample } from '../audio/resample.ts';
import { InputError } from '../errors.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import type { SkippedFile } from '../audio/read.node.ts';
import { listAudioFiles } from '../platform/files.node.ts';
import type { RawAudio } from '../types.ts';
import { EmbeddingCache } from './cache.node.ts';
import { clipToSequence, type EmbeddingSequence } from './sequences.ts';

/** Produces the augmentation for one variant of a clip (deterministic in `seed`). */
export type AugmenterFactory = (seed: string) => (audio: RawAudio) => RawAudio;

export type Role = 'positive' | 'negative';

/** One clip file with its role and whether it is held for validation. */
export interface ClipFile {
  file: string;
  role: Role;
  validation: boolean;
}

/** Expands files and folders (recursively: WAV and FLAC) into a sorted file list. */
export async function expandAudioPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(p);
    } catch {
      throw new InputError(p, 'no such file or folder');
    }
    files.push(...(info.isDirectory() ? await listAudioFiles(p) : [p]));
  }
  return [...new Set(files)].sort();
}

/** Marks a seeded `fraction` of each role's files for validation (the split is by file). */
export function splitByFile(positives: string[], negatives: string[], fraction: number, seed: number): ClipFile[] {
  const random = seedrandom(`split-${seed}`);
  const mark = (files: string[], role: Role) => {
    const order = files.map((file) => ({ file, key: random() }));
    const held = new Set(
      [...order]
        .sort((a, b) => a.key - b.key)
        .slice(0, Math.round(files.length * fraction))
        .map((o) => o.file),
    );
    return files.map((file) => ({ file, role, validation: held.has(file) }));
  };
  return [...mark(positives, 'positive'), ...mark(negatives, 'negative')];
}

export interface SequenceJob {
  clip: ClipFile;
  /** 0 is the clean copy; higher numbers are augmented copies. */
  copy: number;
}

export interface PreparedSequences {
  train: EmbeddingSequence[];
  validation: EmbeddingSequence[];
  /** Clean negative sequences (copy 0) with their audio length, for threshold calibration. */
  cleanNegatives: { sequence: EmbeddingSequence; seconds: number; validation: boolean }[];
  /** Clean positive validation sequences, to measure recall at the chosen threshold. */
  cleanValidationPositives: EmbeddingSequence[];
  skipped: SkippedFile[];
  negativeSeconds: number;
}

/**
 * Featurises and embeds every (clip, copy) job through the frozen base, reading from and
 * filling the embedding cache. Unreadable files are skipped and reported, never fatal.
 */
export async function prepareSequences(
  jobs: SequenceJob[],
  base: BaseModel,
  frontend: FeatureFrontend,
  augmenter: AugmenterFactory,
  cache: EmbeddingCache,
  variantTag: string,
  onProgress?: (done: number, total: number) => void,
): Promise<PreparedSequences> {
  const out: PreparedSequences = { train: [], validation: [], cleanNegatives: [], cleanValidationPositives: [], skipped: [], negativeSeconds: 0 };
  const skippedFiles = new Set<string>();
  let current: { file: string; bytes: Uint8Array; audio?: RawAudio } | undefined;
  const describe = JSON.stringify(frontend.describe());
  for (const [index, { clip, copy }] of jobs.entries()) {
    onProgress?.(index, jobs.length);
    if (skippedFiles.has(clip.file)) continue;
    try {
      if (current?.file !== clip.file) current = { file: clip.file, bytes: await readFile(clip.file) };
      const seed = `${variantTag}:${copy}`;
      const key = EmbeddingCache.key(current.bytes, base.id, describe, clip.role, seed);
      let sequence = await cache.get(key);
      if (sequence === undefined) {
        current.audio ??= await resample(await decodeAudio(current.bytes, clip.file), frontend.sampleRate);
        const random = seedrandom(`${seed}:shift`);
        const augment = copy === 0 ? undefined : augmenter(`${seed}:${clip.file}`);
        const shift = copy === 0 ? 0 : (random() - 0.5) * 0.24;
        sequence = clipToSequence(current.audio, clip.role, base, frontend, augment, shift) ?? null;
        await cache.set(key, sequence);
      }
      if (!sequence) continue;
      (clip.validation ? out.validation : out.train).push(sequence);
      if (copy === 0 && clip.role === 'negative') {
        const seconds = await clipSeconds(current, frontend.sampleRate, clip.file);
        out.cleanNegatives.push({ sequence, seconds, validation: clip.validation });
        out.negativeSeconds += seconds;
      }
      if (copy === 0 && clip.role === 'positive' && clip.validation) out.cleanValidationPositives.push(sequence);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      skippedFiles.add(clip.file);
      out.skipped.push({ file: clip.file, reason: error.message.slice(clip.file.length + 2) });
    }
  }
  onProgress?.(jobs.length, jobs.length);
  return out;
}

/** Duration of a clip, decoding it only when the cache spared us the audio. */
async function clipSeconds(current: { file: string; bytes: Uint8Array; audio?: RawAudio }, rate: number, file: string): Promise<number> {
  current.audio ??= await resample(await decodeAudio(current.bytes, file), rate);
  return current.audio.samples.length / current.audio.sampleRate;
}
