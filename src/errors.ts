/**
 * A problem with what the user gave us (a file, a flag, a model folder). The message is one
 * line: the subject, what is wrong, and what was expected. The CLI prints it without a stack.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(subject: string, problem: string) {
    super(`${subject}: ${problem}`);
  }
}

/** One line for the user: InputErrors as they are, anything else with its stack (a bug). */
export function formatError(error: unknown): string {
  if (error instanceof InputError) return `error: ${error.message}`;
  if (error instanceof Error) return `error: ${error.stack ?? error.message}`;
  return `error: ${String(error)}`;
}
