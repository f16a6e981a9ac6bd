import path from 'node:path';
import { Command } from 'commander';
import { encodeWav16 } from '../../audio/wav.ts';
import { loadDetector } from '../../detect/load.node.ts';
import { InputError } from '../../errors.ts';
import { backgroundKind, groupBackgrounds } from '../../eval/backgrounds.ts';
import { evaluateDetector, type FalseAccept } from '../../eval/evaluate.node.ts';
import type { BackgroundNoise } from '../../types.ts';
import { percent } from '../../eval/report.ts';
import { writeReport } from '../../eval/write-report.node.ts';
import { expandAudioPaths, writeFileAtomic } from '../../platform/files.node.ts';
import { parseFraction, parseNumber, useBackend } from '../options.ts';
import { createProgress } from '../progress.ts';
import { printFeatureFalseAccepts } from '../feature-false-accepts.ts';

interface EvaluateFlags {
  model: string;
  positives?: string[];
  negatives?: string[];
  negativeFeatures?: string[];
  noise?: string[];
  snr: string;
  reverb?: boolean;
  threshold?: string;
  tolerance: string;
  gap: string;
  out?: string;
  saveFalseAccepts?: string;
}

export default function register(program: Command): void {
  program
    .command('evaluate')
    .description('measure a detector: misses on positives in noise, false accepts per hour on negatives, DET curve; writes a report folder')
    .requiredOption('--model <dir>', 'trained detector folder (models/<name>)')
    .option('--positives <dirs...>', 'folders of clips of the wake word (WAV/FLAC, any depth)')
    .option('--negatives <dirs...>', 'folders of audio without the wake word')
    .option('--negative-features <dirs...>', 'instead of --positives and --negatives: false accepts per hour on feature folders from `wakeword embed` (same base), without decoding or embedding the audio again')
    .option('--noise <dirs...>', 'background noise, as kind=dir or dir (kind from folder names: music, crowd/babble, else noise): positives and negatives are heard over each kind, and each kind alone')
    .option('--snr <db>', 'speech over noise, dB', '10')
    .option('--reverb', 'reverberate each positive clip (a generated room) before the noise')
    .option('--threshold <x>', "evaluate at this threshold instead of the model's")
    .option('--tolerance <seconds>', 'a firing this long after a clip ends still detects it', '1')
    .option('--gap <seconds>', 'background between positive clips (at least tolerance + refractory period)', '3')
    .option('--out <dir>', 'report folder (default reports/<model name>)')
    .option('--save-false-accepts <dir>', 'write ~2 s of audio around each false accept here, to listen to and retrain with')
    .action(async (flags: EvaluateFlags, command: Command) => {
      await useBackend(command);
      if (flags.negativeFeatures) return printFeatureFalseAccepts(flags.model, flags.negativeFeatures, flags.threshold);
      if (!flags.positives || !flags.negatives) throw new InputError('wakeword evaluate', 'give --positives and --negatives (or --negative-features)');
      const { detector, metadata } = await loadDetector(flags.model);
      const threshold = flags.threshold === undefined ? metadata.threshold : parseFraction(flags.threshold, '--threshold');
      const settings = { threshold, refractorySeconds: metadata.refractorySeconds };
      const [positives, negatives, noise] = [await audioIn(flags.positives), await audioIn(flags.negatives), flags.noise ? await backgroundsIn(flags.noise) : undefined];
      const out = flags.out ?? path.join('reports', metadata.name);
      const passes = 1 + (noise?.length ?? 0);
      const progress = createProgress('evaluating', passes * (positives.length + negatives.length) + (noise ?? []).reduce((n, b) => n + b.files.length, 0), 'files');
      let saved = 0;
      const result = await evaluateDetector(detector, {
        positives,
        negatives,
        noise,
        snrDb: parseNumber(flags.snr, '--snr'),
        reverb: flags.reverb === true,
        settings,
        toleranceSeconds: parseNumber(flags.tolerance, '--tolerance'),
        gapSeconds: parseNumber(flags.gap, '--gap'),
        onProgress: (p) => progress.update(p.files, `| ${(p.audioSeconds / 3600).toFixed(2)} h audio, ${(p.audioSeconds / p.scoringSeconds).toFixed(0)}x real time`),
        onFalseAccept: flags.saveFalseAccepts
          ? async (falseAccept, audio) => {
              await writeFileAtomic(path.join(flags.saveFalseAccepts!, falseAcceptName(++saved, falseAccept)), encodeWav16(audio));
            }
          : undefined,
      });
      progress.stop();
      const context = {
        title: `${metadata.name} (${metadata.words.join(', ')})`,
        model: flags.model,
        positivesFrom: flags.positives,
        negativesFrom: flags.negatives,
        noiseFrom: flags.noise?.join(', '),
        falseAcceptAudio: flags.saveFalseAccepts,
        date: new Date().toISOString().slice(0, 10),
      };
      const files = await writeReport(out, result, context);
      const { atModelThreshold: m, atTargetRates } = result.metrics;
      console.log(`${result.clips.length} positives, ${(result.negativeSeconds / 3600).toFixed(2)} h of negatives (${result.metrics.negativeHours.toFixed(2)} h listened)`);
      console.log(`threshold ${m.threshold.toFixed(4)}: ${percent(m.falseRejectRate)} missed, ${m.falseAcceptsPerHour.toFixed(2)} false accepts per hour`);
      for (const { perHour, point } of atTargetRates) {
        console.log(`  <= ${perHour} per hour: ${point.threshold > 1 ? 'not reachable' : `threshold ${point.threshold.toFixed(4)}, ${percent(point.falseRejectRate)} missed`}`);
      }
      for (const b of result.metrics.byBackground) {
        const atRates = b.atTargetRates.map((r) => `${percent(r.falseRejectRate)} at ${r.perHour}/h`).join(', ');
        console.log(`  over ${b.background} (${b.clips} clips): ${percent(b.atModelThreshold)} missed at the threshold; ${atRates}`);
      }
      const noisiest = [...result.metrics.byPass].sort((a, b) => b.falseAcceptsPerHour - a.falseAcceptsPerHour)[0];
      if (noisiest && noisiest.falseAccepts > 0) console.log(`  most false accepts: ${noisiest.label}, ${noisiest.falseAcceptsPerHour.toFixed(2)} per hour`);
      if (flags.saveFalseAccepts) console.log(`${saved} false accepts saved in ${flags.saveFalseAccepts}`);
      console.log(`report: ${files[0]}`);
    });
}

/** Every audio file in the given files and folders; a folder that holds none is an error. */
async function audioIn(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const found = await expandAudioPaths([p]);
    if (found.length === 0) throw new InputError(p, 'holds no WAV or FLAC files');
    files.push(...found);
  }
  return files;
}

/** `--noise` values: kind=dir, or dir with kinds named by its folders (music/, crowd/ ...). */
async function backgroundsIn(specs: string[]): Promise<BackgroundNoise[]> {
  const kinds = new Map<string, string>();
  for (const spec of specs) {
    const named = /^([\w-]+)=(.+)$/.exec(spec);
    for (const file of await audioIn([named ? named[2]! : spec])) kinds.set(file, named ? named[1]! : backgroundKind(file));
  }
  return groupBackgrounds([...kinds.keys()], (file) => kinds.get(file)!);
}

/** e.g. 0007-clean-speaker12_0003-4.56s.wav: numbered in firing order, then where it came from. */
function falseAcceptName(n: number, falseAccept: FalseAccept): string {
  const source = path.basename(falseAccept.file, path.extname(falseAccept.file)).replace(/[^\w.-]+/g, '_');
  return `${String(n).padStart(4, '0')}-${falseAccept.pass}-${source}-${falseAccept.fileTime.toFixed(2)}s.wav`;
}
