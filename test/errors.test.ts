import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatError, InputError } from '../src/errors.ts';

test('an InputError keeps its subject and reason apart; the message joins them', () => {
  const error = new InputError('a.wav', 'not a WAV or FLAC file');
  assert.equal(error.subject, 'a.wav');
  assert.equal(error.reason, 'not a WAV or FLAC file');
  assert.equal(formatError(error), 'error: a.wav: not a WAV or FLAC file');
  assert.equal(error.reasonAbout('a.wav'), 'not a WAV or FLAC file');
  // About something else (even a name the subject starts with), the whole message.
  assert.equal(error.reasonAbout('a'), 'a.wav: not a WAV or FLAC file');
});
