/**
 * A problem with what the user gave us (a file, a flag, a model folder). The message is one
 * line: the subject, what is wrong, and what was expected. The CLI prints it without a stack.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** What the problem is with: a file, a flag, a folder. */
    readonly subject: string,
    /** What is wrong with it (and what was expected), without the subject. */
    readonly reason: string,
  ) {
    super(`${subject}: ${reason}`);
  }

  /** The reason alone when the error is about `subject` (said once elsewhere), else the whole message. */
  reasonAbout(subject: string): string {
    return this.subject === subject ? this.reason : this.message;
  }
}

/** One line for the user: InputErrors as they are, anything else with its stack (a bug). */
export function formatError(error: unknown): string {
  if (error instanceof InputError) return `error: ${error.message}`;
  if (error instanceof Error) return `error: ${error.stack ?? error.message}`;
  return `error: ${String(error)}`;
}
