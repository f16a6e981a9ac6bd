import assert from 'node:assert/strict';
import { test } from 'node:test';
import ort from 'onnxruntime-node';
import { readAudio } from '../../src/audio/read.node.ts';
import { createSpeechEmbeddingFrontend } from '../../src/frontends/speech-embedding.ts';
import { computeFrames } from '../../src/frontends/types.ts';
import { openWakeWordFile } from '../../src/models/openwakeword-files.node.ts';
import { listAudioFiles } from '../../src/platform/files.node.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';

/** openWakeWord's live mel: each 1280-sample chunk plus 480 samples of left context, run alone. */
async function referenceFrames(session: ort.InferenceSession, samples: Float32Array): Promise<Float32Array[]> {
  const padded = new Float32Array(480 + samples.length);
  padded.set(samples, 480);
  const frames: Float32Array[] = [];
  for (let start = 0; start + 1760 <= padded.length; start += 1280) {
    const chunk = padded.slice(start, start + 1760).map((x) => x * 32768);
    const { output } = await session.run({ input: new ort.Tensor('float32', chunk, [1, 1760]) });
    const data = output!.data as Float32Array;
    for (let f = 0; f < 8; f++) frames.push(data.slice(f * 32, f * 32 + 32).map((x) => x / 10 + 2));
  }
  return frames;
}

test('speech-embedding frontend matches melspectrogram.onnx on all shared alexa clips', { skip: skipWithoutSharedData() }, async () => {
  const session = await ort.InferenceSession.create(openWakeWordFile('melspectrogram'));
  const frontend = createSpeechEmbeddingFrontend();
  const files = await listAudioFiles(sharedPath('alexa'));
  assert.equal(files.length, 200);
  let worst = 0;
  for (const file of files) {
    const { samples } = await readAudio(file, 16000);
    const ours = computeFrames(frontend, samples);
    const reference = await referenceFrames(session, samples);
    assert.equal(ours.length, reference.length, file);
    for (let f = 0; f < ours.length; f++) {
      for (let b = 0; b < 32; b++) worst = Math.max(worst, Math.abs(ours[f]![b]! - reference[f]![b]!));
    }
  }
  assert.ok(worst <= 0.01, `max abs difference ${worst}`);
});

test('streaming in odd-sized pieces gives the same frames as one push', () => {
  const samples = Float32Array.from({ length: 16000 }, (_, i) => Math.sin(i / 7) * 0.3 + Math.sin(i / 53) * 0.2);
  const whole = computeFrames(createSpeechEmbeddingFrontend(), samples);
  const streamed: Float32Array[] = [];
  const frontend = createSpeechEmbeddingFrontend();
  for (let i = 0; i < samples.length; i += 333) streamed.push(...frontend.push(samples.subarray(i, i + 333)));
  assert.equal(whole.length, 96);
  assert.deepEqual(streamed, whole);
});
