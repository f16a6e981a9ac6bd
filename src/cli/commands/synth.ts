import type { Command } from 'commander';
import type { TtsEngine } from '../../audio/tts-voices.ts';
import { DEFAULT_AUDIO_ROOT, negativeDir, positiveDir, wordSlug } from '../../data/layout.ts';
import { synthesizeToFolder } from '../../data/synth-folder.node.ts';
import { planSynthesis } from '../../data/synth-plan.ts';
import { InputError } from '../../errors.ts';
import { parseNumber } from '../options.ts';
import { createProgress } from '../progress.ts';

interface SynthFlags {
  word: string;
  count: string;
  negative?: boolean;
  sentences: string;
  seed: string;
  root: string;
  out?: string;
  engines: string;
  trailing?: boolean;
}

export default function register(program: Command): void {
  program
    .command('synth')
    .description('synthesise clips of the word (or, with --negative, near-misses and sentences) with offline text-to-speech')
    .requiredOption('--word <word>', 'the wake word or phrase')
    .option('--count <n>', 'clips of the word, or with --negative of near-misses', '500')
    .option('--negative', 'say near-misses ("alexis", "election") instead of the word')
    .option('--sentences <n>', 'also say this many ordinary sentences (continuous speech for negatives)', '0')
    .option('--seed <n>', 'seed of every choice: the same seed gives the same clips', '1')
    .option('--engines <list>', 'engines and shares, e.g. espeak,flite or espeak=0.8,flite=0.2', 'espeak=0.6,flite=0.4')
    .option('--trailing', 'also say the word followed by a command ("alexa, stop")')
    .option('--root <dir>', 'audio folder', DEFAULT_AUDIO_ROOT)
    .option('--out <dir>', 'folder for the clips (default <root>/<word>/synth, or <root>/negative/synth-<word>)')
    .action(async (flags: SynthFlags) => {
      const count = parseNumber(flags.count, '--count');
      const sentences = parseNumber(flags.sentences, '--sentences');
      const negative = flags.negative ?? false;
      const outDir = flags.out ?? (negative ? negativeDir(flags.root, `synth-${wordSlug(flags.word)}`) : `${positiveDir(flags.root, flags.word)}/synth`);
      if (sentences > 0 && !negative) throw new InputError('--sentences', 'sentences are negatives: add --negative (and --count 0 for sentences only)');
      const plan = await planSynthesis({ word: flags.word, count, negative, sentences, seed: flags.seed, engines: parseEngines(flags.engines), trailing: flags.trailing });
      const progress = createProgress('synth', plan.length, 'clips');
      let result;
      try {
        result = await synthesizeToFolder(plan, outDir, { onProgress: (done) => progress.update(done) });
      } finally {
        progress.stop();
      }
      console.log(`${outDir}: wrote ${result.written.length} clip(s), ${result.existing} already there, ${result.skipped.length} failed`);
      for (const { file, reason } of result.skipped) console.log(`  skipped ${file}: ${reason}`);
    });
}

/** "espeak,flite" or "espeak=0.8,flite=0.2" into shares; engines not named get 0. */
function parseEngines(value: string): Record<TtsEngine, number> {
  const shares: Record<TtsEngine, number> = { espeak: 0, flite: 0 };
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [name, share = '1'] = part.split('=');
    if (name !== 'espeak' && name !== 'flite') throw new InputError(`--engines '${value}'`, `unknown engine '${name}'; expected espeak and/or flite`);
    shares[name] = parseNumber(share, `--engines ${name}`);
  }
  return shares;
}
