import { createBrowserFftFrontend } from './browser-fft.ts';
import { createSpeechEmbeddingFrontend } from './speech-embedding.ts';
import type { FeatureFrontend, FrontendFactory } from './types.ts';

/** Every feature frontend, by id: factories, so no state is shared between users. */
export const frontends = {
  'speech-embedding': createSpeechEmbeddingFrontend,
  'browser-fft': createBrowserFftFrontend,
} satisfies Record<string, FrontendFactory>;

export type FrontendId = keyof typeof frontends;

export function isFrontendId(id: string): id is FrontendId {
  return Object.hasOwn(frontends, id);
}

/** A new frontend of the kind a base was trained on. */
export function frontendFor(base: { id: string; frontendId: string }): FeatureFrontend {
  if (!isFrontendId(base.frontendId)) throw new Error(`base ${base.id} needs unknown frontend ${base.frontendId}`);
  return frontends[base.frontendId]();
}
