import { Command } from 'commander';
import { readAudio } from '../../audio/read.node.ts';
import { loadWordSet } from '../../detect/load.node.ts';
import { scoreRecording } from '../../detect/stream.ts';
import { detections } from '../../detect/decide.ts';
import { InputError } from '../../errors.ts';
import type { DetectorStep } from '../../detect/types.ts';
import { collect, parseFraction, useBackend } from '../options.ts';

export default function register(program: Command): void {
  program
    .command('detect')
    .description('run a trained detector over audio files exactly as it runs live; JSON Lines on stdout')
    .option('--model <dir>', 'trained detector folder (models/<name>); repeat it for several words on one embedding pass', collect, [])
    .option('--scores', 'print every detector step, not only detections')
    .option('--threshold <x>', 'override the calibrated threshold (0..1) of every model')
    .argument('<files...>', 'WAV or FLAC files')
    .action(async (files: string[], options: { model: string[]; scores?: boolean; threshold?: string }, command: Command) => {
      // Checked before the models load, so a bad value fails at once.
      if (options.model.length === 0) throw new InputError('--model', 'required: a trained detector folder (models/<name>)');
      const override = options.threshold === undefined ? undefined : parseFraction(options.threshold, '--threshold');
      await useBackend(command);
      const { detector, metadata } = await loadWordSet(options.model);
      // With one model the lines are {file,t,score}, as always; with several each names its model.
      const named = metadata.length > 1;
      let failed = false;
      for (const file of files) {
        let samples: Float32Array;
        try {
          samples = (await readAudio(file, detector.sampleRate)).samples;
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          console.error(`error: ${error.message}`);
          failed = true;
          continue;
        }
        const steps = scoreRecording(detector, samples);
        metadata.forEach((m, w) => {
          const threshold = override ?? m.threshold;
          const trace = steps.map((step) => ({ t: step.t, score: step.scores[w]! }));
          const found = detections(trace, { threshold, refractorySeconds: m.refractorySeconds });
          for (const step of options.scores ? trace : found) {
            process.stdout.write(JSON.stringify({ file, ...(named ? { model: detector.names[w] } : {}), t: round(step.t, 3), score: round(step.score, 4) }) + '\n');
          }
          console.error(summary(named ? `${file} [${detector.names[w]}]` : file, found.length, samples.length / detector.sampleRate, trace, threshold));
        });
      }
      detector.dispose();
      if (failed) process.exitCode = 1;
    });
}

/**
 * The line on stderr after each file, so a run where nothing fired still says what it heard:
 * `clip.wav: 0 detections in 48.1 s, highest score 0.712 at 12.32 s (threshold 0.85)`.
 */
export function summary(file: string, count: number, seconds: number, steps: readonly DetectorStep[], threshold: number): string {
  const head = `${file}: ${count} detection${count === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`;
  if (steps.length === 0) return `${head} (too short to score)`;
  const best = steps.reduce((a, b) => (b.score > a.score ? b : a));
  return `${head}, highest score ${best.score.toFixed(3)} at ${best.t.toFixed(2)} s (threshold ${round(threshold, 4)})`;
}

function round(x: number, digits: number): number {
  return Number(x.toFixed(digits));
}
