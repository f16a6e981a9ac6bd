import { Command } from 'commander';
import { DEFAULT_AUDIO_ROOT } from '../../data/layout.ts';
import { startDemoServer } from '../../web/server.node.ts';
import { untilStopped } from '../lifetime.node.ts';
import { collect, parseNumber } from '../options.ts';

export default function register(program: Command): void {
  program
    .command('serve')
    .description('serve the live-microphone demo page: spectrogram, score trace, detections, and recording clips into audio/<word>/')
    .option('--model <dir>', 'trained detector folder the page runs (without it the page only shows the spectrogram and records); repeat it for several words on one embedding pass', collect, [])
    .option('--port <n>', 'port to listen on', '8080')
    .option('--host <address>', 'interface to bind; browsers allow the microphone only on localhost or https', '127.0.0.1')
    .option('--audio <dir>', 'root folder for recorded clips', DEFAULT_AUDIO_ROOT)
    .action(async (options: { model: string[]; port: string; host: string; audio: string }) => {
      const server = await startDemoServer({ modelDirs: options.model, audioRoot: options.audio, host: options.host, port: parseNumber(options.port, '--port') });
      const models = `model${options.model.length > 1 ? 's' : ''}: ${options.model.join(', ') || 'none'}`;
      console.error(`demo page at ${server.url}/ (${models}; clips go to ${options.audio}/<word>/); Ctrl-C or kill ${process.pid} to stop`);
      // Ctrl-C, kill <pid>, a closed terminal, or the parent (npx, a shell) going away.
      const stop = untilStopped();
      try {
        await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
      } finally {
        stop.dispose();
        await server.close();
      }
    });
}
