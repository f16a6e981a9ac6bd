import { Command, Option } from 'commander';
import { readAudio } from '../../audio/read.node.ts';
import { InputError } from '../../errors.ts';
import { frontends, type FrontendId } from '../../frontends/registry.ts';
import { computeFrames } from '../../frontends/types.ts';
import { writeFileAtomic } from '../../platform/files.node.ts';

export default function register(program: Command): void {
  program
    .command('features')
    .description('compute a feature frontend over an audio file and print the matrix shape')
    .argument('<file>', 'WAV or FLAC file')
    .addOption(new Option('--frontend <id>', 'feature frontend').choices(Object.keys(frontends)).default('speech-embedding'))
    .option('--png <file>', 'also draw the features as a spectrogram image (time x bins)')
    .action(async (file: string, options: { frontend: FrontendId; png?: string }) => {
      const frontend = frontends[options.frontend]();
      const audio = await readAudio(file, frontend.sampleRate);
      const frames = computeFrames(frontend, audio.samples);
      console.log(`${file}: ${frames.length} frames x ${frontend.bins} bins (${options.frontend}, hop ${frontend.hop} samples at ${frontend.sampleRate} Hz)`);
      if (options.png) {
        if (frames.length === 0) throw new InputError(file, `too short for one ${options.frontend} frame (${frontend.hop} samples at ${frontend.sampleRate} Hz)`);
        const { spectrogramPng } = await import('../../plot/spectrogram-png.node.ts');
        await writeFileAtomic(options.png, spectrogramPng(frames));
        console.log(`spectrogram written to ${options.png}`);
      }
    });
}
