// Drives a page that listens to the shared keyword stream through Chromium's fake microphone
// (not a test file itself): the toolkit's own page and the web example share it.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { readAudio } from '../../src/audio/read.node.ts';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { onStreamAlexa } from '../../scripts/alexa-split.ts';
import { launchChromium } from '../chromium.ts';
import { sharedPath } from '../shared-data.ts';

/**
 * Opens `url` with multiple_keywords.flac as the microphone (Chromium loops a 16-bit WAV, so the
 * page is asked to stop after one pass with ?seconds=), lets `start` check the page and start
 * listening, waits for it to stop, and checks the one detection lies on the stream's "alexa"
 * (one for each of the `models` alexa detectors the page runs). Returns the detections' `data-word`s.
 */
export async function expectOneAlexa(dir: string, url: string, start: (page: Page) => Promise<void>, models = 1): Promise<(string | null)[]> {
  const stream = await readAudio(sharedPath('streams/multiple_keywords.flac'));
  const wav = path.join(dir, 'microphone.wav');
  await writeFile(wav, encodeWav16(stream));
  const seconds = stream.samples.length / stream.sampleRate;
  const browser = await launchChromium({ fakeMicrophoneWav: wav });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/?seconds=${seconds}`);
    await page.waitForSelector('body[data-state="ready"], body[data-state="error"]', { timeout: 60_000 });
    await start(page);
    await page.waitForSelector('body[data-state="stopped"], body[data-state="error"]', { timeout: (seconds + 60) * 1000 });
    assert.deepEqual(errors, []);
    const found = await page.$$eval('[data-detection]', (items) => items.map((item) => [Number(item.getAttribute('data-detection')), item.getAttribute('data-word')] as const));
    const times = found.map(([t]) => t);
    assert.equal(times.length, models, `detections at ${times.join(', ')} s`);
    for (const t of times) assert.ok(onStreamAlexa(t), `detected at ${t} s`);
    return found.map(([, word]) => word);
  } finally {
    await browser.close();
  }
}
