/**
 * Comparing property values the way the indexes order them (key-codec.ts),
 * so a lookup answers the same with or without an index:
 *
 * - Numbers (integers, floats, bigints, BoxedFloats) form one numeric order;
 *   -0 equals 0; a BoxedFloat equals the equal number (1.0 = 1); NaN equals
 *   NaN and is above every other number (an index groups NaN at the end of
 *   the numbers).
 * - Strings order by Unicode code point (UTF-8 byte order), which differs
 *   from JavaScript's `<` (UTF-16 units) only for characters beyond U+FFFF.
 * - Bytes order as unsigned bytes; dates by time; false < true.
 * - Lists compare element by element, a shorter list first when it is a
 *   prefix of the other ([1] < [1, 2] < [2]); two lists are equal iff they
 *   have the same length and equal elements. Elements of different types
 *   order by type as the key codec orders them: booleans < numbers <
 *   strings < bytes < dates, so every two lists compare. A NaN element is
 *   above every other number and equal to NaN, as it is in an index: a list
 *   holding NaN lies in list ranges (only a top-level NaN lies in none).
 * - Temporal values (temporal-value.ts): each kind is its own family (a
 *   DATE never equals a LOCAL DATETIME). DATE by day, LOCAL TIME by time,
 *   LOCAL DATETIME by (day, time); the zoned kinds by their position on the
 *   UTC timeline, then by offset, the more westerly first: 12:00+01:00 and
 *   11:00Z are equal instants but different values, adjacent in this order
 *   (as their index keys are; key-codec.ts "Temporal values"). So a range
 *   bound is an (instant, offset) pair and equality keeps the offset. The
 *   query engine's `=`/`<` ignore the offset (src/query/values/temporal.ts).
 * - Durations by months, then days, seconds, nanos (ORDER BY's order; the
 *   index needs only their equality).
 * - List elements of the temporal and duration families follow dates, in
 *   the key tag order: zoned datetime < local datetime < local date <
 *   zoned time < local time < duration.
 * - Values of different types never compare (null) and never match.
 */
import { BoxedFloat } from './boxed-float.js';
import { DurationValue, TemporalValue, utcDayAndNano, type TemporalKind } from './temporal-value.js';
import type { PropValue } from './value-codec.js';

type Family = 'null' | 'bool' | 'number' | 'string' | 'bytes' | 'date' | 'list' | 'zoned datetime' | 'local datetime' | 'local date' | 'zoned time' | 'local time' | 'duration';

/** Families in the key codec's type order (list elements of different families compare by it). */
const FAMILY_RANK: Readonly<Record<Family, number>> = {
  null: 0,
  bool: 1,
  number: 2,
  string: 3,
  bytes: 4,
  date: 5,
  list: 6,
  'zoned datetime': 7,
  'local datetime': 8,
  'local date': 9,
  'zoned time': 10,
  'local time': 11,
  duration: 12,
};

const TEMPORAL_FAMILY: Readonly<Record<TemporalKind, Family>> = {
  'ZONED DATETIME': 'zoned datetime',
  'LOCAL DATETIME': 'local datetime',
  DATE: 'local date',
  'ZONED TIME': 'zoned time',
  'LOCAL TIME': 'local time',
};

export function family(v: PropValue): Family {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    default:
      if (v instanceof Uint8Array) return 'bytes';
      if (v instanceof Date) return 'date';
      if (v instanceof BoxedFloat) return 'number';
      if (v instanceof TemporalValue) return TEMPORAL_FAMILY[v.kind];
      if (v instanceof DurationValue) return 'duration';
      return 'list';
  }
}

/** The number a numeric value stands for (a BoxedFloat unboxed). */
function numeric(v: PropValue): number | bigint {
  return v instanceof BoxedFloat ? v.value : (v as number | bigint);
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  const aNaN = typeof a === 'number' && a !== a;
  const bNaN = typeof b === 'number' && b !== b;
  if (aNaN || bNaN) return aNaN === bNaN ? 0 : aNaN ? 1 : -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  // Mixed or bigint: exact comparison (a number beyond 2^53 is an exact integer).
  const toBig = (x: number | bigint): bigint | null => (typeof x === 'bigint' ? x : Number.isInteger(x) ? BigInt(x) : null);
  const ab = toBig(a);
  const bb = toBig(b);
  if (ab !== null && bb !== null) return ab < bb ? -1 : ab > bb ? 1 : 0;
  // One is a fraction or an infinity: a double comparison cannot tie wrongly then.
  const an = Number(a);
  const bn = Number(b);
  return an < bn ? -1 : an > bn ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function sign(x: number): number {
  return x < 0 ? -1 : x > 0 ? 1 : 0;
}

/** Two temporal values of one kind: (UTC) day, (UTC) time of day, then offset, as their keys order. */
function compareTemporalValues(a: TemporalValue, b: TemporalValue): number {
  const [da, na] = utcDayAndNano(a);
  const [db, nb] = utcDayAndNano(b);
  return sign(da - db) || sign(na - nb) || sign(a.offsetSeconds - b.offsetSeconds);
}

function compareDurations(a: DurationValue, b: DurationValue): number {
  return sign(a.months - b.months) || sign(a.days - b.days) || sign(a.seconds - b.seconds) || sign(a.nanos - b.nanos);
}

/** Sign of a - b for two values of family `f`. */
function compareInFamily(f: Family, a: PropValue, b: PropValue): number {
  switch (f) {
    case 'null':
      return 0;
    case 'bool':
      return Number(a) - Number(b);
    case 'number':
      return compareNumbers(numeric(a), numeric(b));
    case 'string':
      return compareStrings(a as string, b as string);
    case 'date':
      return (a as Date).getTime() - (b as Date).getTime();
    case 'bytes':
      return compareBytes(a as Uint8Array, b as Uint8Array);
    case 'list':
      return compareLists(a as readonly PropValue[], b as readonly PropValue[]);
    case 'zoned datetime':
    case 'local datetime':
    case 'local date':
    case 'zoned time':
    case 'local time':
      return compareTemporalValues(a as TemporalValue, b as TemporalValue);
    case 'duration':
      return compareDurations(a as DurationValue, b as DurationValue);
  }
}

/** Element by element, elements of different families by family rank; a prefix first. */
function compareLists(a: readonly PropValue[], b: readonly PropValue[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const fx = family(x);
    const fy = family(y);
    const c = fx === fy ? compareInFamily(fx, x, y) : FAMILY_RANK[fx] - FAMILY_RANK[fy];
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** Sign of a - b for values of one type family, or null when the families differ. */
export function compareValues(a: PropValue, b: PropValue): number | null {
  const fa = family(a);
  if (fa !== family(b)) return null;
  return compareInFamily(fa, a, b);
}

export function valuesEqual(a: PropValue, b: PropValue): boolean {
  return compareValues(a, b) === 0;
}

/** A comparison a lookup applies to one property value. */
export interface ValueBounds {
  gt?: PropValue;
  gte?: PropValue;
  lt?: PropValue;
  lte?: PropValue;
}

const isNaNValue = (x: PropValue | undefined): boolean => (typeof x === 'number' && x !== x) || (x instanceof BoxedFloat && x.value !== x.value);

/**
 * Whether `v` satisfies every bound (a bound of another type family fails).
 * NaN, as a value or as a bound, is outside every range (an index range scan
 * stops before the NaN keys); only equality finds it.
 */
export function withinBounds(v: PropValue, b: ValueBounds): boolean {
  if (isNaNValue(v) || isNaNValue(b.gt) || isNaNValue(b.gte) || isNaNValue(b.lt) || isNaNValue(b.lte)) return false;
  const test = (bound: PropValue | undefined, ok: (c: number) => boolean): boolean => {
    if (bound === undefined) return true;
    const c = compareValues(v, bound);
    return c !== null && ok(c);
  };
  return test(b.gt, (c) => c > 0) && test(b.gte, (c) => c >= 0) && test(b.lt, (c) => c < 0) && test(b.lte, (c) => c <= 0);
}
