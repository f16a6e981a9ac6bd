import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';

// Headless Chromium for the tests that compare us with the browser (REFERENCE.md section 3).
// playwright-core is a devDependency: only tests import this file (it is not part of the package).

/** The Debian chromium package; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** For node:test's `skip` option: a message when there is no Chromium to run, else false. */
export function skipWithoutChromium(): string | false {
  return existsSync(CHROMIUM_PATH) ? false : `skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`;
}

export interface LaunchOptions {
  /** A WAV file that getUserMedia plays as the microphone (ask for it with echoCancellation, noiseSuppression and autoGainControl off). */
  fakeMicrophoneWav?: string;
}

/** Launches headless Chromium with the flags that keep it quiet and offline. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const args = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
  if (options.fakeMicrophoneWav) {
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${path.resolve(options.fakeMicrophoneWav)}`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args });
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

export interface LocalServer {
  /** e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.wav': 'audio/wav',
};

/** Serves the files under `root`; anything outside it, or missing, is a 404. */
export function staticFiles(root: string): RequestHandler {
  const base = path.resolve(root);
  return async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.join(base, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    try {
      if (!file.startsWith(base + path.sep)) throw new Error('outside root');
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  };
}

/** Serves a directory (or any handler) on 127.0.0.1 at a free port. */
export async function serveLocally(rootOrHandler: string | RequestHandler): Promise<LocalServer> {
  const handler = typeof rootOrHandler === 'string' ? staticFiles(rootOrHandler) : rootOrHandler;
  const server = createServer((request, response) => {
    Promise.resolve(handler(request, response)).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
