import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { skipWithoutChromium } from '../chromium.ts';
import { startDemoServer } from '../../src/web/server.node.ts';
import { alexaModelDir } from '../alexa-model.ts';
import { skipWithoutSharedData } from '../shared-data.ts';
import { expectOneAlexa } from './keyword-stream-page.ts';

test('the demo page in headless Chromium, with the keyword stream as its microphone, detects "alexa" once', { skip: skipWithoutSharedData() || skipWithoutChromium(), timeout: 900_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wakeword-demo-'));
  const model = await alexaModelDir();
  const server = await startDemoServer({ modelDir: model, audioRoot: path.join(dir, 'audio'), port: 0 });
  try {
    await expectOneAlexa(dir, server.url, async (page) => {
      assert.match(await page.textContent('#model') ?? '', /"alexa".*tfjs wasm/);
      assert.match(await page.textContent('#calibration') ?? '', /calibrated for 0\.5 false accepts per hour on [\d.]+ h of negatives it never trained on/);
      assert.match(await page.textContent('#threshold-label') ?? '', /^threshold 0\.\d{4}: at most [\d.]+ false accepts per hour in calibration \(stored\)$/);
      // The most sensitive setting, then back to the stored one for the run.
      const stored = await page.$eval('#sensitivity', (el) => (el as HTMLInputElement).value);
      await page.$eval('#sensitivity', (el) => ((el as HTMLInputElement).value = (el as HTMLInputElement).max, el.dispatchEvent(new Event('input'))));
      assert.doesNotMatch(await page.textContent('#threshold-label') ?? '', /\(stored\)/);
      await page.$eval('#sensitivity', (el, value) => ((el as HTMLInputElement).value = value, el.dispatchEvent(new Event('input'))), stored);
      await page.click('#mic');
    });
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
