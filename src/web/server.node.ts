import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sharedBaseProblem } from '../detect/assemble.ts';
import { readDetectorMetadata } from '../detect/load.node.ts';
import { InputError } from '../errors.ts';
import { bundleForBrowser } from '../platform/browser-bundle.node.ts';
import { ClipRejected, DEFAULT_CLIP_LIMITS, saveClip, type ClipLimits } from './clips.node.ts';

const require = createRequire(import.meta.url);
const HERE = import.meta.dirname;
/** '.ts' run from source, '.js' from the compiled package (dist/web/): the page's sources sit beside this file. */
const EXT = path.extname(import.meta.filename);

export interface DemoServerOptions {
  /** Trained detector folder the page loads; without one the page only shows the spectrogram and records clips. */
  modelDir?: string;
  /** Several trained detector folders (after `modelDir`, if given) that share a frozen base: the page runs them as one word set. */
  modelDirs?: string[];
  /** Where recorded clips go, as <audioRoot>/<word>/ (default 'audio'). */
  audioRoot?: string;
  /** Interface to bind (default 127.0.0.1: only this machine can reach the page). */
  host?: string;
  /** Port (default 8080; 0 picks a free one). */
  port?: number;
  clipLimits?: ClipLimits;
}

export interface DemoServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

/** The tfjs wasm backend's binaries, served under /wasm/ for setWasmPaths. */
const WASM_FILES = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The live-microphone demo: the page (bundled from src/web/ at start), the tfjs wasm binaries,
 * each model folder under /models/<i>/ (the first also under /model/), their list as
 * /models.json ({"models": ["/models/0", ...]}), and POST /api/clips/<word> to save a recording.
 * Folders that cannot share one base are refused here, naming the folder.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const { modelDir, modelDirs = [], audioRoot = 'audio', host = '127.0.0.1', port = 8080, clipLimits = DEFAULT_CLIP_LIMITS } = options;
  const dirs = [...(modelDir ? [modelDir] : []), ...modelDirs];
  const metadata = await Promise.all(dirs.map(readDetectorMetadata));
  const problem = dirs.length > 1 ? sharedBaseProblem(metadata, dirs) : undefined;
  if (problem) throw new InputError('--model', problem);
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  const [page, app, worklet] = await Promise.all([
    readFile(path.join(HERE, 'index.html')),
    bundleForBrowser(path.join(HERE, `app${EXT}`)),
    bundleForBrowser(path.join(HERE, `capture-worklet${EXT}`)),
  ]);
  const models = JSON.stringify({ models: dirs.map((_, i) => `/models/${i}`) });
  const assets: Record<string, string | Buffer> = { '/': page, '/index.html': page, '/app.js': app, '/capture-worklet.js': worklet, '/models.json': models };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const pathname = url.pathname;
    if (request.method === 'POST' && pathname.startsWith('/api/clips/')) {
      checkSameOrigin(request);
      const type = request.headers['content-type'] ?? '';
      if (!/^audio\/(wav|x-wav|wave)\b/.test(type)) throw new HttpError(415, `expected Content-Type audio/wav, got '${type}'`);
      const word = decodePath(pathname.slice('/api/clips/'.length));
      const saved = await saveClip(audioRoot, word, await readBody(request, clipLimits.maxBytes), clipLimits);
      return send(response, 201, JSON.stringify({ file: saved.file, seconds: saved.seconds }), '.json');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'method not allowed');
    const asset = assets[pathname];
    if (asset !== undefined) return send(response, 200, asset, pathname === '/' ? '.html' : path.extname(pathname));
    if (pathname.startsWith('/wasm/') && WASM_FILES.includes(pathname.slice(6))) return send(response, 200, await readFile(path.join(wasmDir, pathname.slice(6))), '.wasm');
    const model = modelFile(pathname, dirs);
    if (model) return send(response, 200, await readInside(model.dir, decodePath(model.file)), path.extname(pathname));
    throw new HttpError(404, 'not found');
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError || error instanceof ClipRejected ? error.status : 500;
      if (status === 500) console.error(error);
      if (!response.headersSent) send(response, status, JSON.stringify({ error: (error as Error).message }), '.json');
      else response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const problem = { EADDRINUSE: 'in use by another program; pick another with --port', EACCES: 'not allowed for this user; pick a port above 1024', EADDRNOTAVAIL: 'not an address of this machine' }[error.code ?? ''];
      reject(problem ? new InputError(`${host}:${port}`, problem) : error);
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function send(response: ServerResponse, status: number, body: string | Buffer, extension: string): void {
  response.writeHead(status, { 'content-type': CONTENT_TYPES[extension] ?? 'application/octet-stream', 'cache-control': 'no-store' });
  response.end(body);
}

/** The model folder and the file in it that a path asks for: /models/<i>/<file>, or /model/<file> in the first folder. */
function modelFile(pathname: string, dirs: string[]): { dir: string; file: string } | undefined {
  const match = /^\/model\/(.*)$|^\/models\/(\d+)\/(.*)$/.exec(pathname);
  const dir = match && dirs[match[2] === undefined ? 0 : Number(match[2])];
  return dir ? { dir, file: match[1] ?? match[3]! } : undefined;
}

function decodePath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new HttpError(400, `malformed path '${encoded}'`);
  }
}

/** A file below `root`; anything outside it (../, absolute paths) or missing is a 404. */
async function readInside(root: string, relative: string): Promise<Buffer> {
  const base = path.resolve(root);
  const file = path.resolve(base, relative);
  if (!file.startsWith(base + path.sep)) throw new HttpError(404, 'not found');
  try {
    return await readFile(file);
  } catch {
    throw new HttpError(404, 'not found');
  }
}

/** Pages of other sites may not save clips here: a browser sends their Origin with the POST. */
function checkSameOrigin(request: IncomingMessage): void {
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    // Origin "null" (a file:// page, a sandboxed frame) is another site too.
  }
  if (host !== request.headers.host) throw new HttpError(403, `requests from ${origin} may not save clips`);
}

async function readBody(request: IncomingMessage, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new HttpError(413, `${declared} bytes, more than the limit of ${maxBytes}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new HttpError(413, `more than the limit of ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}
