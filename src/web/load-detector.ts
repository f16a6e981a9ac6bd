import type { DetectorMetadata } from '../types.ts';
import type { StreamingDetector } from '../detect/detector.ts';
import { loadDetectorFromUrl } from '../detect/load.ts';

/**
 * The page's detector: the folder the server offers at `url` (loadDetectorFromUrl, the portable
 * entry's loader). Undefined when the server has no model (metadata.json answers 404).
 */
export async function loadDetectorFrom(url: string): Promise<{ detector: StreamingDetector; metadata: DetectorMetadata } | undefined> {
  let noModel = false;
  const get: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.status === 404 && String(input).endsWith('/metadata.json')) noModel = true;
    return response;
  };
  try {
    return await loadDetectorFromUrl(url, { fetch: get });
  } catch (error) {
    if (noModel) return undefined;
    throw error;
  }
}
