/**
 * openCypher comparability (`<`, `<=`, `>`, `>=`) and orderability
 * (ORDER BY, min, max), following the CIP "comparability, equality,
 * orderability and equivalence".
 *
 * `compareValues(a, b)` is the comparison behind the inequality operators:
 *   - null when the values are incomparable: either is null, their types
 *     differ (INTEGER with FLOAT is not a difference), they are maps, or a
 *     list comparison reaches an incomparable pair first;
 *   - NaN when a NaN is involved (so `<`, `<=`, `>`, `>=` are all false);
 *   - else negative, zero or positive. `a < b` is `compareValues(a, b) < 0`
 *     (`comparisonResult` does the mapping with the null case).
 *   Strings compare by code point, booleans false < true, numbers exactly
 *   by value, lists lexicographically (a missing element is smaller than
 *   any value, null included), paths as their node/relationship lists, nodes
 *   and relationships by id, dates and times of one kind by time (zoned
 *   ones on the UTC timeline). Durations are incomparable.
 *
 * `orderCompare(a, b)` is the total order of ORDER BY (ascending):
 *   MAP < NODE < RELATIONSHIP < LIST < PATH < DATETIME (a stored JS Date)
 *   < ZONED DATETIME < LOCAL DATETIME < DATE < ZONED TIME < LOCAL TIME
 *   < DURATION < BYTES < STRING < BOOLEAN < NUMBER < NULL,
 * NaN after every other number, containers compared element-wise with
 * orderCompare. `orderCompare(a, b) === 0` iff `valueKey(a) === valueKey(b)`.
 */
import { compareNumbers } from './numeric.js';
import { pathElements } from './equality.js';
import { compareTemporals, orderDurations, temporalKindRank, DurationValue, TemporalValue } from './temporal.js';
import { BoxedFloat, NodeRef, PathValue, RelRef, isMap, type CypherMap, type Value } from './value.js';

const HIGH_UNITS = /[\uD800-\uFFFF]/;

/** Compares two strings by Unicode code point (JS `<` compares UTF-16 units, which differs above U+FFFF). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 unit order is code point order unless units from U+D800 up meet at the first difference.
  if (!HIGH_UNITS.test(a) || !HIGH_UNITS.test(b)) return a < b ? -1 : 1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // Surrogates (U+D800..U+DFFF) encode code points above U+FFFF: they sort after U+E000..U+FFFF.
      if (x >= 0xd800 && y >= 0xd800) return codeUnitRank(x) - codeUnitRank(y);
      return x - y;
    }
  }
  return a.length - b.length;
}

function codeUnitRank(u: number): number {
  return u >= 0xe000 ? u - 0x800 : u + 0x2000;
}

function isNum(v: Value): v is number | bigint | BoxedFloat {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof BoxedFloat;
}

/** The comparison under `<` and friends (see the file comment): null, NaN, or negative/zero/positive. */
export function compareValues(a: Value, b: Value): number | null {
  if (a === null || b === null) return null;
  if (isNum(a)) return isNum(b) ? compareNumbers(a, b) : null;
  if (typeof a === 'string') return typeof b === 'string' ? compareStrings(a, b) : null;
  if (typeof a === 'boolean') return typeof b === 'boolean' ? Number(a) - Number(b) : null;
  if (Array.isArray(a)) return Array.isArray(b) ? compareLists(a, b) : null;
  if (a instanceof NodeRef) return b instanceof NodeRef ? a.id - b.id : null;
  if (a instanceof RelRef) return b instanceof RelRef ? a.id - b.id : null;
  if (a instanceof PathValue) return b instanceof PathValue ? compareLists(pathElements(a), pathElements(b)) : null;
  if (a instanceof Date) return b instanceof Date ? compareNumbers(a.getTime(), b.getTime()) : null;
  if (a instanceof Uint8Array) return b instanceof Uint8Array ? compareBytes(a, b) : null;
  if (a instanceof TemporalValue) return b instanceof TemporalValue ? compareTemporals(a, b) : null;
  return null; // maps and durations: incomparable
}

function compareLists(a: readonly Value[], b: readonly Value[]): number | null {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValues(a[i] as Value, b[i] as Value);
    if (c !== 0) return c; // null, NaN or a decided order
  }
  return a.length - b.length;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** The comparison operators over `compareValues`: true, false, or null. */
export type ComparisonOperator = '<' | '<=' | '>' | '>=';

/** `a op b` in openCypher: null when incomparable, false whenever NaN is involved. */
export function comparisonResult(op: ComparisonOperator, a: Value, b: Value): boolean | null {
  const c = compareValues(a, b);
  if (c === null) return null;
  switch (op) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

// Ranks of the types in the ascending global sort order.
const RANK_MAP = 0;
const RANK_NODE = 1;
const RANK_RELATIONSHIP = 2;
const RANK_LIST = 3;
const RANK_PATH = 4;
const RANK_DATETIME_STORED = 5; // a JS Date property (the storage DATETIME)
const RANK_TEMPORAL = 6; // then by kind: zoned datetime, local datetime, date, zoned time, local time
const RANK_DURATION = 7;
const RANK_BYTES = 8;
const RANK_STRING = 9;
const RANK_BOOLEAN = 10;
const RANK_NUMBER = 11;
const RANK_NULL = 12;

/** Rank of a value's type in the ascending global sort order. */
function orderRank(v: Value): number {
  if (v === null) return RANK_NULL;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return RANK_NUMBER;
    case 'boolean':
      return RANK_BOOLEAN;
    case 'string':
      return RANK_STRING;
    default:
      break;
  }
  if (v instanceof BoxedFloat) return RANK_NUMBER;
  if (Array.isArray(v)) return RANK_LIST;
  if (v instanceof NodeRef) return RANK_NODE;
  if (v instanceof RelRef) return RANK_RELATIONSHIP;
  if (v instanceof PathValue) return RANK_PATH;
  if (v instanceof Date) return RANK_DATETIME_STORED;
  if (v instanceof TemporalValue) return RANK_TEMPORAL;
  if (v instanceof DurationValue) return RANK_DURATION;
  if (v instanceof Uint8Array) return RANK_BYTES;
  return RANK_MAP;
}

function orderNumbers(a: number | bigint | BoxedFloat, b: number | bigint | BoxedFloat): number {
  const c = compareNumbers(a, b);
  if (!Number.isNaN(c)) return c;
  const aNaN = Number.isNaN(a instanceof BoxedFloat ? a.value : a);
  const bNaN = Number.isNaN(b instanceof BoxedFloat ? b.value : b);
  return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
}

/** The total order of ORDER BY, ascending (see the file comment): negative, zero or positive; never NaN. */
export function orderCompare(a: Value, b: Value): number {
  // Fast paths: the common sort keys.
  if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return Math.sign(compareStrings(a, b));
  const ra = orderRank(a);
  const rb = orderRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case RANK_NULL:
      return 0;
    case RANK_NUMBER:
      return orderNumbers(a as number | bigint | BoxedFloat, b as number | bigint | BoxedFloat);
    case RANK_BOOLEAN:
      return Number(a) - Number(b);
    case RANK_STRING:
      return Math.sign(compareStrings(a as string, b as string));
    case RANK_LIST:
      return orderLists(a as Value[], b as Value[]);
    case RANK_NODE:
      return Math.sign((a as NodeRef).id - (b as NodeRef).id);
    case RANK_RELATIONSHIP:
      return Math.sign((a as RelRef).id - (b as RelRef).id);
    case RANK_PATH:
      return orderLists(pathElements(a as PathValue), pathElements(b as PathValue));
    case RANK_DATETIME_STORED:
      return orderNumbers((a as Date).getTime(), (b as Date).getTime());
    case RANK_TEMPORAL: {
      const ta = a as TemporalValue;
      const tb = b as TemporalValue;
      return compareTemporals(ta, tb) ?? Math.sign(temporalKindRank(ta.kind) - temporalKindRank(tb.kind));
    }
    case RANK_DURATION:
      return orderDurations(a as DurationValue, b as DurationValue);
    case RANK_BYTES:
      return Math.sign(compareBytes(a as Uint8Array, b as Uint8Array));
    default:
      return orderMaps(a as CypherMap, b as CypherMap);
  }
}

function orderLists(a: readonly Value[], b: readonly Value[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = orderCompare(a[i] as Value, b[i] as Value);
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

/** Maps (an order the CIP leaves to implementations): by their sorted keys, then by the values in key order. */
function orderMaps(a: CypherMap, b: CypherMap): number {
  if (!isMap(a) || !isMap(b)) return 0;
  const ka = Object.keys(a).sort(compareStrings);
  const kb = Object.keys(b).sort(compareStrings);
  const n = Math.min(ka.length, kb.length);
  for (let i = 0; i < n; i++) {
    const c = compareStrings(ka[i] as string, kb[i] as string);
    if (c !== 0) return Math.sign(c);
  }
  if (ka.length !== kb.length) return Math.sign(ka.length - kb.length);
  for (const k of ka) {
    const c = orderCompare(a[k] as Value, b[k] as Value);
    if (c !== 0) return c;
  }
  return 0;
}
