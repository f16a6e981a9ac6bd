/**
 * npm run bench: runs the toolkit's benchmarks and rewrites each one's section of BENCHMARKS.md
 * (between its `<!-- bench:NAME -->` markers) with the command, the machine, the date and the
 * output: the file holds one current table per benchmark; history lives in git. Needs
 * ../shared/data, and models/alexa (npm run train:alexa) for the detection bench.
 *
 *   npm run bench [-- --only recipe,detect] [-- --dry-run]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs, promisify } from 'node:util';
import { writeFileAtomic } from '../src/node.ts';

const run = promisify(execFile);
const { values } = parseArgs({ options: { only: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });

const FILE = 'BENCHMARKS.md';
const model = 'models/alexa';
const benches: { name: string; title: string; args: string[]; needs?: string }[] = [
  { name: 'recipe', title: 'Accuracy: the alexa recipe on the test part, over 3 seeds, beside openWakeWord', args: ['scripts/bench/recipe.ts', '--part', 'test', '--seeds', '3', '--openwakeword'] },
  { name: 'calibration', title: 'Calibration: which threshold policy keeps its promise on unseen audio (dev part)', args: ['scripts/bench/calibration.ts', '--seeds', '3'] },
  { name: 'detect', title: 'Detection speed and latency', args: ['scripts/bench/detect.ts', '--model', model], needs: `${model}/metadata.json` },
  { name: 'startup', title: 'Start-up and package: a detector run on a file as a whole process', args: ['scripts/bench/startup.ts', '--model', model], needs: `${model}/metadata.json` },
  { name: 'frontends', title: 'Frontend throughput', args: ['scripts/bench/frontends.ts'] },
  { name: 'embedding', title: 'Embedding inference', args: ['scripts/bench/embedding.ts'] },
  { name: 'training', title: 'Head training', args: ['scripts/bench/training.ts'] },
  { name: 'data', title: 'Data tools', args: ['scripts/bench/data.ts'] },
  { name: 'embed', title: 'Feature shards: embedding throughput, one process and through the queue; training from shards', args: ['scripts/bench/embed.ts'] },
];

/** Where a bench's section is, or where a new one goes (the end of the file). */
const marker = (name: string) => ({ open: `<!-- bench:${name} -->`, close: `<!-- /bench:${name} -->` });

export function replaceSection(document: string, name: string, body: string): string {
  const { open, close } = marker(name);
  const section = `${open}\n${body.trim()}\n${close}`;
  const start = document.indexOf(open);
  const end = document.indexOf(close);
  if (start < 0 || end < start) return `${document.trimEnd()}\n\n${section}\n`;
  return document.slice(0, start) + section + document.slice(end + close.length);
}

const machine = `${os.cpus()[0]!.model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const wanted = values.only?.split(',');
for (const bench of benches.filter((b) => !wanted || wanted.includes(b.name))) {
  if (bench.needs && !existsSync(bench.needs)) {
    console.error(`skipped ${bench.name}: ${bench.needs} is missing (run npm run train:alexa first)`);
    continue;
  }
  const command = `npx tsx ${bench.args.join(' ')}`;
  console.error(`running ${bench.name}: ${command}`);
  const load = os.loadavg()[0]!.toFixed(2);
  const { stdout } = await run('npx', ['tsx', ...bench.args], { maxBuffer: 64 * 2 ** 20, env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' } });
  process.stdout.write(stdout);
  const body = `## ${bench.title}\n\n\`${command}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${machine}, load ${load} at the start.\n\n${stdout.trim()}`;
  if (!values['dry-run']) {
    await writeFileAtomic(FILE, replaceSection(await readFile(FILE, 'utf8'), bench.name, body));
    console.error(`${FILE}: section ${bench.name} rewritten`);
  }
}
