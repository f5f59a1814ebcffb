// CsvWriter (src/cli/export-csv.ts) joins plain rows itself and hands the
// rest to csv-stringify: the file must be byte for byte what csv-stringify
// alone writes, for random rows of plain, empty, absent and special fields,
// under several dialects (a delimiter or quote that is special in a RegExp
// class included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { CsvWriter } from '../../src/cli/export-csv.js';
import { Prng } from '../../src/base/prng.js';

const DIALECTS = [
  { delimiter: ',', quote: '"', arrayDelimiter: ';' },
  { delimiter: ';', quote: "'", arrayDelimiter: '|' },
  { delimiter: '\t', quote: '"', arrayDelimiter: ';' },
  { delimiter: ']', quote: '^', arrayDelimiter: ';' },
  { delimiter: '-', quote: '\\', arrayDelimiter: ';' },
];

test('CsvWriter writes exactly what csv-stringify writes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-csv-writer-'));
  try {
    const rng = new Prng(21);
    for (const d of DIALECTS) {
      const pool: Array<string | null> = [null, '', 'plain', '42', '-7', '=1+1', ' spaced ', 'é ünï 😀', d.delimiter, `a${d.delimiter}b`, d.quote, `say ${d.quote}hi${d.quote}`, 'two\nlines', 'cr\rhere', 'crlf\r\n', '\\', ']', '^', '-'];
      const rows: Array<Array<string | null>> = [];
      for (let r = 0; r < 5000; r++) {
        const n = 1 + Math.floor(rng.next() * 6);
        rows.push(Array.from({ length: n }, () => (rng.next() < 0.7 ? `v${Math.floor(rng.next() * 1000)}` : pool[Math.floor(rng.next() * pool.length)]!)));
      }
      const file = path.join(dir, 'out.csv');
      const w = new CsvWriter(file, d);
      for (const row of rows) w.row(row);
      w.close();
      const expected = stringify(rows, { delimiter: d.delimiter, quote: d.quote, escape: d.quote, quoted_match: /^$/, record_delimiter: 'unix' });
      assert.equal(fs.readFileSync(file, 'utf8'), expected, `dialect ${JSON.stringify(d)}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
