import type { BaseModel } from './types.ts';

/** Loads a base from its folder under the base cache (models/base/<id>), filling it first if needed. */
export type BaseLoader = (dir: string) => Promise<BaseModel>;

/**
 * Every built-in base, by id: one line each. Loaders import their module lazily, so choosing
 * one base never loads another's code.
 */
export const bases = {
  'speech-embedding': async (dir) => (await import('./speech-embedding.node.ts')).loadSpeechEmbedding(dir),
  'speech-commands-18w': async (dir) => (await import('./speech-commands.node.ts')).loadSpeechCommands18w(dir),
} satisfies Record<string, BaseLoader>;

export type BaseId = keyof typeof bases;

export function isBaseId(id: string): id is BaseId {
  return Object.hasOwn(bases, id);
}

/** Where built-in bases are converted or downloaded to, relative to the working directory. */
export const BASE_CACHE = 'models/base';

/**
 * A base by registry id, or by the path of a folder holding a tfjs LayersModel (model.json)
 * and a base.json that names its frontend and cut layer (docs/bases.md).
 */
export async function loadBaseModel(spec: string, cacheRoot = BASE_CACHE): Promise<BaseModel> {
  if (isBaseId(spec)) return bases[spec](`${cacheRoot}/${spec}`);
  return (await import('./path-base.node.ts')).loadPathBase(spec, Object.keys(bases));
}
