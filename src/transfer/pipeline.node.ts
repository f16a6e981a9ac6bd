import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import seedrandom from 'seedrandom';
import { decodeAudio } from '../audio/decode.ts';
import { resample } from '../audio/resample-clip.ts';
import { InputError } from '../errors.ts';
import { bytesHash } from '../platform/files.node.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import type { SkippedFile } from '../audio/read.node.ts';
import type { RawAudio } from '../types.ts';
import { EmbeddingCache } from './cache.node.ts';
import { clipToFrames, framesToSequence, type EmbeddingSequence, type FrameSequence } from './sequences.ts';

/** Produces the augmentation for one variant of a clip (deterministic in `seed`). */
export type AugmenterFactory = (seed: string) => (audio: RawAudio) => RawAudio;

export type Role = 'positive' | 'negative';

/** Clips handled as one training stream: a single positive clip, or negatives played back to back. */
export interface ClipGroup {
  files: string[];
  role: Role;
  validation: boolean;
  /** Negatives that are near-misses of the word: trained on, but not counted in calibration. */
  nearMiss?: boolean;
  /** Negatives held out of training, to calibrate the threshold on audio the head never heard. */
  calibration?: boolean;
}

/** Negatives are joined into streams of about this many bytes of file (~30 s of 16 kHz audio). */
const NEGATIVE_GROUP_BYTES = 600_000;
/** Silence between negatives joined into one stream, in seconds. */
const NEGATIVE_GAP = 0.4;

/**
 * Marks a seeded `fraction` of each role's files for validation (the split is by file), then
 * groups negatives into streams: one padded stream per 30 s instead of per clip spends the
 * expensive embedding time on audio rather than on silence around it. Near-misses get streams
 * of their own, so calibration can leave exactly them out; calibration negatives too, so
 * training can leave them out.
 */
export async function groupClips(positives: string[], negatives: string[], fraction: number, seed: number, nearMisses: string[] = [], calibration: string[] = []): Promise<ClipGroup[]> {
  // Membership is a hash of each file's name and folder, not a draw from a sequence and not its
  // absolute path: adding files, or moving the data set, leaves every other file where it was.
  const key = (file: string) => `${path.basename(path.dirname(file))}/${path.basename(file)}`;
  const held = (files: string[]) => new Set(files.filter((file) => seedrandom(`split-${seed}:${key(file)}`)() < fraction));
  const heldPositives = held(positives);
  const heldNegatives = held([...negatives, ...nearMisses]);
  const groups: ClipGroup[] = positives.map((file) => ({ files: [file], role: 'positive', validation: heldPositives.has(file) }));
  const streams = [
    { files: negatives, kind: {} },
    { files: nearMisses, kind: { nearMiss: true } },
    { files: calibration, kind: { calibration: true } },
  ];
  for (const { files, kind } of streams) {
    for (const validation of [false, true]) {
      if (validation && 'calibration' in kind) continue;
      const group = (clips: string[]): ClipGroup => ({ files: clips, role: 'negative', validation, ...kind });
      let current: string[] = [];
      let bytes = 0;
      for (const file of files.filter((f) => 'calibration' in kind || heldNegatives.has(f) === validation)) {
        const size = (await stat(file)).size;
        if (current.length > 0 && bytes + size > NEGATIVE_GROUP_BYTES) {
          groups.push(group(current));
          current = [];
          bytes = 0;
        }
        current.push(file);
        bytes += size;
      }
      if (current.length > 0) groups.push(group(current));
    }
  }
  return groups;
}

export interface SequenceJob {
  group: ClipGroup;
  /** 0 is the clean copy; higher numbers are augmented copies. */
  copy: number;
}

/** Every stream to prepare: each group's clean copy (0) and its augmented copies. */
export function sequenceJobs(groups: ClipGroup[], positiveCopies: number, negativeCopies: number, calibrationCopies = negativeCopies): SequenceJob[] {
  const copies = (group: ClipGroup) => (group.role === 'positive' ? positiveCopies : group.calibration ? calibrationCopies : negativeCopies);
  return groups.flatMap((group) => Array.from({ length: copies(group) + 1 }, (_, copy) => ({ group, copy })));
}

export interface PreparedSequences<T> {
  train: T[];
  validation: T[];
  /**
   * What the threshold is calibrated on, clean (copy 0) and augmented, with its audio length: the
   * calibration negatives when there are any, else every negative but the near-misses; `files`,
   * the stream's clips (a check of the calibration can hold out whole sources).
   */
  negatives: { sequence: T; seconds: number; copy: number; files: string[] }[];
  /** Clean positive validation sequences, to measure recall at the chosen threshold. */
  cleanValidationPositives: T[];
  skipped: SkippedFile[];
  /** Seconds of distinct negative audio trained on (the clean copies). */
  negativeSeconds: number;
}

/** A prepared stream as stored: the sequence (null when the clip held no usable word) and facts about its audio. */
export interface StoredSequence<T> {
  value: T | null;
  /** Seconds of audio in the group (without training padding). */
  seconds: number;
  /** Files of the group that could not be decoded. */
  skipped: SkippedFile[];
}

/** What training keeps of each stream, and where it may be cached. */
export interface SequenceStore<T> {
  make(frames: FrameSequence): T;
  get(key: string): Promise<StoredSequence<T> | undefined>;
  set(key: string, stored: StoredSequence<T>): Promise<void>;
}

/** Embeddings by the frozen base, cached on disk: head-only training. */
export function embeddingStore(base: BaseModel, cache: EmbeddingCache): SequenceStore<EmbeddingSequence> {
  return { make: (frames) => framesToSequence(base, frames), get: (key) => cache.get(key), set: (key, stored) => cache.set(key, stored) };
}

/** Frames kept in memory: fine-tuning the base, whose embeddings change as it trains. */
export const frameStore: SequenceStore<FrameSequence> = { make: (frames) => frames, get: async () => undefined, set: async () => {} };

interface LoadedGroup {
  group: ClipGroup;
  /** The files' bytes; unreadable files are left out. */
  bytes: { file: string; bytes: Uint8Array }[];
  /** All of those bytes back to back (the cache key hashes them), and their hash (seeds the copies' augmentation). */
  content: Buffer;
  contentId: string;
  /** The whole stream at the frontend's rate, decoded on a cache miss only. */
  decoded?: { audio: RawAudio; skipped: SkippedFile[] };
}

/**
 * Featurises every (group, copy) job into what `store` keeps (embeddings or frames), reading
 * from and filling its cache: a cache hit needs no decoding. Unreadable files are skipped and
 * reported, never fatal.
 */
export async function prepareSequences<T>(
  jobs: SequenceJob[],
  base: BaseModel,
  frontend: FeatureFrontend,
  augmenter: AugmenterFactory,
  store: SequenceStore<T>,
  variantTag: string,
  onProgress?: (done: number, total: number) => void,
): Promise<PreparedSequences<T>> {
  const out: PreparedSequences<T> = { train: [], validation: [], negatives: [], cleanValidationPositives: [], skipped: [], negativeSeconds: 0 };
  const reported = new Set<string>();
  const report = (skipped: SkippedFile[]) => {
    for (const s of skipped.filter((s) => !reported.has(s.file))) {
      reported.add(s.file);
      out.skipped.push(s);
    }
  };
  const calibration: PreparedSequences<T>['negatives'] = [];
  const keyOf = jobKeys(base, frontend);
  let current: LoadedGroup | undefined;
  for (const [index, { group, copy }] of jobs.entries()) {
    onProgress?.(index, jobs.length);
    if (current?.group !== group) current = await readGroup(group, report);
    if (current.bytes.length === 0) continue;
    const seed = copySeed(variantTag, copy);
    const key = keyOf(current, seed);
    let stored = await store.get(key);
    if (stored === undefined) {
      current.decoded ??= await decodeGroup(current, frontend.sampleRate);
      const { audio, skipped } = current.decoded;
      // Each copy's draws follow from the clip's content, never its path: the same data trains
      // the same detector wherever it is checked out (seeded by path, a fresh clone trained
      // another alexa detector than the working copy of the same commit).
      const clipSeed = `${seed}:${current.contentId}`;
      const augment = copy === 0 ? undefined : augmenter(clipSeed);
      const shift = copy === 0 ? 0 : (seedrandom(`${clipSeed}:shift`)() - 0.5) * 0.24;
      const frames = audio.samples.length > 0 ? clipToFrames(audio, group.role, base, frontend, augment, shift) : undefined;
      stored = { value: frames ? store.make(frames) : null, seconds: audio.samples.length / audio.sampleRate, skipped };
      await store.set(key, stored);
    }
    report(stored.skipped);
    const sequence = stored.value;
    if (!sequence) continue;
    if (group.calibration) {
      calibration.push({ sequence, seconds: stored.seconds, copy, files: group.files });
      continue;
    }
    (group.validation ? out.validation : out.train).push(sequence);
    if (group.role === 'negative') {
      if (!group.nearMiss) out.negatives.push({ sequence, seconds: stored.seconds, copy, files: group.files });
      if (copy === 0) out.negativeSeconds += stored.seconds;
    }
    if (copy === 0 && group.role === 'positive' && group.validation) out.cleanValidationPositives.push(sequence);
  }
  onProgress?.(jobs.length, jobs.length);
  if (jobs.some((job) => job.group.calibration)) out.negatives = calibration;
  return out;
}

/** What seeds a group's copy, and names it in the cache key: the augmentation variant and the copy's number. */
const copySeed = (variantTag: string, copy: number) => `${variantTag}:${copy}`;

/** The cache key of a group's copy (by its seed): its bytes and everything else that shapes its sequence. */
function jobKeys(base: BaseModel, frontend: FeatureFrontend) {
  const describe = JSON.stringify(frontend.describe());
  return (loaded: LoadedGroup, seed: string) => EmbeddingCache.key(loaded.content, base.id, describe, loaded.group.role, seed);
}

/** The jobs whose sequences `isCached` does not have yet (a group that cannot be read at all is none of them). */
export async function uncachedJobs(jobs: SequenceJob[], base: BaseModel, frontend: FeatureFrontend, variantTag: string, isCached: (key: string) => Promise<boolean>): Promise<SequenceJob[]> {
  const keyOf = jobKeys(base, frontend);
  const missing: SequenceJob[] = [];
  let current: LoadedGroup | undefined;
  for (const job of jobs) {
    if (current?.group !== job.group) current = await readGroup(job.group, () => {});
    if (current.bytes.length > 0 && !(await isCached(keyOf(current, copySeed(variantTag, job.copy))))) missing.push(job);
  }
  return missing;
}

/** Reads a group's files; ones that cannot be read at all are reported and left out. */
async function readGroup(group: ClipGroup, report: (skipped: SkippedFile[]) => void): Promise<LoadedGroup> {
  const bytes: LoadedGroup['bytes'] = [];
  for (const file of group.files) {
    try {
      bytes.push({ file, bytes: await readFile(file) });
    } catch (error) {
      report([{ file, reason: `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` }]);
    }
  }
  const content = Buffer.concat(bytes.map((b) => b.bytes));
  return { group, bytes, content, contentId: bytesHash([content]) };
}

/** The group's audio at `rate`: its decodable clips back to back with short silences between. */
async function decodeGroup(loaded: LoadedGroup, rate: number): Promise<{ audio: RawAudio; skipped: SkippedFile[] }> {
  const parts: Float32Array[] = [];
  const skipped: SkippedFile[] = [];
  for (const { file, bytes } of loaded.bytes) {
    try {
      parts.push((await resample(await decodeAudio(bytes, file), rate)).samples);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      skipped.push({ file, reason: error.reasonAbout(file) });
    }
  }
  const gap = Math.round(NEGATIVE_GAP * rate);
  const samples = new Float32Array(parts.reduce((n, p) => n + p.length, 0) + gap * Math.max(0, parts.length - 1));
  let offset = 0;
  for (const part of parts) {
    samples.set(part, offset);
    offset += part.length + gap;
  }
  return { audio: { samples, sampleRate: rate }, skipped };
}
