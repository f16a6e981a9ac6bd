/**
 * Cuts windows of audio around chosen times out of a stream that goes by once, holding only the
 * last few seconds. A window is complete once the stream has passed its end (or has ended).
 */
export class StreamCapture<K> {
  private blocks: { start: number; samples: Float32Array }[] = [];
  private end = 0;
  private pending: { key: K; from: number; to: number }[] = [];

  constructor(
    private readonly sampleRate: number,
    private readonly beforeSeconds: number,
    private readonly afterSeconds: number,
  ) {}

  /** Asks for the window around `t` seconds (t within the audio added so far, give or take a block). */
  request(t: number, key: K): void {
    const from = Math.max(0, Math.round((t - this.beforeSeconds) * this.sampleRate));
    this.pending.push({ key, from, to: Math.round((t + this.afterSeconds) * this.sampleRate) });
  }

  /** Adds the next samples of the stream; returns the windows they complete. */
  add(samples: Float32Array): { key: K; samples: Float32Array }[] {
    this.blocks.push({ start: this.end, samples: samples.slice() });
    this.end += samples.length;
    const done = this.take((p) => p.to <= this.end);
    const keep = this.end - Math.round((this.beforeSeconds + 1) * this.sampleRate);
    while (this.blocks.length > 1 && this.blocks[0]!.start + this.blocks[0]!.samples.length < keep) this.blocks.shift();
    return done;
  }

  /** The stream ended: what is left of the pending windows. */
  finish(): { key: K; samples: Float32Array }[] {
    const done = this.take(() => true);
    this.blocks = [];
    this.end = 0;
    return done;
  }

  private take(ready: (p: { from: number; to: number }) => boolean): { key: K; samples: Float32Array }[] {
    const done = this.pending.filter(ready);
    this.pending = this.pending.filter((p) => !ready(p));
    return done.map(({ key, from, to }) => ({ key, samples: this.cut(from, Math.min(to, this.end)) }));
  }

  private cut(from: number, to: number): Float32Array {
    const out = new Float32Array(Math.max(0, to - from));
    for (const { start, samples } of this.blocks) {
      const a = Math.max(from, start);
      const b = Math.min(to, start + samples.length);
      if (a < b) out.set(samples.subarray(a - start, b - start), a - from);
    }
    return out;
  }
}
