import { Command } from 'commander';
import { showDecoderMessages } from '../audio/decode.ts';
import { formatError } from '../errors.ts';
import { commands } from './commands/index.ts';

const program = new Command('wakeword')
  .description('Train and run custom wake-word detectors on pretrained speech models.')
  .option('--backend <name>', 'tfjs backend: tensorflow-gpu, tensorflow, wasm or cpu (default: best available; env WAKEWORD_BACKEND)')
  .option('-v, --verbose', 'say more about what is happening (the chosen backend, skipped files)')
  .showHelpAfterError()
  // -v lets the audio decoders' own messages through (a damaged FLAC's lost syncs).
  .hook('preAction', (program) => showDecoderMessages(Boolean(program.opts().verbose)));

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(formatError(error));
  // Exit now: a progress bar left running by the failed verb would keep the process alive.
  process.exit(1);
}
