import seedrandom from 'seedrandom';
import { readAudioBatch, type SkippedFile } from '../audio/read.node.ts';
import { mixAtSnr } from '../audio/mix.ts';
import { InputError } from '../errors.ts';

/** Background noise for evaluation streams. */
export interface StreamNoise {
  files: string[];
  /** Level of the speech over the noise, measured as mixAtSnr does (over the speech, not the silence around it). */
  snrDb: number;
  /** Seed of the starting point in the noise. Default 'evaluate'. */
  seed?: string;
}

/** A stretch of an evaluation stream; `file` names the recording it plays (none for gap noise). */
export interface StreamPiece {
  samples: Float32Array;
  file?: string;
}

export interface StreamOptions {
  sampleRate: number;
  noise?: StreamNoise;
  /** Called for each file that cannot be decoded; the stream goes on without it. */
  onSkip?: (skipped: SkippedFile) => void;
}

/**
 * Positive clips one after another with `gapSeconds` of background before the first and after
 * each, all in noise at the given SNR (measured over the clip itself), optionally reverberated
 * first. One clip is in memory at a time.
 */
export async function* positivesStream(
  files: string[],
  options: StreamOptions & { gapSeconds: number; reverb?: (samples: Float32Array, sampleRate: number) => Float32Array },
): AsyncGenerator<StreamPiece> {
  const { sampleRate, noise } = options;
  const loop = noise && (await NoiseLoop.open(noise, sampleRate, options.onSkip));
  const gap = Math.round(options.gapSeconds * sampleRate);
  let lead = gap;
  for (const file of files) {
    const read = await readOrSkip(file, sampleRate, options.onSkip);
    if (!read) continue;
    const clip = options.reverb ? options.reverb(read, sampleRate) : read;
    const slot = new Float32Array(lead + clip.length + gap);
    slot.set(clip, lead);
    // mixAtSnr measures the clip's power over its speech only, so the silence around it does not count.
    const mixed = loop ? await mix(slot, loop, noise.snrDb, sampleRate) : slot;
    if (lead > 0) yield { samples: mixed.subarray(0, lead) };
    yield { samples: mixed.subarray(lead, lead + clip.length), file };
    yield { samples: mixed.subarray(lead + clip.length) };
    lead = 0;
  }
}

/** Negative recordings back to back, each mixed with its own stretch of noise when given. */
export async function* negativesStream(files: string[], options: StreamOptions): AsyncGenerator<StreamPiece> {
  const { sampleRate, noise } = options;
  const loop = noise && (await NoiseLoop.open(noise, sampleRate, options.onSkip));
  for (const file of files) {
    const samples = await readOrSkip(file, sampleRate, options.onSkip);
    if (!samples) continue;
    yield { samples: loop ? await mix(samples, loop, noise.snrDb, sampleRate) : samples, file };
  }
}

/** Endless noise: the noise files one after another from a seeded starting point, read one at a time. */
class NoiseLoop {
  private current: Float32Array = new Float32Array(0);
  private position = 0;
  private index: number;

  private constructor(
    private readonly files: string[],
    private readonly sampleRate: number,
    private readonly random: () => number,
    private readonly onSkip?: (skipped: SkippedFile) => void,
  ) {
    this.index = Math.floor(random() * files.length) - 1;
  }

  static async open(noise: StreamNoise, sampleRate: number, onSkip?: (skipped: SkippedFile) => void): Promise<NoiseLoop> {
    if (noise.files.length === 0) throw new InputError('noise', 'no WAV or FLAC files to mix in');
    const loop = new NoiseLoop([...noise.files], sampleRate, seedrandom(noise.seed ?? 'evaluate'), onSkip);
    await loop.next();
    loop.position = Math.floor(loop.random() * loop.current.length);
    return loop;
  }

  async take(length: number): Promise<Float32Array> {
    const out = new Float32Array(length);
    for (let filled = 0; filled < length; ) {
      if (this.position >= this.current.length) await this.next();
      const n = Math.min(length - filled, this.current.length - this.position);
      out.set(this.current.subarray(this.position, this.position + n), filled);
      filled += n;
      this.position += n;
    }
    return out;
  }

  private async next(): Promise<void> {
    while (this.files.length > 0) {
      this.index = (this.index + 1) % this.files.length;
      const samples = await readOrSkip(this.files[this.index]!, this.sampleRate, this.onSkip);
      if (samples && samples.length > 0) {
        this.current = samples;
        this.position = 0;
        return;
      }
      // Reported once, then left out of the loop.
      this.files.splice(this.index--, 1);
    }
    throw new InputError('noise', 'none of the noise files could be read');
  }
}

async function mix(samples: Float32Array, noise: NoiseLoop, snrDb: number, sampleRate: number): Promise<Float32Array> {
  return mixAtSnr({ samples, sampleRate }, { samples: await noise.take(samples.length), sampleRate }, snrDb).samples;
}

async function readOrSkip(file: string, sampleRate: number, onSkip?: (skipped: SkippedFile) => void): Promise<Float32Array | undefined> {
  const { clips, skipped } = await readAudioBatch([file], sampleRate);
  if (skipped[0]) onSkip?.(skipped[0]);
  return clips[0]?.audio.samples;
}
