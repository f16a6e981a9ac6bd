/**
 * How many top blocks of the base to fine-tune for a given amount of wake-word data.
 * Transfer learning's rule: with little data only the new head trains (the base's features are
 * better than anything the data could teach it); with more, the top blocks adapt too.
 * Override with `--unfreeze N`.
 */
export const UNFREEZE_THRESHOLDS = [
  { minPositiveClips: 5000, blocks: 2 },
  { minPositiveClips: 1500, blocks: 1 },
] as const;

export function chooseUnfrozenBlocks(positiveClips: number): number {
  return UNFREEZE_THRESHOLDS.find((t) => positiveClips >= t.minPositiveClips)?.blocks ?? 0;
}
