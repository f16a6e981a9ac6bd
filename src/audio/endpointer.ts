import type { RawAudio } from '../types.ts';
import { powerToDb, SILENCE_DB } from './levels.ts';

/** When an utterance starts and ends in a live stream; every field documents its default. */
export interface EndpointOptions {
  /** Speech must be this far above the noise floor (dB, default 12)... */
  marginDb: number;
  /** ...and above this level (dBFS, default -50). */
  minSpeechDb: number;
  /** This much quiet after speech ends the utterance (seconds, default 0.7). */
  endSilenceSeconds: number;
  /** No speech within this time is a silent take (seconds, default 5). */
  waitSeconds: number;
  /** Still speaking this long after speech started is too long (seconds, default 4). */
  maxSpeechSeconds: number;
}

export const DEFAULT_ENDPOINT_OPTIONS: EndpointOptions = { marginDb: 12, minSpeechDb: -50, endSilenceSeconds: 0.7, waitSeconds: 5, maxSpeechSeconds: 4 };

/** 'waiting' for speech, in 'speech', or finished: 'ended' normally, 'no-speech' or 'too-long'. */
export type EndpointState = 'waiting' | 'speech' | 'ended' | 'no-speech' | 'too-long';

const FRAME_SECONDS = 0.02;

/**
 * The noise floor of a stream: the 10th percentile of its 20 ms frame levels, kept in a 1 dB
 * histogram so it costs the same however long the session runs.
 */
export class NoiseFloor {
  private readonly counts = new Uint32Array(-SILENCE_DB + 1);
  private total = 0;

  add(levelDb: number): void {
    this.counts[Math.min(this.counts.length - 1, Math.max(0, Math.round(levelDb - SILENCE_DB)))]!++;
    this.total++;
  }

  /** The floor in dBFS (SILENCE_DB before any frame). */
  get db(): number {
    let seen = 0;
    for (let bin = 0; bin < this.counts.length; bin++) {
      seen += this.counts[bin]!;
      if (seen > this.total * 0.1) return bin + SILENCE_DB;
    }
    return SILENCE_DB;
  }
}

/**
 * Follows one take of a live stream frame by frame: speech starts when a frame rises above
 * max(minSpeechDb, floor + marginDb) and ends after endSilenceSeconds below it. Every sample
 * pushed (after the optional pre-roll) is kept, for trimming afterwards.
 */
export class Endpointer {
  readonly options: EndpointOptions;
  state: EndpointState = 'waiting';
  /** Level of the latest frame (dBFS), for a level meter. */
  level = SILENCE_DB;
  private readonly frame: number;
  private readonly chunks: Float32Array[] = [];
  private frameEnergy = 0;
  private frameFill = 0;
  private frames = 0;
  private speechFrame = -1;
  private quietFrames = 0;

  constructor(
    readonly sampleRate: number,
    private readonly floor: NoiseFloor,
    options: Partial<EndpointOptions> = {},
    preroll?: Float32Array,
  ) {
    this.options = { ...DEFAULT_ENDPOINT_OPTIONS, ...options };
    this.frame = Math.round(sampleRate * FRAME_SECONDS);
    if (preroll) this.chunks.push(preroll);
  }

  get thresholdDb(): number {
    return Math.max(this.options.minSpeechDb, this.floor.db + this.options.marginDb);
  }

  push(chunk: Float32Array): EndpointState {
    if (this.isFinished()) return this.state;
    this.chunks.push(chunk);
    for (const x of chunk) {
      this.frameEnergy += x * x;
      if (++this.frameFill === this.frame) this.frameDone(powerToDb(this.frameEnergy / this.frame));
    }
    return this.state;
  }

  isFinished(): boolean {
    return this.state !== 'waiting' && this.state !== 'speech';
  }

  /** Everything recorded in this take. */
  audio(): RawAudio {
    const samples = new Float32Array(this.chunks.reduce((sum, c) => sum + c.length, 0));
    let offset = 0;
    for (const chunk of this.chunks) {
      samples.set(chunk, offset);
      offset += chunk.length;
    }
    return { samples, sampleRate: this.sampleRate };
  }

  private frameDone(levelDb: number): void {
    this.frameEnergy = 0;
    this.frameFill = 0;
    this.level = levelDb;
    this.frames++;
    const loud = levelDb > this.thresholdDb;
    if (this.state === 'waiting' && !loud) this.floor.add(levelDb);
    const seconds = (frames: number) => frames * FRAME_SECONDS;
    if (this.state === 'waiting') {
      if (loud) this.state = 'speech';
      else if (seconds(this.frames) >= this.options.waitSeconds) this.state = 'no-speech';
      if (loud) this.speechFrame = this.frames;
      return;
    }
    if (this.state !== 'speech') return;
    this.quietFrames = loud ? 0 : this.quietFrames + 1;
    if (seconds(this.quietFrames) >= this.options.endSilenceSeconds) this.state = 'ended';
    else if (seconds(this.frames - this.speechFrame) >= this.options.maxSpeechSeconds) this.state = 'too-long';
  }
}
