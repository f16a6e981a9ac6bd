import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkClip } from '../../src/audio/levels.ts';
import { synthesize } from '../../src/audio/synthesize.node.ts';
import { espeakInventory, phonemize } from '../../src/audio/tts-espeak.ts';
import { ESPEAK_VARIANTS, ESPEAK_VOICES, FLITE_VOICES, type SynthesisSpec } from '../../src/audio/tts-voices.ts';

const espeak: SynthesisSpec = { engine: 'espeak', text: 'hey alexa', voice: 'gmw/en-US', variant: 'f3', rate: 175, pitch: 50, range: 50 };
const flite: SynthesisSpec = { engine: 'flite', text: 'hey alexa', voice: 'slt', rate: 1, pitch: 180 };

test('both engines speak: audible, not clipped, the expected rate and a plausible length', async () => {
  for (const [spec, rate] of [[espeak, 22050], [flite, 16000], [{ ...flite, voice: 'kal' }, 8000]] as const) {
    const audio = await synthesize(spec);
    assert.equal(audio.sampleRate, rate);
    const check = checkClip(audio);
    assert.ok(check.seconds > 0.4 && check.seconds < 3, `${spec.engine}: ${check.seconds} s`);
    assert.deepEqual(check.problems, [], `${spec.engine}: ${JSON.stringify(check.problems)}`);
  }
});

test('synthesis is deterministic and its settings change the audio', async () => {
  for (const spec of [espeak, flite]) {
    const a = await synthesize(spec);
    assert.deepEqual((await synthesize(spec)).samples, a.samples);
    const slower = await synthesize({ ...spec, rate: spec.rate * (spec.engine === 'espeak' ? 0.7 : 0.75) });
    assert.ok(slower.samples.length > a.samples.length * 1.15, `${spec.engine}: a lower rate speaks longer`);
  }
  const lower = await synthesize({ ...espeak, pitch: 10 });
  assert.notDeepEqual(lower.samples, (await synthesize(espeak)).samples);
});

test('eSpeak carries nothing from one utterance to the next, long texts included', async () => {
  // Each call restores the engine's start-up memory; a text far longer than the start-up buffers
  // must neither change with repetition nor change what comes after it.
  const long = { ...espeak, text: 'The committee deliberated at length about the long-term consequences of an extraordinarily complicated and verbose sentence, which certainly runs past two hundred bytes of text, before it adjourned.' };
  const before = (await synthesize(espeak)).samples;
  const first = (await synthesize(long)).samples;
  assert.ok(first.length > 22050 * 5, `long text: ${first.length} samples`);
  assert.deepEqual((await synthesize(long)).samples, first);
  assert.deepEqual((await synthesize(espeak)).samples, before);
});

test('unknown voices are refused instead of silently falling back', async () => {
  await assert.rejects(synthesize({ ...espeak, voice: 'gmw/en-XX' }), /espeak voice 'gmw\/en-XX\+f3': unknown/);
  await assert.rejects(synthesize({ ...flite, voice: 'nope' as 'slt' }), /flite voice 'nope': unknown/);
});

test('the voice catalogue matches what the installed eSpeak offers', async () => {
  const { voices, variants } = await espeakInventory();
  assert.deepEqual([...voices].sort(), [...ESPEAK_VOICES].sort());
  assert.deepEqual([...variants].sort(), ESPEAK_VARIANTS.filter(Boolean).sort());
  assert.deepEqual(Object.keys(FLITE_VOICES), ['kal', 'kal16', 'awb', 'rms', 'slt']);
});

test('phonemize gives eSpeak phonemes without stress marks', async () => {
  assert.deepEqual(await phonemize(['alexa', 'a lexus']), [['ɐ', 'l', 'ɛ', 'k', 's', 'ə'], ['ɐ', 'l', 'ɛ', 'k', 's', 'ə', 's']]);
});
