import { loadWordSetFromUrls, type LoadedWordSet } from '../detect/load.ts';

/**
 * The page's detectors: the folders the server lists at `listUrl` ({"models": [url, ...]}),
 * run as one word set on one embedding pass (loadWordSetFromUrls, the portable entry's
 * loader). Undefined when the server has no model.
 */
export async function loadWordSetFrom(listUrl: string): Promise<LoadedWordSet | undefined> {
  const response = await fetch(listUrl);
  if (!response.ok) throw new Error(`${listUrl}: HTTP ${response.status}`);
  const { models } = (await response.json()) as { models: string[] };
  return models.length === 0 ? undefined : loadWordSetFromUrls(models);
}
