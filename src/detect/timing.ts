import type { FeatureFrontend } from '../frontends/types.ts';
import type { BaseModel } from '../models/types.ts';

/**
 * Seconds from the stream start to the end of head input `i` (the `headContext` embeddings
 * ending at embedding i + headContext - 1): when the detector's step for it is complete.
 */
export function headInputEnd(base: BaseModel, frontend: FeatureFrontend, i: number): number {
  const lastFrame = (i + base.headContext - 1) * base.windowHop + base.windowFrames;
  return (lastFrame * frontend.hop) / frontend.sampleRate;
}
