import path from 'node:path';
import { writeFileAtomic } from '../platform/files.node.ts';
import { detSpec } from '../plot/det.ts';
import { renderSvg, svgToPng } from '../plot/render.node.ts';
import { scoreTraceSpec } from '../plot/score-trace.ts';
import { toHtml, toMarkdown } from './document.ts';
import type { EvaluationResult } from './evaluate.node.ts';
import { reportBlocks, summaryJson, type ReportContext } from './report.ts';

/** Writes the report folder: report.md, report.html, summary.json, det.svg/png, scores.svg/png. */
export async function writeReport(dir: string, result: EvaluationResult, context: ReportContext): Promise<string[]> {
  const { metrics, settings } = result;
  const det = await renderSvg(
    detSpec([{ name: context.title, points: metrics.det, operatingPoint: metrics.atModelThreshold }], `DET curve: ${context.title}`),
  );
  const traceClips = result.clips
    .filter((c) => (c.background ?? 'clean') === result.positiveTraceBackground)
    .map((c) => ({ start: c.start, end: c.end, detected: c.peak >= settings.threshold }));
  const scores = await renderSvg(scoreTraceSpec(result.positiveTrace, traceClips, settings.threshold));
  const blocks = reportBlocks(result, context);
  const files: [string, string | Uint8Array][] = [
    ['report.md', toMarkdown(blocks)],
    ['report.html', toHtml(blocks, `Evaluation: ${context.title}`)],
    ['summary.json', JSON.stringify(summaryJson(result, context), null, 2) + '\n'],
    ['det.svg', det],
    ['det.png', svgToPng(det)],
    ['scores.svg', scores],
    ['scores.png', svgToPng(scores)],
  ];
  for (const [name, data] of files) await writeFileAtomic(path.join(dir, name), data);
  return files.map(([name]) => path.join(dir, name));
}
