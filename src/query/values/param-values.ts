/**
 * Query parameters as callers pass them (`db.cypher(text, { name: 'Ada' })`,
 * the builder's `params`) turned into engine values: numbers that are safe
 * integers are INTEGERs, other numbers FLOATs, bigints INTEGERs when inside
 * int64; strings, booleans, null, Uint8Array, Date, arrays and plain
 * objects as they are; `Node` / `Relationship` results as references.
 * Anything else is INVALID_ARG naming the parameter.
 */
import { InvalidArgError } from '../../base/errors.js';
import { Node, Relationship } from './public-values.js';
import { BoxedFloat, NodeRef, RelRef, normInt, type CypherMap, type Value } from './value.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'a function';
  if (typeof v === 'symbol') return 'a symbol';
  if (typeof v === 'object' && v !== null) return `an object of class ${v.constructor?.name ?? 'null prototype'}`;
  return typeof v;
}

export function paramValue(v: unknown, path: string): Value {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') {
    if (v < INT64_MIN || v > INT64_MAX) throw new InvalidArgError(`parameter ${path}: ${v} is outside the 64-bit integer range`);
    return normInt(v);
  }
  if (v instanceof BoxedFloat || v instanceof Uint8Array || v instanceof NodeRef || v instanceof RelRef) return v;
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new InvalidArgError(`parameter ${path}: an invalid Date`);
    return v;
  }
  if (v instanceof Node) return new NodeRef(v.id);
  if (v instanceof Relationship) throw new InvalidArgError(`parameter ${path}: pass a relationship's id, not the Relationship`);
  if (Array.isArray(v)) return v.map((x, i) => paramValue(x, `${path}[${i}]`));
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto === Object.prototype || proto === null) {
      const out: CypherMap = {};
      for (const k of Object.keys(v)) {
        const x = paramValue((v as Record<string, unknown>)[k], `${path}.${k}`);
        if (k === '__proto__') Object.defineProperty(out, k, { value: x, writable: true, enumerable: true, configurable: true });
        else out[k] = x;
      }
      return out;
    }
  }
  throw new InvalidArgError(`parameter ${path}: ${describe(v)} is not a query value (use null, booleans, numbers, bigints, strings, Uint8Array, Date, arrays and plain objects)`);
}

/** Converts a parameter object; `undefined` gives no parameters. */
export function paramValues(params: unknown): Record<string, Value> {
  if (params === undefined || params === null) return {};
  if (typeof params !== 'object' || Array.isArray(params)) throw new InvalidArgError(`query parameters must be a plain object, got ${Array.isArray(params) ? 'an array' : typeof params}`);
  const out: Record<string, Value> = {};
  for (const k of Object.keys(params)) out[k] = paramValue((params as Record<string, unknown>)[k], `$${k}`);
  return out;
}
