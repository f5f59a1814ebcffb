/**
 * The value model of the query engine (DESIGN §10): what expressions
 * evaluate to, what rows hold, what functions take and return. The builder
 * and Cypher share it; the public API converts it at the edge
 * (`public-values.ts`).
 *
 * Cypher distinguishes INTEGER from FLOAT (`1 / 2` is 0, `1.0 / 2` is 0.5),
 * and JavaScript has one number type, so:
 *
 *   INTEGER  a `number` that is a safe integer and not -0, or a `bigint`
 *            outside the safe range but inside int64. (Canonical form: an
 *            integer within +-(2^53 - 1) is always a `number`; `normInt`.)
 *   FLOAT    any other `number` (fractions, NaN, +-Infinity, -0, integral
 *            values beyond 2^53 - 1), or a `BoxedFloat` for a float whose
 *            value is a safe integer (`1.0`, `-3.0`): JS would take it for
 *            an integer. Use `makeFloat(x)`, which boxes exactly when needed.
 *   STRING   `string`.   BOOLEAN `boolean`.   NULL `null`.
 *   BYTES    `Uint8Array` (a storage type with no Cypher literal).
 *   DATETIME `Date` (a storage type; Cypher temporal functions are not built).
 *   LIST     a JS array of values.
 *   MAP      a plain object (prototype `Object.prototype` or null) of values.
 *   NODE     `NodeRef` (an id; labels and properties are read from the
 *            query's snapshot or transaction when asked).
 *   RELATIONSHIP `RelRef` (id, endpoints and type id).
 *   PATH     `PathValue` (nodes and relationships in walk order).
 *   DATE, LOCAL TIME, ZONED TIME, LOCAL DATETIME, ZONED DATETIME
 *            `TemporalValue`; DURATION `DurationValue` (temporal.ts).
 *
 * `undefined` is never a value.
 */

import { BoxedFloat } from '../../graph/boxed-float.js';
import { DurationValue, TemporalValue } from './temporal.js';

/** A float whose value JavaScript would take for an integer (1.0, -0.0): see the file comment. */
export { BoxedFloat };

/** A node in a query value: its id. */
export class NodeRef {
  constructor(readonly id: number) {}
}

/** A relationship in a query value: its id, start node, end node and type id. */
export class RelRef {
  constructor(
    readonly id: number,
    readonly src: number,
    readonly dst: number,
    readonly typeId: number,
  ) {}
}

/** A path: `nodes.length === rels.length + 1`; `rels[i]` joins `nodes[i]` and `nodes[i + 1]` (in either direction). */
export class PathValue {
  constructor(
    readonly nodes: readonly NodeRef[],
    readonly rels: readonly RelRef[],
  ) {}
}

/** A Cypher map. */
export interface CypherMap {
  [key: string]: Value;
}

/** Every value an expression can have (see the file comment). */
export type Value =
  | null
  | boolean
  | number
  | bigint
  | BoxedFloat
  | string
  | Uint8Array
  | Date
  | Value[]
  | CypherMap
  | NodeRef
  | RelRef
  | PathValue
  | TemporalValue
  | DurationValue;

/** The type names used in messages and by `valueType`. */
export type ValueType =
  | 'NULL'
  | 'BOOLEAN'
  | 'INTEGER'
  | 'FLOAT'
  | 'STRING'
  | 'BYTES'
  | 'DATETIME'
  | 'LIST'
  | 'MAP'
  | 'NODE'
  | 'RELATIONSHIP'
  | 'PATH'
  | 'DATE'
  | 'LOCAL TIME'
  | 'ZONED TIME'
  | 'LOCAL DATETIME'
  | 'ZONED DATETIME'
  | 'DURATION';

/** Whether a `number` is a Cypher INTEGER (safe integer, not -0). */
export function isIntNumber(v: number): boolean {
  return Number.isSafeInteger(v) && !Object.is(v, -0);
}

/** Whether a value is a Cypher INTEGER. */
export function isInt(v: Value): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && isIntNumber(v));
}

/** Whether a value is a Cypher FLOAT. */
export function isFloat(v: Value): v is number | BoxedFloat {
  return v instanceof BoxedFloat || (typeof v === 'number' && !isIntNumber(v));
}

/** Whether a value is an INTEGER or a FLOAT. */
export function isNumber(v: Value): v is number | bigint | BoxedFloat {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof BoxedFloat;
}

/** The numeric value of a FLOAT (unboxed). */
export function floatValue(v: number | BoxedFloat): number {
  return typeof v === 'number' ? v : v.value;
}

/** A FLOAT holding `x`: boxed when JS would take `x` for an integer. */
export function makeFloat(x: number): number | BoxedFloat {
  return isIntNumber(x) || Object.is(x, -0) ? new BoxedFloat(x) : x;
}

/** An INTEGER in canonical form: a number within the safe range, else the bigint. Does not check int64 range. */
export function normInt(x: bigint): number | bigint {
  return x >= -9007199254740991n && x <= 9007199254740991n ? Number(x) : x;
}

/** Whether a value is a Cypher MAP (a plain object). */
export function isMap(v: Value): v is CypherMap {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The Cypher type of a value. */
export function valueType(v: Value): ValueType {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
    case 'bigint':
      return 'INTEGER';
    case 'number':
      return isIntNumber(v) ? 'INTEGER' : 'FLOAT';
    default:
      break;
  }
  if (Array.isArray(v)) return 'LIST';
  if (v instanceof BoxedFloat) return 'FLOAT';
  if (v instanceof NodeRef) return 'NODE';
  if (v instanceof RelRef) return 'RELATIONSHIP';
  if (v instanceof PathValue) return 'PATH';
  if (v instanceof Uint8Array) return 'BYTES';
  if (v instanceof Date) return 'DATETIME';
  if (v instanceof TemporalValue) return v.kind;
  if (v instanceof DurationValue) return 'DURATION';
  return 'MAP';
}
