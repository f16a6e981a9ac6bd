import type { Spec } from 'vega';

/** What every chart of the toolkit shares: Vega 5, a white background, a title and its size. */
export function chartFrame(title: string, width: number, height: number): Spec {
  return { $schema: 'https://vega.github.io/schema/vega/v5.json', width, height, padding: 8, background: 'white', title: { text: title } };
}
