// Runs the real `wakeword` CLI in a child process (not a test file itself).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const CLI = path.resolve(import.meta.dirname, '../../bin/wakeword.js');

export interface CliRun {
  child: ChildProcess;
  /** Resolves when the process ends. */
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
  /** Resolves once stdout contains `text`. */
  waitFor(text: string): Promise<void>;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = process.env, options: { cwd?: string } = {}): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], { env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  child.stdout!.on('data', (data: Buffer) => {
    stdout += data.toString();
    for (const w of waiting.filter((w) => stdout.includes(w.text))) w.resolve();
  });
  child.stderr!.on('data', (data: Buffer) => (stderr += data.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    child,
    done,
    waitFor: (text) => new Promise<void>((resolve) => (stdout.includes(text) ? resolve() : waiting.push({ text, resolve }))),
  };
}
