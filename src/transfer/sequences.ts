import { findSpeechBounds } from '../audio/speech-bounds.ts';
import type { FeatureFrontend } from '../frontends/types.ts';
import { computeFrames } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';
import type { RawAudio } from '../types.ts';
import { embedFrames, embeddingCount } from '../detect/embed.ts';
import { headInputEnd } from '../detect/timing.ts';

/**
 * A clip's embeddings in time order, and which head inputs (runs of `headContext` consecutive
 * embeddings) are examples of the wake word. Head input i ends at embedding i + headContext - 1.
 */
export interface EmbeddingSequence {
  embeddings: Float32Array[];
  /** Inclusive range of head-input indices labelled as the word; undefined for negatives. */
  positive?: { from: number; to: number };
}

/** The frames of a training stream, before the base embeds them (for fine-tuning the base). */
export interface FrameSequence {
  frames: Float32Array[];
  positive?: { from: number; to: number };
}

/** How a positive clip is placed in its training stream (seconds). */
export const POSITIVE_PLACEMENT = {
  /** Audio before the end of the word: enough for a full head context. */
  lead: 2.1,
  /** Audio after the end of the word. */
  tail: 0.4,
  /** Head inputs ending this long before / after the word's end count as the word. */
  earliest: 0.08,
  latest: 0.32,
};

/**
 * Silence around negative clips: before, so their first sounds fill whole windows; after, so the
 * head also learns that sound stopping is not the word.
 */
export const NEGATIVE_PADDING = { lead: 1.5, tail: 1.0 };

export function headInputCount(base: BaseModel, sequence: EmbeddingSequence): number {
  return Math.max(0, sequence.embeddings.length - base.headContext + 1);
}

/** Copies `samples` into a zero stream of `length` samples starting at `offset` (may be < 0). */
function place(samples: Float32Array, length: number, offset: number): Float32Array {
  const out = new Float32Array(length);
  for (let i = Math.max(0, -offset); i < samples.length && i + offset < length; i++) out[i + offset] = samples[i]!;
  return out;
}

/**
 * Turns one clip (at the frontend's rate) into training frames. Positives are cut so the word
 * ends `lead` seconds in (jittered by `shift`), negatives get silence around them; both then
 * pass through `augment` (noise fills the silence) and are featurised exactly as live.
 */
export function clipToFrames(
  clip: RawAudio,
  role: 'positive' | 'negative',
  base: BaseModel,
  frontend: FeatureFrontend,
  augment: (audio: RawAudio) => RawAudio = (a) => a,
  shift = 0,
): FrameSequence | undefined {
  const rate = clip.sampleRate;
  let stream: Float32Array;
  let wordEnd = 0;
  if (role === 'positive') {
    const bounds = findSpeechBounds(clip);
    if (!bounds) return undefined;
    wordEnd = POSITIVE_PLACEMENT.lead + shift;
    const length = Math.round((wordEnd + POSITIVE_PLACEMENT.tail) * rate);
    stream = place(clip.samples, length, Math.round((wordEnd - bounds.end) * rate));
  } else {
    const lead = Math.round(NEGATIVE_PADDING.lead * rate);
    stream = place(clip.samples, lead + clip.samples.length + Math.round(NEGATIVE_PADDING.tail * rate), lead);
  }
  const frames = computeFrames(frontend, augment({ samples: stream, sampleRate: rate }).samples);
  if (role === 'negative') return { frames };
  const inputs = embeddingCount(base, frames.length) - base.headContext + 1;
  let from = -1;
  let to = -1;
  for (let i = 0; i < inputs; i++) {
    const end = headInputEnd(base, frontend, i);
    if (end < wordEnd - POSITIVE_PLACEMENT.earliest || end > wordEnd + POSITIVE_PLACEMENT.latest) continue;
    if (from < 0) from = i;
    to = i;
  }
  return from < 0 ? undefined : { frames, positive: { from, to } };
}

/** The same, embedded by the (frozen) base: what head-only training reads. */
export function framesToSequence(base: BaseModel, frames: FrameSequence): EmbeddingSequence {
  const embeddings = embedFrames(base, frames.frames);
  return frames.positive ? { embeddings, positive: frames.positive } : { embeddings };
}
