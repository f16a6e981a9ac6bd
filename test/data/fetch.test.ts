import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { c as tar } from 'tar';
import { readAudio } from '../../src/audio/read.node.ts';
import type { Corpus } from '../../src/data/corpora.ts';
import { downloadFile } from '../../src/data/download.node.ts';
import { fetchCorpus, SOURCE_FILE } from '../../src/data/fetch.node.ts';
import { runCli } from '../cli/run-cli.ts';

/** A LibriSpeech-shaped tar.gz: two FLAC utterances in speaker/chapter folders, a transcript, a licence and one damaged file. */
async function makeArchive(dir: string): Promise<Buffer> {
  const part = path.join(dir, 'src', 'LibriSpeech', 'test-clean', '1089', '134686');
  await mkdir(part, { recursive: true });
  for (const [i, frequency] of [[0, 300], [1, 500]] as const) {
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', `sine=f=${frequency}:r=16000:d=1.5`, '-ac', '1', path.join(part, `1089-134686-000${i}.flac`)]);
  }
  await writeFile(path.join(part, '1089-134686-0002.flac'), Buffer.from('fLaC this is not really flac'));
  await writeFile(path.join(part, '1089-134686.trans.txt'), '1089-134686-0000 HELLO\n');
  await writeFile(path.join(dir, 'src', 'LibriSpeech', 'LICENSE.TXT'), 'CC BY 4.0\n');
  await writeFile(path.join(dir, 'src', 'LibriSpeech', 'test-clean', 'README.TXT'), 'test part\n');
  const file = path.join(dir, 'test-clean.tar.gz');
  await tar({ gzip: true, file, cwd: path.join(dir, 'src') }, ['LibriSpeech']);
  return readFile(file);
}

interface Served {
  url: string;
  ranges: (string | undefined)[];
  close(): Promise<void>;
}

/** Serves `bytes` with Range support; the first `cuts` responses stop halfway and drop the connection. */
async function serve(bytes: Buffer, options: { cuts?: number; ignoreRange?: boolean } = {}): Promise<Served> {
  let cuts = options.cuts ?? 0;
  const ranges: (string | undefined)[] = [];
  const server = http.createServer((request, response) => {
    ranges.push(request.headers.range);
    const match = /bytes=(\d+)-/.exec(request.headers.range ?? '');
    const start = match && !options.ignoreRange ? Number(match[1]) : 0;
    if (start >= bytes.length) {
      response.writeHead(416, { 'Content-Range': `bytes */${bytes.length}` }).end();
      return;
    }
    const headers = { 'Content-Length': String(bytes.length - start), 'Accept-Ranges': 'bytes' };
    if (start > 0) response.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
    else response.writeHead(200, headers);
    if (cuts-- > 0) {
      response.write(bytes.subarray(start, start + Math.floor((bytes.length - start) / 2)));
      setTimeout(() => response.socket?.destroy(), 50);
    } else response.end(bytes.subarray(start));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/test-clean.tar.gz`, ranges, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

async function setup(t: { after: (f: () => Promise<void>) => void }) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fetch-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const archive = await makeArchive(dir);
  const corpus = (url: string): Corpus => ({
    id: 'librispeech-test-clean', description: 'test', urls: [url], bytes: archive.length, md5: md5(archive), license: 'CC BY 4.0', prefix: 'LibriSpeech/test-clean/', role: 'negative',
  });
  return { dir, archive, corpus };
}

test('fetch resumes a dropped download, checks it, and converts the corpus into audio/negative/<corpus>/', async (t) => {
  const { dir, archive, corpus } = await setup(t);
  const server = await serve(archive, { cuts: 1 });
  t.after(() => server.close());
  const phases = new Set<string>();
  const result = await fetchCorpus(corpus(server.url), { root: path.join(dir, 'audio'), cacheDir: path.join(dir, 'cache'), onProgress: (phase) => phases.add(phase) });
  assert.deepEqual(server.ranges, [undefined, `bytes=${Math.floor(archive.length / 2)}-`]);
  assert.equal(result.download!.resumed, 1);
  assert.deepEqual([...phases], ['download', 'verify', 'unpack', 'convert']);
  const out = path.join(dir, 'audio', 'negative', 'librispeech-test-clean');
  assert.equal(result.outDir, out);
  assert.equal(result.converted, 2);
  assert.ok(Math.abs(result.seconds - 3) < 0.1);
  assert.deepEqual(result.skipped.map((s) => s.file), [path.join('1089', '134686', '1089-134686-0002.flac')]);
  const clip = await readAudio(path.join(out, '1089', '134686', '1089-134686-0000.wav'));
  assert.equal(clip.sampleRate, 16000);
  assert.match(await readFile(path.join(out, SOURCE_FILE), 'utf8'), /source: http:\/\/127\.0\.0\.1.*\nlicense: CC BY 4.0/);
  assert.ok(existsSync(path.join(out, 'README.TXT')), 'licence and readme files come along');
  assert.deepEqual(await readdir(path.join(dir, 'cache')), [], 'archive and unpacked files removed');
  const again = await fetchCorpus(corpus(server.url), { root: path.join(dir, 'audio'), cacheDir: path.join(dir, 'cache') });
  assert.equal(again.alreadyThere, true);
});

test('a download left half done by an earlier run continues with a Range request', async (t) => {
  const { dir, archive } = await setup(t);
  const server = await serve(archive);
  t.after(() => server.close());
  const file = path.join(dir, 'cache', 'x.tar.gz');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(`${file}.part`, archive.subarray(0, 1000));
  const result = await downloadFile({ urls: [server.url], file, md5: md5(archive) });
  assert.deepEqual(server.ranges, ['bytes=1000-']);
  assert.equal(result.resumed, 1);
  assert.deepEqual(await readFile(file), archive);
});

test('a server that ignores Range restarts the file; a wrong checksum removes it; a dead mirror is skipped', async (t) => {
  const { dir, archive } = await setup(t);
  const ignoring = await serve(archive, { ignoreRange: true });
  t.after(() => ignoring.close());
  const file = path.join(dir, 'a.tar.gz');
  await writeFile(`${file}.part`, Buffer.from('stale bytes'));
  await downloadFile({ urls: [ignoring.url], file, md5: md5(archive) });
  assert.deepEqual(await readFile(file), archive);

  const bad = path.join(dir, 'b.tar.gz');
  await assert.rejects(downloadFile({ urls: [ignoring.url], file: bad, md5: '0'.repeat(32) }), /checksum mismatch: MD5 [0-9a-f]{32}, expected 0{32}/);
  assert.equal(existsSync(`${bad}.part`) || existsSync(bad), false);

  const closed = 'http://127.0.0.1:9/none.tar.gz';
  const viaMirror = await downloadFile({ urls: [closed, ignoring.url], file: path.join(dir, 'c.tar.gz') });
  assert.equal(viaMirror.url, ignoring.url);
  await assert.rejects(downloadFile({ urls: [closed], file: path.join(dir, 'd.tar.gz') }), /download failed: cannot connect/);
});

test('wakeword data fetch <URL> converts any tar.gz of audio, and refuses a zip with a clear message', async (t) => {
  const { dir, archive } = await setup(t);
  const server = await serve(archive);
  t.after(() => server.close());
  const root = path.join(dir, 'audio');
  const cache = path.join(dir, 'cache');
  const run = await runCli(['data', 'fetch', server.url, '--root', root, '--cache', cache, '--md5', md5(archive), '--name', 'mine']).done;
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /negative\/mine: 2 clip\(s\), 0\.00 h converted; downloaded [\d.]+ MB/);
  assert.match(run.stdout, /skipped 1 unreadable file\(s\):\n  LibriSpeech\/test-clean\/1089\/134686\/1089-134686-0002\.flac: /);
  const zip = await serve(Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(600)]));
  t.after(() => zip.close());
  const refused = await runCli(['data', 'fetch', zip.url, '--root', root, '--cache', cache, '--name', 'z']).done;
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /error: .*-test-clean\.tar\.gz: a zip archive: unpack it yourself/);
});

test('fetch --from converts an archive already on disk (path or file:// URL) as a download would be, and leaves it in place', async (t) => {
  const { dir, archive, corpus } = await setup(t);
  const file = path.join(dir, 'test-clean.tar.gz');
  const phases = new Set<string>();
  const cache = path.join(dir, 'cache');
  const result = await fetchCorpus(corpus('http://127.0.0.1:9/never-asked.tar.gz'), { root: path.join(dir, 'audio'), cacheDir: cache, from: file, onProgress: (phase) => phases.add(phase) });
  assert.deepEqual([...phases], ['unpack', 'convert'], 'nothing downloaded');
  assert.equal(result.download, undefined);
  assert.equal(result.local, file);
  assert.equal(result.converted, 2);
  const out = path.join(dir, 'audio', 'negative', 'librispeech-test-clean');
  assert.equal((await readAudio(path.join(out, '1089', '134686', '1089-134686-0001.wav'))).sampleRate, 16000);
  assert.match(await readFile(path.join(out, SOURCE_FILE), 'utf8'), new RegExp(`source: ${pathToFileURL(file).href}\n`));
  assert.deepEqual(await readFile(file), archive, 'the archive is the user\'s: kept');
  assert.deepEqual(await readdir(cache), [], 'unpacked files removed');

  // The CLI: a known corpus with --from <file:// URL>, a path as the corpus, and a missing file.
  const root = path.join(dir, 'cli-audio');
  const named = await runCli(['data', 'fetch', 'librispeech-test-clean', '--from', pathToFileURL(file).href, '--root', root, '--cache', cache]).done;
  assert.equal(named.code, 0, named.stderr);
  assert.match(named.stdout, new RegExp(`negative/librispeech-test-clean: 2 clip\\(s\\), 0\\.00 h converted; from ${file}\n`));
  const byPath = await runCli(['data', 'fetch', path.relative(process.cwd(), file), '--name', 'mine', '--root', root, '--cache', cache]).done;
  assert.equal(byPath.code, 0, byPath.stderr);
  assert.match(byPath.stdout, /negative\/mine: 2 clip\(s\)/);
  assert.ok(existsSync(path.join(root, 'negative', 'mine', 'LibriSpeech', 'test-clean', '1089', '134686', '1089-134686-0000.wav')));
  const missing = await runCli(['data', 'fetch', 'librispeech-test-clean', '--from', path.join(dir, 'none.tar.gz'), '--root', path.join(dir, 'x'), '--cache', cache]).done;
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr.trim(), `error: ${path.join(dir, 'none.tar.gz')}: no such file`);
});
