import type { Command } from 'commander';
import { InputError } from '../errors.ts';
import { selectBackend } from '../platform/backend.node.ts';

/** Options every verb can read from the top-level program. */
export interface GlobalOptions {
  backend?: string;
  verbose?: boolean;
}

export function globalOptions(command: Command): GlobalOptions {
  return command.optsWithGlobals() as GlobalOptions;
}

/** Chooses the tfjs backend for a verb that needs one, and says which in verbose mode. */
export async function useBackend(command: Command): Promise<string> {
  const { backend, verbose } = globalOptions(command);
  const name = await selectBackend(backend);
  if (verbose) console.error(`backend: ${name}`);
  return name;
}

export function parseNumber(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InputError(flag, `'${value}' is not a number`);
  return n;
}
