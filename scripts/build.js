// npm run build (also run by prepare and so by npm pack): src/ -> dist/ as JavaScript,
// declarations and source maps (tsconfig.build.json), plus the files the code reads beside
// itself at run time (src/web/index.html...): every file of src/ that is not TypeScript.
// Plain JavaScript, so building needs nothing but typescript.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');

rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
let copied = 0;
for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
  if (file.endsWith('.ts') || !statSync(path.join(src, file)).isFile()) continue;
  mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
  copyFileSync(path.join(src, file), path.join(dist, file));
  copied++;
}
console.log(`built dist/ (${copied} asset file${copied === 1 ? '' : 's'} copied from src/)`);
