import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';

/** Capture programs deliver this: signed 16-bit little-endian mono PCM at 16 kHz. */
export const CAPTURE_RATE = 16000;

export type CaptureProgram = 'arecord' | 'sox' | 'ffmpeg';

export interface CaptureOptions {
  /** Input device for the chosen program: arecord -D, sox's AUDIODEV, ffmpeg's -i. Default: the system default input. */
  device?: string;
  /** A shell command writing raw s16le mono 16 kHz to stdout, used instead of a capture program. */
  inputCommand?: string;
  /** Use this program instead of the first one found. */
  program?: CaptureProgram;
  /** Stops the capture (the iterator then ends without an error). */
  signal?: AbortSignal;
}

/** What will be run, and a name for messages. */
export interface CaptureCommand {
  label: string;
  command: string;
  args: string[];
  shell: boolean;
  env?: Record<string, string>;
}

const INSTALL_HINTS: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'install one: sudo apt install alsa-utils (arecord), sudo apt install sox, or sudo apt install ffmpeg',
  darwin: 'install one: brew install sox, or brew install ffmpeg',
  win32: 'install one: winget install ChrisBagwell.SoX, or winget install Gyan.FFmpeg',
};

const PACKAGE_OF: Record<CaptureProgram, string> = { arecord: 'alsa-utils', sox: 'sox', ffmpeg: 'ffmpeg' };

/** Where to look first on each system: ALSA's own tool on Linux, then sox, then ffmpeg. */
const PREFERENCE: Partial<Record<NodeJS.Platform, CaptureProgram[]>> = {
  linux: ['arecord', 'sox', 'ffmpeg'],
  darwin: ['sox', 'ffmpeg'],
  win32: ['sox', 'ffmpeg'],
};

/** The full path of `name` on PATH (with PATHEXT on Windows), or undefined. */
export function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | undefined {
  const extensions = platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const extension of extensions) {
      const candidate = path.join(dir, name + extension);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * The command that captures 16 kHz mono s16le on stdout: the user's --input-command, else the
 * requested or first available program with this system's audio input (ALSA, AVFoundation,
 * DirectShow). A missing program is an InputError that says which package to install.
 */
export function captureCommand(options: CaptureOptions, platform: NodeJS.Platform = process.platform, find = findExecutable): CaptureCommand {
  if (options.inputCommand) return { label: `input command "${options.inputCommand}"`, command: options.inputCommand, args: [], shell: true };
  const candidates = options.program ? [options.program] : (PREFERENCE[platform] ?? ['sox', 'ffmpeg']);
  const program = candidates.find((name) => find(name) !== undefined);
  if (!program) {
    if (options.program) throw new InputError(`capture program '${options.program}'`, `not found on PATH; install the ${PACKAGE_OF[options.program]} package`);
    throw new InputError('microphone capture', `none of ${candidates.join(', ')} is installed; ${INSTALL_HINTS[platform] ?? 'install sox or ffmpeg'} (or pass --input-command)`);
  }
  const rate = String(CAPTURE_RATE);
  const device = options.device;
  if (program === 'arecord') {
    return { label: 'arecord', command: 'arecord', args: ['-q', '-t', 'raw', '-f', 'S16_LE', '-c', '1', '-r', rate, ...(device ? ['-D', device] : [])], shell: false };
  }
  if (program === 'sox') {
    const args = ['-q', '-d', '-t', 'raw', '-e', 'signed-integer', '-b', '16', '-c', '1', '-r', rate, '-L', '-'];
    return { label: 'sox', command: 'sox', args, shell: false, ...(device ? { env: { AUDIODEV: device } } : {}) };
  }
  let input: string[];
  if (platform === 'darwin') input = ['-f', 'avfoundation', '-i', `:${device ?? 'default'}`];
  else if (platform === 'win32') {
    if (!device) throw new InputError('ffmpeg on Windows', 'needs --device "<microphone name>"; list them with: ffmpeg -list_devices true -f dshow -i dummy');
    input = ['-f', 'dshow', '-i', `audio=${device}`];
  } else input = ['-f', 'alsa', '-i', device ?? 'default'];
  return { label: 'ffmpeg', command: 'ffmpeg', args: ['-hide_banner', '-loglevel', 'error', '-nostdin', ...input, '-f', 's16le', '-ac', '1', '-ar', rate, '-'], shell: false };
}

/**
 * A capture that failed before delivering any audio: no microphone, a busy or unknown device,
 * an input command that does not run. One line naming the program's own message; for a capture
 * program it suggests --input-command. Waiting and retrying cannot fix these.
 */
export class CaptureStartError extends InputError {}

function startError(spec: CaptureCommand, status: string, said: string | undefined): CaptureStartError {
  if (spec.shell) return new CaptureStartError(spec.label, `${status} before any audio${said ? `: ${said}` : ''}`);
  // sox prefixes its errors with "sox FAIL"; the program's name is said once.
  const message = said ? said.replace(/^sox FAIL /, '') : `${spec.label} ${status}`;
  const named = message.startsWith(spec.label) ? message : `${spec.label}: ${message}`;
  return new CaptureStartError('no microphone', `${named} (use --input-command to record from another program)`);
}

/** 80 ms at 16 kHz: the detector's step and the unit of everything downstream of capture. */
const CAPTURE_BLOCK = 1280;

/**
 * Runs the capture command and yields its audio at 16 kHz in blocks of exactly 80 ms (the last
 * may be shorter) whatever sizes the pipe delivers, so what is done with them does not depend
 * on how busy the machine was. Ends
 * when the program exits cleanly (an input command that plays a file) or when `signal` aborts
 * (or the consumer stops iterating; the program is then stopped). A program that fails or dies
 * throws an InputError with its exit status and last words on stderr: a CaptureStartError when
 * it failed before delivering any audio.
 */
export async function* captureAudio(options: CaptureOptions): AsyncGenerator<Float32Array> {
  const spec = captureCommand(options);
  // Its own process group: Ctrl-C reaches only us, and stopping reaches a shell's children too.
  const group = process.platform !== 'win32';
  const child = spawn(spec.command, spec.args, {
    shell: spec.shell,
    detached: group,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: spec.env ? { ...process.env, ...spec.env } : process.env,
  });
  let stderr = '';
  child.stderr.on('data', (data: Buffer) => {
    stderr = (stderr + data.toString()).slice(-2000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  const stop = () => {
    try {
      if (group && child.pid) process.kill(-child.pid, 'SIGTERM');
      else child.kill('SIGTERM');
    } catch {
      // already gone
    }
  };
  options.signal?.addEventListener('abort', stop, { once: true });
  let leftover: number | undefined;
  let pending = new Float32Array(0);
  let delivered = false;
  try {
    for await (const data of child.stdout as AsyncIterable<Buffer>) {
      let bytes = data;
      if (leftover !== undefined) {
        bytes = Buffer.concat([Buffer.of(leftover), data]);
        leftover = undefined;
      }
      const count = Math.floor(bytes.length / 2);
      if (bytes.length % 2) leftover = bytes[bytes.length - 1];
      const joined = new Float32Array(pending.length + count);
      joined.set(pending);
      for (let i = 0; i < count; i++) joined[pending.length + i] = bytes.readInt16LE(2 * i) / 32768;
      let start = 0;
      for (; joined.length - start >= CAPTURE_BLOCK; start += CAPTURE_BLOCK) {
        delivered = true;
        yield joined.slice(start, start + CAPTURE_BLOCK);
      }
      pending = joined.slice(start);
    }
    if (pending.length > 0) {
      delivered = true;
      yield pending;
    }
    const { code, signal, error } = await exited;
    if (options.signal?.aborted) return;
    if (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new InputError(spec.label, missing ? `not found; install the ${PACKAGE_OF[spec.command as CaptureProgram] ?? spec.command} package` : error.message);
    }
    if (code !== 0) {
      const said = stderr.trim().split('\n').pop();
      if (!delivered) throw startError(spec, signal ? `stopped by signal ${signal}` : `stopped with exit code ${code}`, said);
      throw new InputError(spec.label, `stopped ${signal ? `by signal ${signal}` : `with exit code ${code}`}${said ? `: ${said}` : ''}`);
    }
  } finally {
    options.signal?.removeEventListener('abort', stop);
    stop();
  }
}
