import { existsSync } from 'node:fs';
import path from 'node:path';

/** The real recordings beside the repository (../shared/data); absent on a user's machine. */
export const SHARED_DATA = path.resolve(import.meta.dirname, '../../shared/data');

/** For node:test's `skip` option: a message when the shared data is missing, else false. */
export function skipWithoutSharedData(): string | false {
  return existsSync(SHARED_DATA) ? false : `skipped: ${SHARED_DATA} is absent (real recordings are only on the project's machines)`;
}

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_DATA, ...parts);
}
