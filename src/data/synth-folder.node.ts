import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SkippedFile } from '../audio/read.node.ts';
import { createResampler } from '../audio/reusable-resampler.ts';
import { peak } from '../audio/levels.ts';
import { synthesize } from '../audio/synthesize.node.ts';
import { encodeWav16 } from '../audio/wav.ts';
import { InputError } from '../errors.ts';
import { writeFileAtomic } from '../platform/files.node.ts';
import type { PlannedUtterance } from './synth-plan.ts';
import { MANIFEST, readManifest } from './synth-manifest.node.ts';

export interface SynthesizeToFolderOptions {
  /** Rate of the written WAVs (default 16000). */
  sampleRate?: number;
  /** Called after each utterance with the number done so far, for a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

export interface SynthesisResult {
  /** Files written by this run. */
  written: string[];
  /** Utterances whose file was already there (a rerun resumes instead of redoing). */
  existing: number;
  /** Utterances the engine could not speak, with the reason. */
  skipped: SkippedFile[];
}

/**
 * Speaks every planned utterance into `<outDir>/<name>.wav` (16-bit mono, 16 kHz by default),
 * each written atomically, and records the settings of each in manifest.jsonl. Files already
 * present are kept, so an interrupted run picks up where it stopped. A failure of one
 * utterance is reported in `skipped` and does not stop the rest.
 */
export async function synthesizeToFolder(plan: PlannedUtterance[], outDir: string, options: SynthesizeToFolderOptions = {}): Promise<SynthesisResult> {
  const { sampleRate = 16000, onProgress } = options;
  const resample = await createResampler('medium');
  const result: SynthesisResult = { written: [], existing: 0, skipped: [] };
  const manifest = await readManifest(outDir);
  for (const [index, utterance] of plan.entries()) {
    const file = path.join(outDir, `${utterance.name}.wav`);
    if (existsSync(file)) result.existing++;
    else {
      try {
        const spoken = await synthesize(utterance);
        if (spoken.samples.length === 0) throw new InputError(utterance.text, 'the engine produced no audio');
        const audio = resample(spoken, sampleRate);
        // Some eSpeak variants overshoot full scale; scale those down instead of clipping.
        const top = peak(audio.samples);
        const samples = top > 0.99 ? audio.samples.map((x) => (x * 0.9) / top) : audio.samples;
        await writeFileAtomic(file, encodeWav16({ samples, sampleRate }));
        result.written.push(file);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        result.skipped.push({ file, reason: error.message });
        onProgress?.(index + 1, plan.length);
        continue;
      }
    }
    const { name, ...spec } = utterance;
    manifest.set(name, JSON.stringify({ file: `${name}.wav`, ...spec }));
    onProgress?.(index + 1, plan.length);
  }
  await writeFileAtomic(path.join(outDir, MANIFEST), [...manifest.values()].join('\n') + '\n');
  return result;
}
