/**
 * Sombra property values and property maps, format version 3.
 *
 * All fixed-width integers are big-endian; varints are LEB128 (below). This
 * is the layout of property values inside node and edge records; index keys
 * use a different, order-preserving encoding (`key-codec.ts`).
 *
 * Varints
 *
 *   Unsigned LEB128: 7 bits per byte, the least significant group first; a
 *   set top bit (0x80) means another byte follows. A `varU32` holds
 *   [0, 2^32) in 1-5 bytes, a `varU64` [0, 2^64) in 1-10 bytes. A signed
 *   integer n is written as the varU64 of zigzag(n) = (n << 1) ^ (n >> 63):
 *   0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, ... so small magnitudes of either sign
 *   take one byte (-64..63).
 *
 *   V1. A varU32 is at most 5 bytes and its fifth byte is <= 0x0F; a varU64
 *       is at most 10 bytes and its tenth byte is <= 0x01.
 *   V2. A varint is minimal: a varint longer than one byte does not end in
 *       a 0x00 byte. (With V1, every integer has exactly one encoding.)
 *
 * Value: one tag byte, then the payload
 *
 *     TAG   TYPE      PAYLOAD                          DECODES AS
 *     0x00  null      none                             null
 *     0x01  false     none                             false
 *     0x02  true      none                             true
 *     0x03  integer   varU64 zigzag(n), n in int64     number if |n| <= 2^53 - 1, else bigint
 *     0x04  float     8 bytes IEEE-754 binary64        number (see "Integral floats")
 *     0x05  string    varU32 byteLength, UTF-8 bytes   string
 *     0x06  bytes     varU32 byteLength, the bytes     a fresh Uint8Array
 *     0x07  date      varU64 zigzag(ms since the Unix  Date
 *                     epoch, UTC)
 *     0x08  list      varU32 count, then count         a fresh array
 *                     values (tags 0x01-0x07, 0x09,
 *                     0x0A)
 *     0x09  temporal  kind byte, then the fields the   a fresh TemporalValue
 *                     kind has (below), each a varU64
 *                     zigzag
 *     0x0A  duration  varU64 zigzag of months, days,   a fresh DurationValue
 *                     seconds, nanos, in that order
 *     0x0B-0xFF reserved
 *
 *   Temporal kinds (openCypher's temporal types, temporal-value.ts) and the
 *   fields each writes, in this order:
 *
 *     KIND  TYPE            FIELDS
 *     0x00  DATE            epochDay
 *     0x01  LOCAL TIME      nanoOfDay
 *     0x02  ZONED TIME      nanoOfDay, offsetSeconds
 *     0x03  LOCAL DATETIME  epochDay, nanoOfDay
 *     0x04  ZONED DATETIME  epochDay, nanoOfDay, offsetSeconds
 *
 *   A field a kind does not write is 0 in the decoded value (and must be 0,
 *   or -0, in a value written). epochDay is days since 1970-01-01
 *   (proleptic Gregorian), nanoOfDay nanoseconds since local midnight,
 *   offsetSeconds the UTC offset; a zoned value keeps its offset, so
 *   12:00+01:00 and 11:00Z are two values (equal instants).
 *
 *   Which tag a JS value gets (the encoder's choice, which makes the
 *   encoding of every value unique):
 *   - a `number` that is a safe integer (|n| <= 2^53 - 1), except -0: integer.
 *     (30.0 === 30 in JS, so 30.0 is the integer 30.)
 *   - any other `number` (fractions, -0, NaN, +-Infinity, integral values
 *     beyond 2^53 - 1 such as 1e300): float. NaN is written as 0x7FF8000000000000.
 *   - a `BoxedFloat` (boxed-float.ts; the query engine's FLOAT 1.0, -0.0):
 *     float, whatever its value, with NaN written as above. Its `value` must
 *     be a number. So `new BoxedFloat(1)` is 04 3F F0 00 00 00 00 00 00 where
 *     the number 1 is 03 02: both are canonical, and they differ in type.
 *   - a `bigint` in [-2^63, 2^63 - 1]: integer. One within +-(2^53 - 1) has the
 *     same bytes as the equal `number` and decodes as a `number`.
 *   - a `string`: string, UTF-8. A lone surrogate is refused (INVALID_ARG):
 *     UTF-8 cannot hold it and the value read back would differ.
 *   - a `Uint8Array` (a Buffer too): bytes; decoded as a plain Uint8Array copy.
 *   - a valid `Date`: date, millisecond precision. An invalid Date is refused.
 *   - a `TemporalValue` (temporal-value.ts; Cypher's date(), localtime(),
 *     time(), localdatetime(), datetime()): temporal. Its kind must be one
 *     of the five, its fields integers in the ranges of rule R8 and the
 *     fields its kind does not have 0; otherwise INVALID_ARG. A -0 field is
 *     written as 0.
 *   - a `DurationValue` (Cypher's duration()): duration. Its fields must be
 *     integers in the ranges of rule R9 (seconds and nanos of one sign);
 *     otherwise INVALID_ARG.
 *   - an `Array` (openCypher's LIST, neo4j-admin's `string[]`): list. Each
 *     element is any value above but null and a list (openCypher cannot
 *     store null in a property list, and lists do not nest); a null, a
 *     nested array, a hole or any other unstorable element refuses the whole
 *     value with INVALID_ARG naming the property and the element's index.
 *     Elements of different types may be mixed (the codec does not care;
 *     the query language may refuse that itself). An empty list is a value.
 *   - anything else (undefined, objects, other typed arrays, functions,
 *     symbols) is refused with INVALID_ARG.
 *
 * Integral floats. JavaScript cannot tell 1.0 from 1, so a float payload
 * holding a safe integer (1.0, 0.0, -0.0: `Number.isSafeInteger` is true of
 * -0) was written from a `BoxedFloat` (or is -0). The decoders return it as
 * a plain `number` by default (the public API: getNode reads back numbers),
 * and as a `BoxedFloat` when asked (`boxIntegralFloats`, the query engine's
 * reads), at the top level and inside lists. Every other float is a plain
 * number either way.
 *
 * Property map: a count, then (key id, value) pairs in increasing key id
 *
 *     +--------+--------+--------+-----+--------+--------+
 *     | count  | keyId  | value  | ... | keyId  | value  |
 *     | varU32 | varU32 | tag... |     | varU32 | tag... |
 *     +--------+--------+--------+-----+--------+--------+
 *
 *   Key ids are the catalog's interned property key ids (u32).
 *
 * Example: { name: 'Ada', age: 36, score: 0.5, admin: true } with key ids
 * name=1, age=2, score=3, admin=4:
 *
 *     04                               count 4
 *     01 05 03 41 64 61                key 1, string, 3 bytes "Ada"
 *     02 03 48                         key 2, integer, zigzag(36) = 72
 *     03 04 3F E0 00 00 00 00 00 00    key 3, float 0.5
 *     04 02                            key 4, true
 *
 * Example: date('1910-05-06'), epochDay -21790, zigzag 43579 = 0xAA3B:
 *
 *     09 00 bb d4 02                   temporal, DATE, varint 43579
 *
 * Example: datetime('1984-10-11T12:31:14.645876123+00:17'): epochDay
 * 5397, nanoOfDay 45074645876123, offsetSeconds 1020:
 *
 *     09 04                            temporal, ZONED DATETIME
 *     aa 54                            zigzag(5397) = 10794
 *     b6 f6 8b a4 d8 bf 14             zigzag(45074645876123)
 *     f8 0f                            zigzag(1020) = 2040
 *
 * Example: duration('P1Y2M') is 14 months: 0a 1c 00 00 00.
 *
 * Example: the list ['a', 1, new BoxedFloat(2)]:
 *
 *     08 03                            list, 3 elements
 *     05 01 61                         string "a"
 *     03 02                            integer 1
 *     04 40 00 00 00 00 00 00 00       float 2.0
 *
 * Validity rules (the decoder cites them; a violation is a CORRUPTION error)
 *  R1. Every read stays inside the range being decoded (a length or a
 *      payload past the end is corrupt).
 *  R2. A tag is one of 0x00-0x0A.
 *  R3. A float NaN is stored only as 0x7FF8000000000000. (Format version 1
 *      also required a float payload not to be a value the encoder writes as
 *      an integer, a safe integer other than -0; version 2 allows it, as a
 *      BoxedFloat writes one.)
 *  R4. A string payload is well-formed UTF-8 (no overlong forms, encoded
 *      surrogates, code points above U+10FFFF or cut sequences).
 *  R5. A date is within +-8.64e15 ms (the range of a JS Date).
 *  R6. A list element's tag is one of 0x01-0x07, 0x09, 0x0A: not null, not
 *      a list.
 *  R7. A list's count is at most the bytes after it (each element takes at
 *      least its tag byte).
 *  R8. A temporal's kind byte is 0x00-0x04, and each field it writes is in
 *      range: epochDay in [EPOCH_DAY_MIN, EPOCH_DAY_MAX] = [-365961662,
 *      364522971] (years -999999 to 999999), nanoOfDay in [0, 86400e9),
 *      offsetSeconds in [-64800, 64800] (+-18:00).
 *  R9. A duration's months, days and seconds are within +-(2^53 - 1); its
 *      nanos within +-999999999; seconds and nanos are not of opposite
 *      signs (one is 0, or both have the same sign).
 *  P1. A map's count is at most half the bytes after it (each property takes
 *      at least a one-byte key id and a one-byte tag).
 *  P2. Key ids are strictly increasing (sorted, no duplicates).
 *  P3. `decodeValue`, `decodeProps` and `decodePropsToObject` are given the
 *      exact range of one value or map: bytes left over after it are corrupt.
 *      (`findProp` stops at the property it looks for and checks only what
 *      it read on the way.)
 *  With V1 and V2 these make the encoding canonical: bytes that decode without
 *  error, with `boxIntegralFloats`, re-encode to the same bytes. (Decoded
 *  without it, a float holding a safe integer other than -0 comes back as a
 *  number, which re-encodes as an integer.)
 *
 * Versions. Version 1 had no list tag (0x08 was reserved) and rule R3
 * forbade integral floats; every version-1 encoding is a valid version-2
 * encoding of the same value, so files written by version 1 read unchanged.
 * A version-1 build reading a version-2 list or integral float reports
 * CORRUPTION (R2 or R3). Version 3 added the temporal (0x09) and duration
 * (0x0A) tags, rules R8 and R9, and allowed them as list elements (R2 and
 * R6 widened); every version-2 encoding is a version-3 encoding of the
 * same value, and a version-2 build reading a temporal or a duration
 * reports CORRUPTION (R2). The version is not stored in the file.
 *
 * Buffers: the `encode*` functions append to the `out` writer when one is
 * given and return a view of what they appended (valid until `out` grows or
 * is reset); without `out` they use a shared scratch writer and return a
 * fresh copy. Decoding never returns a view into its input: strings are new
 * strings, bytes are copied.
 */
import { InvalidArgError } from '../base/errors.js';
import { BoxedFloat } from './boxed-float.js';
import { ByteReader } from './byte-reader.js';
import { DurationValue, EPOCH_DAY_MAX, EPOCH_DAY_MIN, NANOS_PER_DAY, NANOS_PER_SECOND, OFFSET_SECONDS_MAX, TemporalValue, kindHasDate, kindHasTime, kindIsZoned, type TemporalKind } from './temporal-value.js';
import { BYTE_WRITER_SCRATCH_KEEP_MAX_BYTES, ByteWriter, varU32SizeBytes, writeVarU32At } from './byte-writer.js';
import { firstLoneSurrogate } from './utf8.js';

export const VALUE_FORMAT_VERSION = 3;

/** A value a stored list can hold: any property value but null and a list. */
export type PropScalar = boolean | number | bigint | string | Uint8Array | Date | BoxedFloat | TemporalValue | DurationValue;

/**
 * A property value a user can store: null, a scalar, or a list of scalars
 * (elements of any scalar type, mixed or not; no null, no nesting).
 */
export type PropValue = null | PropScalar | PropScalar[];

/** One property of a map: the interned key id and the value. */
export type PropEntry = [keyId: number, value: PropValue];

/** Resolves an interned property key id to its name. */
export type KeyNameOf = (keyId: number) => string;

export const ValueTag = {
  NULL: 0x00,
  FALSE: 0x01,
  TRUE: 0x02,
  INT: 0x03,
  FLOAT: 0x04,
  STRING: 0x05,
  BYTES: 0x06,
  DATE: 0x07,
  LIST: 0x08,
  TEMPORAL: 0x09,
  DURATION: 0x0a,
} as const;

/** The kind byte of a temporal value (see "Temporal kinds"), by kind and by byte. */
export const TEMPORAL_KIND_CODE: Readonly<Record<TemporalKind, number>> = { DATE: 0, 'LOCAL TIME': 1, 'ZONED TIME': 2, 'LOCAL DATETIME': 3, 'ZONED DATETIME': 4 };
export const TEMPORAL_KIND_BY_CODE: readonly TemporalKind[] = ['DATE', 'LOCAL TIME', 'ZONED TIME', 'LOCAL DATETIME', 'ZONED DATETIME'];
/** Nanos of a duration are within +-(1e9 - 1) (rule R9). */
export const DURATION_NANOS_MAX = NANOS_PER_SECOND - 1;

export type ValueTagValue = (typeof ValueTag)[keyof typeof ValueTag];

/** Key ids are u32. */
export const PROP_KEY_ID_MAX = 0xffff_ffff;
/** The range of a JS Date, in ms either side of the epoch (rule R5). */
export const DATE_MS_MAX = 8.64e15;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const SAFE_MIN_BIG = BigInt(Number.MIN_SAFE_INTEGER);
const SAFE_MAX_BIG = BigInt(Number.MAX_SAFE_INTEGER);
/** Strings up to this many UTF-16 units have a UTF-8 length below 128 (3 * 42 = 126): a one-byte varint. */
const STRING_ONE_BYTE_LENGTH_MAX_CHARS = 42;

const getTime = Date.prototype.getTime;

// ---------------------------------------------------------------------------
// Writing

/**
 * Appends the encoding of `v` to `w`. Returns false (having written nothing)
 * if `v` is not a storable value; the caller reports why (`valueProblem`).
 */
function writeValueUnchecked(w: ByteWriter, v: unknown): boolean {
  switch (typeof v) {
    case 'string':
      w.u8(ValueTag.STRING);
      if (writeLengthPrefixedUtf8(w, v)) return true;
      w.length--;
      return false;
    case 'number':
      if (Number.isSafeInteger(v) && !(v === 0 && 1 / v < 0)) {
        w.u8(ValueTag.INT);
        w.varZigzagNumber(v);
      } else {
        writeFloat(w, v);
      }
      return true;
    case 'boolean':
      w.u8(v ? ValueTag.TRUE : ValueTag.FALSE);
      return true;
    case 'object':
      if (v === null) {
        w.u8(ValueTag.NULL);
        return true;
      }
      if (v instanceof Uint8Array) {
        if (v.length > 0xffff_ffff) return false;
        w.u8(ValueTag.BYTES);
        w.varU32(v.length);
        w.bytes(v);
        return true;
      }
      if (v instanceof Date) {
        const ms = getTime.call(v);
        if (ms !== ms) return false;
        w.u8(ValueTag.DATE);
        w.varZigzagNumber(ms);
        return true;
      }
      if (v instanceof BoxedFloat) {
        const x: unknown = v.value;
        if (typeof x !== 'number') return false;
        writeFloat(w, x);
        return true;
      }
      if (v instanceof TemporalValue) {
        if (temporalProblem(v) !== null) return false;
        writeTemporal(w, v);
        return true;
      }
      if (v instanceof DurationValue) {
        if (durationProblem(v) !== null) return false;
        w.u8(ValueTag.DURATION);
        w.varZigzagNumber(v.months);
        w.varZigzagNumber(v.days);
        w.varZigzagNumber(v.seconds);
        w.varZigzagNumber(v.nanos);
        return true;
      }
      if (Array.isArray(v)) return writeList(w, v);
      return false;
    case 'bigint':
      if (v < INT64_MIN || v > INT64_MAX) return false;
      w.u8(ValueTag.INT);
      if (v >= SAFE_MIN_BIG && v <= SAFE_MAX_BIG) w.varZigzagNumber(Number(v));
      else w.varZigzagBigInt(v);
      return true;
    default:
      return false;
  }
}

/** A temporal value already checked by `temporalProblem`: tag, kind, the kind's fields. */
function writeTemporal(w: ByteWriter, t: TemporalValue): void {
  const kind = t.kind;
  w.u8(ValueTag.TEMPORAL);
  w.u8(TEMPORAL_KIND_CODE[kind]);
  if (kindHasDate(kind)) w.varZigzagNumber(t.epochDay);
  if (kindHasTime(kind)) w.varZigzagNumber(t.nanoOfDay);
  if (kindIsZoned(kind)) w.varZigzagNumber(t.offsetSeconds);
}

/** Why a field value is not an integer in [min, max], or null. */
function fieldProblem(name: string, x: unknown, min: number, max: number): string | null {
  if (typeof x !== 'number' || !Number.isInteger(x)) return `its ${name} is ${describeValue(x)}, not an integer`;
  if (x < min || x > max) return `its ${name} ${x} is outside [${min}, ${max}]`;
  return null;
}

/** Why a TemporalValue cannot be stored (rule R8, and 0 in the fields its kind lacks), or null. */
export function temporalProblem(t: TemporalValue): string | null {
  const kind: unknown = t.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(TEMPORAL_KIND_CODE, kind)) return `a TemporalValue of unknown kind ${describeValue(kind)}`;
  const k = kind as TemporalKind;
  const problem =
    (kindHasDate(k) ? fieldProblem('epochDay', t.epochDay, EPOCH_DAY_MIN, EPOCH_DAY_MAX) : fieldProblem('epochDay', t.epochDay, 0, 0)) ??
    (kindHasTime(k) ? fieldProblem('nanoOfDay', t.nanoOfDay, 0, NANOS_PER_DAY - 1) : fieldProblem('nanoOfDay', t.nanoOfDay, 0, 0)) ??
    (kindIsZoned(k) ? fieldProblem('offsetSeconds', t.offsetSeconds, -OFFSET_SECONDS_MAX, OFFSET_SECONDS_MAX) : fieldProblem('offsetSeconds', t.offsetSeconds, 0, 0));
  return problem === null ? null : `a TemporalValue (${k}) whose ${problem.slice(4)}`;
}

/** Why a DurationValue cannot be stored (rule R9), or null. */
export function durationProblem(d: DurationValue): string | null {
  const problem =
    fieldProblem('months', d.months, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ??
    fieldProblem('days', d.days, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ??
    fieldProblem('seconds', d.seconds, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ??
    fieldProblem('nanos', d.nanos, -DURATION_NANOS_MAX, DURATION_NANOS_MAX);
  if (problem !== null) return `a DurationValue whose ${problem.slice(4)}`;
  if ((d.seconds < 0 && d.nanos > 0) || (d.seconds > 0 && d.nanos < 0)) {
    return `a DurationValue whose seconds ${d.seconds} and nanos ${d.nanos} have opposite signs`;
  }
  return null;
}

/** A float value: tag and 8 bytes; NaN as one bit pattern, whatever payload the engine carries (rule R3). */
function writeFloat(w: ByteWriter, v: number): void {
  w.u8(ValueTag.FLOAT);
  if (v !== v) {
    w.u32(0x7ff8_0000);
    w.u32(0);
  } else {
    w.f64(v);
  }
}

/** A list: tag, count, elements; false (nothing written) if an element is null, a list or unstorable. */
function writeList(w: ByteWriter, list: readonly unknown[]): boolean {
  const start = w.length;
  const n = list.length;
  w.u8(ValueTag.LIST);
  w.varU32(n);
  for (let i = 0; i < n; i++) {
    const e = list[i];
    if (e === null || Array.isArray(e) || !writeValueUnchecked(w, e)) {
      w.length = start;
      return false;
    }
  }
  return true;
}

/** varU32 byte length + UTF-8; false (nothing written) on a lone surrogate. */
function writeLengthPrefixedUtf8(w: ByteWriter, s: string): boolean {
  const n = s.length;
  const lenAt = w.length;
  // The UTF-8 length is at most 3 bytes per UTF-16 unit: reserve the varint
  // width of that bound, encode, then close the gap if the width was too big.
  const reserved = n <= STRING_ONE_BYTE_LENGTH_MAX_CHARS ? 1 : varU32SizeBytes(n * 3);
  w.ensure(reserved + n * 3);
  w.length = lenAt + reserved;
  const written = w.utf8(s);
  if (written < 0) {
    w.length = lenAt;
    return false;
  }
  const b = w.buf;
  const width = varU32SizeBytes(written);
  if (width < reserved) b.copyWithin(lenAt + width, lenAt + reserved, lenAt + reserved + written);
  writeVarU32At(b, lenAt, written);
  w.length = lenAt + width + written;
  return true;
}

/** Why `v` cannot be stored, or null if it can. */
export function valueProblem(v: unknown): string | null {
  switch (typeof v) {
    case 'string': {
      const i = firstLoneSurrogate(v);
      if (i < 0) return null;
      const unit = v.charCodeAt(i).toString(16).toUpperCase();
      return `a string with a lone surrogate U+${unit} at index ${i} (UTF-8 cannot hold it; it would not read back as written)`;
    }
    case 'number':
    case 'boolean':
      return null;
    case 'bigint':
      return v < INT64_MIN || v > INT64_MAX ? `the integer ${v}n is outside the signed 64-bit range [-2^63, 2^63 - 1]` : null;
    case 'object':
      if (v === null) return null;
      if (v instanceof Uint8Array) return v.length > 0xffff_ffff ? `a Uint8Array of ${v.length} bytes (at most 2^32 - 1)` : null;
      if (v instanceof Date) return getTime.call(v) !== getTime.call(v) ? 'an invalid Date (its time is NaN)' : null;
      if (v instanceof BoxedFloat) {
        const x: unknown = v.value;
        return typeof x === 'number' ? null : `a BoxedFloat whose value is ${describeValue(x)}, not a number`;
      }
      if (v instanceof TemporalValue) return temporalProblem(v);
      if (v instanceof DurationValue) return durationProblem(v);
      if (Array.isArray(v)) return listProblem(v);
      return `unsupported value ${describeValue(v)}`;
    default:
      return `unsupported value ${describeValue(v)}`;
  }
}

/** Why a list cannot be stored (the first bad element), or null. */
function listProblem(list: readonly unknown[]): string | null {
  for (let i = 0; i < list.length; i++) {
    const e = list[i];
    if (e === null) return `a list with null at index ${i} (a stored list cannot hold null)`;
    if (Array.isArray(e)) return `a list with a list at index ${i} (a stored list holds scalar values, lists do not nest)`;
    const p = valueProblem(e);
    if (p !== null) return `a list whose element at index ${i} is ${p.startsWith('unsupported value ') ? `an ${p}` : p}`;
  }
  return null;
}

const SUPPORTED =
  'a property value is null, a boolean, a number, a bigint, a string, a Uint8Array, a Date, a BoxedFloat, a TemporalValue, a DurationValue, or an array of those other than null (no nested arrays)';

function describeValue(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return 'undefined';
    case 'function':
      return `a function (${v.name === '' ? 'anonymous' : v.name})`;
    case 'symbol':
      return v.toString();
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) return `an array of length ${v.length}`;
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto === null) return 'an object with a null prototype';
      if (proto === Object.prototype) return `a plain object ${preview(v)}`;
      const ctor = typeof proto === 'object' && 'constructor' in proto && typeof proto.constructor === 'function' ? proto.constructor.name : '';
      return ctor === '' ? 'an object' : `an object of class ${ctor}`;
    }
    case 'string':
      return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    default:
      return `${typeof v} ${String(v)}`;
  }
}

function preview(v: object): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? '';
  } catch {
    return '';
  }
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function propertyLabel(keyName: string | undefined, keyId: number | undefined): string {
  if (keyName !== undefined && keyId !== undefined) return `property ${JSON.stringify(keyName)} (key id ${keyId})`;
  if (keyName !== undefined) return `property ${JSON.stringify(keyName)}`;
  if (keyId !== undefined) return `property key id ${keyId}`;
  return 'property value';
}

function invalidValue(v: unknown, keyName: string | undefined, keyId: number | undefined): InvalidArgError {
  const problem = valueProblem(v) ?? `unsupported value ${describeValue(v)}`;
  const hint = problem.includes('unsupported value') ? `; ${SUPPORTED}` : '';
  return new InvalidArgError(`${propertyLabel(keyName, keyId)}: ${problem}${hint}`);
}

function nameFor(nameOf: KeyNameOf | undefined, keyId: number): string | undefined {
  if (nameOf === undefined) return undefined;
  try {
    return nameOf(keyId);
  } catch {
    return undefined;
  }
}

/**
 * Throws INVALID_ARG, naming `keyName` (a property name, for the message)
 * and what is wrong, unless `v` can be stored. Lets the graph layer check a
 * user's properties before it interns any key or touches any page.
 */
export function checkPropValue(v: unknown, keyName?: string): asserts v is PropValue {
  if (valueProblem(v) !== null) throw invalidValue(v, keyName, undefined);
}

/** Appends one value to `w`; INVALID_ARG (naming `keyName` if given), with nothing appended, if it cannot be stored. */
export function writeValue(w: ByteWriter, v: PropValue, keyName?: string): void {
  if (!writeValueUnchecked(w, v)) throw invalidValue(v, keyName, undefined);
}

/**
 * Appends a property map to `w`. `entries` need not be sorted (a sorted
 * copy is made when they are not); a key id that is not a u32, a repeated
 * key id, or a value that cannot be stored is INVALID_ARG, named through
 * `nameOf` when given. On error `w` is left as it was.
 */
export function writeProps(w: ByteWriter, entries: ReadonlyArray<readonly [number, PropValue]>, nameOf?: KeyNameOf): void {
  if (!Array.isArray(entries)) throw new InvalidArgError(`properties must be an array of [keyId, value] pairs, got ${describeValue(entries)}`);
  let sorted = entries;
  let prev = -1;
  for (let i = 0; i < entries.length; i++) {
    const entry: unknown = entries[i];
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new InvalidArgError(`properties[${i}] must be a [keyId, value] pair, got ${describeValue(entry)}`);
    }
    const id: unknown = entry[0];
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > PROP_KEY_ID_MAX) {
      throw new InvalidArgError(`properties[${i}]: key id must be an integer in [0, 2^32 - 1], got ${describeValue(id)}`);
    }
    if (id <= prev && sorted === entries) sorted = [...entries].sort((a, b) => a[0] - b[0]);
    prev = id;
  }
  // Entries given strictly increasing have no duplicates; a sorted copy is checked.
  for (let i = 1; sorted !== entries && i < sorted.length; i++) {
    const id = sorted[i]![0];
    if (id === sorted[i - 1]![0]) {
      const name = nameFor(nameOf, id);
      throw new InvalidArgError(`${propertyLabel(name, id)} appears more than once in one property map`);
    }
  }
  const start = w.length;
  w.varU32(sorted.length);
  for (let i = 0; i < sorted.length; i++) {
    const entry = sorted[i]!;
    const id = entry[0];
    w.varU32(id);
    if (!writeValueUnchecked(w, entry[1])) {
      w.length = start;
      throw invalidValue(entry[1], nameFor(nameOf, id), id);
    }
  }
}

let scratch = new ByteWriter();

/** A copy of the shared scratch writer's bytes; a scratch that grew huge is dropped. */
function takeScratch(): Uint8Array {
  const bytes = scratch.copy();
  if (scratch.capacityBytes > BYTE_WRITER_SCRATCH_KEEP_MAX_BYTES) scratch = new ByteWriter();
  return bytes;
}

/**
 * The encoding of one value. With `out`, appends to it and returns a view
 * of the appended bytes; without, returns fresh bytes.
 */
export function encodeValue(v: PropValue, out?: ByteWriter, keyName?: string): Uint8Array {
  return encodeWith(out, (w) => writeValue(w, v, keyName));
}

/**
 * The encoding of a property map (see `writeProps` for what is checked).
 * With `out`, appends to it and returns a view of the appended bytes;
 * without, returns fresh bytes.
 */
export function encodeProps(entries: ReadonlyArray<readonly [number, PropValue]>, out?: ByteWriter, nameOf?: KeyNameOf): Uint8Array {
  return encodeWith(out, (w) => writeProps(w, entries, nameOf));
}

/** Runs `write` on `out` (returning a view of what it appended) or on the scratch (returning a copy). */
function encodeWith(out: ByteWriter | undefined, write: (w: ByteWriter) => void): Uint8Array {
  if (out !== undefined) {
    const start = out.length;
    write(out);
    return out.view(start);
  }
  scratch.reset();
  write(scratch);
  return takeScratch();
}

// ---------------------------------------------------------------------------
// Reading
//
// `boxIntegralFloats` (default false): a float payload holding a safe
// integer (1.0, 0.0, -0.0) decodes as a `BoxedFloat` instead of a number
// (see "Integral floats"). The query engine reads with it; the public API
// without.

/** Reads one value at the cursor (rules R1-R7, V1, V2). */
export function readValue(r: ByteReader, boxIntegralFloats = false): PropValue {
  const tag = r.u8();
  switch (tag) {
    case ValueTag.NULL:
      return null;
    case ValueTag.FALSE:
      return false;
    case ValueTag.TRUE:
      return true;
    case ValueTag.INT:
      return r.varZigzag();
    case ValueTag.FLOAT: {
      const at = r.pos;
      const v = r.f64();
      if (v !== v) {
        const b = r.bytes;
        if (b[at] !== 0x7f || b[at + 1] !== 0xf8 || b[at + 2] !== 0 || b[at + 3] !== 0 || b[at + 4] !== 0 || b[at + 5] !== 0 || b[at + 6] !== 0 || b[at + 7] !== 0) {
          throw r.corrupt('R3', 'a float NaN is not the canonical 0x7FF8000000000000', at);
        }
      } else if (boxIntegralFloats && Number.isSafeInteger(v)) {
        return new BoxedFloat(v);
      }
      return v;
    }
    case ValueTag.STRING: {
      const n = r.varU32();
      return r.utf8(n, 'R4');
    }
    case ValueTag.BYTES: {
      const n = r.varU32();
      return r.copyBytes(n);
    }
    case ValueTag.DATE: {
      const at = r.pos;
      const ms = r.varZigzag();
      if (typeof ms !== 'number' || ms > DATE_MS_MAX || ms < -DATE_MS_MAX) {
        throw r.corrupt('R5', `a date of ${ms} ms is outside +-8.64e15`, at);
      }
      return new Date(ms);
    }
    case ValueTag.LIST:
      return readList(r, boxIntegralFloats);
    case ValueTag.TEMPORAL:
      return readTemporal(r);
    case ValueTag.DURATION:
      return readDuration(r);
    default:
      throw r.corrupt('R2', `unknown value tag 0x${tag.toString(16).padStart(2, '0')}`, r.pos - 1);
  }
}

/** One zigzag varint field that must be an integer in [min, max] (`rule` names the range). */
function readField(r: ByteReader, rule: string, name: string, min: number, max: number): number {
  const at = r.pos;
  const x = r.varZigzag();
  if (typeof x !== 'number' || x < min || x > max) throw r.corrupt(rule, `${name} ${x} is outside [${min}, ${max}]`, at);
  return x;
}

/** The payload of a temporal value, after its tag (rule R8). */
function readTemporal(r: ByteReader): TemporalValue {
  const at = r.pos;
  const code = r.u8();
  const kind = TEMPORAL_KIND_BY_CODE[code];
  if (kind === undefined) throw r.corrupt('R8', `unknown temporal kind 0x${code.toString(16).padStart(2, '0')}`, at);
  const epochDay = kindHasDate(kind) ? readField(r, 'R8', 'a temporal epochDay', EPOCH_DAY_MIN, EPOCH_DAY_MAX) : 0;
  const nanoOfDay = kindHasTime(kind) ? readField(r, 'R8', 'a temporal nanoOfDay', 0, NANOS_PER_DAY - 1) : 0;
  const offsetSeconds = kindIsZoned(kind) ? readField(r, 'R8', 'a temporal offsetSeconds', -OFFSET_SECONDS_MAX, OFFSET_SECONDS_MAX) : 0;
  return new TemporalValue(kind, epochDay, nanoOfDay, offsetSeconds);
}

/** The payload of a duration, after its tag (rule R9). */
function readDuration(r: ByteReader): DurationValue {
  const months = readField(r, 'R9', 'a duration\'s months', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const days = readField(r, 'R9', 'a duration\'s days', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const seconds = readField(r, 'R9', 'a duration\'s seconds', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const at = r.pos;
  const nanos = readField(r, 'R9', 'a duration\'s nanos', -DURATION_NANOS_MAX, DURATION_NANOS_MAX);
  if ((seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0)) throw r.corrupt('R9', `a duration's seconds ${seconds} and nanos ${nanos} have opposite signs`, at);
  return new DurationValue(months, days, seconds, nanos);
}

/** A list's count (rule R7). */
function readListCount(r: ByteReader): number {
  const at = r.pos;
  const count = r.varU32();
  if (count > r.end - r.pos) {
    throw r.corrupt('R7', `a list of ${count} elements cannot fit in the ${r.end - r.pos} bytes after its count`, at);
  }
  return count;
}

/** Checks rule R6 for the element whose tag is at the cursor (the tag is read again by the caller). */
function checkElementTag(r: ByteReader): void {
  if (r.pos >= r.end) return; // the caller's read reports R1
  const tag = r.bytes[r.pos]!;
  if (tag === ValueTag.NULL || tag === ValueTag.LIST) {
    throw r.corrupt('R6', `a list element has tag 0x0${tag.toString(16)} (${tag === ValueTag.NULL ? 'null' : 'a nested list'})`);
  }
}

/** The payload of a list, after its tag. */
function readList(r: ByteReader, boxIntegralFloats: boolean): PropScalar[] {
  const count = readListCount(r);
  const out = new Array<PropScalar>(count);
  for (let i = 0; i < count; i++) {
    checkElementTag(r);
    // Rule R6 holds, so the element is neither null nor a list.
    out[i] = readValue(r, boxIntegralFloats) as PropScalar;
  }
  return out;
}

/** Moves the cursor past one value, checking its structure but not decoding strings. */
export function skipValue(r: ByteReader): void {
  const tag = r.u8();
  switch (tag) {
    case ValueTag.NULL:
    case ValueTag.FALSE:
    case ValueTag.TRUE:
      return;
    case ValueTag.INT:
    case ValueTag.DATE:
      r.varZigzag();
      return;
    case ValueTag.FLOAT:
      r.skip(8, 'a float');
      return;
    case ValueTag.STRING:
    case ValueTag.BYTES:
      r.skip(r.varU32(), tag === ValueTag.STRING ? 'a string' : 'a byte string');
      return;
    case ValueTag.LIST: {
      const count = readListCount(r);
      for (let i = 0; i < count; i++) {
        checkElementTag(r);
        skipValue(r);
      }
      return;
    }
    case ValueTag.TEMPORAL:
      readTemporal(r);
      return;
    case ValueTag.DURATION:
      readDuration(r);
      return;
    default:
      throw r.corrupt('R2', `unknown value tag 0x${tag.toString(16).padStart(2, '0')}`, r.pos - 1);
  }
}

/** Reads a map's count (rule P1). */
function readCount(r: ByteReader): number {
  const at = r.pos;
  const count = r.varU32();
  if (count > (r.end - r.pos) / 2) {
    throw r.corrupt('P1', `a map of ${count} properties cannot fit in the ${r.end - r.pos} bytes after its count`, at);
  }
  return count;
}

function keyOrderError(r: ByteReader, id: number, prev: number, at: number): Error {
  return r.corrupt('P2', `key id ${id} follows key id ${prev}; ids must be strictly increasing`, at);
}

function trailingError(r: ByteReader): Error {
  return r.corrupt('P3', `${r.end - r.pos} bytes are left after the end of the value`);
}

/** Reads a property map at the cursor as [keyId, value] pairs, in key id order. */
export function readProps(r: ByteReader, boxIntegralFloats = false): PropEntry[] {
  const count = readCount(r);
  const entries: PropEntry[] = new Array<PropEntry>(count);
  let prev = -1;
  for (let i = 0; i < count; i++) {
    const at = r.pos;
    const id = r.varU32();
    if (id <= prev) throw keyOrderError(r, id, prev, at);
    prev = id;
    entries[i] = [id, readValue(r, boxIntegralFloats)];
  }
  return entries;
}

/** Decodes one value that fills bytes [offset, end) exactly (rule P3). */
export function decodeValue(bytes: Uint8Array, offset = 0, end = bytes.length, boxIntegralFloats = false): PropValue {
  const r = new ByteReader(bytes, offset, end, 'property value');
  const v = readValue(r, boxIntegralFloats);
  if (r.pos !== end) throw trailingError(r);
  return v;
}

/** Decodes a property map that fills bytes [offset, end) exactly, as [keyId, value] pairs. */
export function decodeProps(bytes: Uint8Array, offset = 0, end = bytes.length, boxIntegralFloats = false): PropEntry[] {
  const r = new ByteReader(bytes, offset, end, 'property map');
  const entries = readProps(r, boxIntegralFloats);
  if (r.pos !== end) throw trailingError(r);
  return entries;
}

/**
 * Decodes a property map that fills bytes [offset, end) exactly straight
 * into a plain object keyed by `nameOf(keyId)` (the read path of getNode:
 * no intermediate arrays). A key named `__proto__` becomes an own data
 * property, never the object's prototype.
 */
export function decodePropsToObject(bytes: Uint8Array, nameOf: KeyNameOf, offset = 0, end = bytes.length, boxIntegralFloats = false): Record<string, PropValue> {
  const r = new ByteReader(bytes, offset, end, 'property map');
  const count = readCount(r);
  const obj: Record<string, PropValue> = {};
  let prev = -1;
  for (let i = 0; i < count; i++) {
    const at = r.pos;
    const id = r.varU32();
    if (id <= prev) throw keyOrderError(r, id, prev, at);
    prev = id;
    const v = readValue(r, boxIntegralFloats);
    const name = nameOf(id);
    if (name === '__proto__') Object.defineProperty(obj, name, { value: v, writable: true, enumerable: true, configurable: true });
    else obj[name] = v;
  }
  if (r.pos !== end) throw trailingError(r);
  return obj;
}

/**
 * The value of key `keyId` in the property map at bytes [offset, end), or
 * `undefined` if the map has no such key. Skips the values before it without
 * decoding them and stops at the first key id above `keyId`.
 */
export function findProp(bytes: Uint8Array, keyId: number, offset = 0, end = bytes.length, boxIntegralFloats = false): PropValue | undefined {
  const r = new ByteReader(bytes, offset, end, 'property map');
  const count = readCount(r);
  let prev = -1;
  for (let i = 0; i < count; i++) {
    const at = r.pos;
    const id = r.varU32();
    if (id <= prev) throw keyOrderError(r, id, prev, at);
    prev = id;
    if (id === keyId) return readValue(r, boxIntegralFloats);
    if (id > keyId) return undefined;
    skipValue(r);
  }
  return undefined;
}
