import { Command, Option } from 'commander';
import { readAudio } from '../../audio/read.node.ts';
import { frontends, type FrontendId } from '../../frontends/registry.ts';
import { computeFrames } from '../../frontends/types.ts';

export default function register(program: Command): void {
  program
    .command('features')
    .description('compute a feature frontend over an audio file and print the matrix shape')
    .argument('<file>', 'WAV or FLAC file')
    .addOption(new Option('--frontend <id>', 'feature frontend').choices(Object.keys(frontends)).default('speech-embedding'))
    .action(async (file: string, options: { frontend: FrontendId }) => {
      const frontend = frontends[options.frontend]();
      const audio = await readAudio(file, frontend.sampleRate);
      const frames = computeFrames(frontend, audio.samples);
      console.log(`${file}: ${frames.length} frames x ${frontend.bins} bins (${options.frontend}, hop ${frontend.hop} samples at ${frontend.sampleRate} Hz)`);
    });
}
