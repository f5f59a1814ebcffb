// DESIGN §1: each layer imports only from layers below it, and no file takes
// part in an import cycle. This reads every src/ file's import statements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const SRC = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'src');
const LAYERS = ['base', 'vfs', 'wal', 'pager', 'btree', 'graph', 'query', 'db', 'server', 'cli'] as const;

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of fs.readdirSync(dir)) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) sourceFiles(p, out);
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) specs.push((m[1] ?? m[2])!);
  return specs.filter((s) => s.startsWith('.')).map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, '.ts')));
}

function layerOf(file: string): string {
  const rel = path.relative(SRC, file);
  return rel.includes(path.sep) ? rel.split(path.sep)[0]! : 'index';
}

function rank(layer: string): number {
  return layer === 'index' ? LAYERS.length : LAYERS.indexOf(layer as (typeof LAYERS)[number]);
}

test('every src/ file belongs to a known layer', () => {
  for (const f of sourceFiles(SRC)) {
    const layer = layerOf(f);
    assert.ok(rank(layer) >= 0, `${path.relative(SRC, f)} is in unknown layer ${layer}`);
  }
});

test('no layer imports from a layer above it', () => {
  const violations: string[] = [];
  for (const f of sourceFiles(SRC)) {
    for (const target of importsOf(f)) {
      if (!target.startsWith(SRC)) continue;
      if (rank(layerOf(target)) > rank(layerOf(f))) violations.push(`${path.relative(SRC, f)} -> ${path.relative(SRC, target)}`);
    }
  }
  assert.deepEqual(violations, []);
});

test('no import cycles between files', () => {
  const graph = new Map<string, string[]>();
  for (const f of sourceFiles(SRC)) graph.set(f, importsOf(f).filter((t) => graph.has(t) || fs.existsSync(t)));
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[] = [];
  // Iterative DFS (a recursive one would be fine here, but the code base forbids the habit).
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    state.set(start, 'visiting');
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = graph.get(top.node) ?? [];
      if (top.next >= edges.length) {
        state.set(top.node, 'done');
        stack.pop();
        continue;
      }
      const to = edges[top.next++]!;
      const s = state.get(to);
      if (s === 'visiting') {
        const from = stack.findIndex((e) => e.node === to);
        cycles.push([...stack.slice(from).map((e) => path.relative(SRC, e.node)), path.relative(SRC, to)].join(' -> '));
      } else if (s === undefined) {
        state.set(to, 'visiting');
        stack.push({ node: to, next: 0 });
      }
    }
  }
  assert.deepEqual(cycles, []);
});
