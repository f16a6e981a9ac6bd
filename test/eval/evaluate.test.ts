import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { encodeWav16 } from '../../src/audio/wav.ts';
import type { DetectorStep } from '../../src/detect/types.ts';
import { StreamCapture } from '../../src/eval/false-accept-audio.ts';
import { evaluateDetector, rescoreEvaluation, type FalseAccept } from '../../src/eval/evaluate.node.ts';
import type { ScoreSource } from '../../src/eval/score-source.ts';
import { writeReport } from '../../src/eval/write-report.node.ts';

const RATE = 16000;

/** A stand-in detector: one step per 80 ms, score = twice the RMS of that stretch (capped at 1). */
class LoudnessDetector implements ScoreSource {
  readonly sampleRate = RATE;
  private pending: number[] = [];
  private steps = 0;
  push(samples: Float32Array): DetectorStep[] {
    this.pending.push(...samples);
    const out: DetectorStep[] = [];
    while (this.pending.length >= 1280) {
      const chunk = this.pending.splice(0, 1280);
      const rms = Math.sqrt(chunk.reduce((s, x) => s + x * x, 0) / chunk.length);
      out.push({ t: (++this.steps * 1280) / RATE, score: Math.min(1, 2 * rms) });
    }
    return out;
  }
  reset(): void {
    this.pending = [];
    this.steps = 0;
  }
}

function tone(seconds: number, amplitude: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => amplitude * Math.sin((2 * Math.PI * 440 * i) / RATE));
}

async function wav(dir: string, name: string, samples: Float32Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, encodeWav16({ samples, sampleRate: RATE }));
  return file;
}

test('evaluation of a known detector on generated streams: misses, false accepts, their audio, the report', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'evaluate-'));
  try {
    const loud = await wav(dir, 'loud.wav', tone(1, 0.5));
    const quiet = await wav(dir, 'quiet.wav', tone(1, 0.05));
    const loud2 = await wav(dir, 'loud2.wav', tone(0.8, 0.6));
    const burst = new Float32Array(10 * RATE);
    burst.set(tone(0.5, 0.5), 3 * RATE);
    const negative = await wav(dir, 'burst.wav', burst);
    const silent = await wav(dir, 'silent.wav', new Float32Array(5 * RATE));
    const broken = path.join(dir, 'broken.wav');
    await writeFile(broken, 'not audio');
    const random = Float32Array.from({ length: 2 * RATE }, (_, i) => Math.sin(i * 12.9898) * 0.3);
    const noise = await wav(dir, 'noise.wav', random);

    const saved: { falseAccept: FalseAccept; length: number }[] = [];
    const progress: number[] = [];
    const result = await evaluateDetector(new LoudnessDetector(), {
      positives: [loud, quiet, broken, loud2],
      negatives: [negative, silent],
      noise: [{ kind: 'noise', files: [noise] }],
      quietSeconds: 5,
      settings: { threshold: 0.5, refractorySeconds: 2 },
      onProgress: (p) => progress.push(p.files),
      onFalseAccept: (falseAccept, audio) => void saved.push({ falseAccept: { ...falseAccept }, length: audio.samples.length }),
    });

    // Every clip is heard clean and over the noise; the headline miss rate counts the noisy hearings.
    const heard = [['loud.wav', true], ['quiet.wav', false], ['loud2.wav', true]];
    assert.deepEqual(result.clips.map((c) => [path.basename(c.file), c.peak >= 0.5]), [...heard, ...heard]);
    assert.deepEqual(result.clips.map((c) => c.background), ['clean', 'clean', 'clean', 'noise', 'noise', 'noise']);
    assert.equal(result.metrics.atModelThreshold.falseRejectRate, 1 / 3);
    assert.deepEqual(result.metrics.byBackground.map((b) => [b.background, b.clips, b.atModelThreshold]), [['clean', 3, 1 / 3], ['noise', 3, 1 / 3]]);
    // Clips sit 3 s apart, after 3 s of lead-in noise.
    assert.ok(Math.abs(result.clips[0]!.start - 3) < 1e-9 && Math.abs(result.clips[1]!.start - 7) < 1e-9);
    assert.deepEqual(result.skipped.map((s) => path.basename(s.file)), ['broken.wav']);

    // One burst per pass of the negatives: clean and over the noise, at 3-3.5 s into burst.wav.
    // The gaps between positives, the noise alone and silence and room tone are negatives too.
    assert.equal(result.negativeSeconds, 15);
    assert.deepEqual(result.metrics.byPass.map((p) => [p.label, p.falseAccepts]), [
      ['gaps clean', 0], ['gaps over noise', 0], ['clean', 1], ['over noise', 1], ['noise alone', 0], ['silence and room tone', 0],
    ]);
    const gaps = result.negatives[0]!;
    // 3 s lead-in and 3 s after each of 3 clips, less the 1 s tolerance after each clip.
    assert.ok(Math.abs(gaps.seconds - (3 + 3 * 3 - 3 * 1)) < 0.1, `gap seconds ${gaps.seconds}`);
    assert.ok(gaps.steps.every((s) => result.clips.every((c) => !(s.t > c.start && s.t <= c.end + 1))));
    assert.equal(result.negatives.at(-1)!.seconds, 6 * 5);
    assert.equal(result.metrics.atModelThreshold.falseAcceptsPerHour, 2 / result.metrics.negativeHours);
    for (const fa of result.falseAccepts) {
      assert.equal(path.basename(fa.file), 'burst.wav');
      assert.ok(fa.fileTime > 3 && fa.fileTime <= 3.6, `fired at ${fa.fileTime}`);
    }
    assert.deepEqual(saved.map((s) => [s.falseAccept.pass, s.length]), [['clean', 2 * RATE], ['over noise', 2 * RATE]]);
    // 3 readable positives twice, 2 negatives twice, the noise file, 6 kinds of quiet.
    assert.deepEqual(progress, Array.from({ length: 17 }, (_, i) => i + 1));

    // Rescoring the same audio with the same steps gives the same figures; with other scores, theirs.
    const same = rescoreEvaluation(result, result.passes.map((p) => p.steps));
    assert.deepEqual(same.metrics, result.metrics);
    assert.deepEqual(same.falseAccepts.map((f) => [f.pass, f.t]), result.falseAccepts.map((f) => [f.pass, f.t]));
    const zeroed = rescoreEvaluation(result, result.passes.map((p) => p.steps.map((step) => ({ ...step, score: 0 }))));
    assert.equal(zeroed.metrics.atModelThreshold.falseRejectRate, 1);
    assert.equal(zeroed.falseAccepts.length, 0);

    const out = path.join(dir, 'report');
    const context = { title: 'loudness', model: 'none', positivesFrom: [dir], negativesFrom: [dir], date: '2026-01-01' };
    const files = await writeReport(out, result, context);
    assert.deepEqual(files.map((f) => path.basename(f)), ['report.md', 'report.html', 'summary.json', 'det.svg', 'det.png', 'scores.svg', 'scores.png']);
    const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8'));
    assert.deepEqual(summary.missedPositives.map((m: { file: string; background: string }) => [path.basename(m.file), m.background]), [['quiet.wav', 'clean'], ['quiet.wav', 'noise']]);
    assert.match(await readFile(path.join(out, 'report.md'), 'utf8'), /\| model's threshold \| 0\.5000 \| 33\.3 % \(1 of 3\) \| 2 \|/);
    assert.deepEqual([...(await readFile(path.join(out, 'det.png'))).subarray(1, 4)], [...Buffer.from('PNG')]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('stream capture cuts windows around times, including across block edges and at the end', () => {
  const capture = new StreamCapture<string>(10, 1, 0.5);
  const ramp = (from: number, n: number) => Float32Array.from({ length: n }, (_, i) => from + i);
  assert.deepEqual(capture.add(ramp(0, 30)), []);
  capture.request(3, 'a'); // samples 20..35, across three blocks
  assert.deepEqual(capture.add(ramp(30, 3)), []);
  const done = capture.add(ramp(33, 30));
  assert.deepEqual(done.map((d) => [d.key, [...d.samples]]), [['a', [...ramp(20, 15)]]]);
  capture.request(6, 'b'); // samples 50..65, the stream ends at 63
  assert.deepEqual(capture.finish().map((d) => [d.key, [...d.samples]]), [['b', [...ramp(50, 13)]]]);
});
