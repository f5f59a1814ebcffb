/**
 * Field values of neo4j-admin CSV: text -> Sombra property value for
 * `import`, property value -> (column type, text) for `export`, chosen so
 * that export -> import -> export gives the same bytes:
 *
 *   value                       column type  text
 *   safe integer, int64 bigint  long         decimal digits (a bigint beyond 2^53 reads back as a bigint)
 *   other number                double       shortest round-trip decimal; -0 as -0.0, NaN, Infinity, -Infinity
 *   boolean                     boolean      true / false
 *   string                      string       the string ('' is written quoted: "")
 *   Date                        datetime     ISO-8601 in UTC with milliseconds
 *   Uint8Array                  byte[]       unsigned bytes joined by the array delimiter
 *   list of safe integers /     long[]       elements joined by the array delimiter
 *     int64 bigints
 *   list of numbers (some not   double[]     (an integral element is read back as a float)
 *     safe integers)
 *   list of booleans, strings,  boolean[], string[], datetime[]
 *     dates
 *   empty list                  string[]     written quoted: ""
 *
 * A `double` field is stored as a float even when integral (`BoxedFloat`),
 * as Neo4j would; the public API reads it back as a plain number, so it is
 * exported as `long` (JavaScript cannot tell 3.0 from 3). Lists that have no
 * form in this format are refused by `export` with the node or edge and the
 * key: mixed element types, bytes elements, a string element holding the
 * array delimiter, and `['']` (it would read back as the empty list).
 *
 * An unquoted empty field is an absent property; a quoted empty field is the
 * empty string (or empty bytes). A `null` property is written as absent: the
 * format has no null (Neo4j removes a property set to null).
 */
import { BoxedFloat } from '../graph/boxed-float.js';
import { DurationValue, TemporalValue } from '../graph/temporal-value.js';
import type { PropScalar, PropValue } from '../graph/value-codec.js';
import type { ScalarType } from './neo4j-header.js';

const INT_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:NaN|Infinity)$/;
const DATE_TEXT = /^[+-]?\d{4,6}-\d\d-\d\d$/;
const DATETIME_TEXT = /^[+-]?\d{4,6}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:?\d\d)?$/;

const INT_RANGES: Record<string, [bigint, bigint]> = {
  byte: [-128n, 127n],
  short: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

/** A field that could not be read, with the reason. */
export class FieldError extends Error {}

function parseInteger(text: string, type: string): number | bigint {
  const t = text.trim();
  if (!INT_TEXT.test(t)) throw new FieldError(`${JSON.stringify(text)} is not an integer`);
  const n = BigInt(t);
  const [lo, hi] = INT_RANGES[type]!;
  if (n < lo || n > hi) throw new FieldError(`${t} is out of range for ${type} [${lo}, ${hi}]`);
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}

function parseFloatText(text: string): number {
  const t = text.trim();
  if (!FLOAT_TEXT.test(t)) throw new FieldError(`${JSON.stringify(text)} is not a number`);
  return Number(t);
}

function parseDate(text: string, type: string): Date {
  const t = text.trim();
  const ok = type === 'date' ? DATE_TEXT.test(t) : DATETIME_TEXT.test(t) || DATE_TEXT.test(t);
  // localdatetime has no zone: read as UTC, as it is written back.
  const normalized = type === 'date' ? `${t}T00:00:00Z` : /(?:Z|[+-]\d\d:?\d\d)$/.test(t) || DATE_TEXT.test(t) ? t.replace(' ', 'T') : `${t.replace(' ', 'T')}Z`;
  const d = new Date(normalized);
  if (!ok || Number.isNaN(d.getTime())) throw new FieldError(`${JSON.stringify(text)} is not a ${type} (ISO-8601, e.g. ${type === 'date' ? '2024-01-31' : '2024-01-31T12:00:00.000Z'})`);
  return d;
}

/** Reads one field of a property column. `text` is non-empty or was quoted. */
export function parseField(text: string, type: ScalarType, array: boolean, arrayDelimiter: string): PropValue {
  if (array && type !== 'byte') {
    if (text === '') return [];
    return text.split(arrayDelimiter).map((part, i) => {
      try {
        return parseScalar(part, type);
      } catch (err) {
        if (err instanceof FieldError) throw new FieldError(`element ${i + 1}: ${err.message}`);
        throw err;
      }
    });
  }
  if (array) {
    if (text === '') return new Uint8Array(0);
    const parts = text.split(arrayDelimiter);
    const out = new Uint8Array(parts.length);
    parts.forEach((p, i) => {
      const t = p.trim();
      if (!INT_TEXT.test(t)) throw new FieldError(`byte[] element ${i + 1} ${JSON.stringify(p)} is not an integer`);
      const n = Number(t);
      if (n < -128 || n > 255) throw new FieldError(`byte[] element ${i + 1} ${t} is out of range [-128, 255]`);
      out[i] = n & 0xff;
    });
    return out;
  }
  return parseScalar(text, type);
}

function parseScalar(text: string, type: ScalarType): PropScalar {
  switch (type) {
    case 'string':
    case 'char':
      return text;
    case 'int':
    case 'long':
    case 'short':
    case 'byte':
      return parseInteger(text, type);
    case 'float':
    case 'double': {
      const n = parseFloatText(text);
      return Number.isSafeInteger(n) ? new BoxedFloat(n) : n;
    }
    case 'boolean': {
      const t = text.trim().toLowerCase();
      if (t === 'true') return true;
      if (t === 'false') return false;
      throw new FieldError(`${JSON.stringify(text)} is not a boolean (true or false)`);
    }
    case 'date':
    case 'datetime':
    case 'localdatetime':
      return parseDate(text, type);
  }
}

/** A value this format cannot write: the caller names the node or edge and key. */
export class ExportValueError extends Error {}

function scalarExportType(v: PropScalar): string {
  if (v instanceof TemporalValue || v instanceof DurationValue) {
    throw new ExportValueError(`the Cypher ${v instanceof TemporalValue ? v.kind.toLowerCase() : 'duration'} ${v.toString()} has no CSV form in this version; use --format jsonl`);
  }
  if (typeof v === 'bigint') return 'long';
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0) ? 'long' : 'double';
  if (v instanceof BoxedFloat) return 'double';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  if (v instanceof Date) return 'datetime';
  return 'byte[]';
}

/** The export column type of a value (null: the value is not exported). */
export function exportTypeOf(v: PropValue, arrayDelimiter: string): string | null {
  if (v === null) return null;
  if (!Array.isArray(v)) return scalarExportType(v);
  if (v.length === 0) return 'string[]';
  const types = new Set(v.map(scalarExportType));
  if (types.size === 2 && types.has('long') && types.has('double')) {
    if (v.some((x) => typeof x === 'bigint')) throw new ExportValueError('a list of bigints and floats has no exact form in one column type');
    types.delete('long');
  }
  if (types.size > 1) throw new ExportValueError(`a list of mixed element types (${[...types].join(', ')}) has no neo4j-admin CSV form; use --format jsonl`);
  const t = [...types][0]!;
  if (t === 'byte[]') throw new ExportValueError('a list of byte arrays has no neo4j-admin CSV form; use --format jsonl');
  if (t === 'string') {
    if (v.length === 1 && v[0] === '') throw new ExportValueError("the list [''] would read back as the empty list");
    if (v.some((x) => (x as string).includes(arrayDelimiter))) throw new ExportValueError(`a list element holds the array delimiter ${JSON.stringify(arrayDelimiter)}; choose another with --array-delimiter`);
  }
  return `${t}[]`;
}

function scalarText(v: PropScalar, arrayDelimiter: string): string {
  if (v instanceof BoxedFloat) return scalarText(v.value, arrayDelimiter);
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return '-0.0';
    return String(v);
  }
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Array.from(v).join(arrayDelimiter);
  return v.toString(); // temporal values: refused by exportTypeOf before this
}

/** The export text of a value of the type `exportTypeOf` gave. */
export function exportText(v: PropValue, arrayDelimiter: string): string {
  if (v === null) return '';
  if (Array.isArray(v)) return v.map((x) => scalarText(x, arrayDelimiter)).join(arrayDelimiter);
  return scalarText(v, arrayDelimiter);
}
