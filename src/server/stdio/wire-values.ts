/**
 * Values on the stdio wire (protocol version 1, docs/python.md): plain JSON
 * where JSON says it exactly, a one-key tagged object where it cannot.
 *
 *   JSON                                   VALUE
 *   null, true, false, "text"              itself
 *   12 (a safe integer, |n| <= 2^53 - 1)   INTEGER
 *   0.5, 1e300 (a number with a fraction   FLOAT
 *     or an exponent, or beyond 2^53)
 *   {"$int": "9223372036854775807"}        INTEGER beyond the safe range (decimal text)
 *   {"$float": "1"}                        FLOAT that JSON would read as an integer
 *                                          (1.0, -0.0) or cannot write ("NaN",
 *                                          "Infinity", "-Infinity"); text in
 *                                          JavaScript Number() syntax
 *   {"$bytes": "AAEC"}                     BYTES (base64)
 *   {"$date": "2024-05-01T12:00:00.000Z"}  DATETIME (ISO 8601 with a zone; ms precision)
 *   [ ... ]                                LIST
 *   { ... }                                MAP (no key starts with "$")
 *   {"$map": { ... }}                      MAP whose keys may start with "$"
 *   {"$node": {"id", "labels", "properties"}}
 *   {"$rel": {"id", "type", "start", "end", "properties"}}
 *   {"$path": {"nodes": [node...], "relationships": [rel...]}} (inner items untagged)
 *
 * Rules: (W1) a tagged object has exactly one key; (W2) a map that has any key
 * starting with "$" travels as {"$map": ...}, so a user map is never read as
 * a tag; (W3) an unknown tag is INVALID_ARG naming its path. The encoder
 * always writes the shortest form: an integer in the safe range is a plain
 * number, never {"$int"}.
 */
import { InvalidArgError } from '../../base/errors.js';
import { BoxedFloat } from '../../graph/boxed-float.js';
import { Node, Path, Relationship } from '../../query/values/public-values.js';

/** JSON as it travels. */
export type WireJson = null | boolean | number | string | WireJson[] | { [key: string]: WireJson };

const INT_TEXT_RE = /^-?\d+$/;

function floatText(n: number): string {
  if (Object.is(n, -0)) return '-0';
  return String(n); // 'NaN', 'Infinity', '-Infinity', '1', '1e+21'
}

function encodeNumber(n: number): WireJson {
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return n;
  if (Number.isFinite(n) && !Number.isInteger(n)) return n; // JSON text carries a '.' or an exponent
  return { $float: floatText(n) };
}

function encodeMap(m: Record<string, unknown>): WireJson {
  const out: { [key: string]: WireJson } = {};
  let dollar = false;
  for (const k of Object.keys(m)) {
    if (k.startsWith('$')) dollar = true;
    const v = m[k];
    if (v === undefined) continue;
    defineKey(out, k, encodeValue(v));
  }
  return dollar ? { $map: out } : out;
}

function encodeNode(n: Node): { [key: string]: WireJson } {
  return { id: n.id, labels: n.labels, properties: encodeMap(n.properties) };
}

function encodeRel(r: Relationship): { [key: string]: WireJson } {
  return { id: r.id, type: r.type, start: r.startNodeId, end: r.endNodeId, properties: encodeMap(r.properties) };
}

/** JSON already in wire form: `encodeValue` passes it through untouched (rows encoded once, as they are pulled). */
export class Encoded {
  constructor(readonly json: WireJson) {}
}

/** The wire form of a value the engine hands out (a row value, a record, a result). */
export function encodeValue(v: unknown): WireJson {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean':
    case 'string':
      return v;
    case 'number':
      return encodeNumber(v);
    case 'bigint':
      return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : { $int: v.toString() };
    case 'object':
      break;
    default:
      return String(v);
  }
  if (Array.isArray(v)) return v.map((x: unknown) => encodeValue(x));
  if (v instanceof Encoded) return v.json;
  if (v instanceof BoxedFloat) return { $float: floatText(v.value) };
  if (v instanceof Uint8Array) return { $bytes: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : { $date: v.toISOString() };
  if (v instanceof Node) return { $node: encodeNode(v) };
  if (v instanceof Relationship) return { $rel: encodeRel(v) };
  if (v instanceof Path) return { $path: { nodes: v.nodes.map(encodeNode), relationships: v.relationships.map(encodeRel) } };
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto === Object.prototype || proto === null) return encodeMap(v as Record<string, unknown>);
  // Any other class (stored dates, times and durations): its text, ISO 8601 for temporal
  // values, as query results give them (public-values.ts).
  return String(v);
}

function defineKey(out: Record<string, unknown>, k: string, value: unknown): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value, writable: true, enumerable: true, configurable: true });
  else out[k] = value;
}

function describe(j: unknown): string {
  if (j === null) return 'null';
  if (Array.isArray(j)) return 'an array';
  return typeof j === 'object' ? 'an object' : `${typeof j} ${JSON.stringify(j)}`;
}

function tagText(tag: string, x: unknown, path: string): string {
  if (typeof x !== 'string') throw new InvalidArgError(`${path}: {"${tag}": ...} holds a string, got ${describe(x)}`);
  return x;
}

function decodeProps(j: unknown, path: string): Record<string, unknown> {
  const m = decodeValue(j, path);
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new InvalidArgError(`${path}: expected a map`);
  return m as Record<string, unknown>;
}

function decodeNode(j: unknown, path: string): Node {
  if (j === null || typeof j !== 'object') throw new InvalidArgError(`${path}: a node is {"id", "labels", "properties"}`);
  const o = j as Record<string, unknown>;
  if (typeof o['id'] !== 'number') throw new InvalidArgError(`${path}.id: a node id is a number`);
  const labels = Array.isArray(o['labels']) ? o['labels'].filter((x): x is string => typeof x === 'string') : [];
  return new Node(o['id'], labels, decodeProps(o['properties'] ?? {}, `${path}.properties`) as Node['properties']);
}

function decodeRel(j: unknown, path: string): Relationship {
  if (j === null || typeof j !== 'object') throw new InvalidArgError(`${path}: a relationship is {"id", "type", "start", "end", "properties"}`);
  const o = j as Record<string, unknown>;
  const num = (k: string): number => {
    const x = o[k];
    if (typeof x !== 'number') throw new InvalidArgError(`${path}.${k}: expected a number, got ${describe(x)}`);
    return x;
  };
  const type = typeof o['type'] === 'string' ? o['type'] : '';
  return new Relationship(num('id'), type, num('start'), num('end'), decodeProps(o['properties'] ?? {}, `${path}.properties`) as Relationship['properties']);
}

/**
 * The engine value of a wire value (a parameter, a property, an argument).
 * `path` names where it sits in the request, for error messages.
 */
export function decodeValue(j: unknown, path: string): unknown {
  if (j === null || typeof j === 'boolean' || typeof j === 'string' || typeof j === 'number') return j;
  if (Array.isArray(j)) return j.map((x, i) => decodeValue(x, `${path}[${i}]`));
  if (typeof j !== 'object') throw new InvalidArgError(`${path}: ${describe(j)} is not a wire value`);
  const o = j as Record<string, unknown>;
  const keys = Object.keys(o);
  const tag = keys.length === 1 && keys[0]!.startsWith('$') ? keys[0]! : null;
  if (tag === null) {
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      if (k.startsWith('$')) throw new InvalidArgError(`${path}: key "${k}" starts with "$"; send such a map as {"$map": {...}} (W2)`);
      defineKey(out, k, decodeValue(o[k], `${path}.${k}`));
    }
    return out;
  }
  const x = o[tag];
  switch (tag) {
    case '$int': {
      const text = tagText(tag, x, path);
      if (!INT_TEXT_RE.test(text)) throw new InvalidArgError(`${path}: {"$int": ${JSON.stringify(text)}} is not a decimal integer`);
      const b = BigInt(text);
      return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
    }
    case '$float': {
      const text = tagText(tag, x, path);
      const n = Number(text);
      if (Number.isNaN(n) && text !== 'NaN') throw new InvalidArgError(`${path}: {"$float": ${JSON.stringify(text)}} is not a number`);
      // A float JavaScript would take for an integer stays a float in a box.
      return Number.isSafeInteger(n) || Object.is(n, -0) ? new BoxedFloat(n) : n;
    }
    case '$bytes': {
      const text = tagText(tag, x, path);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new InvalidArgError(`${path}: {"$bytes": ...} is not base64`);
      return new Uint8Array(Buffer.from(text, 'base64'));
    }
    case '$date': {
      const text = tagText(tag, x, path);
      const d = new Date(text);
      if (Number.isNaN(d.getTime()) || !/(Z|[+-]\d{2}:\d{2})$/.test(text)) throw new InvalidArgError(`${path}: {"$date": ${JSON.stringify(text)}} is not an ISO 8601 date-time with a zone`);
      return d;
    }
    case '$map': {
      if (x === null || typeof x !== 'object' || Array.isArray(x)) throw new InvalidArgError(`${path}: {"$map": ...} holds an object`);
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(x)) defineKey(out, k, decodeValue((x as Record<string, unknown>)[k], `${path}.${k}`));
      return out;
    }
    case '$node':
      return decodeNode(x, path);
    case '$rel':
      return decodeRel(x, path);
    default:
      throw new InvalidArgError(`${path}: unknown tag "${tag}" (known: $int, $float, $bytes, $date, $map, $node, $rel) (W3)`);
  }
}
