/** The level bar spans this range of dBFS: quiet rooms sit near the bottom, speech in the middle. */
const LEVEL_FLOOR_DB = -70;

/**
 * The one-line live status of `wakeword listen`: input level (dBFS) and smoothed score, each as
 * a bar; the score bar marks the threshold with '|'.
 */
export function meterLine(levelDb: number, score: number, threshold: number, width = 20): string {
  const level = bar((levelDb - LEVEL_FLOOR_DB) / -LEVEL_FLOOR_DB, width);
  const scoreBar = [...bar(score, width)];
  scoreBar[Math.min(width - 1, Math.round(threshold * width))] = '|';
  const db = Math.max(levelDb, LEVEL_FLOOR_DB).toFixed(0).padStart(4);
  return `level [${level}] ${db} dB  score [${scoreBar.join('')}] ${score.toFixed(2)}`;
}

function bar(fraction: number, width: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return '#'.repeat(filled) + '-'.repeat(width - filled);
}
