// Runs every ```ts block of docs/query.md and docs/cypher.md, so the pages stay true: a block
// with an import line runs as it stands (with 'sombradb' pointing at the
// sources), one without runs against the page's example graph with every
// public name in scope; each `console.log(...) // => expected` must log the
// expected value (one value: as JavaScript; several: the printed line).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const DOCS = ['query.md', 'cypher.md'] as const;
const SOMBRADB = join(HERE, 'docs', 'sombradb.ts');
const EXAMPLE_GRAPH = join(HERE, 'docs', 'example-graph.ts');

interface Block {
  line: number;
  code: string;
}

function tsBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```ts') continue;
    const start = i + 1;
    let j = start;
    while (j < lines.length && lines[j] !== '```') j++;
    blocks.push({ line: start + 1, code: lines.slice(start, j).join('\n') });
    i = j;
  }
  return blocks;
}

/** Class instances (Node, Relationship) as plain objects of their own fields, for comparison with `// =>` literals. */
function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof Uint8Array) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = plain(x);
  return out;
}

const exportedNames = Object.keys((await import(pathToFileURL(SOMBRADB).href)) as Record<string, unknown>);

for (const doc of DOCS) {
  const blocks = tsBlocks(readFileSync(join(HERE, '..', '..', '..', 'docs', doc), 'utf8'));

  test(`docs/${doc} has examples to run`, () => {
    assert.ok(blocks.length >= 10, `only ${blocks.length} ts blocks found`);
  });

  for (const block of blocks) {
    test(`docs/${doc} example at line ${block.line}`, async () => {
      const codeLines = block.code.split('\n');
      const importRe = /^import (.*) from 'sombradb';$/;
      const own = codeLines.filter((l) => importRe.test(l)).map((l) => l.replace(importRe, `import $1 from ${JSON.stringify(pathToFileURL(SOMBRADB).href)};`));
      const body = codeLines.filter((l) => !importRe.test(l));
      const expected: string[] = [];
      for (const l of body) {
        if (!l.includes('console.log(')) continue;
        const at = l.indexOf('// => ');
        assert.ok(at >= 0, `line "${l.trim()}" logs without a // => comment`);
        expected.push(l.slice(at + 6).trim());
      }
      const standalone = own.length > 0;
      const source = [
        ...(standalone
          ? own
          : [
              `import { ${exportedNames.join(', ')} } from ${JSON.stringify(pathToFileURL(SOMBRADB).href)};`,
              `import { openExampleDb } from ${JSON.stringify(pathToFileURL(EXAMPLE_GRAPH).href)};`,
            ]),
        'export const __logs: unknown[][] = [];',
        'const console = { log: (...args: unknown[]) => { __logs.push(args); } };',
        ...(standalone ? [] : ['const db = await openExampleDb();', 'try {']),
        ...body,
        ...(standalone ? [] : ['} finally {', '  await db.close();', '}']),
      ].join('\n');
      const dir = mkdtempSync(join(tmpdir(), 'sombra-docs-'));
      try {
        const file = join(dir, `${doc.replace('.md', '')}-md-line-${block.line}.mts`);
        writeFileSync(file, source);
        const mod = (await import(pathToFileURL(file).href)) as { __logs: unknown[][] };
        assert.equal(mod.__logs.length, expected.length, `the example logged ${mod.__logs.length} times, its comments expect ${expected.length}`);
        mod.__logs.forEach((args, i) => {
          if (args.length === 1) {
            const want = new Function(`return (${expected[i]!});`)() as unknown;
            assert.deepEqual(plain(args[0]), want, `log ${i + 1} of the example at line ${block.line}`);
          } else {
            assert.equal(format(...args), expected[i], `log ${i + 1} of the example at line ${block.line}`);
          }
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
}
