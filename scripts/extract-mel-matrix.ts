/**
 * Regenerates src/frontends/speech-embedding-mel.json from the mel matrix stored in
 * openWakeWord's melspectrogram.onnx, so the frontend needs no file access in the browser.
 * Usage: npx tsx scripts/extract-mel-matrix.ts
 */
import { melMatrixToBands, openWakeWordFile, readOnnx, writeFileAtomic } from '../src/node.ts';

const graph = await readOnnx(openWakeWordFile('melspectrogram'));
const matrix = graph.initializers.get('1.melW');
if (!matrix) throw new Error('melspectrogram.onnx has no 1.melW initializer');
const bands = melMatrixToBands(matrix.data, matrix.dims[0]!, matrix.dims[1]!);
await writeFileAtomic(new URL('../src/frontends/speech-embedding-mel.json', import.meta.url).pathname, JSON.stringify({ fftBins: matrix.dims[0], bands }) + '\n');
console.log(`wrote ${bands.length} mel bands`);
