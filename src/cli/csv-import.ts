/**
 * Loads neo4j-admin CSV files (neo4j-header.ts, neo4j-fields.ts) into an open
 * database through the public API: node groups first (building the map from
 * file ids to node ids, one map per ID space), then relationship groups.
 * Rows are streamed (csv-parse) and written in large transactions with
 * deferred index maintenance; memory holds the id map and one transaction.
 *
 * A bad row (wrong field count, a value that does not parse, a duplicate id,
 * an edge to an unknown id, a value the engine refuses) is an `ImportError`
 * naming `file:line: what is wrong`. By default the first one ends the
 * import (the caller discards the staging file, so nothing is imported);
 * with `skipBadRows` it is written to the report and the row skipped.
 */
import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { InvalidArgError } from '../base/errors.js';
import type { Database } from '../db/database.js';
import type { Transaction } from '../db/transaction.js';
import type { PropValue } from '../graph/value-codec.js';
import { parseHeader, type Header, type HeaderColumn } from './neo4j-header.js';
import { FieldError, parseField } from './neo4j-fields.js';
import { ImportIdMap } from './import-id-map.js';

/** One `--nodes` or `--relationships` argument: labels or type, and its files (header first). */
export interface ImportGroup {
  kind: 'nodes' | 'relationships';
  /** Labels added to every node of the group, or the relationship type (at most one). */
  names: string[];
  files: string[];
}

export interface CsvDialect {
  delimiter: string;
  arrayDelimiter: string;
  quote: string;
}

export interface ImportOptions extends CsvDialect {
  skipBadRows: boolean;
  /** How ID column values are compared and stored: as strings, or as integers. */
  idType: 'string' | 'integer';
  /** Rows per transaction. */
  batchRows: number;
  /** Called with the bytes read so far and the rows imported. */
  onProgress: (bytesRead: number, rows: number) => void;
  /** Called for each rejected row (skipBadRows): `file:line: reason` and the raw text. */
  onBadRow: (message: string, raw: string) => void;
}

export interface ImportSummary {
  nodes: number;
  relationships: number;
  badRows: number;
  bytesRead: number;
}

/** A bad row or header: `file:line: what is wrong`. */
export class ImportError extends InvalidArgError {}

/** Marks a field that was quoted and empty (the empty string), as opposed to an empty field (absent). */
const QUOTED_EMPTY = '\u0000quoted-empty\u0000';

interface CsvRecord {
  fields: string[];
  line: number;
  /** The record's text; null when it is the fields joined by the delimiter (a file without quotes). */
  raw: string | null;
}

/**
 * Whether `file` holds none of `chars` (single-byte characters). Without a
 * quote and a CR, every record is one line and its text is its fields joined
 * by the delimiter (readPlainRecords).
 */
function fileLacks(file: string, chars: readonly string[]): boolean {
  const needles = chars.filter((c) => c !== '').map((c) => Buffer.from(c, 'utf8'));
  if (needles.some((n) => n.length !== 1)) return false;
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let at = 0; ; ) {
      const n = fs.readSync(fd, buf, 0, buf.length, at);
      if (n === 0) return true;
      const chunk = buf.subarray(0, n);
      for (const needle of needles) if (chunk.indexOf(needle[0]!) >= 0) return false;
      at += n;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Marks the fields of `raw` (one record) that were quoted and empty. Slow
 * (csv-parse's cast runs per field), so only used for a record that has an
 * empty field and a doubled quote somewhere.
 */
function markQuotedEmpty(raw: string, dialect: CsvDialect): string[] {
  const rows = parseSync(raw, {
    delimiter: dialect.delimiter,
    quote: dialect.quote,
    escape: dialect.quote,
    relax_column_count: true,
    cast: (value, ctx) => (value === '' && ctx.quoting ? QUOTED_EMPTY : value),
  }) as string[][];
  return rows[0] ?? [];
}

/**
 * Line breaks in `s[from, to)`: LF, CRLF and a lone CR each count once
 * (csv-parse's raw text of a CRLF record keeps the CR and drops the LF).
 */
function countLineBreaks(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || (c === 13 && s.charCodeAt(i + 1) !== 10)) n++;
  }
  return n;
}

/**
 * Reads the records of one CSV file with their first line numbers, in
 * batches (one promise per batch, not per record: at a million rows the
 * per-record hand-off cost more than the parsing). A file without quotes and
 * CRs is split into lines and fields directly (readPlainRecords); any other
 * goes through csv-parse, without per-field callbacks (its `cast` and `info`
 * cost more than the whole import): the raw text of each record gives the
 * line numbers (it starts with the empty lines skipped before it) and,
 * rarely, the quoting.
 */
async function* readRecords(file: string, dialect: CsvDialect, plain: boolean, onBytes: (n: number) => void): AsyncGenerator<CsvRecord[]> {
  if (plain) {
    yield* readPlainRecords(file, dialect.delimiter, onBytes);
    return;
  }
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => onBytes(chunk.length));
  const parser = stream.pipe(
    parse({
      delimiter: dialect.delimiter,
      quote: dialect.quote === '' ? false : dialect.quote,
      escape: dialect.quote === '' ? null : dialect.quote,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      raw: true,
    }),
  );
  const doubled = dialect.quote + dialect.quote;
  let linesBefore = 0;
  let failure: unknown = null;
  let ended = false;
  let wake: (() => void) | null = null;
  const signal = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  parser.on('readable', signal);
  parser.on('end', () => {
    ended = true;
    signal();
  });
  parser.on('error', (err) => {
    failure = err;
    signal();
  });
  try {
    for (;;) {
      const batch: CsvRecord[] = [];
      let item: { record: string[]; raw: string } | null;
      while (batch.length < READ_BATCH_RECORDS && (item = parser.read() as { record: string[]; raw: string } | null) !== null) {
        const raw = item.raw;
        let lead = 0;
        while (raw.charCodeAt(lead) === 10 || raw.charCodeAt(lead) === 13) lead++;
        const line = lead === 0 ? linesBefore + 1 : linesBefore + 1 + countLineBreaks(raw, 0, lead);
        linesBefore += countLineBreaks(raw);
        let end = raw.length;
        const last = raw.charCodeAt(end - 1);
        if (last === 10) end -= raw.charCodeAt(end - 2) === 13 ? 2 : 1;
        else if (last === 13) end -= 1;
        const text = lead === 0 && end === raw.length ? raw : raw.slice(lead, end);
        let fields = item.record;
        if (dialect.quote !== '' && text.includes(doubled) && fields.includes('')) fields = markQuotedEmpty(text, dialect);
        batch.push({ fields, line, raw: text });
      }
      if (failure !== null) throw failure;
      if (batch.length > 0) {
        yield batch;
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } catch (err) {
    const e = err as { message?: string; lines?: number; code?: string };
    if (e.code !== undefined && e.code.startsWith('CSV_')) throw new ImportError(`${file}:${e.lines ?? linesBefore + 1}: ${e.message ?? 'malformed CSV'}`);
    throw err;
  } finally {
    stream.destroy();
    parser.destroy();
  }
}

/**
 * The records of a file with no quote character and no CR (see fileLacks):
 * there CSV is lines split at the delimiter, exactly what csv-parse returns
 * for them (a leading UTF-8 BOM dropped, empty lines skipped), at a fraction
 * of its cost. Line numbers are the lines' own.
 */
async function* readPlainRecords(file: string, delimiter: string, onBytes: (n: number) => void): AsyncGenerator<CsvRecord[]> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.allocUnsafe(PLAIN_READ_BYTES);
    let rest = '';
    let line = 0;
    let atStart = true;
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      const done = bytesRead === 0;
      if (!done) onBytes(bytesRead);
      let text = rest + (done ? decoder.end() : decoder.write(buf.subarray(0, bytesRead)));
      if (atStart && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        atStart = false;
      }
      const lines = text.split('\n');
      rest = done ? '' : lines.pop()!;
      const batch: CsvRecord[] = [];
      for (const l of lines) {
        line++;
        if (l !== '') batch.push({ fields: l.split(delimiter), line, raw: null });
      }
      if (batch.length > 0) yield batch;
      if (done) return;
    }
  } finally {
    await handle.close();
  }
}

const PLAIN_READ_BYTES = 1 << 20;

/** Records handed over at once by readRecords. */
const READ_BATCH_RECORDS = 4096;

/** The header of a group: the first record of its first file. */
async function readHeader(group: ImportGroup, dialect: CsvDialect, plain: (file: string) => boolean): Promise<Header> {
  const first = group.files[0]!;
  for await (const batch of readRecords(first, dialect, plain(first), () => {})) {
    const r = batch[0]!;
    return parseHeader(r.fields.map((f) => (f === QUOTED_EMPTY ? '' : f)), group.kind, `${first}:${r.line}`);
  }
  throw new ImportError(`${first}:1: the file is empty; the first line must be the header`);
}

/** Interned ids of names, cached (names persist once their transaction commits). */
class NameIds {
  readonly #ids = new Map<string, number>();
  get(tx: Transaction, name: string): number {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = tx.intern(name);
      this.#ids.set(name, id);
    }
    return id;
  }
}

/** Loads `groups` into `db`. Throws `ImportError` on the first bad row unless `skipBadRows`. */
export async function importCsv(db: Database, groups: readonly ImportGroup[], options: ImportOptions): Promise<ImportSummary> {
  for (const g of groups) {
    if (g.files.length === 0) throw new InvalidArgError(`--${g.kind} needs at least one file`);
    for (const f of g.files) if (!fs.existsSync(f)) throw new ImportError(`${f}: no such file`);
  }
  const ordered = [...groups.filter((g) => g.kind === 'nodes'), ...groups.filter((g) => g.kind === 'relationships')];
  const headers: Header[] = [];
  // Whether each file can take the line path (readPlainRecords): one scan per file.
  const plainFiles = new Map<string, boolean>();
  const plain = (file: string): boolean => {
    let p = plainFiles.get(file);
    if (p === undefined) plainFiles.set(file, (p = fileLacks(file, [options.quote, '\r'])));
    return p;
  };
  for (const g of ordered) headers.push(await readHeader(g, options, plain));

  const idMaps = new Map<string, ImportIdMap>();
  const names = new NameIds();
  const summary: ImportSummary = { nodes: 0, relationships: 0, badRows: 0, bytesRead: 0 };
  let rowsInTx = 0;
  let tx = await db.beginWrite({ deferIndexes: true });
  try {
    for (let gi = 0; gi < ordered.length; gi++) {
      const group = ordered[gi]!;
      const header = headers[gi]!;
      const cols = header.columns;
      const groupLabels = group.kind === 'nodes' ? group.names.map((n) => names.get(tx, n)) : [];
      const propKeys = cols.map((c) => (c.kind === 'prop' ? names.get(tx, c.name) : 0));
      for (let fi = 0; fi < group.files.length; fi++) {
        const file = group.files[fi]!;
        let skipHeader = fi === 0;
        const records = readRecords(file, options, plain(file), (n) => {
          summary.bytesRead += n;
        });
        for await (const batch of records) {
          for (const rec of batch) {
            if (skipHeader) {
              skipHeader = false;
              continue;
            }
            try {
              if (rec.fields.length !== cols.length) {
                throw new FieldError(`the row has ${rec.fields.length} field(s), the header has ${cols.length}`);
              }
              if (group.kind === 'nodes') importNode(tx, rec.fields, cols, propKeys, groupLabels, names, idMaps, options);
              else importRelationship(tx, rec.fields, cols, group.names[0] ?? null, names, idMaps, options);
              if (group.kind === 'nodes') summary.nodes++;
              else summary.relationships++;
            } catch (err) {
              const reason = err instanceof FieldError || err instanceof InvalidArgError ? err.message : null;
              const code = (err as { code?: string }).code;
              if (reason === null && code !== 'NOT_FOUND' && code !== 'CONSTRAINT') throw err;
              const message = `${file}:${rec.line}: ${reason ?? (err as Error).message}`;
              if (!options.skipBadRows) throw new ImportError(message);
              summary.badRows++;
              options.onBadRow(message, rec.raw ?? rec.fields.join(options.delimiter));
              continue;
            }
            if (++rowsInTx >= options.batchRows) {
              await tx.commit();
              tx = await db.beginWrite({ deferIndexes: true });
              rowsInTx = 0;
              options.onProgress(summary.bytesRead, summary.nodes + summary.relationships);
            }
          }
        }
      }
    }
    await tx.commit();
    options.onProgress(summary.bytesRead, summary.nodes + summary.relationships);
  } finally {
    tx.rollback();
  }
  return summary;
}

/** The key of an id: its text, or (--id-type integer) its value, a number when exact, else a bigint. */
function idKey(text: string, options: ImportOptions): string | number | bigint {
  if (options.idType === 'string') return text;
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new FieldError(`id ${JSON.stringify(text)} is not an integer (--id-type integer)`);
  const big = BigInt(t);
  return big >= -MAX_SAFE && big <= MAX_SAFE ? Number(big) : big;
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function spaceName(space: string): string {
  return space === '' ? 'the default ID space' : `ID space ${JSON.stringify(space)}`;
}

function readProps(fields: readonly string[], cols: readonly HeaderColumn[], propKeys: readonly number[], options: ImportOptions): Array<[number, PropValue]> {
  const props: Array<[number, PropValue]> = [];
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    if (c.kind !== 'prop') continue;
    const text = fields[i]!;
    if (text === '') continue;
    let value: PropValue;
    try {
      value = parseField(text === QUOTED_EMPTY ? '' : text, c.type, c.array, options.arrayDelimiter);
    } catch (err) {
      if (err instanceof FieldError) throw new FieldError(`column ${i + 1} (${c.name}:${c.type}${c.array ? '[]' : ''}): ${err.message}`);
      throw err;
    }
    if (text === QUOTED_EMPTY && c.type !== 'string' && c.type !== 'char' && !c.array) continue; // "" in a typed column: absent
    const key = propKeys[i]!;
    if (props.some(([k]) => k === key)) throw new FieldError(`property ${JSON.stringify(c.name)} is given in two columns`);
    props.push([key, value]);
  }
  props.sort((a, b) => a[0] - b[0]);
  return props;
}

function importNode(
  tx: Transaction,
  fields: readonly string[],
  cols: readonly HeaderColumn[],
  propKeys: readonly number[],
  groupLabels: readonly number[],
  names: NameIds,
  idMaps: Map<string, ImportIdMap>,
  options: ImportOptions,
): void {
  let labels: number[] = groupLabels.slice();
  let idCol: { space: string; key: string | number | bigint; name: string | null; text: string } | null = null;
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    const text = fields[i] === QUOTED_EMPTY ? '' : fields[i]!;
    if (c.kind === 'label') {
      for (const l of text.split(options.arrayDelimiter)) if (l !== '') labels.push(names.get(tx, l));
    } else if (c.kind === 'id' && text !== '') {
      idCol = { space: c.space, key: idKey(text, options), name: c.name, text };
    }
  }
  labels = [...new Set(labels)];
  if (labels.length === 0) throw new FieldError('the node has no label (Sombra nodes need at least one): fill :LABEL or give --nodes=Label=FILE');
  const props = readProps(fields, cols, propKeys, options);
  if (idCol !== null && idCol.name !== null) {
    const keyId = names.get(tx, idCol.name);
    if (!props.some(([k]) => k === keyId)) {
      const v = options.idType === 'integer' ? parseField(idCol.text, 'long', false, options.arrayDelimiter) : idCol.text;
      props.push([keyId, v]);
      props.sort((a, b) => a[0] - b[0]);
    }
  }
  let map: ImportIdMap | undefined;
  if (idCol !== null) {
    map = idMaps.get(idCol.space);
    if (map === undefined) idMaps.set(idCol.space, (map = new ImportIdMap()));
    if (map.has(idCol.key)) throw new FieldError(`duplicate id ${JSON.stringify(idCol.text)} in ${spaceName(idCol.space)}`);
  }
  const nodeId = tx.createNodeIds(labels, props);
  if (idCol !== null) map!.set(idCol.key, nodeId);
}

function importRelationship(
  tx: Transaction,
  fields: readonly string[],
  cols: readonly HeaderColumn[],
  groupType: string | null,
  names: NameIds,
  idMaps: Map<string, ImportIdMap>,
  options: ImportOptions,
): void {
  let src = 0;
  let dst = 0;
  let type = groupType;
  let props: Record<string, PropValue> | undefined;
  for (let i = 0; i < cols.length; i++) {
    const c = cols[i]!;
    const raw = fields[i]!;
    if (c.kind === 'start' || c.kind === 'end') {
      const what = c.kind === 'start' ? 'START_ID' : 'END_ID';
      const text = raw === QUOTED_EMPTY ? '' : raw;
      if (text === '') throw new FieldError(`empty ${what}`);
      const node = idMaps.get(c.space)?.get(options.idType === 'string' ? text : idKey(text, options));
      if (node === undefined) throw new FieldError(`${what} ${JSON.stringify(text)} is not the id of an imported node in ${spaceName(c.space)}`);
      if (c.kind === 'start') src = node;
      else dst = node;
    } else if (c.kind === 'type') {
      if (raw !== '' && raw !== QUOTED_EMPTY) type = raw;
    } else if (c.kind === 'prop' && raw !== '') {
      if (raw === QUOTED_EMPTY && c.type !== 'string' && c.type !== 'char' && !c.array) continue;
      props ??= {};
      try {
        if (Object.hasOwn(props, c.name)) throw new FieldError(`property ${JSON.stringify(c.name)} is given in two columns`);
        props[c.name] = parseField(raw === QUOTED_EMPTY ? '' : raw, c.type, c.array, options.arrayDelimiter);
      } catch (err) {
        if (err instanceof FieldError) throw new FieldError(`column ${i + 1} (${c.name}:${c.type}${c.array ? '[]' : ''}): ${err.message}`);
        throw err;
      }
    }
  }
  if (type === null) throw new FieldError('no relationship type: the row has no :TYPE value and --relationships gave none');
  tx.createEdge(src, dst, names.get(tx, type), props);
}
