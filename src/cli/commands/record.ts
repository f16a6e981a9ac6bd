import { Command, Option } from 'commander';
import seedrandom from 'seedrandom';
import type { CaptureProgram } from '../../audio/capture.node.ts';
import { SILENCE_DB } from '../../audio/levels.ts';
import { confusablesFor } from '../../data/confusables.ts';
import { DEFAULT_AUDIO_ROOT, negativeDir, positiveDir, wordSlug } from '../../data/layout.ts';
import { recordClips, type RecordEvents } from '../../data/record.node.ts';
import { sentencesWithout } from '../../data/sentences.ts';
import { InputError } from '../../errors.ts';
import { parseNumber } from '../options.ts';

interface RecordFlags {
  word: string;
  count: string;
  negative?: boolean;
  out?: string;
  root: string;
  device?: string;
  inputCommand?: string;
  program?: CaptureProgram;
  countdown: string;
  maxSeconds?: string;
  margin: string;
}

export default function register(program: Command): void {
  program
    .command('record')
    .description('record wake-word clips (or, with --negative, other speech) from the microphone')
    .requiredOption('--word <word>', 'the wake word or phrase')
    .option('--count <n>', 'clips to save', '20')
    .option('--negative', 'record speech that is not the word (suggestions are shown)')
    .option('--root <dir>', 'audio folder', DEFAULT_AUDIO_ROOT)
    .option('--out <dir>', 'folder for the clips (default <root>/<word>, or <root>/negative/recorded-<word>)')
    .option('--device <name>', 'input device (arecord -D, sox AUDIODEV, ffmpeg -i); default: the system default')
    .option('--input-command <cmd>', 'shell command writing raw s16le mono 16 kHz audio to stdout, instead of a capture program')
    .addOption(new Option('--program <name>', 'capture program (default: the first found)').choices(['arecord', 'sox', 'ffmpeg']))
    .option('--countdown <s>', 'seconds of countdown before each take', '3')
    .option('--max-seconds <s>', 'longest speech kept per clip (default 3, with --negative 8)')
    .option('--margin <s>', 'silence kept before and after the speech', '0.25')
    .action(async (flags: RecordFlags) => {
      const count = parseNumber(flags.count, '--count');
      const outDir = flags.out ?? (flags.negative ? negativeDir(flags.root, `recorded-${wordSlug(flags.word)}`) : positiveDir(flags.root, flags.word));
      const suggestions = flags.negative ? await negativeSuggestions(flags.word) : [];
      const prompt = (index: number) =>
        flags.negative ? `say something that is not "${flags.word}", e.g. "${suggestions[index % suggestions.length]}"` : `say "${flags.word}"`;
      const controller = new AbortController();
      const onInterrupt = () => {
        process.stderr.write('\nstopping: clips saved so far are kept\n');
        controller.abort();
      };
      process.once('SIGINT', onInterrupt);
      console.error(`recording ${count} clip(s) into ${outDir} (Ctrl-C stops and keeps what is saved)`);
      const terminal = terminalEvents();
      try {
        const result = await recordClips({
          count,
          outDir,
          prefix: flags.negative ? 'not-' + wordSlug(flags.word) : wordSlug(flags.word),
          prompt,
          countdownSeconds: parseNumber(flags.countdown, '--countdown'),
          marginSeconds: parseNumber(flags.margin, '--margin'),
          maxSpeechSeconds: flags.maxSeconds ? parseNumber(flags.maxSeconds, '--max-seconds') : flags.negative ? 8 : 3,
          device: flags.device,
          inputCommand: flags.inputCommand,
          program: flags.program,
          signal: controller.signal,
          events: terminal.events,
        });
        terminal.endLine();
        const summary = `saved ${result.saved.length} of ${count} clip(s) in ${outDir}, rejected ${result.rejected.length}`;
        if (result.ended === 'capture-failed') {
          console.log(summary);
          throw new InputError('recording stopped', `${result.error} (the take in progress was discarded)`);
        }
        const why = { done: '', interrupted: ' (interrupted)', 'input-ended': ' (the input ended)', 'too-many-silent': ' (stopped: only silence; check the microphone)' }[result.ended];
        console.log(summary + why);
        if (result.ended === 'interrupted') process.exitCode = 130;
        if (result.ended === 'too-many-silent') process.exitCode = 1;
      } finally {
        terminal.endLine(); // an error starts on a line of its own, not after "3... "
        process.removeListener('SIGINT', onInterrupt);
      }
    });
}

async function negativeSuggestions(word: string): Promise<string[]> {
  const near = await confusablesFor(word);
  const sentences = sentencesWithout(word, 40, seedrandom('record'));
  return near.flatMap((n, i) => [n, sentences[i % sentences.length]!]);
}

/**
 * Prompts, countdown and a live level meter on stderr; saved files on stdout. `endLine` ends a
 * line the countdown or the meter left open, so what is printed next starts on its own line.
 */
function terminalEvents(): { events: RecordEvents; endLine: () => void } {
  const tty = process.stderr.isTTY;
  let frames = 0;
  let open = false;
  const endLine = () => {
    if (open) process.stderr.write('\n');
    open = false;
  };
  const events: RecordEvents = {
    prompt: (index, count, text) => {
      endLine();
      process.stderr.write(`\n[${index + 1}/${count}] ${text}\n`);
    },
    countdown: (left) => {
      process.stderr.write(left > 0 ? `${left}... ` : 'speak now\n');
      open = left > 0;
    },
    level: (db, threshold) => {
      if (!tty || frames++ % 5) return;
      const cells = 40;
      const at = (level: number) => Math.round(((Math.max(-60, level) + 60) / 60) * cells);
      const bar = Array.from({ length: cells }, (_, i) => (i === at(threshold) ? '|' : i < at(db) ? '#' : '.')).join('');
      process.stderr.write(`\r  [${bar}] ${db <= SILENCE_DB ? '  -inf' : db.toFixed(0).padStart(4)} dBFS`);
      open = true;
    },
    saved: (file, seconds) => {
      endLine();
      console.log(`saved ${file} (${seconds.toFixed(2)} s)`);
    },
    rejected: (reason) => {
      endLine();
      console.error(`rejected: ${reason}; again`);
    },
  };
  return { events, endLine };
}
