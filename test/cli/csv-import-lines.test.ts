// importCsv (src/cli/csv-import.ts) names bad rows by file and line, and
// reports their text, the same whether the file has quotes (csv-parse with
// raw records) or none (the faster path where a record is a line): empty
// lines, a CRLF file and a multi-line quoted field all keep the count right.
// The line path reads a file larger than its 1 MiB chunks with multi-byte
// characters, a BOM, empty lines and no final newline exactly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/index.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { importCsv, type ImportOptions } from '../../src/cli/csv-import.js';

async function load(content: string): Promise<{ bad: Array<[string, string]>; nodes: number; names: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-csv-lines-'));
  const file = path.join(dir, 'people.csv');
  fs.writeFileSync(file, content);
  const db = await Database.openOn(new MemVfs(), '/lines/g.sombra', { walPreallocateBytes: 0, autocheckpointMs: null });
  try {
    const bad: Array<[string, string]> = [];
    const options: ImportOptions = {
      delimiter: ',',
      quote: '"',
      arrayDelimiter: ';',
      skipBadRows: true,
      idType: 'string',
      batchRows: 1000,
      onProgress: () => {},
      onBadRow: (message, raw) => bad.push([message.slice(file.length + 1), raw]),
    };
    const summary = await importCsv(db, [{ kind: 'nodes', names: ['P'], files: [file] }], options);
    const names = await db.read((view) => [...view.nodes()].map((n) => String(n.props['name'] ?? '')));
    return { bad, nodes: summary.nodes, names };
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('bad rows are named by their line, with and without quotes in the file', async () => {
  const rows = ['id:ID,age:int', '1,30', '', '2,old', '3,40', '', '', '4,x,y', '5,50', ''];
  const plain = await load(rows.join('\n'));
  assert.deepEqual(plain.bad, [
    ['4: column 2 (age:int): "old" is not an integer', '2,old'],
    ['8: the row has 3 field(s), the header has 2', '4,x,y'],
  ]);
  assert.equal(plain.nodes, 3);
  // The same rows with a quoted field somewhere: csv-parse's raw records, the same answers.
  const quoted = await load(rows.map((r) => (r === '3,40' ? '"3",40' : r)).join('\n'));
  assert.deepEqual(quoted.bad, plain.bad);
  assert.equal(quoted.nodes, 3);
  // CRLF line ends take the raw path too, and count the same.
  const crlf = await load(rows.join('\r\n'));
  assert.deepEqual(crlf.bad, plain.bad);
  // A quoted field over two lines: the lines after it still count right.
  const multi = await load(['id:ID,name', '1,"two', 'lines"', '2,ok,extra'].join('\n'));
  assert.deepEqual(multi.bad, [['4: the row has 3 field(s), the header has 2', '2,ok,extra']]);
});

test('a file without quotes larger than a read chunk, with multi-byte text, a BOM, empty lines and no final newline', async () => {
  const names: string[] = [];
  const lines = ['\ufeffid:ID,name'];
  for (let i = 1; i <= 60_000; i++) {
    const name = `é${i}😀ü${'x'.repeat(i % 17)}`;
    names.push(name);
    lines.push(`${i},${name}`);
    if (i % 9_999 === 0) lines.push('');
  }
  // A first row padded so that a multi-byte character straddles the first 1 MiB read.
  let content = '';
  for (let pad = 0; ; pad++) {
    content = [lines[0], `0,${'p'.repeat(pad)}`, ...lines.slice(1)].join('\n');
    if ((Buffer.from(content)[1024 * 1024]! & 0xc0) === 0x80) {
      names.unshift('p'.repeat(pad));
      break;
    }
  }
  assert.ok(Buffer.byteLength(content) > 1.5 * 1024 * 1024, 'crosses the 1 MiB read chunks');
  const out = await load(content);
  assert.deepEqual(out.bad, []);
  assert.equal(out.nodes, 60_001);
  assert.deepEqual(out.names, names);
  // The same file with one quoted field goes through csv-parse: the same nodes.
  const quoted = await load(content.replace('\n1,', '\n"1",'));
  assert.deepEqual(quoted.names, names);
});
