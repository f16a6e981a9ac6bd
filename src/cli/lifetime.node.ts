/** How often the parent process is checked (ms). */
const PARENT_POLL_MS = 500;

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * The stop signal of a command that runs until told to stop (serve, listen). It aborts on
 * Ctrl-C (SIGINT), SIGTERM (`kill <pid>`), SIGHUP (the terminal closed), the IPC channel to a
 * Node parent closing, or the parent process going away: a wrapper such as npx or a shell that
 * is killed does not pass the signal on, and its child is then handed to another parent, which
 * is noticed within half a second. Standard input is not watched: a command started in the
 * background (`wakeword serve &`) has it closed from the start. `dispose` removes the handlers.
 */
export function untilStopped(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  for (const name of SIGNALS) process.on(name, stop);
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) stop();
  }, PARENT_POLL_MS);
  watch.unref();
  if (process.channel) process.once('disconnect', stop);
  const dispose = () => {
    clearInterval(watch);
    for (const name of SIGNALS) process.off(name, stop);
    process.off('disconnect', stop);
  };
  // Once stopping, a second Ctrl-C (or kill) has its default effect: a stuck shutdown can be cut short.
  controller.signal.addEventListener('abort', dispose, { once: true });
  return { signal: controller.signal, dispose };
}
