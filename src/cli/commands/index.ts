import type { Command } from 'commander';
import base from './base.ts';
import detect from './detect.ts';
import evaluate from './evaluate.ts';
import features from './features.ts';
import record from './record.ts';
import train from './train.ts';

/** Every `wakeword` verb: one file each under this folder, one line here. */
export const commands: ((program: Command) => void)[] = [features, detect, base, train, evaluate, record];
