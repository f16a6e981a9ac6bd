import type { RawAudio } from '../types.ts';
import { encodeWav16 } from '../audio/wav.ts';

/** Collects microphone blocks between start() and stop(), up to `maxSeconds`. */
export class ClipRecorder {
  private blocks: Float32Array[] = [];
  private length = 0;
  private active = false;

  constructor(
    private readonly sampleRate: number,
    private readonly maxSeconds: number,
    /** Called when the clip reaches maxSeconds and recording stops by itself. */
    private readonly onFull: () => void,
  ) {}

  get recording(): boolean {
    return this.active;
  }

  start(): void {
    this.blocks = [];
    this.length = 0;
    this.active = true;
  }

  push(block: Float32Array): void {
    if (!this.active) return;
    const room = Math.round(this.maxSeconds * this.sampleRate) - this.length;
    this.blocks.push(block.slice(0, room));
    this.length += Math.min(room, block.length);
    if (this.length >= this.maxSeconds * this.sampleRate) {
      this.active = false;
      this.onFull();
    }
  }

  stop(): RawAudio {
    this.active = false;
    const samples = new Float32Array(this.length);
    let offset = 0;
    for (const block of this.blocks) {
      samples.set(block, offset);
      offset += block.length;
    }
    this.blocks = [];
    return { samples, sampleRate: this.sampleRate };
  }
}

/** Sends a clip to the server, which saves it under audio/<word>/; returns the path it wrote. */
export async function uploadClip(word: string, audio: RawAudio): Promise<{ file: string; seconds: number }> {
  const response = await fetch(`/api/clips/${encodeURIComponent(word)}`, {
    method: 'POST',
    headers: { 'content-type': 'audio/wav' },
    body: encodeWav16(audio),
  });
  const answer = (await response.json()) as { file: string; seconds: number; error?: string };
  if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
  return answer;
}
