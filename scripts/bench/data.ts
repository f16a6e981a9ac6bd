/**
 * Speed of the data tools on this machine: synthesis per engine (single words and sentences),
 * synthesis into a folder end to end, each augmentation step on a 1.5 s clip, the default
 * augmentation chain, the SNR accuracy of mixAtSnr on real clips and noise, and `data stats`
 * reading speed (the last two on ../shared/data when present).
 *
 *   npx tsx scripts/bench/data.ts
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import seedrandom from 'seedrandom';
import {
  activePower, AUGMENTATIONS, collectStats, createAugmenter, listAudioFiles, meanPower, mixAtSnr, planSynthesis, readAudio, readAudioBatch, synthesize, synthesizeToFolder,
  type AugmentSettings,
} from '../../src/node.ts';
import { SHARED_DATA as SHARED } from '../alexa-split.ts';

const rows: [string, string, string][] = [];
const time = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const value = await run();
  return [value, (performance.now() - start) / 1000];
};

// --- Synthesis ------------------------------------------------------------------------------
const words = await planSynthesis({ word: 'alexa', count: 60, seed: 11 });
const sentences = (await planSynthesis({ word: 'alexa', count: 0, negative: true, sentences: 20, seed: 11 }));
for (const spec of [words[0]!, sentences[0]!]) await synthesize(spec); // load both engines once
for (const engine of ['espeak', 'flite'] as const) {
  for (const [label, plan] of [['word', words], ['sentence', sentences]] as const) {
    const specs = plan.filter((u) => u.engine === engine).slice(0, 15);
    let audioSeconds = 0;
    const [, seconds] = await time(async () => {
      for (const spec of specs) {
        const audio = await synthesize(spec);
        audioSeconds += audio.samples.length / audio.sampleRate;
      }
    });
    rows.push([`synthesize, ${engine}, ${label}`, `${(specs.length / seconds).toFixed(1)} clips/s`, `${specs.length} clips, ${(audioSeconds / seconds).toFixed(0)}x real time`]);
  }
}
const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-data-'));
const folderPlan = await planSynthesis({ word: 'alexa', count: 60, seed: 12 });
const [, folderSeconds] = await time(() => synthesizeToFolder(folderPlan, dir));
rows.push(['synthesizeToFolder (plan, speak, resample to 16 kHz, write)', `${(folderPlan.length / folderSeconds).toFixed(1)} clips/s`, `60 clips of "alexa", 60/40 eSpeak/Flite`]);
const [, planSeconds] = await time(() => planSynthesis({ word: 'alexa', count: 500, negative: true, sentences: 500, seed: 13 }));
rows.push(['planSynthesis, 500 near-misses + 500 sentences', `${(planSeconds * 1000).toFixed(0)} ms`, 'includes ranking near-misses by eSpeak phonemes']);

// --- Augmentation -----------------------------------------------------------------------------
const clip = await readAudio(existsSync(SHARED) ? path.join(SHARED, 'alexa', 'picovoice', '10.flac') : (await listAudioFiles(dir))[0]!, 16000);
await rm(dir, { recursive: true, force: true });
const noiseFiles = existsSync(SHARED) ? await listAudioFiles(path.join(SHARED, 'noise')) : [];
const pool = (await readAudioBatch(noiseFiles, 16000)).clips.map(({ file, audio }) => ({ ...audio, name: path.basename(file) }));
const runs = 200;
for (const step of [...AUGMENTATIONS, 'all (defaults)'] as const) {
  const settings: AugmentSettings = {};
  if (step !== 'all (defaults)') for (const name of AUGMENTATIONS) (settings as Record<string, object>)[name] = { probability: name === step ? 1 : 0 };
  const augment = await createAugmenter(settings, pool, step);
  const [, seconds] = await time(async () => {
    for (let i = 0; i < runs; i++) augment(clip);
  });
  rows.push([`augment: ${step}`, `${((seconds / runs) * 1000).toFixed(2)} ms/clip`, `${(clip.samples.length / 16000).toFixed(2)} s clip, ${runs} runs`]);
}

// --- SNR accuracy and stats -----------------------------------------------------------------
if (existsSync(SHARED)) {
  const alexa = (await readAudioBatch((await listAudioFiles(path.join(SHARED, 'alexa'))).slice(0, 100), 16000)).clips;
  const random = seedrandom('snr');
  let worst = 0;
  for (const { audio } of alexa) {
    const target = random() * 30 - 5;
    const noise = pool[Math.floor(random() * pool.length)]!;
    const mixed = mixAtSnr(audio, noise, target);
    const measured = 10 * Math.log10(activePower(audio) / meanPower(mixed.samples.map((x, i) => x - audio.samples[i]!)));
    worst = Math.max(worst, Math.abs(measured - target));
  }
  rows.push(['mixAtSnr: largest SNR error (measured vs target)', `${worst.toFixed(4)} dB`, `${alexa.length} real alexa clips, real noise, targets -5..25 dB`]);
  const [stats, statsSeconds] = await time(() => collectStats(SHARED));
  const files = stats.folders.reduce((sum, f) => sum + f.files, 0);
  const hours = stats.folders.reduce((sum, f) => sum + f.seconds, 0) / 3600;
  rows.push(['data stats over ../shared/data', `${(files / statsSeconds).toFixed(0)} files/s`, `${files} files, ${hours.toFixed(2)} h in ${statsSeconds.toFixed(1)} s (${(hours * 3600 / statsSeconds).toFixed(0)}x real time)`]);
}

const cpu = os.cpus();
console.log(`## Data tools\n\n${cpu[0]?.model} (${cpu.length} cores), Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| what | speed | notes |\n|---|---|---|');
for (const [what, speed, notes] of rows) console.log(`| ${what} | ${speed} | ${notes} |`);
