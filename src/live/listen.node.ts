import { meanPower, powerToDb } from '../audio/levels.ts';
import type { WordDetection, WordSetListener } from './word-set-listener.ts';
import { meterLine } from './meter.ts';
import { createStreamResampler } from './stream-resampler.ts';
import type { LiveSource } from './sources.node.ts';

export interface ListenOutput {
  /** Called for each detection (time from the start of listening, seconds). */
  onDetection(detection: WordDetection): void;
  /** The live status line, when there is a terminal to redraw it on. */
  status?: StatusLine;
}

/** One line of a terminal redrawn in place (carriage return + erase to end of line). */
export class StatusLine {
  private shown = false;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  show(text: string): void {
    this.stream.write(`\r${text.slice(0, Math.max(10, (this.stream.columns || 80) - 1))}\x1b[K`);
    this.shown = true;
  }

  /** Erases the line, so other output starts on a clean line. */
  clear(): void {
    if (this.shown) this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}

/**
 * Feeds a live source through the listener until the source ends (or is aborted): resampled
 * to the detector's rate, a status line per chunk, each detection reported as it happens.
 * Returns the seconds of audio heard and the detections.
 */
export async function listen(source: LiveSource, listener: WordSetListener, output: ListenOutput): Promise<{ seconds: number; detections: number }> {
  const resampler = await createStreamResampler(source.sampleRate, listener.detector.sampleRate);
  let samples = 0;
  let detections = 0;
  let meter = { score: 0, threshold: listener.settings[0]!.threshold };
  try {
    for await (const chunk of source.chunks) {
      samples += chunk.length;
      const update = listener.push(resampler.push(chunk));
      const last = update.steps.at(-1);
      if (last) meter = listener.closest(last);
      output.status?.show(meterLine(powerToDb(meanPower(chunk)), meter.score, meter.threshold));
      for (const detection of update.detections) {
        output.status?.clear();
        output.onDetection(detection);
        detections++;
      }
    }
  } finally {
    output.status?.clear();
    resampler.dispose();
  }
  return { seconds: samples / source.sampleRate, detections };
}
