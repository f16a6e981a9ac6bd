import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from './tf.ts';
import { InputError } from '../errors.ts';

const require = createRequire(import.meta.url);

/** The tfjs backends we can run on in Node, best first. */
export const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

/**
 * Loads a tfjs package with console.warn silenced, through require: they are CommonJS, which
 * Node's `import` would first scan for export names (~30 ms for the wasm backend's script; the
 * backend module is only needed whole). tfjs warns while such packages load
 * ("Platform node has already been set" when a package brings its own copy of tfjs-core, as an
 * installed wakeword-transfer's tfjs-backend-wasm does; a line per kernel when the GPU package
 * got halfway before its native binding was missing, as after npm install --ignore-scripts):
 * nothing a user can act on.
 */
function quietRequire(pkg: string): unknown {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return require(pkg);
  } finally {
    console.warn = warn;
  }
}

/** Native TensorFlow bindings are optional dependencies: loading one registers `tensorflow`. */
function tryNative(pkg: string): boolean {
  try {
    quietRequire(pkg);
    return true;
  } catch {
    return false;
  }
}

let chosen: BackendName | undefined;

/**
 * Picks the tfjs backend once per process: tfjs-node-gpu, else tfjs-node, else wasm, else cpu.
 * `forced` (from --backend or WAKEWORD_BACKEND) insists on one and fails clearly if it is missing.
 */
export async function selectBackend(forced = process.env.WAKEWORD_BACKEND): Promise<BackendName> {
  if (chosen) return chosen;
  if (forced !== undefined && forced !== '' && !(BACKENDS as readonly string[]).includes(forced)) {
    throw new InputError('--backend', `unknown backend '${forced}', expected one of ${BACKENDS.join(', ')}`);
  }
  const wanted = forced ? [forced as BackendName] : BACKENDS;
  for (const name of wanted) {
    if (await tryBackend(name)) {
      chosen = name;
      return name;
    }
  }
  throw new InputError('--backend', `backend '${forced}' is not available here (${hint(forced as BackendName)})`);
}

async function tryBackend(name: BackendName): Promise<boolean> {
  switch (name) {
    case 'tensorflow-gpu':
      if (!tryNative('@tensorflow/tfjs-node-gpu')) return false;
      return tf.setBackend('tensorflow');
    case 'tensorflow':
      if (!tryNative('@tensorflow/tfjs-node')) return false;
      return tf.setBackend('tensorflow');
    case 'wasm': {
      const wasm = quietRequire('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
      const dir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
      wasm.setWasmPaths(dir + path.sep);
      await import('./wasm-conv-gradient.ts');
      await import('./wasm-matmul-transpose.ts');
      return tf.setBackend('wasm');
    }
    case 'cpu':
      require('@tensorflow/tfjs-backend-cpu');
      return tf.setBackend('cpu');
  }
}

function hint(name: BackendName): string {
  if (name === 'tensorflow-gpu') return 'npm install @tensorflow/tfjs-node-gpu needs CUDA and internet access at install';
  if (name === 'tensorflow') return 'npm install @tensorflow/tfjs-node needs internet access at install';
  return 'its package failed to load';
}
