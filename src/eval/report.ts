import type { OperatingPoint } from './det.ts';
import type { Block } from './document.ts';
import type { EvaluationResult } from './evaluate.node.ts';
import { headlineClips, TARGET_RATES } from './metrics.ts';

/** What the report says about the detector and the run, besides the results. */
export interface ReportContext {
  /** e.g. the model's name and words. */
  title: string;
  model: string;
  positivesFrom: string[];
  negativesFrom: string[];
  noiseFrom?: string;
  /** Where --save-false-accepts wrote the audio, if it did. */
  falseAcceptAudio?: string;
  date: string;
}

const WORST_SHOWN = 20;

export function percent(rate: number): string {
  return Number.isNaN(rate) ? 'n/a' : `${(rate * 100).toFixed(1)} %`;
}

/** The report as Markdown/HTML blocks; the plots are det.svg and scores.svg beside it. */
export function reportBlocks(result: EvaluationResult, context: ReportContext): Block[] {
  const { metrics, clips, settings } = result;
  const missed = clips.filter((c) => c.peak < settings.threshold).sort((a, b) => a.peak - b.peak);
  const counted = headlineClips(clips).length;
  const misses = (p: OperatingPoint) => `${percent(p.falseRejectRate)} (${Math.round(p.falseRejectRate * counted)} of ${counted})`;
  const row = (label: string, p: OperatingPoint) => [
    label,
    p.threshold > 1 ? 'none ≤ 1' : p.threshold.toFixed(4),
    p.threshold > 1 ? '100 %' : misses(p),
    String(p.falseAccepts),
    p.falseAcceptsPerHour.toFixed(2),
  ];
  const hours = (s: number) => `${(s / 3600).toFixed(2)} h`;
  const kinds = metrics.byBackground.map((b) => b.background).filter((b) => b !== 'clean');
  const conditions = result.snrDb === null
    ? `without background noise${result.reverb ? ', with reverberation' : ''}`
    : `clean and over each background (${kinds.join(', ')}) at ${result.snrDb} dB SNR${result.reverb ? ', with reverberation' : ''}; the miss rates below count the hearings over noise, the table after them each background`;
  const blocks: Block[] = [
    { heading: `Evaluation: ${context.title}`, level: 1 },
    { paragraph: `Model \`${context.model}\`, evaluated ${context.date}. Threshold ${settings.threshold.toFixed(4)}, refractory period ${settings.refractorySeconds} s. Real-time factor of the detector: ${result.realTimeFactor.toFixed(3)}.` },
    {
      list: [
        `Positives: ${clips.length / Math.max(1, metrics.byBackground.length)} clips from ${context.positivesFrom.map((d) => `\`${d}\``).join(', ')}, each ${conditions}, ${result.gapSeconds} s apart in one stream. A clip counts as detected when the detector fires while it plays or within ${result.toleranceSeconds} s after.`,
        `Negatives: ${hours(result.negativeSeconds)} of audio from ${context.negativesFrom.map((d) => `\`${d}\``).join(', ')}, streamed clean${kinds.length ? ` and over each background at ${result.snrDb} dB SNR` : ''}; also the gaps between the positives${kinds.length ? ', each background alone' : ''} and silence and room tone: ${metrics.negativeHours.toFixed(2)} h of listening. Every firing outside a positive clip is a false accept.`,
        ...(context.noiseFrom ? [`Noise: \`${context.noiseFrom}\`.`] : []),
      ],
    },
    { heading: 'Results', level: 2 },
    {
      table: {
        header: ['operating point', 'threshold', 'false-reject rate', 'false accepts', 'per hour'],
        rows: [
          row("model's threshold", metrics.atModelThreshold),
          ...metrics.atTargetRates.map(({ perHour, point }) => row(`lowest threshold with ≤ ${perHour} per hour`, point)),
        ],
      },
    },
    {
      table: {
        header: ['positives heard', 'clips', "missed at the model's threshold", ...metrics.atTargetRates.map((r) => `missed at ≤ ${r.perHour} per hour`)],
        rows: metrics.byBackground.map((b) => [b.background === 'clean' ? 'clean' : `over ${b.background}`, String(b.clips), percent(b.atModelThreshold), ...b.atTargetRates.map((r) => percent(r.falseRejectRate))]),
      },
    },
    ...resolution(metrics.negativeHours),
    {
      table: {
        header: ['negative pass', 'hours', "false accepts at the model's threshold", 'per hour'],
        rows: metrics.byPass.map((p) => [p.label, p.hours.toFixed(2), String(p.falseAccepts), p.falseAcceptsPerHour.toFixed(2)]),
      },
    },
    { heading: 'DET curve', level: 2 },
    { paragraph: 'Misses against false accepts per hour over every threshold; the dot is the model\'s threshold. Lower and further left is better.' },
    { image: { src: 'det.svg', alt: 'DET curve' } },
    { heading: 'Scores over the positives stream', level: 2 },
    { paragraph: 'Green: detected clips; red: missed; dashed: the threshold.' },
    { image: { src: 'scores.svg', alt: 'score trace of the positives stream' } },
    { heading: `Worst false accepts (${result.falseAccepts.length} at the model's threshold)`, level: 2 },
  ];
  if (result.falseAccepts.length === 0) blocks.push({ paragraph: "None at the model's threshold." });
  else {
    if (context.falseAcceptAudio) blocks.push({ paragraph: `The audio around each one is in \`${context.falseAcceptAudio}\`: listen, and move the ones without the wake word into \`audio/negative/\` before retraining.` });
    blocks.push({
      table: {
        header: ['score', 'pass', 'file', 'seconds into file'],
        rows: result.falseAccepts
          .slice(0, WORST_SHOWN)
          .map((f) => [f.score.toFixed(3), f.pass, `\`${f.file}\`${f.previousFile ? ` (or the end of \`${f.previousFile}\` before it)` : ''}`, f.fileTime.toFixed(2)]),
      },
    });
  }
  blocks.push({ heading: `Missed positives (${missed.length} at the model's threshold)`, level: 2 });
  blocks.push(
    missed.length === 0
      ? { paragraph: 'None.' }
      : { table: { header: ['file', 'heard', 'highest score'], rows: missed.map((c) => [`\`${c.file}\``, c.background ?? 'clean', c.peak.toFixed(3)]) } },
  );
  if (result.skipped.length > 0) {
    blocks.push({ heading: `Skipped files (${result.skipped.length})`, level: 2 });
    blocks.push({ list: result.skipped.map((s) => `\`${s.file}\`: ${s.reason}`) });
  }
  blocks.push({ paragraph: 'How to read this: docs/evaluation.md.' });
  return blocks;
}

/** A warning when the negatives are too short to tell the lowest target rates from zero. */
function resolution(hours: number): Block[] {
  const one = 1 / hours;
  if (one <= Math.min(...TARGET_RATES)) return [];
  return [
    {
      paragraph: `With ${hours.toFixed(2)} h of listening, a single false accept is ${one.toFixed(2)} per hour: targets below that can only mean "no false accept seen", and their thresholds are not a safe setting. Add negative audio to measure them (docs/evaluation.md).`,
    },
  ];
}

/** The machine-readable summary (summary.json): every figure, no score traces. */
export function summaryJson(result: EvaluationResult, context: ReportContext): object {
  const { metrics, clips, settings } = result;
  return {
    format: 'wakeword-evaluation/1',
    ...context,
    settings,
    conditions: { snrDb: result.snrDb, reverb: result.reverb, toleranceSeconds: result.toleranceSeconds, gapSeconds: result.gapSeconds },
    positives: clips.length / Math.max(1, metrics.byBackground.length),
    negativeHours: result.negativeSeconds / 3600,
    listeningHours: metrics.negativeHours,
    realTimeFactor: result.realTimeFactor,
    atModelThreshold: metrics.atModelThreshold,
    atTargetRates: metrics.atTargetRates,
    byPass: metrics.byPass,
    byBackground: metrics.byBackground,
    missedPositives: clips.filter((c) => c.peak < settings.threshold).map(({ file, peak, background }) => ({ file, background, peak })),
    falseAccepts: result.falseAccepts,
    skipped: result.skipped,
    clips: clips.map(({ file, peak, background }) => ({ file, background, peak })),
    det: metrics.det,
  };
}
