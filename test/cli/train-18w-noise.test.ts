import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import seedrandom from 'seedrandom';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { BASE_CACHE } from '../../src/models/registry.ts';
import { writeFileAtomic } from '../../src/platform/files.node.ts';
import { writeSpeechCommandsFixture } from '../models/speech-commands-fixture.ts';
import { chirp, distractor } from '../transfer/tiny-base.ts';
import { runCli } from './run-cli.ts';

// The 18w frontend decodes at 44100 Hz; the CLI once built its augmenter at a literal 16000 Hz,
// so `--base speech-commands-18w` failed whenever audio/noise existed ("noise.wav: is at 16000 Hz,
// the audio at 44100 Hz"). The base here is the 18w fixture in the CLI's base cache.
test('wakeword train --base speech-commands-18w trains with audio/noise present', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wakeword-18w-noise-'));
  try {
    await writeSpeechCommandsFixture(path.join(dir, BASE_CACHE, 'speech-commands-18w'));
    const write = (file: string, samples: Float32Array, sampleRate: number) => writeFileAtomic(path.join(dir, file), encodeWav16({ samples, sampleRate }));
    for (let i = 0; i < 4; i++) {
      const padded = new Float32Array(16000);
      padded.set(chirp(0.5 + 0.03 * i, 16000, 0.4), 4000);
      await write(`audio/chirp/${i}.wav`, padded, 16000);
      await write(`audio/negative/${i}.wav`, distractor(1.5, i), 16000);
    }
    const random = seedrandom('noise');
    await write('audio/noise/noise.wav', Float32Array.from({ length: 16000 * 3 }, () => 0.05 * (2 * random() - 1)), 16000);

    const trained = await runCli(
      ['train', '--word', 'chirp', '--base', 'speech-commands-18w', '--unfreeze', '0', '--copies', '1', '--negative-copies', '1', '--epochs', '1', '--batches', '2', '--members', '1'],
      process.env,
      { cwd: dir },
    ).done;
    assert.equal(trained.code, 0, trained.stderr);
    assert.doesNotMatch(trained.stderr, /skipped .*noise\.wav/);
    assert.match(trained.stdout, /models\/chirp: threshold \d/);
    const metadata = JSON.parse(await readFile(path.join(dir, 'models/chirp/metadata.json'), 'utf8'));
    assert.equal(metadata.base.id, 'speech-commands-18w');
    assert.equal(metadata.frontend.sampleRate, 44100);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
