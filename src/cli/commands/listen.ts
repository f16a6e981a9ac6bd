import { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { loadWordSet } from '../../detect/load.node.ts';
import { WordSetListener } from '../../live/word-set-listener.ts';
import { listen, StatusLine } from '../../live/listen.node.ts';
import { microphone, realTimeFile, type LiveSource } from '../../live/sources.node.ts';
import { untilStopped } from '../lifetime.node.ts';
import { collect, parseFraction, useBackend } from '../options.ts';

interface ListenOptions {
  model: string[];
  device?: string;
  inputCommand?: string;
  input?: string;
  threshold?: string;
}

export default function register(program: Command): void {
  program
    .command('listen')
    .description('detect the wake word live from the microphone: level and score on stderr, one line per detection on stdout')
    .option('--model <dir>', 'trained detector folder (models/<name>); repeat it to listen for several words on one embedding pass', collect, [])
    .option('--device <name>', 'input device of the capture program (arecord -D, sox AUDIODEV, ffmpeg -i); default: the system default')
    .option('--input-command <command>', 'shell command writing raw 16 kHz mono s16le audio to stdout, instead of a capture program')
    .option('--input <file>', 'play a WAV or FLAC file through at real-time speed instead of the microphone')
    .option('--threshold <x>', 'override the calibrated threshold (0..1) of every model')
    .action(async (options: ListenOptions, command: Command) => {
      // Checked before the models load, so a bad value fails at once.
      if (options.model.length === 0) throw new InputError('--model', 'required: a trained detector folder (models/<name>)');
      const override = options.threshold === undefined ? undefined : parseFraction(options.threshold, '--threshold');
      await useBackend(command);
      const { detector, metadata } = await loadWordSet(options.model);
      const settings = metadata.map((m) => ({ threshold: override ?? m.threshold, refractorySeconds: m.refractorySeconds }));
      const listener = new WordSetListener(detector, settings);
      // Ctrl-C, kill <pid>, a closed terminal, or the parent (npx, a shell) going away.
      const stop = untilStopped();
      const status = process.stderr.isTTY ? new StatusLine(process.stderr) : undefined;
      try {
        const source: LiveSource = options.input
          ? await realTimeFile(options.input, detector.sampleRate, stop.signal)
          : await microphone(
              { device: options.device, inputCommand: options.inputCommand, signal: stop.signal },
              {
                onRestart: (problem, delay) => {
                  status?.clear();
                  console.error(`capture stopped (${problem}); restarting in ${delay} s`);
                },
              },
            );
        const words = metadata.map((m, i) => `"${m.words.join('/')}" (threshold ${settings[i]!.threshold})`).join(', ');
        console.error(`listening for ${words} on ${source.label}; Ctrl-C to stop`);
        const heard = await listen(source, listener, {
          status,
          onDetection: (d) => console.log(`${clockTime(new Date())}  ${metadata[d.index]!.words.join('/')}  at ${d.t.toFixed(2)} s  score ${d.score.toFixed(3)}`),
        });
        console.error(`stopped after ${heard.seconds.toFixed(1)} s of audio: ${heard.detections} detection${heard.detections === 1 ? '' : 's'}`);
      } finally {
        stop.dispose();
        detector.dispose();
      }
    });
}

/** Local wall-clock time with milliseconds, e.g. 14:03:27.512. */
function clockTime(date: Date): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
