// The package as a user gets it: `npm pack` (which builds dist/), the tarball installed into an
// empty project that has no TypeScript, then plain `node`: both entries import, the `wakeword`
// command runs, the declarations type-check a user's code, and the portable entry bundles for a
// browser without Node built-ins. Needs the npm registry for the install; skips when it cannot
// be reached.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { encodeWav16 } from '../../src/audio/wav.ts';
import { saveLayersModel } from '../../src/platform/model-files.node.ts';
import { CLI } from '../cli/run-cli.ts';
import { sharedPath, skipWithoutSharedData } from '../shared-data.ts';
import { chirp, distractor, tinyBase } from '../transfer/tiny-base.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const ENV = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', npm_config_update_notifier: 'false' };

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end (never throws on a non-zero exit: the tests read the code). */
function run(file: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, env: ENV, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (data: Buffer) => (stdout += data.toString()));
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A message when the npm registry cannot be reached (the install needs it), else false. */
async function skipWithoutRegistry(): Promise<string | false> {
  try {
    await promisify(execFile)(NPM, ['ping', '--fetch-retries=0'], { env: ENV, timeout: 30_000 });
    return false;
  } catch (error) {
    const lines = String((error as { stderr?: string }).stderr || (error as Error).message).trim().split('\n');
    const why = lines.find((line) => /error|ERR/.test(line)) ?? lines.at(-1);
    return `skipped: the npm registry cannot be reached (npm ping: ${why}), and installing the packed tarball needs it`;
  }
}

const skip = await skipWithoutRegistry();
let dir: string; // holds the tarball, a trained detector folder and WAVs
let app: string; // the user's project, with the tarball installed
let model: string;
let clip: string;

before(async () => {
  if (skip) return;
  dir = await mkdtemp(path.join(tmpdir(), 'wakeword-pack-'));
  app = path.join(dir, 'app');

  // A tiny detector folder, trained by the repository's own CLI on a tiny base.
  const work = path.join(dir, 'work');
  const wav = async (file: string, samples: Float32Array) => {
    await mkdir(path.dirname(path.join(work, file)), { recursive: true });
    await writeFile(path.join(work, file), encodeWav16({ samples, sampleRate: 16000 }));
  };
  for (let i = 0; i < 10; i++) {
    const padded = new Float32Array(16000);
    padded.set(chirp(0.5 + 0.02 * i, 16000, 0.3 + 0.03 * i), 4000);
    await wav(`audio/chirp/${i}.wav`, padded);
    await wav(`audio/negative/${i}.wav`, distractor(1.5, i));
  }
  const base = tinyBase();
  await saveLayersModel(base.network, path.join(work, 'tiny-base'));
  base.network.dispose();
  await writeFile(path.join(work, 'tiny-base', 'base.json'), JSON.stringify({ frontend: 'speech-embedding', cutLayer: 'tiny_dense', windowHop: 8, headContext: 4 }));
  const trained = await run(process.execPath, [CLI, 'train', '--word', 'chirp', '--base', 'tiny-base', '--copies', '1', '--epochs', '1', '--members', '1'], work);
  assert.equal(trained.code, 0, trained.stderr);
  model = path.join(work, 'models/chirp');
  clip = path.join(work, 'audio/chirp/0.wav');

  // npm pack runs prepare, which builds dist/.
  const packed = await run(NPM, ['pack', '--pack-destination', dir], ROOT, 180_000);
  assert.equal(packed.code, 0, packed.stderr);
  const tarball = (await readdir(dir)).find((name) => name.endsWith('.tgz'));
  assert.ok(tarball, `no tarball in ${dir}: ${packed.stdout}`);

  await mkdir(app);
  await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'user-app', private: true, type: 'module' }));
  const installed = await run(NPM, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline', path.join(dir, tarball)], app, 300_000);
  assert.equal(installed.code, 0, installed.stderr);
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the tarball carries dist/, bin/, the README and docs, and no sources, tests, scripts or audio', { skip }, async () => {
  const listed = await run('tar', ['-tzf', path.join(dir, (await readdir(dir)).find((name) => name.endsWith('.tgz'))!)], dir);
  const files = listed.stdout.trim().split('\n').map((line) => line.replace(/^package\//, ''));
  for (const file of ['package.json', 'README.md', 'bin/wakeword.js', 'dist/index.js', 'dist/index.d.ts', 'dist/node.js', 'dist/node.d.ts', 'dist/cli/main.js', 'dist/web/index.html', 'dist/frontends/speech-embedding-mel.json', 'docs/detect.md']) {
    assert.ok(files.includes(file), `${file} is missing from the tarball`);
  }
  const stray = files.filter((file) => /^(src|test|scripts|audio|models|\.ci|node_modules)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts'));
  assert.deepEqual(stray, []);
  assert.ok(!existsSync(path.join(app, 'node_modules/typescript')) && !existsSync(path.join(app, 'node_modules/tsx')), 'TypeScript or tsx was installed with the package');
});

test('plain node imports both entries; a detector loads from its folder (./node) and from bytes (.) alike', { skip }, async () => {
  const script = path.join(app, 'use.mjs');
  await writeFile(
    script,
    `import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import * as portable from 'wakeword-transfer';
import * as node from 'wakeword-transfer/node';

const [model, clip] = process.argv.slice(2);
const { samples } = await node.readAudio(clip, 16000);
const fromFolder = await node.loadDetector(model);
const files = {};
for (const file of await readdir(model, { recursive: true })) {
  if (/\\.(json|bin)$/.test(file)) files[file.split(path.sep).join('/')] = await readFile(path.join(model, file));
}
const fromBytes = await portable.loadDetectorFromFiles(files);
const scores = (loaded) => portable.scoreRecording(loaded.detector, samples).map((step) => step.score);
console.log(JSON.stringify({
  portable: Object.keys(portable).sort(),
  node: Object.keys(node).length,
  folder: scores(fromFolder),
  bytes: scores(fromBytes),
  fired: portable.detections(portable.scoreRecording(fromFolder.detector, samples), fromFolder.metadata),
}));
`,
  );
  const result = await run(process.execPath, [script, model, clip], app);
  assert.equal(result.code, 0, result.stderr);
  const out = JSON.parse(result.stdout);
  for (const name of ['StreamingDetector', 'loadDetectorFromUrl', 'loadDetectorFromFiles', 'frontends', 'detections', 'LiveListener']) assert.ok(out.portable.includes(name), name);
  assert.ok(!out.portable.includes('loadDetector') && !out.portable.includes('readAudio'), 'file loading stays in ./node');
  assert.ok(out.node > out.portable.length);
  assert.ok(out.folder.length > 5);
  assert.deepEqual(out.bytes, out.folder);
  assert.ok(out.fired.length >= 1, 'the chirp it was trained on fires');
});

test('npx wakeword runs the compiled CLI: --help, and detect on a WAV', { skip }, async () => {
  const help = await run(NPM, ['exec', '--no', '--', 'wakeword', '--help'], app);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^Usage: wakeword /);
  assert.match(help.stdout, /detect/);

  const detected = await run(NPM, ['exec', '--no', '--', 'wakeword', 'detect', '--model', model, '--scores', clip], app);
  assert.equal(detected.code, 0, detected.stderr);
  // stderr holds only the per-file summary line: no warnings, no tfjs banner.
  assert.match(detected.stderr, /^\S+: \d+ detections? in \d+\.\d s, highest score \d\.\d{3} at -?\d+\.\d\d s \(threshold [\d.]+\)\n$/);
  const steps = detected.stdout.trim().split('\n').map((line) => JSON.parse(line));
  assert.ok(steps.length > 5 && steps.every((s) => s.file === clip && s.t > 0 && s.score >= 0 && s.score <= 1));
});

test('a damaged FLAC is one line on stderr from the installed CLI; -v adds the decoder\'s details', { skip: skip || skipWithoutSharedData() }, async () => {
  const bad = sharedPath('bad-input', 'picovoice-alexa-32-lost-sync.flac');
  const quiet = await run(NPM, ['exec', '--no', '--', 'wakeword', 'detect', '--model', model, bad], app);
  assert.equal(quiet.code, 1);
  assert.deepEqual(quiet.stderr.trim().split('\n'), [`error: ${bad}: damaged FLAC stream: the decoder lost sync 2 time(s) and recovered 1.51 s of 1.66 s (ffmpeg -i FILE out.wav can repair it)`]);
  const verbose = await run(NPM, ['exec', '--no', '--', 'wakeword', '-v', 'detect', '--model', model, bad], app);
  assert.match(verbose.stderr, /FLAC__STREAM_DECODER_ERROR_STATUS_LOST_SYNC/);
});

test("the declarations type-check a user's TypeScript against both entries", { skip }, async () => {
  await writeFile(
    path.join(app, 'typed.ts'),
    `import { loadDetectorFromUrl, detections, type DetectorMetadata, type Detection } from 'wakeword-transfer';
import { loadDetector, readAudio } from 'wakeword-transfer/node';

const { detector, metadata } = await loadDetector('models/x');
const threshold: number = metadata.threshold;
const { samples } = await readAudio('clip.wav', detector.sampleRate);
const fired: Detection[] = detections(detector.push(samples), metadata);
const fromUrl: { metadata: DetectorMetadata } = await loadDetectorFromUrl('/model');
// @ts-expect-error: the threshold is a number
const wrong: string = fromUrl.metadata.threshold;
export { threshold, fired, wrong };
`,
  );
  const options = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck'];
  const checked = await run(process.execPath, [TSC, ...options, '--typeRoots', path.join(ROOT, 'node_modules/@types'), '--types', 'node', 'typed.ts'], app);
  assert.equal(checked.code, 0, checked.stdout + checked.stderr);
});

test('the portable entry bundles for a browser with no Node built-in in it', { skip }, async () => {
  const result = await esbuild.build({
    stdin: {
      contents: `import { loadDetectorFromUrl, LiveListener, frontends } from 'wakeword-transfer';\nconsole.log(loadDetectorFromUrl, LiveListener, frontends);`,
      resolveDir: app,
      loader: 'js',
    },
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'esm',
    metafile: true,
    logLevel: 'silent',
  });
  assert.deepEqual(result.errors, []);
  const inputs = Object.keys(result.metafile.inputs);
  assert.ok(inputs.some((file) => file.includes('node_modules/wakeword-transfer/dist/detect/load.js')), 'bundled from the installed package');
  assert.deepEqual(inputs.filter((file) => file.startsWith('node:') || /\.node\.js$/.test(file)), []);
  const external = Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
  assert.deepEqual(external, []);
  // And the Node entry is what a browser bundle must not take.
  await assert.rejects(
    esbuild.build({ stdin: { contents: `import 'wakeword-transfer/node';`, resolveDir: app, loader: 'js' }, bundle: true, write: false, platform: 'browser', logLevel: 'silent' }),
    /Could not resolve "(node:)?[a-z_/]+"/,
  );
});
