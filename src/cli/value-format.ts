/**
 * How the CLI writes values: as JSON (bigints as exact JSON numbers, dates as
 * ISO-8601 strings, bytes as base64 strings, nodes / relationships / paths as
 * tagged objects), and as table cells (Cypher literal style: strings in
 * double quotes, nodes as `(:Label {k: v})`, relationships as `[:TYPE {k: v}]`).
 */
import { BoxedFloat } from '../graph/boxed-float.js';
import { DurationValue, TemporalValue } from '../graph/temporal-value.js';
import { Node, Path, Relationship } from '../query/values/public-values.js';

/** Converts a value to its JSON form (bigint handled by `toJsonText`). */
function jsonable(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (v instanceof Node) return { '~id': v.id, '~labels': v.labels, ...jsonMap(v.properties) };
  if (v instanceof Relationship) return { '~id': v.id, '~type': v.type, '~start': v.startNodeId, '~end': v.endNodeId, ...jsonMap(v.properties) };
  if (v instanceof Path) return { '~nodes': v.nodes.map(jsonable), '~relationships': v.relationships.map(jsonable) };
  if (v instanceof BoxedFloat) return jsonable(v.value);
  if (v instanceof TemporalValue || v instanceof DurationValue) return v.toString();
  if (Array.isArray(v)) return v.map(jsonable);
  if (typeof v === 'object') return jsonMap(v as Record<string, unknown>);
  return String(v);
}

function jsonMap(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(m)) out[k] = jsonable(m[k]);
  return out;
}

const BIGINT_MARK = '\u0000bigint:';

/**
 * JSON text of a value. Bigints are written as exact JSON numbers (JSON has no
 * size limit on numbers; JavaScript's JSON.parse would round them).
 */
export function toJsonText(v: unknown, indent?: number): string {
  const text = JSON.stringify(jsonable(v), (_k, x: unknown) => (typeof x === 'bigint' ? `${BIGINT_MARK}${x.toString()}` : x), indent);
  return text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1');
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function name(n: string): string {
  return PLAIN_NAME.test(n) ? n : `\`${n.replace(/`/g, '``')}\``;
}

function mapText(m: Record<string, unknown>): string {
  const keys = Object.keys(m);
  if (keys.length === 0) return '{}';
  return `{${keys.map((k) => `${name(k)}: ${cellText(m[k])}`).join(', ')}}`;
}

function propsSuffix(m: Record<string, unknown>): string {
  return Object.keys(m).length === 0 ? '' : ` ${mapText(m)}`;
}

/** A value as a table cell, in Cypher literal style. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    return Object.is(v, -0) ? '-0.0' : String(v);
  }
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `datetime(${JSON.stringify(v.toISOString())})`;
  if (v instanceof Uint8Array) return `bytes(0x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')})`;
  if (v instanceof Node) return `(${v.labels.map((l) => `:${name(l)}`).join('')}${propsSuffix(v.properties)})`;
  if (v instanceof Relationship) return `[:${name(v.type)}${propsSuffix(v.properties)}]`;
  if (v instanceof Path) {
    let s = cellText(v.nodes[0]);
    for (let i = 0; i < v.relationships.length; i++) {
      const r = v.relationships[i]!;
      const from = v.nodes[i]!;
      s += r.startNodeId === from.id ? `-${cellText(r)}->` : `<-${cellText(r)}-`;
      s += cellText(v.nodes[i + 1]);
    }
    return s;
  }
  if (v instanceof TemporalValue) return `${v.kind === 'DATE' ? 'date' : v.kind === 'LOCAL TIME' ? 'localtime' : v.kind === 'ZONED TIME' ? 'time' : v.kind === 'LOCAL DATETIME' ? 'localdatetime' : 'datetime'}(${JSON.stringify(v.toString())})`;
  if (v instanceof DurationValue) return `duration(${JSON.stringify(v.toString())})`;
  if (v instanceof BoxedFloat) return Number.isInteger(v.value) && !Object.is(v.value, -0) ? `${v.value}.0` : cellText(v.value);
  if (Array.isArray(v)) return `[${v.map(cellText).join(', ')}]`;
  if (typeof v === 'object') return mapText(v as Record<string, unknown>);
  return String(v);
}

/**
 * A value as a CSV field of `query --format csv`: strings bare, dates as
 * ISO-8601, bytes as hex, null as an empty field, everything else as its
 * cell text.
 */
export function csvFieldText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex');
  if (v instanceof TemporalValue || v instanceof DurationValue) return v.toString();
  return cellText(v);
}
