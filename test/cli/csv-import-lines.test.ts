// importCsv (src/cli/csv-import.ts) names bad rows by file and line, and
// reports their text, the same whether the file has quotes (csv-parse with
// raw records) or none (the faster path where a record is a line): empty
// lines, a CRLF file and a multi-line quoted field all keep the count right.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/index.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { importCsv, type ImportOptions } from '../../src/cli/csv-import.js';

async function badRows(content: string): Promise<{ bad: Array<[string, string]>; nodes: number }> {
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
    return { bad, nodes: summary.nodes };
  } finally {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('bad rows are named by their line, with and without quotes in the file', async () => {
  const rows = ['id:ID,age:int', '1,30', '', '2,old', '3,40', '', '', '4,x,y', '5,50', ''];
  const plain = await badRows(rows.join('\n'));
  assert.deepEqual(plain.bad, [
    ['4: column 2 (age:int): "old" is not an integer', '2,old'],
    ['8: the row has 3 field(s), the header has 2', '4,x,y'],
  ]);
  assert.equal(plain.nodes, 3);
  // The same rows with a quoted field somewhere: csv-parse's raw records, the same answers.
  const quoted = await badRows(rows.map((r) => (r === '3,40' ? '"3",40' : r)).join('\n'));
  assert.deepEqual(quoted.bad, plain.bad);
  assert.equal(quoted.nodes, 3);
  // CRLF line ends take the raw path too, and count the same.
  const crlf = await badRows(rows.join('\r\n'));
  assert.deepEqual(crlf.bad, plain.bad);
  // A quoted field over two lines: the lines after it still count right.
  const multi = await badRows(['id:ID,name', '1,"two', 'lines"', '2,ok,extra'].join('\n'));
  assert.deepEqual(multi.bad, [['4: the row has 3 field(s), the header has 2', '2,ok,extra']]);
});
