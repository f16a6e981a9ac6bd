/**
 * npm run bench: every benchmark of the toolkit in one run, appended to BENCHMARKS.md as a dated
 * section with the machine and each command. Needs ../shared/data and a trained models/alexa
 * (npm run train:alexa) for the side-by-side comparison with openWakeWord.
 *
 *   npm run bench [-- --only compare,detect] [-- --no-append]
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';

const run = promisify(execFile);
const { values } = parseArgs({ options: { only: { type: 'string' }, 'no-append': { type: 'boolean', default: false } } });

const model = 'models/alexa';
const benches: { name: string; title: string; args: string[]; needs?: string }[] = [
  { name: 'compare', title: 'Our detector beside openWakeWord on held-out audio', args: ['scripts/bench/compare.ts', '--model', model, '--heldout', `${model}/heldout.json`], needs: `${model}/heldout.json` },
  { name: 'detect', title: 'Detection speed and latency', args: ['scripts/bench/detect.ts', '--model', model], needs: `${model}/metadata.json` },
  { name: 'frontends', title: 'Frontend throughput', args: ['scripts/bench/frontends.ts'] },
  { name: 'embedding', title: 'Embedding inference', args: ['scripts/bench/embedding.ts'] },
  { name: 'training', title: 'Head training', args: ['scripts/bench/training.ts'] },
  { name: 'heads', title: 'How the head is trained, over several seeds', args: ['scripts/bench/heads.ts'], needs: `${model}/heldout.json` },
  { name: 'data', title: 'Data tools', args: ['scripts/bench/data.ts'] },
];
const wanted = values.only?.split(',');
let section = `\n## npm run bench, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\n\n` +
  `Machine: ${os.cpus()[0]!.model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; ` +
  `load average at start ${os.loadavg().map((x) => x.toFixed(2)).join(', ')}.\n`;
for (const bench of benches.filter((b) => !wanted || wanted.includes(b.name))) {
  if (bench.needs && !existsSync(bench.needs)) {
    console.error(`skipped ${bench.name}: ${bench.needs} is missing (run npm run train:alexa first)`);
    continue;
  }
  console.error(`running ${bench.name}: npx tsx ${bench.args.join(' ')}`);
  const { stdout } = await run('npx', ['tsx', ...bench.args], { maxBuffer: 64 * 2 ** 20 });
  process.stdout.write(stdout);
  section += `\n### ${bench.title}\n\n\`npx tsx ${bench.args.join(' ')}\`\n\n${stdout.trim()}\n`;
}
if (!values['no-append']) {
  await appendFile('BENCHMARKS.md', section);
  console.error('appended to BENCHMARKS.md');
}
