import { readFile } from 'node:fs/promises';
import { detectorBase } from '../detect/assemble.ts';
import { loadDetectorFolders } from '../detect/load.node.ts';
import { InputError } from '../errors.ts';
import type { NegativeTrace } from '../eval/false-accepts.ts';
import { checkShardOrigin, openShard } from '../features/shard.ts';
import { requireShards } from '../features/store.node.ts';
import type { DetectorMetadata } from '../types.ts';
import { headTrace } from './calibrate.ts';

export interface FeatureScores {
  metadata: DetectorMetadata;
  /** One trace per embedded file, holding only its steps at or above `floor` (they fire exactly as the full trace at any threshold >= floor). */
  traces: NegativeTrace[];
  shards: number;
}

/**
 * A detector's score traces over feature shards (`wakeword embed`), as the live detector would
 * score the files they came from (the same head, smoothing and step times; the embeddings as
 * stored in float16), without decoding or embedding the audio again. Only detectors on a frozen
 * pretrained base can be scored so: the shards hold that base's embeddings. One shard is in memory
 * at a time, and steps below `floor` are dropped as they are scored.
 */
export async function scoreFeatureShards(modelDir: string, dirs: string[], floor: number, onShard?: (done: number, total: number) => void): Promise<FeatureScores> {
  const loaded = await loadDetectorFolders([modelDir]);
  const [metadata, head, network] = [loaded.metadata[0]!, loaded.heads[0]!, loaded.network];
  if (metadata.base.unfrozenBlocks > 0 || metadata.base.fromScratch) {
    head.dispose();
    network.dispose();
    throw new InputError(modelDir, "its base was trained too, so feature shards (the pretrained base's embeddings) cannot score it: evaluate it on audio");
  }
  const { frontend, base } = detectorBase(metadata, network);
  const files = await requireShards(dirs);
  const traces: NegativeTrace[] = [];
  try {
    for (const [index, file] of files.entries()) {
      const shard = openShard(await readFile(file), file);
      const { header } = shard;
      checkShardOrigin(header, file, metadata.base, metadata.frontend, `${modelDir} runs on`);
      for (const entry of header.entries) {
        const steps = headTrace(head, base, frontend, { embeddings: shard.slice(entry.offset, entry.offset + entry.count) }, metadata.smoothing);
        // Step times from the start of the file, after the silence embedded before it; steps that
        // complete within that silence are not the file's (scoreRecording leaves them out too).
        const kept = steps.map((s) => ({ t: s.t - header.leadSeconds, score: s.score })).filter((s) => s.t > -1e-9 && s.score >= floor);
        traces.push({ label: entry.file, steps: kept, seconds: entry.seconds });
      }
      onShard?.(index + 1, files.length);
    }
  } finally {
    head.dispose();
    network.dispose();
  }
  return { metadata, traces, shards: files.length };
}
