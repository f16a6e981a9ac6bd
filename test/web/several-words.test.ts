import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { skipWithoutChromium } from '../chromium.ts';
import { startDemoServer } from '../../src/web/server.node.ts';
import { alexaModelDir } from '../alexa-model.ts';
import { skipWithoutSharedData } from '../shared-data.ts';
import { expectOneAlexa } from './keyword-stream-page.ts';

test('the demo page runs two models on one embedding pass: each finds the stream\'s "alexa" once and names it', { skip: skipWithoutSharedData() || skipWithoutChromium(), timeout: 900_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wakeword-words-'));
  const model = await alexaModelDir();
  // The same detector under another name: a second word on the same base.
  const copy = path.join(dir, 'alexa-copy');
  await cp(model, copy, { recursive: true });
  const metadata = JSON.parse(await readFile(path.join(model, 'metadata.json'), 'utf8'));
  await writeFile(path.join(copy, 'metadata.json'), JSON.stringify({ ...metadata, name: 'alexa-copy' }));
  const server = await startDemoServer({ modelDirs: [model, copy], audioRoot: path.join(dir, 'audio'), port: 0 });
  try {
    const words = await expectOneAlexa(dir, server.url, async (page) => {
      const line = new RegExp(`^"alexa" \\(${metadata.name}\\), threshold 0\\.\\d{4}; "alexa" \\(alexa-copy\\), threshold 0\\.\\d{4}, tfjs wasm$`);
      assert.match(await page.textContent('#model') ?? '', line);
      assert.deepEqual(await page.$$eval('#sensitivity-word option', (options) => options.map((o) => o.textContent)), [`of "alexa" (${metadata.name})`, 'of "alexa" (alexa-copy)']);
      await page.click('#mic');
    }, 2);
    assert.deepEqual(words.sort(), ['alexa-copy', metadata.name].sort());
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
