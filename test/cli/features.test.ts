import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Command } from 'commander';
import { PNG } from 'pngjs';
import { encodeWav16 } from '../../src/audio/wav.ts';
import register from '../../src/cli/commands/features.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'features-'));
after(() => rm(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<string> {
  const program = new Command().exitOverride();
  register(program);
  const lines: string[] = [];
  const log = console.log;
  console.log = (line: string) => lines.push(line);
  try {
    await program.parseAsync(['node', 'wakeword', 'features', ...args]);
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

test('features --png draws a time x bins spectrogram of the chosen frontend', async () => {
  const wav = path.join(dir, 'tone.wav');
  const samples = Float32Array.from({ length: 44100 }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 1000 * i) / 44100));
  await writeFile(wav, encodeWav16({ samples, sampleRate: 44100 }));
  const png = path.join(dir, 'out', 'tone.png');
  const output = await run(wav, '--frontend', 'browser-fft', '--png', png);
  assert.match(output, /43 frames x 232 bins \(browser-fft/);
  const image = PNG.sync.read(await readFile(png));
  assert.equal(image.height, 232);
  assert.equal(image.width, 43 * 8);
  // The 1 kHz tone is the brightest row: bin 46 (21.5 Hz per bin), drawn 46 rows above the bottom.
  const row = 231 - 46;
  const brightness = (y: number) => image.data[(y * image.width + 100) * 4 + 1]!;
  assert.ok(brightness(row) > brightness(row - 30) && brightness(row) > brightness(row + 30));
});

test('features --png on a clip shorter than one frame is a one-line input error', async () => {
  const wav = path.join(dir, 'short.wav');
  await writeFile(wav, encodeWav16({ samples: new Float32Array(500), sampleRate: 44100 }));
  await assert.rejects(run(wav, '--frontend', 'browser-fft', '--png', path.join(dir, 'short.png')), { name: 'InputError', message: /short\.wav: too short for one browser-fft frame/ });
});
