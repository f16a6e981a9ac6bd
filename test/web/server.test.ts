import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { startDemoServer, type DemoServer } from '../../src/web/server.node.ts';

let dir: string;
let audioRoot: string;
let server: DemoServer;

/** A raw request: the path goes out exactly as written (fetch would normalise ../ away). */
function send(method: string, rawPath: string, body?: Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${rawPath}`, { method, path: rawPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const wav = (seconds: number) => encodeWav16({ samples: Float32Array.from({ length: seconds * 16000 }, (_, i) => 0.1 * Math.sin(i / 5)), sampleRate: 16000 });
const postClip = (word: string, body: Uint8Array, headers: Record<string, string> = {}) => send('POST', `/api/clips/${word}`, body, { 'content-type': 'audio/wav', ...headers });

async function filesBelow(root: string): Promise<string[]> {
  return existsSync(root) ? (await readdir(root, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)) : [];
}

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'wakeword-serve-'));
  audioRoot = path.join(dir, 'audio');
  const modelDir = path.join(dir, 'model');
  await mkdir(modelDir);
  await writeFile(path.join(dir, 'secret.txt'), 'not for the page');
  // Enough of a detector folder for the server's check; the page's loading is the e2e test's job.
  await writeFile(path.join(modelDir, 'metadata.json'), JSON.stringify({ format: 'wakeword-detector/1', frontend: { id: 'speech-embedding' } }));
  server = await startDemoServer({ modelDir, audioRoot, port: 0, clipLimits: { maxBytes: 100_000, maxSeconds: 2, minSeconds: 0.1 } });
});

after(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

test('serves the page, its bundles, the wasm binaries and the model folder', async () => {
  assert.match((await send('GET', '/')).body, /<canvas id="spectrogram"/);
  assert.equal((await send('GET', '/app.js')).status, 200);
  assert.equal((await send('GET', '/capture-worklet.js')).status, 200);
  assert.equal((await send('GET', '/wasm/tfjs-backend-wasm-simd.wasm')).status, 200);
  assert.match((await send('GET', '/model/metadata.json')).body, /wakeword-detector\/1/);
});

test('files outside the model folder are not served', async () => {
  for (const p of ['/model/../secret.txt', '/model/..%2fsecret.txt', '/model/%2e%2e/secret.txt', '/model/' + encodeURIComponent(path.join(dir, 'secret.txt')), '/wasm/../package.json']) {
    const response = await send('GET', p);
    assert.equal(response.status, 404, p);
    assert.doesNotMatch(response.body, /not for the page/);
  }
});

test('a WAV clip is saved atomically under <audio>/<word>/ byte for byte', async () => {
  const bytes = wav(1);
  const response = await postClip('hey-there_2', bytes);
  assert.equal(response.status, 201, response.body);
  const { file, seconds } = JSON.parse(response.body) as { file: string; seconds: number };
  assert.equal(path.dirname(file), path.join(audioRoot, 'hey-there_2'));
  assert.match(path.basename(file), /^web-.*\.wav$/);
  assert.equal(seconds, 1);
  assert.deepEqual(new Uint8Array(await readFile(file)), bytes);
  assert.deepEqual(await filesBelow(audioRoot), [file], 'no temporary file is left behind');
});

test('word names that could leave the audio folder, or are not plain names, are refused', async () => {
  const before = await filesBelow(dir);
  for (const word of ['..%2F..%2Fescaped', '..%2fescaped', '%2e%2e', '../escaped', 'a/b', '.hidden', 'Alexa', 'hey%20there', '', 'x'.repeat(65), '%00', '%E0%A4%A']) {
    const response = await postClip(word, wav(0.5));
    assert.ok(response.status >= 400 && response.status < 500, `${word}: ${response.status}`);
  }
  assert.deepEqual(await filesBelow(dir), before);
});

test('uploads that are not WAV, too large, too long or from another site are refused', async () => {
  const before = await filesBelow(audioRoot);
  const flac = Uint8Array.from([...'fLaC'].map((c) => c.charCodeAt(0)).concat(new Array(100).fill(0)));
  const cases: [string, Promise<{ status: number; body: string }>, number][] = [
    ['not audio', postClip('alexa', new TextEncoder().encode('RIFF....WAVEjunk')), 415],
    ['FLAC', postClip('alexa', flac), 415],
    ['wrong content type', send('POST', '/api/clips/alexa', wav(0.5), { 'content-type': 'text/plain' }), 415],
    ['too large', postClip('alexa', new Uint8Array(200_000)), 413],
    ['too long', postClip('alexa', wav(3)), 400],
    ['too short', postClip('alexa', wav(0.05)), 400],
    ['another site', postClip('alexa', wav(0.5), { origin: 'http://example.com' }), 403],
    ['a file page', postClip('alexa', wav(0.5), { origin: 'null' }), 403],
  ];
  for (const [name, response, status] of cases) {
    const { status: got, body } = await response;
    assert.equal(got, status, `${name}: ${body}`);
    assert.match(JSON.parse(body).error, /\S/, name);
  }
  assert.deepEqual(await filesBelow(audioRoot), before);
});

test('several model folders are listed in /models.json and served under /models/<i>/; folders that cannot share a base are refused, naming the folder', async () => {
  const folder = async (name: string, unfrozenBlocks: number) => {
    const modelDir = path.join(dir, name);
    await mkdir(modelDir);
    const base = { id: 'speech-embedding', unfrozenBlocks, fromScratch: false };
    await writeFile(path.join(modelDir, 'metadata.json'), JSON.stringify({ format: 'wakeword-detector/1', name, frontend: { id: 'speech-embedding' }, base }));
    return modelDir;
  };
  const [a, b, tuned] = [await folder('a', 0), await folder('b', 0), await folder('tuned', 1)];
  const several = await startDemoServer({ modelDirs: [a, b], audioRoot, port: 0 });
  try {
    assert.deepEqual(await (await fetch(`${several.url}/models.json`)).json(), { models: ['/models/0', '/models/1'] });
    assert.equal(((await (await fetch(`${several.url}/models/1/metadata.json`)).json()) as { name: string }).name, 'b');
    assert.equal((await fetch(`${several.url}/models/2/metadata.json`)).status, 404);
  } finally {
    await several.close();
  }
  await assert.rejects(startDemoServer({ modelDirs: [a, tuned], port: 0 }), { message: `--model: ${tuned} fine-tuned 1 block(s) of its base, so its base cannot be shared with other words; run it on its own` });
});
