import { Command } from 'commander';
import { formatError } from '../errors.ts';
import { commands, isVerb, type CommandModule } from './commands/index.ts';

const program = new Command('wakeword')
  .description('Train and run custom wake-word detectors on pretrained speech models.')
  .option('--backend <name>', 'tfjs backend: tensorflow-gpu, tensorflow, wasm or cpu (default: best available; env WAKEWORD_BACKEND)')
  .option('-v, --verbose', 'say more about what is happening (the chosen backend, skipped files)')
  .showHelpAfterError()
  // -v lets the audio decoders' own messages through (a damaged FLAC's lost syncs).
  .hook('preAction', async (program) => (await import('../audio/decode.ts')).showDecoderMessages(Boolean(program.opts().verbose)));

// Output piped into a reader that stops early (`detect ... | head`) ends the run quietly, as
// other command-line tools do, instead of an EPIPE that tfjs's wasm module reports by printing
// its own source.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

try {
  // The verb is the first word that is not a global option or its value. A run of one verb
  // declares only that verb; help, no verb or an unknown word declare them all (listing,
  // suggestions), as before.
  const verb = firstOperand(program, process.argv.slice(2));
  const chosen: (() => Promise<CommandModule>)[] = isVerb(verb) ? [commands[verb]] : Object.values(commands);
  for (const module of await Promise.all(chosen.map((load) => load()))) module.default(program);
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(formatError(error));
  // Exit now: a progress bar left running by the failed verb would keep the process alive.
  process.exit(1);
}

/** The first argument that is neither one of `program`'s own options nor such an option's value. */
function firstOperand(program: Command, args: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return args[i + 1];
    if (!arg.startsWith('-') || arg === '-') return arg;
    const option = program.options.find((o) => o.long === arg || o.short === arg);
    if (option && (option.required || option.optional)) i++;
  }
  return undefined;
}
