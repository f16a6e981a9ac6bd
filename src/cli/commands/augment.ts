import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AUGMENTATIONS, createAugmenterFactory, type AugmentSettings } from '../../audio/augment.ts';
import { readAudioBatch } from '../../audio/read.node.ts';
import { encodeWav16 } from '../../audio/wav.ts';
import { DEFAULT_AUDIO_ROOT, noiseDir } from '../../data/layout.ts';
import { loadNoisePool } from '../../data/noise-pool.node.ts';
import { InputError } from '../../errors.ts';
import { listAudioFiles, writeFileAtomic } from '../../platform/files.node.ts';
import { parseNumber } from '../options.ts';

interface AugmentFlags {
  out: string;
  preview: string;
  noise: string;
  seed: string;
  only?: string;
  options?: string;
  rate: string;
}

export default function register(program: Command): void {
  program
    .command('augment')
    .description('write augmented copies of clips, to hear what training sees')
    .argument('<in>', 'a WAV/FLAC file or a folder of them')
    .requiredOption('--out <dir>', 'folder for the examples')
    .option('--preview <n>', 'augmented copies of each clip', '5')
    .option('--noise <dir>', 'background noise folder (missing: generated noise only)', noiseDir(DEFAULT_AUDIO_ROOT))
    .option('--seed <n>', 'seed of the augmentation', '1')
    .option('--only <list>', `run only these steps, every time (${AUGMENTATIONS.join(', ')})`)
    .option('--options <json>', 'augmentation options as JSON or a JSON file, e.g. \'{"noise":{"snrDb":[5,10]}}\' (see docs/data.md)')
    .option('--rate <hz>', 'sample rate of the examples', '16000')
    .action(async (input: string, flags: AugmentFlags) => {
      const rate = parseNumber(flags.rate, '--rate');
      const copies = parseNumber(flags.preview, '--preview');
      const files = (await stat(input).catch(() => undefined))?.isDirectory() ? await listAudioFiles(input) : [input];
      const settings = await parseSettings(flags.options, flags.only);
      const { pool, skipped: badNoise } = await loadNoisePool(flags.noise, { sampleRate: rate, maxSeconds: 600, seed: flags.seed });
      console.error(`noise: ${pool.length} file(s) from ${flags.noise}${pool.length ? '' : ' (none: generated noise only)'}`);
      const factory = await createAugmenterFactory(settings, pool);
      const { clips, skipped } = await readAudioBatch(files, rate);
      for (const { file, audio } of clips) {
        const base = path.join(flags.out, path.basename(file).replace(/\.(wav|flac)$/i, ''));
        await writeFileAtomic(`${base}.clean.wav`, encodeWav16(audio));
        for (let k = 1; k <= copies; k++) {
          const applied: string[] = [];
          const out = factory(`${flags.seed}:${file}:${k}`)(audio, applied);
          await writeFileAtomic(`${base}.aug${k}.wav`, encodeWav16(out));
          console.log(`${base}.aug${k}.wav: ${applied.join('; ') || 'unchanged (no step drawn)'}`);
        }
      }
      for (const { file, reason } of [...skipped, ...badNoise]) console.log(`skipped ${file}: ${reason}`);
    });
}

/** --options (inline JSON or a file) merged with --only, which sets the listed steps to always and the rest to never. */
async function parseSettings(options: string | undefined, only: string | undefined): Promise<AugmentSettings> {
  let settings: AugmentSettings = {};
  if (options) {
    const text = existsSync(options) ? await readFile(options, 'utf8') : options;
    try {
      settings = JSON.parse(text) as AugmentSettings;
    } catch (error) {
      throw new InputError('--options', `not valid JSON (${(error as Error).message})`);
    }
  }
  if (only) {
    const steps = only.split(',').map((s) => s.trim());
    for (const step of steps) if (!(AUGMENTATIONS as string[]).includes(step)) throw new InputError(`--only '${step}'`, `unknown; expected ${AUGMENTATIONS.join(', ')}`);
    const byStep = settings as Record<string, object | undefined>;
    for (const step of AUGMENTATIONS) byStep[step] = { ...byStep[step], probability: steps.includes(step) ? 1 : 0 };
  }
  return settings;
}
