import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, info?: string): void;
  stop(): void;
}

/** A progress bar on stderr with count, rate and time left; silent when stderr is not a terminal and CI is set. */
export function createProgress(label: string, total: number, unit = 'items'): Progress {
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.padEnd(12)} [{bar}] {percentage}% | {value}/{total} ${unit} | {rate}/s | ETA {eta_formatted} {info}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
      noTTYOutput: !process.env.CI,
      notTTYSchedule: 10000,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: '0', info: '' });
  return {
    update(done, info = '') {
      const seconds = (Date.now() - started) / 1000;
      bar.update(done, { rate: seconds > 0 ? (done / seconds).toFixed(1) : '0', info });
    },
    stop() {
      bar.stop();
    },
  };
}

/**
 * One bar per phase of a long job: asking for a new phase closes the previous bar. A CLI helper
 * (stderr, cli-progress); the Node entry re-exports it for user scripts, the core never uses it.
 */
export class PhaseBars {
  private current?: { label: string; bar: Progress };

  show(label: string, total: number, unit: string): Progress {
    if (this.current?.label !== label) {
      this.current?.bar.stop();
      this.current = { label, bar: createProgress(label, total, unit) };
    }
    return this.current.bar;
  }

  /** A line of its own between bar updates (e.g. an epoch summary). */
  note(line: string): void {
    process.stderr.write(`\n${line}\n`);
  }

  stop(): void {
    this.current?.bar.stop();
    this.current = undefined;
  }
}
