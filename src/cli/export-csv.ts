/**
 * Writes a database as neo4j-admin CSV (neo4j-header.ts, neo4j-fields.ts):
 * `nodes.csv` (`:ID,:LABEL,key:type...`) and `relationships.csv`
 * (`:START_ID,:END_ID,:TYPE,key:type...`), nodes and edges in id order, one
 * column per (property key, value type) pair sorted by key then type, so
 * that importing the files and exporting again gives the same bytes.
 * `:ID` is the node id; labels are sorted by name (the engine keeps them in
 * the order their names were interned, which an import may change). A null property is not written (the format has none).
 */
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { InvalidArgError } from '../base/errors.js';
import type { ReadView } from '../db/read-view.js';
import type { Props } from '../graph/graph-types.js';
import type { CsvDialect } from './csv-import.js';
import { FileSink } from './file-sink.js';
import { ExportValueError, exportText, exportTypeOf } from './neo4j-fields.js';

const ROWS_PER_CHUNK = 2000;

export interface ExportCounts {
  nodes: number;
  relationships: number;
  bytes: number;
}

interface PropColumn {
  key: string;
  type: string;
}

function compareColumns(a: PropColumn, b: PropColumn): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

/** The export type of a property, or an error naming where it is. */
function typeOf(what: string, key: string, v: Props[string], dialect: CsvDialect): string | null {
  try {
    return exportTypeOf(v, dialect.arrayDelimiter);
  } catch (err) {
    if (err instanceof ExportValueError) throw new InvalidArgError(`${what} property ${JSON.stringify(key)}: ${err.message}`);
    throw err;
  }
}

/** The (key, type) columns of a set of property maps. */
function columnsOf(maps: Iterable<[string, Props]>, dialect: CsvDialect): PropColumn[] {
  const seen = new Map<string, PropColumn>();
  for (const [what, props] of maps) {
    for (const key of Object.keys(props)) {
      const type = typeOf(what, key, props[key]!, dialect);
      if (type === null) continue;
      const id = `${key}\u0000${type}`;
      if (!seen.has(id)) seen.set(id, { key, type });
    }
  }
  return [...seen.values()].sort(compareColumns);
}

function propFields(props: Props, columns: readonly PropColumn[], dialect: CsvDialect): Array<string | null> {
  return columns.map((c) => {
    const v = props[c.key];
    if (v === undefined || v === null || exportTypeOf(v, dialect.arrayDelimiter) !== c.type) return null;
    return exportText(v, dialect.arrayDelimiter);
  });
}

/** Escapes a character for use inside a RegExp character class. */
function classChar(c: string): string {
  return c.replace(/[\\\]^-]/g, (x) => `\\${x}`);
}

/**
 * Rows to one CSV file. A row whose fields need no quoting (no delimiter,
 * quote, CR or LF, and no empty string, which is written "" to tell it from
 * an absent value) is joined here; any other row goes through csv-stringify,
 * which writes such plain rows byte for byte the same (a test holds the two
 * to that).
 */
export class CsvWriter {
  readonly #sink: FileSink;
  readonly #options: Parameters<typeof stringify>[1];
  readonly #delimiter: string;
  /** Matches a field that needs quoting; null when the dialect is not one the fast path knows (then every row is stringified). */
  readonly #special: RegExp | null;
  #lines: string[] = [];

  constructor(file: string, dialect: CsvDialect) {
    this.#sink = new FileSink(file);
    this.#options = { delimiter: dialect.delimiter, quote: dialect.quote, escape: dialect.quote, quoted_match: /^$/, record_delimiter: 'unix' };
    this.#delimiter = dialect.delimiter;
    this.#special = dialect.delimiter.length === 1 && dialect.quote.length === 1 ? new RegExp(`[${classChar(dialect.delimiter)}${classChar(dialect.quote)}\\n\\r]`) : null;
  }

  row(fields: Array<string | null>): void {
    this.#lines.push(this.#isPlain(fields) ? `${fields.join(this.#delimiter)}\n` : stringify([fields], this.#options));
    if (this.#lines.length >= ROWS_PER_CHUNK) this.flush();
  }

  #isPlain(fields: Array<string | null>): boolean {
    const special = this.#special;
    if (special === null) return false;
    for (const f of fields) if (f !== null && (f === '' || special.test(f))) return false;
    return true;
  }

  flush(): void {
    if (this.#lines.length === 0) return;
    this.#sink.write(this.#lines.join(''));
    this.#lines = [];
  }

  close(): number {
    this.flush();
    this.#sink.close();
    return this.#sink.bytesWritten;
  }
}

/** Writes `dir/nodes.csv` and `dir/relationships.csv`. `onRow` reports progress. */
export function exportCsv(view: ReadView, dir: string, dialect: CsvDialect, onRow: (rows: number) => void): ExportCounts {
  const nodeColumns = columnsOf((function* () {
    for (const n of view.nodes()) yield [`node ${n.id}`, n.props] as [string, Props];
  })(), dialect);
  const edgeColumns = columnsOf((function* () {
    for (const e of view.edges()) yield [`relationship ${e.id}`, e.props] as [string, Props];
  })(), dialect);
  let rows = 0;
  const nodes = new CsvWriter(path.join(dir, 'nodes.csv'), dialect);
  let nodeCount = 0;
  let edgeCount = 0;
  let bytes = 0;
  try {
    nodes.row([':ID', ':LABEL', ...nodeColumns.map((c) => `${c.key}:${c.type}`)]);
    for (const n of view.nodes()) {
      for (const l of n.labels) {
        if (l.includes(dialect.arrayDelimiter)) throw new InvalidArgError(`label ${JSON.stringify(l)} of node ${n.id} contains the array delimiter ${JSON.stringify(dialect.arrayDelimiter)}; choose another with --array-delimiter`);
      }
      nodes.row([String(n.id), [...n.labels].sort().join(dialect.arrayDelimiter), ...propFields(n.props, nodeColumns, dialect)]);
      nodeCount++;
      if ((++rows & 4095) === 0) onRow(rows);
    }
  } finally {
    bytes += nodes.close();
  }
  const rels = new CsvWriter(path.join(dir, 'relationships.csv'), dialect);
  try {
    rels.row([':START_ID', ':END_ID', ':TYPE', ...edgeColumns.map((c) => `${c.key}:${c.type}`)]);
    for (const e of view.edges()) {
      rels.row([String(e.src), String(e.dst), e.type, ...propFields(e.props, edgeColumns, dialect)]);
      edgeCount++;
      if ((++rows & 4095) === 0) onRow(rows);
    }
  } finally {
    bytes += rels.close();
  }
  onRow(rows);
  return { nodes: nodeCount, relationships: edgeCount, bytes };
}
