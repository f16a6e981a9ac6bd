import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OpenWakeWordReference } from '../../scripts/bench/openwakeword-reference.ts';
import { readAudio } from '../../src/audio/read.node.ts';
import { detections } from '../../src/detect/decide.ts';
import { listAudioFiles } from '../../src/platform/files.node.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';

const SETTINGS = { threshold: 0.5, refractorySeconds: 2 };

test('openWakeWord reference fires once on the keyword stream, at the alexa', { skip: skipWithoutSharedData() }, async () => {
  const reference = await OpenWakeWordReference.create();
  const { samples } = await readAudio(sharedPath('streams/multiple_keywords.flac'), 16000);
  const steps = await reference.push(samples);
  assert.equal(steps.length, Math.floor(samples.length / 1280));
  assert.ok(Math.abs(steps[0]!.t - 0.08) < 1e-9);
  // openWakeWord zeroes its first five predictions.
  assert.deepEqual(steps.slice(0, 5).map((s) => s.score), [0, 0, 0, 0, 0]);
  const fired = detections(steps, SETTINGS);
  assert.equal(fired.length, 1, JSON.stringify(fired));
  assert.ok(fired[0]!.t >= 7.5 && fired[0]!.t <= 9, `fired at ${fired[0]!.t} s`);
});

test('openWakeWord reference fires on shared alexa clips, fed in any chunk sizes', { skip: skipWithoutSharedData() }, async () => {
  const reference = await OpenWakeWordReference.create();
  const files = (await listAudioFiles(sharedPath('alexa'))).filter((_, i) => i % 4 === 0);
  let fired = 0;
  for (const file of files) {
    const { samples } = await readAudio(file, 16000);
    // As openWakeWord's predict_clip does: a second of silence before and after.
    const padded = new Float32Array(samples.length + 32000);
    padded.set(samples, 16000);
    reference.reset();
    const steps = [];
    for (let i = 0; i < padded.length; i += 1000) steps.push(...(await reference.push(padded.subarray(i, i + 1000))));
    if (detections(steps, SETTINGS).length > 0) fired++;
  }
  assert.ok(fired >= 0.9 * files.length, `fired on ${fired} of ${files.length}`);
});
