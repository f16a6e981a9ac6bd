import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { readAudio } from '../../src/audio/read.node.ts';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { onStreamAlexa } from '../../scripts/alexa-split.ts';
import { alexaModelDir } from '../alexa-model.ts';
import { launchChromium, serveLocally, skipWithoutChromium } from '../chromium.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';

// examples/web as its README says to build and serve it: main.ts bundled by esbuild with
// 'wakeword-transfer' aliased to the portable entry, beside index.html, the worklet, the tfjs
// wasm binaries under wasm/ and a detector folder under model/, on a plain static server.

const ROOT = path.resolve(import.meta.dirname, '../..');
const EXAMPLE = path.join(ROOT, 'examples/web');
const WASM_DIR = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

test('the web example, bundled and served statically, detects "alexa" once in headless Chromium with the keyword stream as its microphone', { skip: skipWithoutSharedData() || skipWithoutChromium(), timeout: 900_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wakeword-example-'));
  const site = path.join(dir, 'site');
  try {
    const built = await esbuild.build({
      entryPoints: [path.join(EXAMPLE, 'main.ts')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      alias: { 'wakeword-transfer': path.join(ROOT, 'src/index.ts') },
      outfile: path.join(site, 'main.js'),
      metafile: true,
      logLevel: 'silent',
    });
    assert.deepEqual(built.errors, []);
    const inputs = Object.keys(built.metafile.inputs);
    assert.ok(inputs.includes('src/detect/load.ts'), 'the portable entry is bundled from the repository');
    const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    assert.deepEqual(inputs.filter((file) => file.startsWith('node:') || builtins.has(file) || /\.node\.(ts|js)$/.test(file)), []);
    const external = Object.values(built.metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
    assert.deepEqual(external, []);

    await cp(path.join(EXAMPLE, 'index.html'), path.join(site, 'index.html'));
    await cp(path.join(EXAMPLE, 'capture-worklet.js'), path.join(site, 'capture-worklet.js'));
    await mkdir(path.join(site, 'wasm'));
    for (const file of WASM_FILES) await cp(path.join(WASM_DIR, file), path.join(site, 'wasm', file));
    await cp(await alexaModelDir(), path.join(site, 'model'), { recursive: true });

    // Chromium's fake microphone loops a 16-bit WAV: the page stops after one pass (?seconds=).
    const stream = await readAudio(sharedPath('streams/multiple_keywords.flac'));
    const wav = path.join(dir, 'microphone.wav');
    await writeFile(wav, encodeWav16(stream));
    const seconds = stream.samples.length / stream.sampleRate;

    const server = await serveLocally(site);
    const browser = await launchChromium({ fakeMicrophoneWav: wav });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}/?seconds=${seconds}`);
      await page.waitForSelector('body[data-state="ready"], body[data-state="error"]', { timeout: 60_000 });
      assert.match(await page.textContent('#status') ?? '', /^ready: say "alexa"$/);
      await page.click('#start');
      await page.waitForSelector('body[data-state="stopped"], body[data-state="error"]', { timeout: (seconds + 60) * 1000 });
      assert.deepEqual(errors, []);
      assert.match(await page.textContent('#status') ?? '', /^stopped after \d+\.\d s$/);
      const times = await page.$$eval('[data-detection]', (items) => items.map((item) => Number(item.getAttribute('data-detection'))));
      assert.equal(times.length, 1, `detections at ${times.join(', ')} s`);
      assert.ok(onStreamAlexa(times[0]!), `detected at ${times[0]} s`);
    } finally {
      await browser.close();
      await server.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
