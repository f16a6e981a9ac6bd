import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import seedrandom from 'seedrandom';
import { readAudio } from '../../src/audio/read.node.ts';
import { createBrowserFftFrontend } from '../../src/frontends/browser-fft.ts';
import { computeFrames } from '../../src/frontends/types.ts';
import { launchChromium, skipWithoutChromium } from '../chromium.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';

/**
 * What the speech-commands library reads: a real AnalyserNode (fftSize 2048, no smoothing) in
 * an OfflineAudioContext at 44.1 kHz, suspended every 1024 samples, first 232 bins.
 */
async function browserFrames(page: Page, samples: Float32Array): Promise<number[][]> {
  return page.evaluate(async (input: number[]) => {
    const rate = 44100;
    const context = new OfflineAudioContext(1, input.length, rate);
    const buffer = context.createBuffer(1, input.length, rate);
    buffer.getChannelData(0).set(input);
    const source = context.createBufferSource();
    source.buffer = buffer;
    const analyser = context.createAnalyser();
    analyser.fftSize = 2048;
    analyser.smoothingTimeConstant = 0;
    source.connect(analyser);
    analyser.connect(context.destination);
    source.start(0);
    const frames: number[][] = [];
    for (let k = 1; k * 1024 <= input.length; k++) {
      void context.suspend((k * 1024) / rate).then(() => {
        const data = new Float32Array(1024);
        analyser.getFloatFrequencyData(data);
        frames.push(Array.from(data.subarray(0, 232)));
        void context.resume();
      });
    }
    await context.startRendering();
    return frames;
  }, Array.from(samples));
}

/** Worst per-bin difference in dB where the browser reads above -100 dB; checks digital silence too. */
function compare(ours: Float32Array[], theirs: number[][]): { worst: number; compared: number } {
  assert.equal(ours.length, theirs.length);
  let worst = 0;
  let compared = 0;
  for (let f = 0; f < ours.length; f++) {
    for (let b = 0; b < 232; b++) {
      const browser = theirs[f]![b]!;
      if (browser === -Infinity) assert.equal(ours[f]![b], -200, `frame ${f} bin ${b}: silence`);
      if (browser <= -100) continue;
      worst = Math.max(worst, Math.abs(ours[f]![b]! - browser));
      compared++;
    }
  }
  return { worst, compared };
}

/** Tones, a chirp and noise, with digital silence at the start and in the middle. */
function syntheticSignal(): Float32Array {
  const random = seedrandom('browser-fft');
  return Float32Array.from({ length: 44100 * 1.5 }, (_, i) => {
    if (i < 3000 || (i > 30000 && i < 36000)) return 0;
    const t = i / 44100;
    return 0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.2 * Math.sin(2 * Math.PI * (200 + 3000 * t) * t) + 0.05 * (random() - 0.5);
  });
}

const skip = skipWithoutChromium();
let browser: Browser | undefined;
let page: Page;

before(async () => {
  if (skip) return;
  browser = await launchChromium();
  page = await browser.newPage();
});

after(async () => {
  await browser?.close();
});

test('browser-fft matches a real AnalyserNode in Chromium on a synthetic signal', { skip }, async () => {
  const samples = syntheticSignal();
  const { worst, compared } = compare(computeFrames(createBrowserFftFrontend(), samples), await browserFrames(page, samples));
  assert.ok(compared > 10000, `only ${compared} bins above -100 dB`);
  assert.ok(worst <= 0.1, `max difference ${worst} dB`);
});

test('browser-fft matches a real AnalyserNode in Chromium on real alexa clips', { skip: skip || skipWithoutSharedData() }, async () => {
  for (const clip of ['0.flac', '57.flac', '123.flac']) {
    const { samples } = await readAudio(sharedPath('alexa', 'picovoice', clip), 44100);
    const { worst, compared } = compare(computeFrames(createBrowserFftFrontend(), samples), await browserFrames(page, samples));
    assert.ok(compared > 5000, `${clip}: only ${compared} bins above -100 dB`);
    assert.ok(worst <= 0.1, `${clip}: max difference ${worst} dB`);
  }
});

test('browser-fft streams: odd-sized pushes give the same frames as one push', () => {
  const samples = syntheticSignal();
  const whole = computeFrames(createBrowserFftFrontend(), samples);
  const frontend = createBrowserFftFrontend();
  const streamed: Float32Array[] = [];
  for (let i = 0; i < samples.length; i += 777) streamed.push(...frontend.push(samples.subarray(i, i + 777)));
  assert.equal(whole.length, Math.floor(samples.length / 1024));
  assert.deepEqual(streamed, whole);
});
