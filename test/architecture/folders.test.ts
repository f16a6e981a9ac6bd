import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.resolve(import.meta.dirname, '../../src');
const ENTRIES = ['index.ts', 'node.ts'].map((name) => path.join(SRC, name));

/**
 * Folder -> folders its files import from (src/ only). The top-level types.ts and errors.ts are
 * folder '.'; index.ts and node.ts, the public entries that re-export the folders, are left out.
 */
function folderImports(): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.ts$/.test(entry.name) && !ENTRIES.includes(file)) {
        const from = top(dir);
        for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
          const to = top(path.dirname(path.resolve(dir, spec!)));
          if (to !== from && !to.startsWith('..')) edges.set(from, (edges.get(from) ?? new Set()).add(to));
        }
      }
    }
  };
  walk(SRC);
  return edges;
}

/** The top-level folder of src/ that `dir` is in (a subfolder such as cli/commands counts as cli). */
function top(dir: string): string {
  const relative = path.relative(SRC, dir);
  return relative === '' ? '.' : relative.startsWith('..') ? relative : relative.split(path.sep)[0]!;
}

/** A cycle of folders, as a path, or undefined. */
function findCycle(edges: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (node: string, trail: string[]): string[] | undefined => {
    if (state.get(node) === 'open') return [...trail.slice(trail.indexOf(node)), node];
    if (state.get(node) === 'done') return undefined;
    state.set(node, 'open');
    for (const next of edges.get(node) ?? []) {
      const cycle = visit(next, [...trail, node]);
      if (cycle) return cycle;
    }
    state.set(node, 'done');
    return undefined;
  };
  for (const node of edges.keys()) {
    const cycle = visit(node, []);
    if (cycle) return cycle;
  }
  return undefined;
}

test('no import cycle between the folders of src/ (the runtime core needs nothing from training)', () => {
  const cycle = findCycle(folderImports());
  assert.equal(cycle, undefined, `folder cycle: ${cycle?.join(' -> ')}`);
});

test('the streaming detector imports nothing from training, evaluation or the command line', () => {
  const detect = folderImports().get('detect') ?? new Set();
  for (const banned of ['transfer', 'eval', 'cli', 'live', 'web']) assert.ok(!detect.has(banned), `detect imports ${banned}`);
});

test('the scripts (scripts/*.ts, scripts/bench/*.ts) use the public API only: src/node.ts or src/index.ts, never a module inside src/', () => {
  const root = path.resolve(import.meta.dirname, '../..');
  const deep: string[] = [];
  for (const folder of ['scripts', 'scripts/bench']) {
    const dir = path.join(root, folder);
    for (const entry of readdirSync(dir)) {
      if (!entry.endsWith('.ts')) continue;
      const file = path.join(dir, entry);
      for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)) {
        const target = path.resolve(dir, spec!);
        if (path.relative(SRC, target).startsWith('..')) continue; // another script, not src/
        if (!ENTRIES.includes(target)) deep.push(`${folder}/${entry}: ${spec}`);
      }
    }
  }
  assert.deepEqual(deep, []);
});
