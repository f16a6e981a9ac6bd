import { meanPower } from './levels.ts';

/** How many people talk at once in generated babble, and how far apart their levels are (dB). */
export const BABBLE_TALKERS: [number, number] = [3, 8];
const LEVEL_SPREAD_DB = 10;

/**
 * Babble: several people talking at once at random levels, as a crowded room or a TV does. Each
 * talker is a run of `speech` clips back to back from a random point; the mix is scaled to unit
 * RMS (augmentation sets its level). Seeded by `random`.
 */
export function makeBabble(speech: Float32Array[], length: number, random: () => number): Float32Array {
  const talkers = BABBLE_TALKERS[0] + Math.floor(random() * (BABBLE_TALKERS[1] - BABBLE_TALKERS[0] + 1));
  const out = new Float32Array(length);
  for (let k = 0; k < talkers; k++) {
    const voice = talkerStream(speech, length, random);
    const power = meanPower(voice);
    if (power === 0) continue;
    const gain = 10 ** ((-LEVEL_SPREAD_DB * random()) / 20) / Math.sqrt(power);
    for (let i = 0; i < length; i++) out[i] += gain * voice[i]!;
  }
  const power = meanPower(out);
  return power > 0 ? out.map((x) => x / Math.sqrt(power)) : out;
}

/** One talker: random clips back to back, starting inside the first, until `length` samples. */
function talkerStream(speech: Float32Array[], length: number, random: () => number): Float32Array {
  const out = new Float32Array(length);
  let filled = 0;
  let first = true;
  while (filled < length) {
    const clip = speech[Math.floor(random() * speech.length)]!;
    const from = first ? Math.floor(random() * clip.length) : 0;
    const n = Math.min(length - filled, clip.length - from);
    out.set(clip.subarray(from, from + n), filled);
    filled += n;
    first = false;
  }
  return out;
}
