import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import * as esbuild from 'esbuild';
import { alexaModelDir } from '../alexa-model.ts';
import { serveLocally, skipWithoutChromium } from '../chromium.ts';
import { skipWithoutSharedData } from '../shared-data.ts';
import { expectOneAlexa } from './keyword-stream-page.ts';

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

    const server = await serveLocally(site);
    try {
      await expectOneAlexa(dir, server.url, async (page) => {
        assert.match(await page.textContent('#status') ?? '', /^ready: say "alexa"$/);
        await page.click('#start');
      });
    } finally {
      await server.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
