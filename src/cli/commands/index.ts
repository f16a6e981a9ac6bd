import type { Command } from 'commander';

/** A verb's module: its default export declares the verb (options, help, action) on the program. */
export type CommandModule = { default: (program: Command) => void };

/**
 * Every `wakeword` verb: one file each under this folder, one line here. Loaded on demand, so a
 * run of one verb imports that verb's code only (`detect` never loads training, plotting, TTS or
 * the web server); help and unknown words load them all.
 */
export const commands = {
  features: () => import('./features.ts'),
  detect: () => import('./detect.ts'),
  base: () => import('./base.ts'),
  train: () => import('./train.ts'),
  evaluate: () => import('./evaluate.ts'),
  record: () => import('./record.ts'),
  synth: () => import('./synth.ts'),
  augment: () => import('./augment.ts'),
  data: () => import('./data.ts'),
  listen: () => import('./listen.ts'),
  serve: () => import('./serve.ts'),
  embed: () => import('./embed.ts'),
  worker: () => import('./worker.ts'),
} satisfies Record<string, () => Promise<CommandModule>>;

export type Verb = keyof typeof commands;

export function isVerb(word: string | undefined): word is Verb {
  return word !== undefined && Object.hasOwn(commands, word);
}
