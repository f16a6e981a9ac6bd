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

/**
 * A number from 0 to 1 (a threshold, a probability), checked here so a value outside that range
 * is one line naming the flag and the value instead of a detector that never or always fires.
 * `includeOne: false` for values that must stay below 1 (label smoothing).
 */
export function parseFraction(value: string, flag: string, options: { includeOne?: boolean } = {}): number {
  const { includeOne = true } = options;
  const n = parseNumber(value, flag);
  if (n < 0 || n > 1 || (!includeOne && n === 1)) {
    throw new InputError(flag, `got ${value.trim()}, expected ${includeOne ? 'a number from 0 to 1' : 'at least 0 and below 1'}`);
  }
  return n;
}

/** Commander's collector for a repeatable option (`--model a --model b`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
