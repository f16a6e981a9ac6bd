import path from 'node:path';
import * as esbuild from 'esbuild';

export interface BundleOptions {
  /**
   * Modules replaced by a stand-in (module name -> ES module source): for Node built-ins that a
   * browser library imports but never calls in the browser. Default: none.
   */
  shims?: Record<string, string>;
}

/**
 * Bundles browser code (TypeScript or JavaScript, with its node_modules imports) into one
 * script that runs in a page as a classic <script>. `entry` is a file, or source code given
 * with the directory its imports resolve from.
 */
export async function bundleForBrowser(entry: string | { source: string; resolveDir: string }, options: BundleOptions = {}): Promise<string> {
  const shims = options.shims ?? {};
  const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const shimPlugin: esbuild.Plugin = {
    name: 'shims',
    setup(build) {
      const names = Object.keys(shims);
      if (names.length === 0) return;
      build.onResolve({ filter: new RegExp(`^(${names.map(escape).join('|')})$`) }, (args) => ({ path: args.path, namespace: 'shim' }));
      build.onLoad({ filter: /.*/, namespace: 'shim' }, (args) => ({ contents: shims[args.path], loader: 'js' }));
    },
  };
  const result = await esbuild.build({
    ...(typeof entry === 'string'
      ? { entryPoints: [path.resolve(entry)] }
      : { stdin: { contents: entry.source, resolveDir: entry.resolveDir, loader: 'ts', sourcefile: 'entry.ts' } }),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins: [shimPlugin],
  });
  return result.outputFiles[0]!.text;
}
