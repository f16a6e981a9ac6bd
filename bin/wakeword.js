#!/usr/bin/env node
// The `wakeword` command. From the installed package it runs the compiled CLI (dist/, built by
// `npm run build`, which `npm pack` and a git install run), with no TypeScript at run time.
// In a checkout of the repository (src/ beside bin/) it runs the TypeScript source through tsx,
// so developers and the tests always run what is in src/ now, never a stale dist/;
// WAKEWORD_CLI=dist runs the compiled one there too.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/cli/main.js', import.meta.url);
if (process.env.WAKEWORD_CLI !== 'dist' && existsSync(new URL('../src/cli/main.ts', import.meta.url))) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  console.error('wakeword: dist/cli/main.js is missing: run `npm run build` first');
  process.exit(1);
}
