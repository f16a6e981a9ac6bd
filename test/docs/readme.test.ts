import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { c as tar } from 'tar';
import { findCorpus } from '../../src/data/corpora.ts';
import { CLI } from '../cli/run-cli.ts';

/**
 * The README's "From install to a live detection with your own word", run in order as a user on
 * a fresh clone runs it: in an empty folder holding what a clone has there (audio/samples), with
 * no microphone, no network and no ../shared. The commands are read from the README's ```sh
 * block, never copied here; each is changed only by the REWRITES below, which say why.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SECTION = '## From install to a live detection with your own word';
/** A shipped recording of a word, played as the "microphone" of every `record`. */
const SPOKEN = path.join(ROOT, 'audio/samples/alexa/0.flac');
/** Shipped real speech, packed into each corpus's archive layout for `data fetch --from`. */
const SPEECH = ['vctk-p225-011.flac', 'vctk-p226-003.flac', 'ljspeech-LJ001-0018.flac'].map((f) => path.join(ROOT, 'audio/samples/speech', f));

/** The commands of the section's sh block: comments and blank lines dropped. */
function readmeCommands(readme: string): string[] {
  const section = readme.slice(readme.indexOf(SECTION));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, `no sh block under "${SECTION}"`);
  return block.split('\n').map((line) => line.replace(/\s+#\s.*$/, '').trim()).filter((line) => line && !line.startsWith('#'));
}

interface Rewrite {
  why: string;
  applies: RegExp;
  rewrite: (command: string, work: string) => string;
}

const REWRITES: Rewrite[] = [
  {
    why: 'small counts keep the run to a few minutes',
    applies: /--count \d+|--sentences \d+/,
    rewrite: (c) => c.replace(/--count \d+/, `--count ${c.includes(' record ') ? 2 : 6}`).replace(/--sentences \d+/, '--sentences 4'),
  },
  {
    why: 'no microphone: the takes come from a shipped clip played at real-time speed, with silence around it, and no countdown',
    applies: / record /,
    rewrite: (c) => `${c} --countdown 0 --input-command "for i in 1 2 3; do ffmpeg -hide_banner -loglevel error -nostdin -re -i ${SPOKEN} -af adelay=500:all=1,apad=pad_dur=1 -f s16le -ac 1 -ar 16000 -; done"`,
  },
  {
    why: 'no network: the corpus comes from a small archive in its own layout (built below), the cache is temporary',
    applies: / data fetch /,
    rewrite: (c, work) => `${c} --from ${archiveOf(c, work)} --cache ${path.join(work, '.download-cache')}`,
  },
  {
    why: 'training: one head, one augmented copy, a few batches (the run is checked, not the detector)',
    applies: / train /,
    rewrite: (c) => `${c} --copies 1 --negative-copies 1 --members 1 --batches 5`,
  },
  {
    why: 'no microphone: listen hears a shipped clip played at real-time speed, and ends with it',
    applies: / listen /,
    rewrite: (c) => `${c} --input ${SPOKEN}`,
  },
  {
    why: 'serve runs until stopped: on a free port, stopped once its page answers (see runServe)',
    applies: / serve /,
    rewrite: (c) => `${c} --port 0`,
  },
];

const archiveOf = (command: string, work: string) => path.join(work, '.archives', `${/ data fetch (\S+)/.exec(command)![1]}.tar.gz`);

/** A tar.gz of shipped speech under the corpus's prefix (LibriSpeech/<part>/<speaker>/<chapter>/), as its real archive lays it out. */
async function makeArchive(corpusId: string, file: string): Promise<void> {
  const corpus = findCorpus(corpusId);
  assert.ok(corpus, `the README fetches an unknown corpus: ${corpusId}`);
  const tree = path.join(path.dirname(file), corpusId);
  const folder = path.join(tree, corpus.prefix, '1', '2');
  await mkdir(folder, { recursive: true });
  for (const [i, clip] of SPEECH.entries()) await cp(clip, path.join(folder, `1-2-000${i}.flac`));
  await tar({ gzip: true, file, cwd: tree }, [corpus.prefix.split('/')[0]!]);
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One README line through sh (its globs expand), `npx wakeword` being this checkout's CLI; `exec` so a signal reaches the CLI. */
function runLine(command: string, work: string, onStderr?: (stderr: string, stop: () => void) => void): Promise<Ran> {
  const line = command.replace(/^npx wakeword /, `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} `);
  const child = spawn('sh', ['-c', line], { cwd: work, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d;
    onStderr?.(stderr, () => child.kill('SIGINT'));
  });
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: signal === 'SIGINT' ? 0 : code, stdout, stderr })));
}

/** `serve` until its page answers with the demo page, then Ctrl-C. */
async function runServe(command: string, work: string): Promise<Ran & { page: string }> {
  let page = '';
  let asked = false;
  const ran = await runLine(command, work, (stderr, stop) => {
    const url = /demo page at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(stderr)?.[1];
    if (!url || asked) return;
    asked = true;
    fetch(url).then(async (response) => (page = `${response.status} ${await response.text()}`)).catch((error: Error) => (page = error.message)).finally(stop);
  });
  return { ...ran, page };
}

test('the README\'s commands from install to a live detection run in order on a fresh clone', { timeout: 360_000 }, async (t) => {
  const commands = readmeCommands(await readFile(path.join(ROOT, 'README.md'), 'utf8'));
  assert.ok(commands.length >= 10 && commands.every((c) => c.startsWith('npx wakeword ')), commands.join('\n'));
  const work = await mkdtemp(path.join(tmpdir(), 'wakeword-readme-'));
  t.after(() => rm(work, { recursive: true, force: true }));
  await cp(path.join(ROOT, 'audio/samples'), path.join(work, 'audio/samples'), { recursive: true });

  const used = new Set<Rewrite>();
  let last: Ran | undefined;
  for (const original of commands) {
    let command = original;
    for (const r of REWRITES.filter((r) => r.applies.test(original))) {
      command = r.rewrite(command, work);
      used.add(r);
    }
    if (/ data fetch /.test(original)) await makeArchive(/ data fetch (\S+)/.exec(original)![1]!, archiveOf(original, work));
    const started = performance.now();
    if (/ serve /.test(original)) {
      const served = await runServe(command, work);
      assert.match(served.page, /^200 [\s\S]*<html/i, `${original}: the page did not answer\n${served.stderr}`);
      last = served;
    } else last = await runLine(command, work);
    t.diagnostic(`${((performance.now() - started) / 1000).toFixed(1)} s  ${original}`);
    assert.equal(last.code, 0, `${original}\n(ran as ${command})\n${last.stderr}`);
    if (/ detect /.test(original)) assert.ok(last.stdout.split('\n').filter(Boolean).every((l) => 'file' in JSON.parse(l)), last.stdout);
  }
  assert.deepEqual(REWRITES.filter((r) => !used.has(r)).map((r) => r.why), [], 'every rewrite still applies to a README command');
  // The last command is the evaluation: its report names its folder, which holds the report.
  assert.match(commands.at(-1)!, / evaluate /);
  const report = /report: (\S+)/.exec(last!.stdout)?.[1];
  assert.ok(report && existsSync(path.join(work, report)), last!.stdout);
  assert.match(last!.stdout, /positives, [\d.]+ h of negatives[\s\S]*missed/);
});
