import { Command } from 'commander';
import { loadDetector } from '../../detect/load.node.ts';
import { LiveListener } from '../../live/listener.ts';
import { listen, StatusLine } from '../../live/listen.node.ts';
import { microphone, realTimeFile, type LiveSource } from '../../live/sources.node.ts';
import { untilStopped } from '../lifetime.node.ts';
import { parseFraction, useBackend } from '../options.ts';

interface ListenOptions {
  model: string;
  device?: string;
  inputCommand?: string;
  input?: string;
  threshold?: string;
}

export default function register(program: Command): void {
  program
    .command('listen')
    .description('detect the wake word live from the microphone: level and score on stderr, one line per detection on stdout')
    .requiredOption('--model <dir>', 'trained detector folder (models/<name>)')
    .option('--device <name>', 'input device of the capture program (arecord -D, sox AUDIODEV, ffmpeg -i); default: the system default')
    .option('--input-command <command>', 'shell command writing raw 16 kHz mono s16le audio to stdout, instead of a capture program')
    .option('--input <file>', 'play a WAV or FLAC file through at real-time speed instead of the microphone')
    .option('--threshold <x>', 'override the calibrated threshold (0..1)')
    .action(async (options: ListenOptions, command: Command) => {
      // Checked before the model loads, so a bad value fails at once.
      const override = options.threshold === undefined ? undefined : parseFraction(options.threshold, '--threshold');
      await useBackend(command);
      const { detector, metadata } = await loadDetector(options.model);
      const threshold = override ?? metadata.threshold;
      const listener = new LiveListener(detector, { threshold, refractorySeconds: metadata.refractorySeconds });
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
        const word = metadata.words.join('/');
        console.error(`listening for "${word}" on ${source.label} (threshold ${threshold}); Ctrl-C to stop`);
        const heard = await listen(source, listener, {
          status,
          onDetection: (d) => console.log(`${clockTime(new Date())}  ${word}  at ${d.t.toFixed(2)} s  score ${d.score.toFixed(3)}`),
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
