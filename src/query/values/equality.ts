/**
 * openCypher equality and equivalence (the CIP "comparability, equality,
 * orderability and equivalence"):
 *
 * - `cypherEquals` is `=`: ternary. Null when either side is null; for lists
 *   (and paths, taken as their alternating node/relationship list) and maps
 *   it is `false` when the sizes or key sets differ, else the three-valued
 *   AND of the element-wise equalities (`[1, 2] = [null, 2]` is null,
 *   `[1, 2] = [null, 3]` is false). INTEGER and FLOAT compare exactly by
 *   value; NaN equals nothing; values of different types are not equal;
 *   nodes and relationships are equal when their ids are; dates and times
 *   when they are of one kind and at the same point (12:00+01:00 equals
 *   11:00Z); durations when their components are.
 * - `valueKey` is equivalence (DISTINCT, grouping, UNION): equality where
 *   null is equivalent to null and NaN to NaN, with a string key so callers
 *   can use a `Map`. Two values have the same key iff they are equivalent.
 */
import { numberKey, numbersEqual } from './numeric.js';
import { compareTemporals, durationsEqual, temporalKey, DurationValue, TemporalValue } from './temporal.js';
import { BoxedFloat, NodeRef, PathValue, RelRef, isMap, type CypherMap, type Value } from './value.js';

/** `a = b` in openCypher: true, false, or null (unknown). */
export function cypherEquals(a: Value, b: Value): boolean | null {
  if (a === null || b === null) return null;
  switch (typeof a) {
    case 'string':
    case 'boolean':
      return a === b;
    case 'number':
    case 'bigint':
      return typeof b === 'number' || typeof b === 'bigint' || b instanceof BoxedFloat ? numbersEqual(a, b) : false;
    default:
      break;
  }
  if (a instanceof BoxedFloat) return typeof b === 'number' || typeof b === 'bigint' || b instanceof BoxedFloat ? numbersEqual(a, b) : false;
  if (a instanceof NodeRef) return b instanceof NodeRef && a.id === b.id;
  if (a instanceof RelRef) return b instanceof RelRef && a.id === b.id;
  if (Array.isArray(a)) return Array.isArray(b) ? listsEqual(a, b) : false;
  if (a instanceof PathValue) return b instanceof PathValue ? listsEqual(pathElements(a), pathElements(b)) : false;
  if (a instanceof Uint8Array) return b instanceof Uint8Array && bytesEqual(a, b);
  if (a instanceof Date) return b instanceof Date && a.getTime() === b.getTime();
  if (a instanceof TemporalValue) return b instanceof TemporalValue && compareTemporals(a, b) === 0;
  if (a instanceof DurationValue) return b instanceof DurationValue && durationsEqual(a, b);
  if (isMap(a)) return isMap(b) ? mapsEqual(a, b) : false;
  return false;
}

function listsEqual(a: readonly Value[], b: readonly Value[]): boolean | null {
  if (a.length !== b.length) return false;
  let unknown = false;
  for (let i = 0; i < a.length; i++) {
    const eq = cypherEquals(a[i] as Value, b[i] as Value);
    if (eq === false) return false;
    if (eq === null) unknown = true;
  }
  return unknown ? null : true;
}

function mapsEqual(a: CypherMap, b: CypherMap): boolean | null {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) if (!Object.hasOwn(b, k)) return false;
  let unknown = false;
  for (const k of keys) {
    const eq = cypherEquals(a[k] as Value, b[k] as Value);
    if (eq === false) return false;
    if (eq === null) unknown = true;
  }
  return unknown ? null : true;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A path as the list openCypher compares it by: node, relationship, node, ... */
export function pathElements(p: PathValue): Value[] {
  const out: Value[] = [];
  for (let i = 0; i < p.rels.length; i++) out.push(p.nodes[i] as NodeRef, p.rels[i] as RelRef);
  out.push(p.nodes[p.rels.length] as NodeRef);
  return out;
}

/**
 * The equivalence key of a value: equal strings iff equivalent values.
 * Top-level strings, integers and nodes take a short fast path
 * (`s…`, `#…`, `N…`); nested values use a self-delimiting encoding.
 */
export function valueKey(v: Value): string {
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return Number.isSafeInteger(v) ? '#' + String(v) : '#' + numberKey(v);
    case 'bigint':
      return '#' + String(v);
    default:
      break;
  }
  if (v instanceof NodeRef) return 'N' + String(v.id);
  return encodeKey(v);
}

function encodeKey(v: Value): string {
  if (v === null) return 'n';
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'T' : 'F';
    case 'number':
    case 'bigint':
      return '#' + numberKey(v);
    default:
      break;
  }
  if (v instanceof BoxedFloat) return '#' + numberKey(v);
  if (v instanceof NodeRef) return 'N' + String(v.id);
  if (v instanceof RelRef) return 'R' + String(v.id);
  if (Array.isArray(v)) return '[' + v.map(encodeKey).join(',') + ']';
  if (v instanceof PathValue) return 'P' + pathElements(v).map(encodeKey).join(',') + ';';
  if (v instanceof Uint8Array) return 'b' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex') + ';';
  if (v instanceof Date) return 'd' + String(v.getTime()) + ';';
  if (v instanceof TemporalValue) return '@' + temporalKey(v) + ';';
  if (v instanceof DurationValue) return `~${v.months}:${v.days}:${v.seconds}:${v.nanos};`;
  const keys = Object.keys(v).sort();
  return '{' + keys.map((k) => JSON.stringify(k) + ':' + encodeKey((v as CypherMap)[k] as Value)).join(',') + '}';
}
