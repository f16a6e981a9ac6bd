import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { importSpeechEmbedding } from '../../src/models/speech-embedding.node.ts';
import { bundleForBrowser } from '../../src/platform/browser-bundle.node.ts';
import { launchChromium, serveLocally, skipWithoutChromium } from '../chromium.ts';
import { selectBackend } from '../../src/platform/backend.node.ts';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** What a web page does with the cached base: load it, embed a window, stream a clip. */
const PAGE_SOURCE = `
import * as tf from '@tensorflow/tfjs';
import { speechEmbeddingBase } from ${JSON.stringify(path.join(SRC, 'models/speech-embedding.ts'))};
window.embed = async (frames) => {
  await tf.setBackend('cpu');
  const base = speechEmbeddingBase(await tf.loadLayersModel('/model.json'));
  const window76 = tf.tensor4d(frames.slice(0, 76).flat(), [1, 76, 32, 1]);
  const single = Array.from(await base.network.predict(window76).data());
  const streamed = base.createEmbeddingStream().push(frames.map((f) => Float32Array.from(f))).map((e) => Array.from(e));
  return { single, streamed, blocks: base.unfreezableBlocks.length };
};
`;

test('the cached speech-embedding model loads in Chromium with tf.loadLayersModel and embeds as in Node', { skip: skipWithoutChromium() }, async () => {
  await selectBackend('wasm');
  const dir = await mkdtemp(path.join(tmpdir(), 'wakeword-browser-base-'));
  const browser = await launchChromium();
  const server = await serveLocally(dir);
  try {
    const network = await importSpeechEmbedding(dir);
    await writeFile(path.join(dir, 'page.js'), await bundleForBrowser({ source: PAGE_SOURCE, resolveDir: SRC }));
    await writeFile(path.join(dir, 'index.html'), '<script src="page.js"></script>');
    const frames = Array.from({ length: 76 + 8 * 3 }, (_, f) => Array.from({ length: 32 }, (_, b) => 1 + Math.sin(f * 0.21 + b * 0.9)));
    const expected = tf.tidy(() => (network.predict(tf.tensor4d(frames.slice(0, 76).flat(), [1, 76, 32, 1])) as tf.Tensor).arraySync() as number[][])[0]!;
    network.dispose();

    const page = await browser.newPage();
    await page.goto(`${server.url}/index.html`);
    const result = await page.evaluate((input) => (window as unknown as { embed(f: number[][]): Promise<{ single: number[]; streamed: number[][]; blocks: number }> }).embed(input), frames);
    assert.equal(result.blocks, 20);
    assert.equal(result.streamed.length, 4);
    const worst = (a: number[]) => Math.max(...a.map((v, i) => Math.abs(v - expected[i]!)));
    assert.ok(worst(result.single) <= 1e-4, `browser window differs from Node by ${worst(result.single)}`);
    assert.ok(worst(result.streamed[0]!) <= 1e-4, `browser stream differs from Node by ${worst(result.streamed[0]!)}`);
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
