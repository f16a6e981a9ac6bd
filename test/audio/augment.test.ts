import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUGMENTATIONS, createAugmenter, createAugmenterFactory, resolveAugmentOptions, type AugmentSettings } from '../../src/audio/augment.ts';
import { meanPower, peak } from '../../src/audio/levels.ts';
import { activePower } from '../../src/audio/mix.ts';
import { findSpeechBounds } from '../../src/audio/speech-bounds.ts';
import { bandPower, db, fakeWord, whiteNoise } from './signals.ts';

/** Settings that run only `step`, always, with `values`. */
function only(step: (typeof AUGMENTATIONS)[number], values: Record<string, unknown> = {}): AugmentSettings {
  const settings: Record<string, Record<string, unknown>> = {};
  for (const name of AUGMENTATIONS) settings[name] = { probability: name === step ? 1 : 0 };
  Object.assign(settings[step]!, values);
  return settings as AugmentSettings;
}

const word = fakeWord();

test('noise: the mixed clip measures the drawn SNR within 0.5 dB, from the pool or generated', async () => {
  const pool = [{ ...whiteNoise(8000, 'pool'), name: 'hum.wav' }];
  for (const generatedShare of [0, 1]) {
    const augment = await createAugmenter(only('noise', { snrDb: [10, 10], generatedShare }), pool, 1);
    const applied: string[] = [];
    const out = augment(word, applied);
    const noise = out.samples.map((x, i) => x - word.samples[i]!);
    assert.ok(Math.abs(db(activePower(word) / meanPower(noise)) - 10) < 0.5);
    assert.match(applied[0]!, generatedShare === 0 ? /hum\.wav at 10\.0 dB/ : /(white|pink|brown) noise at 10\.0 dB/);
  }
});

test('noise fills a silent clip too, at the SNR below a -20 dBFS reference', async () => {
  const silence = { samples: new Float32Array(8000), sampleRate: 16000 };
  const out = (await createAugmenter(only('noise', { snrDb: [10, 10] }), [], 2))(silence);
  assert.ok(Math.abs(db(meanPower(out.samples)) + 30) < 0.5);
});

test('reverb lengthens the decay after the word', async () => {
  const out = (await createAugmenter(only('reverb', { rt60: [0.8, 0.8], directToReverbDb: [0, 0] }), [], 3))(word);
  const end = Math.round(1.0 * 16000);
  const after = (samples: Float32Array) => meanPower(samples, end + 800, end + 3200);
  assert.equal(after(word.samples), 0);
  assert.ok(db(after(out.samples) / meanPower(word.samples)) > -40);
});

test('band-limit: the telephone band removes energy above 3400 Hz', async () => {
  const noisy = whiteNoise(16000, 'wide');
  const out = (await createAugmenter(only('bandLimit', { kinds: ['telephone'] }), [], 4))(noisy);
  assert.ok(db(bandPower(out, 4600, 8000) / bandPower(noisy, 4600, 8000)) < -30);
  const mic = (await createAugmenter(only('bandLimit', { kinds: ['cheap-mic'] }), [], 4))(noisy);
  assert.ok(db(bandPower(mic, 7500, 8000) / bandPower(noisy, 7500, 8000)) < -10);
});

test('gain scales by the drawn dB; clipping caps the peak at the drawn level', async () => {
  const louder = (await createAugmenter(only('gain', { db: [6, 6] }), [], 5))(word);
  assert.ok(Math.abs(db(meanPower(louder.samples) / meanPower(word.samples)) - 6) < 1e-3);
  const clipped = (await createAugmenter(only('clip', { levelDb: [-6, -6] }), [], 5))(word);
  assert.ok(Math.abs(peak(clipped.samples) - peak(word.samples) / 2) < 0.01);
});

test('shift moves the word inside the window without cutting it', async () => {
  const before = findSpeechBounds(word)!;
  const factory = await createAugmenterFactory(only('shift', { maxSeconds: 1 }));
  for (let seed = 0; seed < 10; seed++) {
    const out = factory(seed)(word);
    const after = findSpeechBounds(out)!;
    assert.ok(Math.abs(after.end - after.start - (before.end - before.start)) < 0.02, 'same length of speech');
    assert.ok(after.start >= 0 && after.end <= 1.4);
  }
});

test('speed perturbation raises pitch and shortens speech by the factor, keeping the window and the end of the word', async () => {
  const out = (await createAugmenter(only('speed', { factor: [1.1, 1.1] }), [], 6))(word);
  assert.equal(out.samples.length, word.samples.length);
  const ratio = (audio: typeof word) => bandPower(audio, 230, 260) / bandPower(audio, 200, 230);
  assert.ok(ratio(out) > 10 * ratio(word), 'the 220 Hz tone moved to 242 Hz');
  const span = (audio: typeof word) => findSpeechBounds(audio)!.end - findSpeechBounds(audio)!.start;
  assert.ok(Math.abs(span(out) - span(word) / 1.1) < 0.03);
  assert.ok(Math.abs(findSpeechBounds(out)!.end - findSpeechBounds(word)!.end) < 0.02, 'the word still ends where it did');
});

test('augmentation is reproducible from the seed and keeps length and rate', async () => {
  const factory = await createAugmenterFactory({ noise: { probability: 1 } }, [{ ...whiteNoise(4000), name: 'n' }]);
  const a = factory('seed')(word);
  assert.deepEqual(a, factory('seed')(word));
  assert.notDeepEqual(a, factory('other')(word));
  for (let seed = 0; seed < 20; seed++) {
    const out = factory(seed)(word);
    assert.equal(out.sampleRate, 16000);
    assert.equal(out.samples.length, word.samples.length);
    assert.ok(out.samples.every(Number.isFinite));
  }
});

test('options are checked with messages that name the option', () => {
  assert.throws(() => resolveAugmentOptions({ noise: { snrDb: [20, 0] } }), /noise\.snrDb.*low <= high/);
  assert.throws(() => resolveAugmentOptions({ reverb: { probability: 2 } }), /reverb\.probability.*0 to 1/);
  assert.throws(() => resolveAugmentOptions({ echo: {} } as AugmentSettings), /augmentation 'echo': unknown/);
  assert.throws(() => resolveAugmentOptions({ noise: { colors: ['blue'] } } as unknown as AugmentSettings), /blue/);
  assert.equal(resolveAugmentOptions({ gain: { db: [0, 1] } }).gain.probability, 0.5);
});
