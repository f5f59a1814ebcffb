/**
 * Query values on the wire. JSON has no integers beyond 2^53, no bytes, no
 * dates and no graph elements, so those travel as one-key tagged objects:
 *
 *   value                          JSON
 *   number (finite)                number
 *   NaN, Infinity, -Infinity       { "$float": "NaN" | "Infinity" | "-Infinity" }
 *   bigint                         { "$int": "12345678901234567890" }
 *   Uint8Array                     { "$bytes": "<base64>" }
 *   Date                           { "$date": "2024-01-02T03:04:05.000Z" }
 *   Node                           { "$node": { id, labels, properties } }
 *   Relationship                   { "$rel": { id, type, start, end, properties } }
 *   Path                           { "$path": { nodes: [$node...], relationships: [$rel...] } }
 *   date, time, duration           their ISO 8601 text ("1910-05-06", "P1Y2M")
 *   string, boolean, null, list, map   themselves (maps recursively)
 *
 * Parameters accept the same tags for bigints, bytes and dates.
 */
import { Buffer } from 'node:buffer';
import { InvalidArgError } from '../base/errors.js';
import { Node, Path, Relationship, type PublicValue } from '../query/values/public-values.js';
import { BoxedFloat } from '../query/values/value.js';
import { DurationValue, TemporalValue } from '../graph/temporal-value.js';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonNode {
  id: number;
  labels: string[];
  properties: Record<string, JsonValue>;
}

export interface JsonRel {
  id: number;
  type: string;
  start: number;
  end: number;
  properties: Record<string, JsonValue>;
}

function mapOf(m: Record<string, PublicValue>): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const k of Object.keys(m)) out[k] = toJsonValue(m[k]!);
  return out;
}

export function nodeJson(n: Node): JsonNode {
  return { id: n.id, labels: n.labels, properties: mapOf(n.properties) };
}

export function relJson(r: Relationship): JsonRel {
  return { id: r.id, type: r.type, start: r.startNodeId, end: r.endNodeId, properties: mapOf(r.properties) };
}

/** One result value as JSON (see the table above). */
export function toJsonValue(v: PublicValue | undefined): JsonValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? v : { $float: String(v) };
    case 'bigint':
      return { $int: v.toString() };
    case 'string':
    case 'boolean':
      return v;
    default:
      break;
  }
  if (Array.isArray(v)) return v.map(toJsonValue);
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (v instanceof Date) return { $date: v.toISOString() };
  if (v instanceof Node) return { $node: nodeJson(v) as unknown as JsonValue };
  if (v instanceof Relationship) return { $rel: relJson(v) as unknown as JsonValue };
  if (v instanceof Path) return { $path: { nodes: v.nodes.map((n) => nodeJson(n) as unknown as JsonValue), relationships: v.relationships.map((r) => relJson(r) as unknown as JsonValue) } };
  if (v instanceof BoxedFloat) return toJsonValue(v.value);
  // Stored dates, times and durations (getNode): their ISO 8601 text, as query results give them.
  if (v instanceof TemporalValue || v instanceof DurationValue) return v.toString();
  return mapOf(v as Record<string, PublicValue>);
}

/** A result row as JSON. */
export function rowJson(row: Record<string, PublicValue>): Record<string, JsonValue> {
  return mapOf(row);
}

/** A parameter value from JSON: tagged objects become bigints, bytes and dates. */
export function fromJsonParam(v: unknown, path: string): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => fromJsonParam(x, `${path}[${i}]`));
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const k = keys[0]!;
    const x = o[k];
    if (k === '$int') {
      if (typeof x !== 'string' || !/^-?\d+$/.test(x)) throw new InvalidArgError(`parameter ${path}: $int must be a string of digits`);
      return BigInt(x);
    }
    if (k === '$bytes') {
      if (typeof x !== 'string') throw new InvalidArgError(`parameter ${path}: $bytes must be a base64 string`);
      return new Uint8Array(Buffer.from(x, 'base64'));
    }
    if (k === '$date') {
      const d = typeof x === 'string' ? new Date(x) : null;
      if (d === null || Number.isNaN(d.getTime())) throw new InvalidArgError(`parameter ${path}: $date must be an ISO 8601 date`);
      return d;
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = fromJsonParam(o[k], `${path}.${k}`);
  return out;
}

/** The `params` of a request: a JSON object, or absent. */
export function paramsFromJson(v: unknown): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new InvalidArgError('"params" must be a JSON object');
  return fromJsonParam(v, 'params') as Record<string, unknown>;
}
