import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { checkClip, type ClipLimits, type ClipProblem } from '../audio/levels.ts';
import { readAudio, type SkippedFile } from '../audio/read.node.ts';
import { InputError } from '../errors.ts';
import { listAudioFiles } from '../platform/files.node.ts';
import { NEGATIVE_DIR, NOISE_DIR, TOOLKIT_DIRS } from './layout.ts';

export type FolderRole = 'positive' | 'negative' | 'noise';

/** What counts as a bad clip in each kind of folder. */
export const ROLE_LIMITS: Record<FolderRole, Partial<ClipLimits>> = {
  positive: { minSeconds: 0.3, maxSeconds: 5 },
  negative: { minSeconds: 0.3, maxSeconds: 600 },
  noise: { minSeconds: 1, maxSeconds: Infinity, silenceDb: -80 },
};

export interface FolderStats {
  /** Top-level folder below the root: a word, negative or noise. */
  folder: string;
  role: FolderRole;
  files: number;
  seconds: number;
  /** Files per sample rate. */
  rates: Record<number, number>;
  /** Flagged clips per problem, with the reason. */
  problems: Record<ClipProblem, SkippedFile[]>;
}

export interface DataStats {
  root: string;
  folders: FolderStats[];
  /** Groups of files with the same audio (decoded samples and rate), each group sorted. */
  duplicates: string[][];
  /** Audio files that could not be read, and why. */
  unreadable: SkippedFile[];
  /** WAV/FLAC files directly in the root, which belong to no role. */
  loose: string[];
  /** Folders the toolkit owns (TOOLKIT_DIRS) found in the root and not counted, with what they are. */
  toolkit: { folder: string; what: string }[];
}

/**
 * Reads every WAV/FLAC below `root` and describes it by folder: `<word>/` positives,
 * `negative/`, `noise/`. Flags clips that are too short, too long, clipped or silent
 * (ROLE_LIMITS), finds duplicates by a hash of the decoded audio, and lists unreadable files
 * with the reason instead of stopping.
 */
export async function collectStats(root: string, onProgress?: (done: number, total: number) => void): Promise<DataStats> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    throw new InputError(root, 'no such folder (expected audio/<word>/, audio/negative/, audio/noise/)');
  }
  const directories = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
  const folders = directories.filter((name) => !(name in TOOLKIT_DIRS));
  const toolkit = directories.filter((name) => name in TOOLKIT_DIRS).map((folder) => ({ folder, what: TOOLKIT_DIRS[folder]! }));
  const loose = entries.filter((e) => e.isFile() && /\.(wav|flac)$/i.test(e.name)).map((e) => path.join(root, e.name));
  const listed = await Promise.all(folders.map(async (folder) => ({ folder, files: await listAudioFiles(path.join(root, folder)) })));
  const total = listed.reduce((sum, l) => sum + l.files.length, 0);
  const stats: DataStats = { root, folders: [], duplicates: [], unreadable: [], loose, toolkit };
  const byHash = new Map<string, string[]>();
  let done = 0;
  for (const { folder, files } of listed) {
    const role: FolderRole = folder === NEGATIVE_DIR ? 'negative' : folder === NOISE_DIR ? 'noise' : 'positive';
    const entry: FolderStats = { folder, role, files: 0, seconds: 0, rates: {}, problems: { 'too-short': [], 'too-long': [], silent: [], clipped: [] } };
    for (const file of files) {
      try {
        const audio = await readAudio(file);
        const check = checkClip(audio, ROLE_LIMITS[role]);
        entry.files++;
        entry.seconds += check.seconds;
        entry.rates[audio.sampleRate] = (entry.rates[audio.sampleRate] ?? 0) + 1;
        for (const { problem, reason } of check.problems) entry.problems[problem].push({ file, reason });
        const hash = audioHash(audio.samples, audio.sampleRate);
        byHash.set(hash, [...(byHash.get(hash) ?? []), file]);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        stats.unreadable.push({ file, reason: error.reasonAbout(file) });
      }
      onProgress?.(++done, total);
    }
    stats.folders.push(entry);
  }
  stats.duplicates = [...byHash.values()].filter((group) => group.length > 1).map((group) => group.sort());
  return stats;
}

/** SHA-1 of the audio as 16-bit samples plus its rate: the same sound in WAV and FLAC matches. */
function audioHash(samples: Float32Array, sampleRate: number): string {
  const pcm = Int16Array.from(samples, (x) => Math.round(Math.max(-1, Math.min(1, x)) * 32767));
  return createHash('sha1').update(String(sampleRate)).update(new Uint8Array(pcm.buffer)).digest('hex');
}
