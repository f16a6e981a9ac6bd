import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { selectBackend } from '../../src/platform/backend.node.ts';
import { writeConstantDetector } from '../cli/constant-detector.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

test('loadDetector in a fresh process picks the best backend as the CLI does (not cpu), without the tfjs Node banner', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'load-backend-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await selectBackend('wasm');
  await writeConstantDetector(dir, { threshold: 0.5 });
  // The README's library example: import, load, score; nothing chooses a backend first.
  const script = `
    import * as tf from '@tensorflow/tfjs';
    import { loadDetector } from './src/node.ts';
    const { detector } = await loadDetector(${JSON.stringify(dir)});
    detector.dispose();
    console.log(tf.getBackend());
  `;
  const env = { ...process.env };
  delete env.WAKEWORD_BACKEND;
  const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, env });
  // wasm here; 'tensorflow' where @tensorflow/tfjs-node is installed.
  assert.ok(['wasm', 'tensorflow'].includes(stdout.trim()), `ended on the '${stdout.trim()}' backend`);
  assert.doesNotMatch(stderr, /Hi there|TensorFlow\.js in Node\.js|tfjs-node/);
});
