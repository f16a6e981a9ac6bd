import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { readAudio } from '../../src/audio/read.node.ts';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { launchChromium, skipWithoutChromium } from '../chromium.ts';
import { startDemoServer } from '../../src/web/server.node.ts';
import { onStreamAlexa } from '../../scripts/alexa-split.ts';
import { alexaModelDir } from '../alexa-model.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';

test('the demo page in headless Chromium, with the keyword stream as its microphone, detects "alexa" once', { skip: skipWithoutSharedData() || skipWithoutChromium(), timeout: 900_000 }, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wakeword-demo-'));
  const model = await alexaModelDir();
  // Chromium's fake microphone plays a 16-bit WAV, over and over: the page stops after one pass.
  const stream = await readAudio(sharedPath('streams/multiple_keywords.flac'));
  const wav = path.join(dir, 'microphone.wav');
  await writeFile(wav, encodeWav16(stream));
  const seconds = stream.samples.length / stream.sampleRate;
  const server = await startDemoServer({ modelDir: model, audioRoot: path.join(dir, 'audio'), port: 0 });
  const browser = await launchChromium({ fakeMicrophoneWav: wav });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}/?seconds=${seconds}`);
    await page.waitForSelector('body[data-state="ready"], body[data-state="error"]', { timeout: 60_000 });
    assert.match(await page.textContent('#model') ?? '', /"alexa".*tfjs wasm/);
    assert.match(await page.textContent('#calibration') ?? '', /calibrated for 0\.5 false accepts per hour on [\d.]+ h of negatives it never trained on/);
    assert.match(await page.textContent('#threshold-label') ?? '', /^threshold 0\.\d{4}: at most [\d.]+ false accepts per hour in calibration \(stored\)$/);
    // The most sensitive setting, then back to the stored one for the run below.
    const stored = await page.$eval('#sensitivity', (el) => (el as HTMLInputElement).value);
    await page.$eval('#sensitivity', (el) => ((el as HTMLInputElement).value = (el as HTMLInputElement).max, el.dispatchEvent(new Event('input'))));
    assert.doesNotMatch(await page.textContent('#threshold-label') ?? '', /\(stored\)/);
    await page.$eval('#sensitivity', (el, value) => ((el as HTMLInputElement).value = value, el.dispatchEvent(new Event('input'))), stored);
    await page.click('#mic');
    await page.waitForSelector('body[data-state="stopped"], body[data-state="error"]', { timeout: (seconds + 60) * 1000 });
    assert.deepEqual(errors, []);
    assert.match(await page.textContent('#state') ?? '', /stopped after/);
    const times = await page.$$eval('[data-detection]', (items) => items.map((item) => Number(item.getAttribute('data-detection'))));
    assert.equal(times.length, 1, `detections at ${times.join(', ')} s`);
    assert.ok(onStreamAlexa(times[0]!), `detected at ${times[0]} s`);
  } finally {
    await browser.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
});
