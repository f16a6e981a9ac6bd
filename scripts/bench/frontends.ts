/**
 * Frontend throughput on one core, in audio-seconds per wall-second (x real time), beside the
 * spectra alone: Meyda as our frontends call it (packed half-size complex FFT), Meyda's plain
 * amplitudeSpectrum, and a raw fft.js real FFT of the same frames (the ceiling).
 *
 *   npx tsx scripts/bench/frontends.ts
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import FFT from 'fft.js';
import meydaModule from 'meyda';
import seedrandom from 'seedrandom';
import { amplitudeSpectrum, computeFrames, frontends, type FrontendId } from '../../src/index.ts';

const Meyda = meydaModule as unknown as typeof meydaModule.default;
const AUDIO_SECONDS = 60;
const REPEATS = 5;

/** Speech-like test audio: tones and noise, the same on every machine. */
function testAudio(sampleRate: number): Float32Array {
  const random = seedrandom('bench-frontends');
  return Float32Array.from({ length: AUDIO_SECONDS * sampleRate }, (_, i) => {
    const t = i / sampleRate;
    return 0.2 * Math.sin(2 * Math.PI * 220 * t) * Math.sin(2 * Math.PI * 3 * t) + 0.1 * Math.sin(2 * Math.PI * 1800 * t) + 0.05 * (random() - 0.5);
  });
}

/**
 * Best of REPEATS runs (after one warm-up), in wall seconds and in CPU seconds of the process:
 * on an idle core they agree; on a shared machine the CPU time still shows what one core does.
 */
function time(run: () => void): Timing {
  run();
  const best = { wall: Infinity, cpu: Infinity };
  for (let r = 0; r < REPEATS; r++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    run();
    const used = process.cpuUsage(cpu);
    best.wall = Math.min(best.wall, (performance.now() - start) / 1000);
    best.cpu = Math.min(best.cpu, (used.user + used.system) / 1e6);
  }
  return best;
}

interface Timing {
  wall: number;
  cpu: number;
}

type Method = 'frontend' | 'meyda-packed' | 'meyda-plain' | 'fftjs';
const METHODS: Method[] = ['frontend', 'meyda-packed', 'meyda-plain', 'fftjs'];

/** One method on one frontend's audio, in x real time per wall second and per CPU second. */
function measure(id: FrontendId, method: Method): Timing {
  const frontend = frontends[id]();
  const fftSize = Number(frontend.describe().fftSize);
  const audio = testAudio(frontend.sampleRate);
  const speed = (audioSeconds: number, t: Timing) => ({ wall: audioSeconds / t.wall, cpu: audioSeconds / t.cpu });
  if (method === 'frontend') return speed(AUDIO_SECONDS, time(() => computeFrames(frontend, audio)));
  // The spectra alone: frames of fftSize samples, one hop apart, over the same audio.
  const count = Math.floor((audio.length - fftSize) / frontend.hop) + 1;
  const frame = (f: number) => audio.subarray(f * frontend.hop, f * frontend.hop + fftSize);
  let spectrum: (f: Float32Array) => unknown;
  if (method === 'meyda-packed') spectrum = amplitudeSpectrum;
  else if (method === 'meyda-plain') {
    Meyda.bufferSize = fftSize;
    Meyda.windowingFunction = 'rect' as (typeof Meyda)['windowingFunction'];
    spectrum = (f) => Meyda.extract('amplitudeSpectrum', f);
  } else {
    const fft = new FFT(fftSize);
    const out = fft.createComplexArray() as number[];
    spectrum = (f) => fft.realTransform(out, f);
  }
  const timing = time(() => {
    for (let f = 0; f < count; f++) spectrum(frame(f));
  });
  return speed((count * frontend.hop) / frontend.sampleRate, timing);
}

// Each measurement runs in a fresh process: V8 specialises Meyda's FFT for the array types it
// sees first, so one method would slow down every method measured after it in the same process.
const [childId, childMethod] = process.argv.slice(2);
if (childId) {
  console.log(JSON.stringify(measure(childId as FrontendId, childMethod as Method)));
  process.exit(0);
}
const run = (id: string, method: Method) =>
  JSON.parse(execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), id, method], { encoding: 'utf8' })) as Timing;
const rows = (Object.keys(frontends) as FrontendId[]).map((id) => {
  const frontend = frontends[id]();
  return { id, fftSize: Number(frontend.describe().fftSize), hop: frontend.hop, figures: METHODS.map((m) => run(id, m)) };
});
const x = (t: Timing) => `${Math.round(t.wall)}x (${Math.round(t.cpu)}x)`;
console.log(`## Frontend throughput (one core, ${AUDIO_SECONDS} s of audio, best of ${REPEATS})\n`);
console.log(`${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}, load average ${os.loadavg()[0]!.toFixed(1)} at the start\n`);
console.log('| frontend | FFT size | hop | frontend | spectra: Meyda, packed (what the frontend uses) | spectra: Meyda amplitudeSpectrum | spectra: fft.js realTransform (ceiling) |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.id} | ${r.fftSize} | ${r.hop} | ${r.figures.map(x).join(' | ')} |`);
console.log('\nFigures are audio-seconds per wall-second (x real time), and in brackets per CPU-second of the process; the target is >= 300x for each frontend.');
