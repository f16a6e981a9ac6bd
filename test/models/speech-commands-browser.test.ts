import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createBrowserFftFrontend } from '../../src/frontends/browser-fft.ts';
import { computeFrames } from '../../src/frontends/types.ts';
import { exportSpeechCommandsModel, fetchSpeechCommands18w, loadSpeechCommands18w } from '../../src/models/speech-commands.node.ts';
import { bundleForBrowser } from '../../src/platform/browser-bundle.node.ts';
import { launchChromium, serveLocally, skipWithoutChromium, staticFiles } from '../chromium.ts';
import { writeSpeechCommandsFixture } from './speech-commands-fixture.ts';

/** The real library and tfjs from node_modules. */
const LIBRARY_ENTRY = `
import * as tf from '@tensorflow/tfjs';
import * as speechCommands from '@tensorflow-models/speech-commands';
Object.assign(globalThis, { tf, speechCommands });
`;
/** The library's ESM build imports Node's util and fs for its Node-only file:// metadata path. */
const NODE_ONLY = { util: 'export function promisify() { throw new Error("not in a browser"); }', fs: 'export default {};' };

/** Two 43-frame browser-fft windows: a tone sweep and a noisy chord, raw dB as recognize() gets them. */
function spectrograms(): Float32Array[] {
  const sweep = Float32Array.from({ length: 44 * 1024 }, (_, i) => 0.4 * Math.sin(2 * Math.PI * (300 + 2000 * (i / 44100)) * (i / 44100)));
  const chord = Float32Array.from({ length: 44 * 1024 }, (_, i) => 0.2 * (Math.sin(i / 9) + Math.sin(i / 4.1)) + 0.05 * Math.sin(i * i));
  return [sweep, chord].map((audio) => {
    const frames = computeFrames(createBrowserFftFrontend(), audio).slice(0, 43);
    const window = new Float32Array(43 * 232);
    frames.forEach((frame, f) => window.set(frame, f * 232));
    return window;
  });
}

test('an exported 18w model loads unchanged in the real speech-commands library in Chromium', { skip: skipWithoutChromium() }, async () => {
  await tf.setBackend('cpu');
  const script = await bundleForBrowser({ source: LIBRARY_ENTRY, resolveDir: process.cwd() }, { shims: NODE_ONLY });
  const dir = await mkdtemp(path.join(tmpdir(), 'speech-commands-browser-'));
  const browser = await launchChromium();
  const models = staticFiles(dir);
  const server = await serveLocally((request, response) => {
    if (request.url === '/') return void response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script src="/library.js"></script>');
    if (request.url === '/library.js') return void response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    return models(request, response);
  });
  try {
    await writeSpeechCommandsFixture(path.join(dir, 'fixture'));
    await fetchSpeechCommands18w(path.join(dir, 'base'), { from: path.join(dir, 'fixture') });
    const base = await loadSpeechCommands18w(path.join(dir, 'base'));
    const head = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2000], units: 3, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) })] });
    const labels = ['_background_noise_', '_unknown_', 'alexa'];
    await exportSpeechCommandsModel(base, head, labels, path.join(dir, 'alexa'));

    const inputs = spectrograms();
    const expected = inputs.map((x) => {
      const scores = tf.tidy(() => head.predict(base.network.predict(tf.tensor4d(x, [1, 43, 232, 1])) as tf.Tensor) as tf.Tensor);
      const values = Array.from(scores.dataSync());
      scores.dispose();
      return values;
    });

    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    const result = await page.evaluate(
      async ({ url, windows }) => {
        const { tf, speechCommands } = globalThis as unknown as { tf: typeof import('@tensorflow/tfjs'); speechCommands: typeof import('@tensorflow-models/speech-commands') };
        await tf.setBackend('cpu');
        const recognizer = speechCommands.create('BROWSER_FFT', undefined, `${url}/alexa/model.json`, `${url}/alexa/metadata.json`);
        await recognizer.ensureModelLoaded();
        const scores: number[][] = [];
        for (const values of windows) {
          const x = tf.tensor4d(values, [1, 43, 232, 1]);
          const { scores: s } = await recognizer.recognize(x);
          scores.push(Array.from(s as Float32Array));
          x.dispose();
        }
        return { labels: recognizer.wordLabels(), inputShape: recognizer.modelInputShape(), scores, tfVersion: tf.version.tfjs };
      },
      { url: server.url, windows: inputs.map((x) => Array.from(x)) },
    );
    assert.deepEqual(result.labels, labels);
    assert.deepEqual(result.inputShape, [null, 43, 232, 1]);
    assert.equal(result.tfVersion, '4.22.0');
    for (const [i, scores] of result.scores.entries()) {
      for (const [k, score] of scores.entries()) assert.ok(Math.abs(score - expected[i]![k]!) < 1e-5, `window ${i} word ${k}: ${score} in Chromium, ${expected[i]![k]} in Node`);
    }
    base.network.dispose();
    head.dispose();
  } finally {
    await server.close();
    await browser.close();
    await rm(dir, { recursive: true, force: true });
  }
});
