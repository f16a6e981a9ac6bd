import type { Command } from 'commander';
import augment from './augment.ts';
import base from './base.ts';
import data from './data.ts';
import detect from './detect.ts';
import evaluate from './evaluate.ts';
import features from './features.ts';
import listen from './listen.ts';
import record from './record.ts';
import serve from './serve.ts';
import synth from './synth.ts';
import train from './train.ts';

/** Every `wakeword` verb: one file each under this folder, one line here. */
export const commands: ((program: Command) => void)[] = [features, detect, base, train, evaluate, record, synth, augment, data, listen, serve];
