/**
 * Literal values in a query spec: plain JSON where JSON can say it (null,
 * booleans, strings, numbers), a tagged `{t, v}` object where it cannot.
 *
 *   JSON                                  VALUE
 *   null, true, false, "text"             itself
 *   12 (a safe integer)                   INTEGER 12
 *   0.5, 1e300 (any other finite number)  FLOAT
 *   {"t":"Int","v":"9223372036854775807"} INTEGER (decimal string; int64)
 *   {"t":"Float","v":1}                   FLOAT 1.0 (also "NaN", "Infinity", "-Infinity", "-0")
 *   {"t":"Bytes","v":"AAEC"}              BYTES (base64)
 *   {"t":"DateTime","v":"2024-05-01T12:00:00.000Z"} DATETIME (ISO 8601 with a zone; ms precision)
 *
 * `encodeLiteral` turns a JavaScript value into this form (the builder);
 * `checkLiteral` says what is wrong with a JSON value (validation);
 * `decodeLiteral` turns a checked one into an engine value (spec-to-ast).
 */
import { makeFloat, normInt, type Value } from '../values/value.js';

/** A tagged literal: a value JSON has no form for. */
export type TaggedLiteral =
  | { t: 'Int'; v: string }
  | { t: 'Float'; v: number | 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { t: 'Bytes'; v: string }
  | { t: 'DateTime'; v: string };

/** A literal in a spec. */
export type LiteralJson = null | boolean | number | string | TaggedLiteral;

/** A value a caller may put in a predicate: what a property may hold. */
export type LiteralInput = null | boolean | number | bigint | string | Uint8Array | Date;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const BASE64_RE = /^[A-Za-z0-9+/]*={0,2}$/;
/** ISO 8601 date-time with a zone (`Z` or `+hh:mm`): a zone-less one would be read in local time. */
const ISO_ZONED_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The spec form of a JavaScript value, or a reason it has none. */
export function encodeLiteral(v: LiteralInput): LiteralJson {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (Number.isFinite(v) && !Object.is(v, -0)) return v;
    return { t: 'Float', v: Object.is(v, -0) ? '-0' : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
  }
  if (typeof v === 'bigint') {
    const n = normInt(v);
    return typeof n === 'number' ? n : { t: 'Int', v: v.toString() };
  }
  if (v instanceof Uint8Array) return { t: 'Bytes', v: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (v instanceof Date) return { t: 'DateTime', v: v.toISOString() };
  return v;
}

/** Null when `v` is a valid literal, else what is wrong with it. */
export function checkLiteral(v: unknown): string | null {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? null : `${String(v)} is not a JSON number (use {"t":"Float","v":"${String(v)}"})`;
  if (typeof v !== 'object' || Array.isArray(v)) return `expected a literal (null, boolean, number, string or {t, v}), got ${describe(v)}`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length !== 2 || !('t' in o) || !('v' in o)) return `a tagged literal has exactly the keys "t" and "v", got {${keys.join(', ')}}`;
  const t = o['t'];
  const x = o['v'];
  switch (t) {
    case 'Int': {
      if (typeof x !== 'string' || !/^-?\d+$/.test(x)) return `an Int literal's "v" is a decimal string, got ${describe(x)}`;
      const b = BigInt(x);
      return b < INT64_MIN || b > INT64_MAX ? `Int literal ${x} is outside the 64-bit integer range` : null;
    }
    case 'Float':
      if (typeof x === 'number' && Number.isFinite(x)) return null;
      if (x === 'NaN' || x === 'Infinity' || x === '-Infinity' || x === '-0') return null;
      return `a Float literal's "v" is a finite number or "NaN", "Infinity", "-Infinity", "-0", got ${describe(x)}`;
    case 'Bytes':
      return typeof x === 'string' && x.length % 4 === 0 && BASE64_RE.test(x) ? null : `a Bytes literal's "v" is a base64 string, got ${describe(x)}`;
    case 'DateTime':
      if (typeof x !== 'string' || !ISO_ZONED_RE.test(x) || Number.isNaN(Date.parse(x))) {
        return `a DateTime literal's "v" is an ISO 8601 string with a zone (2024-05-01T12:00:00.000Z), got ${describe(x)}`;
      }
      return null;
    default:
      return `unknown literal tag ${describe(t)} (expected "Int", "Float", "Bytes" or "DateTime")`;
  }
}

/** The engine value of a literal that `checkLiteral` accepted. */
export function decodeLiteral(v: LiteralJson): Value {
  if (v === null || typeof v !== 'object') return v;
  switch (v.t) {
    case 'Int':
      return normInt(BigInt(v.v));
    case 'Float':
      return makeFloat(typeof v.v === 'number' ? v.v : v.v === '-0' ? -0 : Number(v.v));
    case 'Bytes':
      return new Uint8Array(Buffer.from(v.v, 'base64'));
    case 'DateTime':
      return new Date(Date.parse(v.v));
  }
}

/** The static type of a checked literal, in the value model's names. */
export function literalType(v: LiteralJson): 'NULL' | 'BOOLEAN' | 'INTEGER' | 'FLOAT' | 'STRING' | 'BYTES' | 'DATETIME' {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
    case 'number':
      return Number.isSafeInteger(v) ? 'INTEGER' : 'FLOAT';
    default:
      break;
  }
  switch (v.t) {
    case 'Int':
      return 'INTEGER';
    case 'Float':
      return 'FLOAT';
    case 'Bytes':
      return 'BYTES';
    case 'DateTime':
      return 'DATETIME';
  }
}

/** A short description of any JSON-ish value for messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return 'a symbol';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'a Uint8Array';
  if (v instanceof Date) return 'a Date';
  if (typeof v === 'object' && v !== null) return 'an object';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
