import { existsSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { loadBaseModel } from '../../models/registry.ts';
import { expandAudioPaths } from '../../platform/files.node.ts';
import { trainingAugmenter } from '../../transfer/augmentation.node.ts';
import { chooseUnfrozenBlocks } from '../../transfer/freeze-policy.ts';
import { TRAINING_DEFAULTS as D } from '../../transfer/defaults.ts';
import { trainDetector } from '../../transfer/train-detector.node.ts';
import { frontendFor } from '../../frontends/registry.ts';
import { synthesizedKinds } from '../../data/synth-manifest.node.ts';
import { InputError } from '../../errors.ts';
import { MIN_CALIBRATION_FIRINGS } from '../../eval/tail.ts';
import { parseFraction, parseNumber, useBackend } from '../options.ts';
import { PhaseBars } from '../progress.ts';

interface TrainFlags {
  word: string;
  positives?: string[];
  negatives?: string[];
  nearMisses?: string[];
  calibrationNegatives?: string[];
  negativeFeatures?: string[];
  noise?: string[];
  base: string;
  unfreeze?: string;
  fromScratch?: boolean;
  resume?: boolean;
  out?: string;
  copies: string;
  negativeCopies: string;
  targetFaPerHour: string;
  epochs: string;
  batches: string;
  labelSmoothing: string;
  members: string;
  seed: string;
  processes?: string;
}

export default function register(program: Command): void {
  program
    .command('train')
    .description('fine-tune a pretrained base into a wake-word detector (models/<name>/)')
    .requiredOption('--word <word>', 'the wake word, e.g. alexa')
    .option('--positives <dirs...>', 'folders or files of the word (default: audio/<word>)')
    .option('--negatives <dirs...>', 'folders or files of anything else (default: audio/negative)')
    .option('--near-misses <paths...>', 'near-misses of the word: trained on as negatives, left out of the threshold calibration (the confusable words `wakeword synth --negative` makes are near-misses already)')
    .option('--calibration-negatives <paths...>', 'negatives never trained on, from other sources than --negatives: the threshold is calibrated on them (clean and over noise), so it holds on new audio')
    .option('--negative-features <dirs...>', 'feature folders from `wakeword embed` (same base): head training also samples negatives from their shards, hours of audio without decoding or embedding it again')
    .option('--noise <dirs...>', 'background noise and music mixed into training clips and trained on as negatives alone (default: audio/noise when present); babble is also made from the negatives')
    .option('--base <id|path>', 'speech-embedding, speech-commands-18w, or a folder with model.json + base.json', 'speech-embedding')
    .option('--unfreeze <n>', 'top blocks of the base to fine-tune (default: chosen from the amount of data)')
    .option('--from-scratch', 'train the same network from random weights (to see what pretraining buys)')
    .option('--resume', 'continue an interrupted run from its last checkpoint')
    .option('--out <dir>', 'output folder (default: models/<word>)')
    .option('--copies <n>', 'augmented copies of each positive clip', String(D.positiveCopies))
    .option('--negative-copies <n>', 'augmented copies of each negative stream (noise, music, babble, rooms)', String(D.negativeCopies))
    .option('--target-fa-per-hour <x>', 'false accepts per hour the threshold is calibrated for', String(D.targetFalseAcceptsPerHour))
    .option('--epochs <n>', 'passes of head training (each: --batches batches, validation, fresh hard negatives)', String(D.epochs))
    .option('--batches <n>', 'batches per pass', String(D.batchesPerEpoch))
    .option('--label-smoothing <x>', 'targets become 1 - x/2 and x/2', String(D.labelSmoothing))
    .option('--members <n>', 'heads trained from different seeds and merged into one (more: steadier, slower)', String(D.members))
    .option('--seed <n>', 'seed for the split, augmentation and sampling', String(D.seed))
    .option('--processes <n>', 'processes that embed the clips at once (default: one per core, at most 8, on the wasm and cpu backends; 1 on tfjs-node)')
    .action(async (flags: TrainFlags, command: Command) => {
      const backend = await useBackend(command);
      const positives = flags.positives ?? [path.join('audio', flags.word)];
      const negatives = flags.negatives ?? [path.join('audio', 'negative')];
      const noise = flags.noise ?? (existsSync(path.join('audio', 'noise')) ? [path.join('audio', 'noise')] : []);
      const positiveFiles = await expandAudioPaths(positives);
      if (positiveFiles.length === 0) throw new InputError(positives.join(', '), 'no WAV or FLAC clips of the word (record some with `wakeword record` or `wakeword synth`)');
      const base = await loadBaseModel(flags.base);
      const unfreeze = flags.unfreeze === undefined ? chooseUnfrozenBlocks(positiveFiles.length) : parseNumber(flags.unfreeze, '--unfreeze');
      const out = flags.out ?? path.join('models', flags.word);
      const noiseFiles = await expandAudioPaths(noise);
      const negativeFiles = await expandAudioPaths(negatives);
      if (negativeFiles.length === 0) throw new InputError(negatives.join(', '), 'no WAV or FLAC clips of anything but the word (record some with `wakeword record --negative`, `wakeword synth --negative` or `wakeword data fetch`)');
      // Clips are decoded at the frontend's rate, so the noise is loaded at it too.
      const { augmenter, tag, spec, skipped: badNoise } = await trainingAugmenter(noiseFiles, frontendFor(base).sampleRate, {}, { speech: negativeFiles });
      console.error(`training '${flags.word}' on ${base.id}: ${positiveFiles.length} clips of the word, ${flags.fromScratch ? 'from scratch' : unfreeze > 0 ? `top ${unfreeze} block(s) unfrozen` : 'head only'}`);
      // Confusable words from `wakeword synth --negative` are near-misses without being named:
      // in calibration, the few a voice renders all but like the word would set the threshold.
      const synthetic = await synthesizedKinds([...positiveFiles, ...negativeFiles]);
      const confusables = negativeFiles.filter((file) => synthetic.get(file) === 'confusable');
      if (confusables.length > 0) console.error(`${confusables.length} confusable word${confusables.length === 1 ? '' : 's'} from \`wakeword synth\`: trained on as near-misses, left out of the threshold calibration`);
      const epochs = parseNumber(flags.epochs, '--epochs');
      const labelSmoothing = parseFraction(flags.labelSmoothing, '--label-smoothing', { includeOne: false });
      const bars = new PhaseBars();
      const { metadata, skipped } = await trainDetector({
        name: path.basename(out), word: flags.word, positives, negatives: [...negatives, ...noiseFiles], nearMisses: [...(flags.nearMisses ?? []), ...confusables], base, out, augmenter, augmentationTag: tag, augmentation: spec,
        calibrationNegatives: flags.calibrationNegatives,
        negativeFeatures: flags.negativeFeatures,
        onNegativeFeatures: (f) => bars.note(`negative features: ${f.embeddings} embeddings sampled from ${f.read} of ${f.shards} shards (${(f.seconds / 3600).toFixed(2)} h of audio read)`),
        unfreeze, fromScratch: flags.fromScratch, resume: flags.resume, backend,
        positiveCopies: parseNumber(flags.copies, '--copies'),
        negativeCopies: parseNumber(flags.negativeCopies, '--negative-copies'),
        targetFalseAcceptsPerHour: parseNumber(flags.targetFaPerHour, '--target-fa-per-hour'),
        seed: parseNumber(flags.seed, '--seed'),
        embeddingProcesses: flags.processes === undefined ? undefined : parseNumber(flags.processes, '--processes'),
        head: { members: parseNumber(flags.members, '--members') },
        training: {
          epochs,
          labelSmoothing,
          batchesPerEpoch: parseNumber(flags.batches, '--batches'),
          // The head bar would stop short with no word: say why training ended there.
          onEarlyStop: (stop) => {
            bars.stop();
            console.error(stop.message);
          },
        },
        onPrepare: (done, total) => bars.show('embedding', total, 'streams').update(done),
        onBatch: (epoch, batch, batches, loss) => bars.show('head', epochs * batches, 'batches').update(epoch * batches + batch, `epoch ${epoch + 1} loss ${loss.toFixed(3)}`),
        onEpoch: (r) => bars.note(`epoch ${r.epoch + 1}: train loss ${r.trainLoss.toFixed(4)}, validation loss ${r.validationLoss.toFixed(4)}, strict recall ${(r.validationRecall * 100).toFixed(1)} %${r.improved ? ' (best)' : ''}`),
        onFineTuneStep: (step, loss) => bars.show('fine-tune', 0, 'steps').update(step, `loss ${loss.toFixed(3)}`),
        onCalibrate: (done, total) => bars.show('calibrate', total, 'streams').update(done),
      });
      bars.stop();
      for (const s of [...badNoise, ...skipped]) console.error(`skipped ${s.file}: ${s.reason}`);
      if (!metadata.calibration.heldOut) console.error('note: the threshold was calibrated on the training negatives, which flatters it; pass --calibration-negatives (other sources) for one that holds on new audio');
      const recall = metadata.validation.recallAtThreshold;
      console.log(
        `${out}: threshold ${metadata.threshold.toFixed(4)} for ${metadata.calibration.targetFalseAcceptsPerHour} false accepts/hour ` +
          `(${metadata.calibration.falseAcceptsPerHour.toFixed(2)}/h on ${metadata.calibration.negativeHours.toFixed(2)} h of negatives); ` +
          `validation recall ${Number.isNaN(recall) ? 'not measured' : `${(recall * 100).toFixed(1)} %`}`,
      );
      const warning = usabilityWarning(recall, positiveFiles.length);
      if (warning) console.error(`warning: ${warning}`);
      const advice = dataAdvice(flags.word, positiveFiles.length, positiveFiles.filter((file) => synthetic.has(file)).length, noiseFiles.length, metadata.calibration);
      for (const line of advice) console.error(`note: ${line}`);
    });
}

/** Fewer real recordings of the word than this and training says the detector needs more. */
export const MIN_REAL_TAKES = 10;

/**
 * What the training data lacks that a detector for real rooms needs: enough calibration audio to
 * measure the target rate, real voices (synthetic ones alone miss many people; BENCHMARKS.md,
 * "The user's own word") and background noise.
 */
export function dataAdvice(
  word: string,
  positives: number,
  synthetic: number,
  noiseFiles: number,
  calibration: { negativeHours: number; targetFalseAcceptsPerHour: number },
): string[] {
  const advice: string[] = [];
  const expected = calibration.negativeHours * calibration.targetFalseAcceptsPerHour;
  if (expected < MIN_CALIBRATION_FIRINGS) {
    advice.push(
      `${calibration.negativeHours.toFixed(2)} h of calibration audio would hold ${expected.toFixed(1)} false accepts at ${calibration.targetFalseAcceptsPerHour} per hour: ` +
        `the threshold sits just above the highest score heard there and says little about that rate; give ${(MIN_CALIBRATION_FIRINGS / calibration.targetFalseAcceptsPerHour).toFixed(0)} h or more of speech (--calibration-negatives, wakeword data fetch)`,
    );
  }
  const real = positives - synthetic;
  if (real < MIN_REAL_TAKES) {
    advice.push(
      `${real === 0 ? 'none' : `only ${real}`} of the ${positives} clips of the word ${real === 1 ? 'is a real recording' : 'are real recordings'} (the rest are from \`wakeword synth\`): ` +
        `synthetic voices alone miss many real ones; record at least ${MIN_REAL_TAKES} takes, better 30, of the people who will use it ` +
        `(\`wakeword record --word ${word} --count 30\`) and train again`,
    );
  }
  if (noiseFiles === 0) {
    advice.push('no background noise was mixed in (audio/noise or --noise): add music, babble and room noise, or the detector will miss more in loud rooms');
  }
  return advice;
}

/**
 * Below this share of held-out clips detected at the stored threshold the detector misses most
 * of what its user says: training reports it as unusable (docs/training.md).
 */
export const USABLE_RECALL = 0.5;

/** What to tell the user when the model is unusable or could not be checked; undefined when it is fine. */
export function usabilityWarning(recall: number, positiveClips: number): string | undefined {
  const add = 'add clips of the word from real voices (wakeword record), more negative speech (wakeword data fetch) and noise (audio/noise)';
  if (Number.isNaN(recall)) return `no clip of the word was held out to check the detector (${positiveClips} clips; 10 % are held out): ${add}`;
  if (recall < USABLE_RECALL) {
    return `the detector found only ${(recall * 100).toFixed(1)} % of its held-out clips at its threshold (below the ${USABLE_RECALL * 100} % floor): it is not usable yet; ${add}`;
  }
  return undefined;
}
