/**
 * Sombra order-preserving key encoding (index keys), format version 3.
 *
 * All integers are big-endian. The B+-tree compares keys as unsigned bytes,
 * lexicographically (`compareBytes`); this encoding makes that byte order
 * equal the order of the values, so a range of values is a range of keys.
 * Property values in records use `value-codec.ts`; this file is only for
 * keys.
 *
 * Encoded value: one tag byte, then the payload. The tag orders the types:
 *
 *     null < false < true < numbers < strings < bytes < dates < lists
 *       < zoned datetimes < local datetimes < DATEs < zoned times
 *       < local times < durations
 *
 *     TAG   TYPE     PAYLOAD                                        SIZE
 *     0x01  null     none                                           1
 *     0x02  false    none                                           1
 *     0x03  true     none                                           1
 *     0x04  number   8 bytes ordered binary64 d, 2 bytes offset     11
 *     0x05  string   escaped UTF-8, then 00 00 (exact) or 00 01     >= 3
 *                    (truncated)
 *     0x06  bytes    escaped bytes, then 00 00 or 00 01             >= 3
 *     0x07  date     8 bytes ordered int64 ms since the epoch       9
 *     0x08  list     escaped element encodings, then 00 00 or 00 01 >= 3
 *     0x09  ZONED    i32 utcDay, u48 utcNanoOfDay, u24 offset       14
 *           DATETIME
 *     0x0A  LOCAL    i32 epochDay, u48 nanoOfDay                    11
 *           DATETIME
 *     0x0B  DATE     i32 epochDay                                   5
 *     0x0C  ZONED    u48 utcNanoOfDay + 64800e9, u24 offset         10
 *           TIME
 *     0x0D  LOCAL    u48 nanoOfDay                                  7
 *           TIME
 *     0x0E  duration i64 months, i64 days, i64 seconds,             29
 *                    u32 nanos + 1e9
 *     0x00, 0x0F-0xFF reserved
 *
 * Numbers: integers (number or bigint) and floats share one order.
 *   d is the IEEE-754 double nearest the value (the value itself for a
 *   float or a safe integer; round-half-even for a bigint beyond 2^53), with
 *   -0 written as +0 and every NaN as 0x7FF8000000000000. "Ordered" means:
 *   take the big-endian bits; if the sign bit is 0 set it, else invert all
 *   64 bits. Unsigned byte order is then -Infinity < ... < -0 = +0 < ... <
 *   +Infinity < NaN.
 *   offset = value - d, an exact integer in [-512, 512] (|value - d| is at
 *   most half a unit in the last place of d, and that unit is at most 2^10
 *   below 2^63), stored as the u16 offset + 0x8000. It is 0 for every float
 *   and every integer a double holds exactly; it orders the bigints that
 *   round to the same double. Rounding is monotonic, so value order is the
 *   order of (d, offset).
 *   Equality is numeric, SameValueZero-like: 30, 30.0 and 30n have one
 *   encoding, -0 equals +0, NaN equals NaN. A `BoxedFloat` (boxed-float.ts)
 *   is its number: BoxedFloat(1) has the key of 1. Numbers decode as
 *   `number` (or `bigint`), never boxed: a key keeps no INTEGER/FLOAT type.
 *
 * Strings and bytes: the bytes (UTF-8 for strings), each 0x00 written as
 *   00 FF, then a terminator: 00 00 for a complete value, 00 01 for a
 *   truncated one (below). Escaping keeps 00 00 / 00 01 out of the content,
 *   so the encoding is self-delimiting and prefix-free, and the order is the
 *   order of the unescaped bytes with "shorter first" for a prefix. For
 *   strings that is UTF-8 byte order = Unicode code point order, which
 *   differs from JS `<` (UTF-16 code units) when astral characters (U+10000
 *   and above, surrogate pairs in JS) meet characters in U+E000-U+FFFF:
 *   '\u{1F600}' < '\uFFFD' in JS, and the other way round here.
 *
 * Dates: the ms since the epoch as an int64 with the sign bit flipped.
 *
 * Temporal values (temporal-value.ts): one tag per kind, so a DATE never
 *   equals a LOCAL DATETIME and a range over one kind holds no other; the
 *   tags follow the kind order of Cypher's ORDER BY (temporalKindRank in
 *   src/query/values/temporal.ts), which lists of mixed kinds then share.
 *   "i32" and "i64" are two's complement with the sign bit flipped (so
 *   byte order is numeric order); "u48" and "u24" are unsigned, 6 and 3
 *   bytes. Within a kind, byte order is the order of compareTemporals:
 *   - DATE by epochDay; LOCAL TIME by nanoOfDay; LOCAL DATETIME by
 *     (epochDay, nanoOfDay).
 *   - ZONED DATETIME by its instant, written as the UTC date and time
 *     (utcDay, utcNanoOfDay in [0, 86400e9): `utcDayAndNano`), which orders
 *     as the instant does. ZONED TIME by its UTC time of day, nanoOfDay -
 *     offset * 1e9, which lies in [-64800e9, 151200e9): written plus 64800e9.
 *   - Then the offset + 64800 (u24, [0, 129600]). Equal instants with
 *     different offsets (12:00+01:00 and 11:00Z) are different values: the
 *     offset keeps their keys distinct, so a key decodes back to the value
 *     written, and they sort adjacent, by offset, the more westerly first.
 *     The index's order is therefore the instant, then the offset: a range
 *     bound is a (instant, offset) pair, `eq` finds only the same offset,
 *     and value-compare.ts compares the same way, so lookups answer alike
 *     with and without an index. (Cypher's `=` on the timeline alone is the
 *     contiguous range between the instant at its most westerly and most
 *     easterly offsets: `sameInstantExtremes` in temporal-value.ts.)
 *   Example, date('1910-05-06') (epochDay -21790 = 0xFFFFAAE2):
 *   0B 7F FF AA E2.
 *
 * Durations: months, days, seconds (safe integers, i64) and nanos + 1e9
 *   (u32): order by months, then days, then seconds, then nanos, the order
 *   Cypher's ORDER BY gives durations (src/query/values/temporal.ts
 *   orderDurations). Durations have no `<` in Cypher; the index needs only
 *   equality (one key per value) and ranges follow this component order.
 *   P1M and P30D are different values, neither equal nor adjacent.
 *
 * Lists: the content is the concatenation of the exact encodings of the
 *   elements (tags 0x02-0x07 and 0x09-0x0E: a stored list holds no null
 *   and no list; strings and bytes inside end 00 00, never cut), escaped
 *   and terminated like bytes. Element encodings are prefix-free and
 *   order-preserving (across types too), so content byte order is
 *   element-by-element order with a prefix first: [] < [1] < [1, 2] <
 *   [1, 'a'] < [2]. Elements of different types order by their tags
 *   (false < true < numbers < strings < bytes < dates < temporals, by
 *   kind as the tags < durations); [NaN] sorts after every other
 *   one-number list; [1] and [1.0] and [1n] have one key. Zeros are common inside element
 *   encodings (a small integer's double has six), and each takes two
 *   escaped bytes: a key holds about ten small numbers before truncation.
 *   Example, ['a', true]: 08  05 61 00 ff 00 ff  03  00 00.
 *   A truncated list decodes to its complete leading elements (an element
 *   the cut went through is dropped).
 *
 * Truncation (strings, bytes and lists). Keys must stay small (the B+-tree bounds
 * key size), so an encoded value may take at most `maxBytes` bytes (default
 * 256; the same for every key of one index, stored with the index). Only
 * fixed-size values are exempt, being never cut: a duration takes 29 bytes
 * even when maxBytes is smaller (at least 16; indexes use 256). A value
 * whose exact encoding is longer keeps its first C = maxBytes - 3 escaped
 * content bytes, or C - 1 if the cut would split an escape pair 00 FF, and
 * ends with 00 01. (Cuts may split a UTF-8 character.) Consequences:
 *   - All values cut to the same content Q have one key. They are exactly
 *     the values whose escaped content starts with Q (with Q 00 for a cut
 *     before an escape pair) and that are too long: a contiguous run of
 *     the value order, holding no value whose encoding is exact.
 *   - That key sorts after the key of the exact value Q (00 00 < 00 01) and
 *     before the key of every value greater than the whole run.
 *   So for two values a < b: key(a) <= key(b), with equality only when both
 *   are truncated to the same key; keys of exact values compare strictly.
 *   Which comparisons stay exact: comparing any key with a bound x whose
 *   own encoding is exact (x short enough) gives the right answer for every
 *   key, truncated or not (no run straddles an exact x). Only keys equal to
 *   a truncated bound's key are undecided: `keyRange` includes them and
 *   sets `recheck`, and the caller compares those hits with the real value
 *   from the record. `isTruncated` tells whether a key's value is cut (a
 *   covering read must then fetch the record).
 *
 * Composite keys: an index key is [indexId u32][encoded value][nodeId u64].
 *   Because an encoded value is prefix-free, such keys sort by index, then
 *   value, then node id, and "all keys of value x" is the key prefix
 *   [indexId][enc(x)]. Example, index 7, value 'a', node 258:
 *
 *     00 00 00 07   05 61 00 00   00 00 00 00 00 00 01 02
 *     index id      'a' exact     node id
 *
 *   An index fixes its `maxBytes` when it is created; every key of it, and
 *   every `keyRange` over it, must use that value (keys cut at different
 *   bounds are not prefix-free against each other).
 *
 * Validity rules (the decoder cites them; a violation is a CORRUPTION error)
 *  K1. Every read stays inside the key (a payload or terminator past the end
 *      is corrupt).
 *  K2. A tag is one of 0x01-0x0E.
 *  K3. A number is canonical: d is not -0; a NaN d is 0x7FF8000000000000
 *      (before ordering) with offset 0;
 *      if the offset is not 0, d + offset is an integer in [-2^63, 2^63 - 1]
 *      whose nearest double is d (so d is an integer beyond 2^53).
 *  K4. In string and bytes content, 0x00 is followed by FF (an escaped
 *      0x00), 00 (end of a complete value) or 01 (end of a truncated one).
 *  K5. A complete string's content is well-formed UTF-8; a truncated one's
 *      is, once an incomplete character at its very end is dropped.
 *  K6. A date is within +-8.64e15 ms.
 *  K7. A u64 key part that holds a node id is below 2^53.
 *  K8. A list's unescaped content is a sequence of encoded values with
 *      tags 0x02-0x07 and 0x09-0x0E whose strings and bytes are complete
 *      (00 00), each valid by K3-K6, K9 and K10, filling the content
 *      exactly; in a truncated list the last one may be cut short (it is
 *      dropped unchecked).
 *  K9. A temporal value is one the value codec accepts (rule R8): days in
 *      [EPOCH_DAY_MIN, EPOCH_DAY_MAX], a (UTC) nanoOfDay in [0, 86400e9),
 *      an offset in [-64800, 64800], and a ZONED value's local date and
 *      time (the UTC ones plus the offset) in range too.
 * K10. A duration's months, days and seconds are within +-(2^53 - 1), its
 *      nanos within +-999999999 and not of the opposite sign to seconds
 *      (rule R9).
 *
 * Versions. Version 1 had no list tag (0x08 was reserved) and no BoxedFloat;
 * every version-1 key is a version-2 key of the same value. Version 3 added
 * the temporal tags 0x09-0x0D and the duration tag 0x0E (rules K9, K10,
 * K2 and K8 widened); every version-2 key is a version-3 key of the same
 * value.
 */
import { prefixSuccessor } from '../btree/key-range.js';
import { assert } from '../base/assert.js';
import { compareKeys } from '../base/bytes.js';
import { InvalidArgError } from '../base/errors.js';
import { ByteReader } from './byte-reader.js';
import { BYTE_WRITER_SCRATCH_KEEP_MAX_BYTES, ByteWriter } from './byte-writer.js';
import { decodeUtf8, firstLoneSurrogate, utf8CompletePrefixEnd } from './utf8.js';
import { BoxedFloat } from './boxed-float.js';
import { DATE_MS_MAX, DURATION_NANOS_MAX, durationProblem, temporalProblem, valueProblem, type PropScalar, type PropValue } from './value-codec.js';
import { DurationValue, EPOCH_DAY_MAX, EPOCH_DAY_MIN, NANOS_PER_DAY, NANOS_PER_SECOND, OFFSET_SECONDS_MAX, TemporalValue, utcDayAndNano, type TemporalKind } from './temporal-value.js';

export const KEY_FORMAT_VERSION = 3;

export const KeyTag = {
  NULL: 0x01,
  FALSE: 0x02,
  TRUE: 0x03,
  NUMBER: 0x04,
  STRING: 0x05,
  BYTES: 0x06,
  DATE: 0x07,
  LIST: 0x08,
  ZONED_DATETIME: 0x09,
  LOCAL_DATETIME: 0x0a,
  LOCAL_DATE: 0x0b,
  ZONED_TIME: 0x0c,
  LOCAL_TIME: 0x0d,
  DURATION: 0x0e,
} as const;

/** The key tag of each temporal kind. */
export const TEMPORAL_KEY_TAG: Readonly<Record<TemporalKind, number>> = {
  'ZONED DATETIME': KeyTag.ZONED_DATETIME,
  'LOCAL DATETIME': KeyTag.LOCAL_DATETIME,
  DATE: KeyTag.LOCAL_DATE,
  'ZONED TIME': KeyTag.ZONED_TIME,
  'LOCAL TIME': KeyTag.LOCAL_TIME,
};

export type KeyTagValue = (typeof KeyTag)[keyof typeof KeyTag];

/** 256 bytes: a 1 KiB key limit (8 KiB pages) holds it with room for the index and node ids. */
export const KEY_VALUE_MAX_BYTES_DEFAULT = 256;
/**
 * 16 bytes: a number (11 bytes) fits, and strings keep some content. The
 * fixed-size temporal encodings (up to 14 bytes) fit too; a duration (29
 * bytes) is written whole whatever maxBytes is (see "Truncation").
 */
export const KEY_VALUE_MAX_BYTES_MIN = 16;
/** 4 KiB: beyond any B+-tree key limit Sombra's page sizes allow; the tree's own limit is the real bound. */
export const KEY_VALUE_MAX_BYTES_MAX = 4096;

/** Tag, then the 2-byte terminator: what a string or bytes value takes besides its content. */
const ESCAPED_OVERHEAD_BYTES = 3;
const NUMBER_SIZE_BYTES = 11;
const DATE_SIZE_BYTES = 9;
/** Sizes of the temporal encodings, tag included, by tag. */
const FIXED_SIZE_BYTES: Readonly<Record<number, number>> = { 0x09: 14, 0x0a: 11, 0x0b: 5, 0x0c: 10, 0x0d: 7, 0x0e: 29 };
/** ZONED TIME's UTC nanoOfDay is at least -64800e9: this bias makes it non-negative. */
const ZONED_TIME_BIAS_NANOS = OFFSET_SECONDS_MAX * NANOS_PER_SECOND;
const TWO_POW_16 = 0x1_0000;
const TWO_POW_21 = 0x20_0000;
const TERMINATOR_EXACT = 0x00;
const TERMINATOR_TRUNCATED = 0x01;
const ESCAPED_ZERO = 0xff;
const OFFSET_BIAS = 0x8000;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const TWO_POW_32 = 0x1_0000_0000;

const f64View = new DataView(new ArrayBuffer(8));
const getTime = Date.prototype.getTime;

/** A decoded key value. Numbers come back as `number`, or `bigint` when no double holds them. */
export interface DecodedKeyValue {
  value: PropValue;
  /** Offset just past the encoded value. */
  end: number;
  /** The value was cut to fit `maxBytes`; `value` is a prefix of the real one. */
  truncated: boolean;
}

function checkMaxBytes(maxBytes: number): void {
  if (!Number.isInteger(maxBytes) || maxBytes < KEY_VALUE_MAX_BYTES_MIN || maxBytes > KEY_VALUE_MAX_BYTES_MAX) {
    throw new InvalidArgError(`index key size "maxBytes" must be an integer in [${KEY_VALUE_MAX_BYTES_MIN}, ${KEY_VALUE_MAX_BYTES_MAX}], got ${String(maxBytes)}`);
  }
}

function invalidKeyValue(v: unknown): InvalidArgError {
  return new InvalidArgError(`index key value: ${valueProblem(v) ?? 'unsupported value'}`);
}

// ---------------------------------------------------------------------------
// Writing

/** Appends a number: tag, ordered d, biased offset (see "Numbers" in the file comment). */
function writeNumber(w: ByteWriter, d: number, offset: number): void {
  w.ensure(NUMBER_SIZE_BYTES);
  const b = w.buf;
  const p = w.length;
  b[p] = KeyTag.NUMBER;
  let hi: number;
  let lo: number;
  if (d !== d) {
    hi = 0x7ff8_0000;
    lo = 0;
  } else {
    f64View.setFloat64(0, d === 0 ? 0 : d);
    hi = f64View.getUint32(0);
    lo = f64View.getUint32(4);
  }
  if (hi >= 0x8000_0000) {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  } else {
    hi = (hi | 0x8000_0000) >>> 0;
  }
  b[p + 1] = hi >>> 24;
  b[p + 2] = hi >>> 16;
  b[p + 3] = hi >>> 8;
  b[p + 4] = hi;
  b[p + 5] = lo >>> 24;
  b[p + 6] = lo >>> 16;
  b[p + 7] = lo >>> 8;
  b[p + 8] = lo;
  const o = offset + OFFSET_BIAS;
  b[p + 9] = o >>> 8;
  b[p + 10] = o;
  w.length = p + NUMBER_SIZE_BYTES;
}

function writeDate(w: ByteWriter, ms: number): void {
  w.u8(KeyTag.DATE);
  const hi = Math.floor(ms / TWO_POW_32);
  w.u32((hi + 0x8000_0000) >>> 0);
  w.u32(ms - hi * TWO_POW_32);
}

/** i32 with the sign bit flipped. */
function writeOrderedI32(w: ByteWriter, v: number): void {
  w.u32((v + 0x8000_0000) >>> 0);
}

/** A safe integer as an i64 with the sign bit flipped. */
function writeOrderedI64(w: ByteWriter, v: number): void {
  const hi = Math.floor(v / TWO_POW_32);
  w.u32((hi + 0x8000_0000) >>> 0);
  w.u32(v - hi * TWO_POW_32);
}

/** An unsigned integer below 2^48 in 6 bytes. */
function writeU48(w: ByteWriter, v: number): void {
  const hi = Math.floor(v / TWO_POW_32);
  w.u16(hi);
  w.u32(v - hi * TWO_POW_32);
}

/** An offset in [-64800, 64800] as u24 offset + 64800. */
function writeOffset(w: ByteWriter, offsetSeconds: number): void {
  const o = offsetSeconds + OFFSET_SECONDS_MAX;
  w.u8(o >>> 16);
  w.u16(o & 0xffff);
}

/** A temporal value already checked by `temporalProblem` (see "Temporal values"). */
function writeTemporal(w: ByteWriter, t: TemporalValue): void {
  w.u8(TEMPORAL_KEY_TAG[t.kind]);
  switch (t.kind) {
    case 'DATE':
      writeOrderedI32(w, t.epochDay);
      return;
    case 'LOCAL TIME':
      writeU48(w, t.nanoOfDay);
      return;
    case 'LOCAL DATETIME':
      writeOrderedI32(w, t.epochDay);
      writeU48(w, t.nanoOfDay);
      return;
    case 'ZONED TIME':
      writeU48(w, t.nanoOfDay - t.offsetSeconds * NANOS_PER_SECOND + ZONED_TIME_BIAS_NANOS);
      writeOffset(w, t.offsetSeconds);
      return;
    case 'ZONED DATETIME': {
      const [day, nano] = utcDayAndNano(t);
      writeOrderedI32(w, day);
      writeU48(w, nano);
      writeOffset(w, t.offsetSeconds);
      return;
    }
  }
}

/** A duration already checked by `durationProblem` (see "Durations"). */
function writeDuration(w: ByteWriter, d: DurationValue): void {
  w.u8(KeyTag.DURATION);
  writeOrderedI64(w, d.months);
  writeOrderedI64(w, d.days);
  writeOrderedI64(w, d.seconds);
  w.u32(d.nanos + NANOS_PER_SECOND);
}

/**
 * Escaped content + terminator for bytes `src` (the caller wrote the tag).
 * `contentMax` is the content budget (maxBytes - 3).
 */
function writeEscapedBytes(w: ByteWriter, src: Uint8Array, contentMax: number): void {
  const n = src.length;
  w.ensure((n * 2 < contentMax ? n * 2 : contentMax) + 2);
  const b = w.buf;
  const limit = w.length + contentMax;
  let p = w.length;
  let truncated = false;
  for (let i = 0; i < n; i++) {
    const c = src[i]!;
    if (c !== 0) {
      if (p >= limit) {
        truncated = true;
        break;
      }
      b[p++] = c;
    } else {
      if (p + 2 > limit) {
        truncated = true;
        break;
      }
      b[p++] = 0;
      b[p++] = ESCAPED_ZERO;
    }
  }
  b[p++] = 0;
  b[p++] = truncated ? TERMINATOR_TRUNCATED : TERMINATOR_EXACT;
  w.length = p;
}

const charBytes = new Uint8Array(4);

/**
 * Escaped UTF-8 + terminator for `s` (the caller wrote the tag). Returns -1,
 * or the index of a lone surrogate (then what was written is garbage and the
 * caller rolls back).
 */
function writeEscapedString(w: ByteWriter, s: string, contentMax: number): number {
  const n = s.length;
  w.ensure((n * 3 < contentMax ? n * 3 : contentMax) + 2);
  const b = w.buf;
  const limit = w.length + contentMax;
  let p = w.length;
  let truncated = false;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c !== 0) {
        if (p >= limit) {
          truncated = true;
          break;
        }
        b[p++] = c;
      } else {
        if (p + 2 > limit) {
          truncated = true;
          break;
        }
        b[p++] = 0;
        b[p++] = ESCAPED_ZERO;
      }
      continue;
    }
    let len: number;
    if (c < 0x800) {
      charBytes[0] = 0xc0 | (c >> 6);
      charBytes[1] = 0x80 | (c & 0x3f);
      len = 2;
    } else if (c < 0xd800 || c > 0xdfff) {
      charBytes[0] = 0xe0 | (c >> 12);
      charBytes[1] = 0x80 | ((c >> 6) & 0x3f);
      charBytes[2] = 0x80 | (c & 0x3f);
      len = 3;
    } else {
      const c2 = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || c2 < 0xdc00 || c2 > 0xdfff) return i;
      c = 0x10000 + ((c - 0xd800) << 10) + (c2 - 0xdc00);
      i++;
      charBytes[0] = 0xf0 | (c >> 18);
      charBytes[1] = 0x80 | ((c >> 12) & 0x3f);
      charBytes[2] = 0x80 | ((c >> 6) & 0x3f);
      charBytes[3] = 0x80 | (c & 0x3f);
      len = 4;
    }
    // Multi-byte sequences hold no 0x00: they may be cut anywhere.
    if (p + len > limit) {
      for (let j = 0; p < limit; j++) b[p++] = charBytes[j]!;
      truncated = true;
      break;
    }
    for (let j = 0; j < len; j++) b[p++] = charBytes[j]!;
  }
  if (truncated) {
    // The part not encoded must still be storable, as the record will hold it.
    const bad = firstLoneSurrogate(s);
    if (bad >= 0) return bad;
  }
  b[p++] = 0;
  b[p++] = truncated ? TERMINATOR_TRUNCATED : TERMINATOR_EXACT;
  w.length = p;
  return -1;
}

/**
 * Appends the order-preserving encoding of `v` to `w`, cut to `maxBytes`
 * (see "Truncation"). INVALID_ARG, with nothing appended, if `v` cannot be
 * stored (same rules as property values) or `maxBytes` is out of range.
 */
export function writeKeyValue(w: ByteWriter, v: PropValue, maxBytes = KEY_VALUE_MAX_BYTES_DEFAULT): void {
  checkMaxBytes(maxBytes);
  const contentMax = maxBytes - ESCAPED_OVERHEAD_BYTES;
  if (!writeScalar(w, v, contentMax) && !(Array.isArray(v) && writeList(w, v, contentMax))) throw invalidKeyValue(v);
}

/**
 * Appends a value other than a list, its strings and bytes cut to
 * `contentMax` escaped bytes. False, with nothing appended, for a list or
 * a value that cannot be stored.
 */
function writeScalar(w: ByteWriter, v: unknown, contentMax: number): boolean {
  switch (typeof v) {
    case 'number':
      writeNumber(w, v, 0);
      return true;
    case 'string': {
      const start = w.length;
      w.u8(KeyTag.STRING);
      if (writeEscapedString(w, v, contentMax) >= 0) {
        w.length = start;
        return false;
      }
      return true;
    }
    case 'boolean':
      w.u8(v ? KeyTag.TRUE : KeyTag.FALSE);
      return true;
    case 'bigint': {
      if (v < INT64_MIN || v > INT64_MAX) return false;
      const d = Number(v);
      writeNumber(w, d, Number(v - BigInt(d)));
      return true;
    }
    case 'object':
      if (v === null) {
        w.u8(KeyTag.NULL);
        return true;
      }
      if (v instanceof Uint8Array) {
        w.u8(KeyTag.BYTES);
        writeEscapedBytes(w, v, contentMax);
        return true;
      }
      if (v instanceof Date) {
        const ms = getTime.call(v);
        if (ms !== ms) return false;
        writeDate(w, ms);
        return true;
      }
      if (v instanceof BoxedFloat) {
        const x: unknown = v.value;
        if (typeof x !== 'number') return false;
        writeNumber(w, x, 0);
        return true;
      }
      if (v instanceof TemporalValue) {
        if (temporalProblem(v) !== null) return false;
        writeTemporal(w, v);
        return true;
      }
      if (v instanceof DurationValue) {
        if (durationProblem(v) !== null) return false;
        writeDuration(w, v);
        return true;
      }
      return false;
    default:
      return false;
  }
}

/** Element encodings of the list being written (a list's content before escaping). */
let listScratch = new ByteWriter();

/**
 * Appends a list (see "Lists"). Once the element encodings are longer than
 * the content budget the key is certainly cut there, so the remaining
 * elements are only checked, not encoded. A string or bytes element is
 * itself encoded cut to the budget: its exact encoding would differ only
 * after its first budget + 1 bytes (tag and cut content), past where the
 * list's own cut falls, so the key is the same and a huge element costs no
 * more than the budget. False, with nothing appended, if an element is
 * null, a list or cannot be stored.
 */
function writeList(w: ByteWriter, list: readonly unknown[], contentMax: number): boolean {
  const content = listScratch;
  content.reset();
  const n = list.length;
  let i = 0;
  for (; i < n && content.length <= contentMax; i++) {
    const e = list[i];
    if (e === null || !writeScalar(content, e, contentMax)) return false;
  }
  for (; i < n; i++) {
    const e = list[i];
    if (e === null || Array.isArray(e) || valueProblem(e) !== null) return false;
  }
  w.u8(KeyTag.LIST);
  writeEscapedBytes(w, content.view(), contentMax);
  if (content.capacityBytes > BYTE_WRITER_SCRATCH_KEEP_MAX_BYTES) listScratch = new ByteWriter();
  return true;
}

let scratch = new ByteWriter();

function takeScratch(): Uint8Array {
  const bytes = scratch.copy();
  if (scratch.capacityBytes > BYTE_WRITER_SCRATCH_KEEP_MAX_BYTES) scratch = new ByteWriter();
  return bytes;
}

/**
 * The order-preserving encoding of `v`. With `out`, appends to it and
 * returns a view of the appended bytes; without, returns fresh bytes.
 */
export function encodeKeyValue(v: PropValue, out?: ByteWriter, maxBytes = KEY_VALUE_MAX_BYTES_DEFAULT): Uint8Array {
  if (out !== undefined) {
    const start = out.length;
    writeKeyValue(out, v, maxBytes);
    return out.view(start);
  }
  scratch.reset();
  writeKeyValue(scratch, v, maxBytes);
  return takeScratch();
}

/** Appends a u32 key part (index, label, key and type ids). */
export function writeKeyU32(w: ByteWriter, v: number): void {
  assert(Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff, () => `u32 key part ${v}`);
  w.u32(v);
}

/** Appends a u64 key part holding a non-negative safe integer (node and edge ids). */
export function writeKeyU64(w: ByteWriter, v: number): void {
  assert(Number.isSafeInteger(v) && v >= 0, () => `u64 key part ${v}`);
  w.u64Number(v);
}

/** [indexId u32]: the prefix every key of one index starts with. */
export function indexKeyPrefix(indexId: number): Uint8Array {
  const w = new ByteWriter(4);
  writeKeyU32(w, indexId);
  return w.buf;
}

/**
 * The property-index key [indexId u32][encoded value][nodeId u64]. With
 * `out`, appends to it and returns a view; without, returns fresh bytes.
 */
export function encodeIndexKey(indexId: number, value: PropValue, nodeId: number, maxBytes = KEY_VALUE_MAX_BYTES_DEFAULT, out?: ByteWriter): Uint8Array {
  assert(Number.isSafeInteger(nodeId) && nodeId >= 0, () => `node id ${nodeId} in an index key`);
  const w = out ?? scratch;
  if (out === undefined) scratch.reset();
  const start = w.length;
  writeKeyU32(w, indexId);
  try {
    writeKeyValue(w, value, maxBytes);
  } catch (err) {
    w.length = start;
    throw err;
  }
  writeKeyU64(w, nodeId);
  return out === undefined ? takeScratch() : w.view(start);
}

// ---------------------------------------------------------------------------
// Reading

/** Offset of the terminator's first byte; checks rule K4. `escapes` counts 00 FF pairs. */
function scanEscaped(r: ByteReader): { contentEnd: number; escapes: number; truncated: boolean } {
  const b = r.bytes;
  const end = r.end;
  let p = r.pos;
  let escapes = 0;
  for (;;) {
    while (p < end && b[p] !== 0) p++;
    if (p + 1 >= end) throw r.corrupt('K1', 'a string or bytes value has no terminator before the end of the key');
    const next = b[p + 1]!;
    if (next === ESCAPED_ZERO) {
      escapes++;
      p += 2;
      continue;
    }
    if (next !== TERMINATOR_EXACT && next !== TERMINATOR_TRUNCATED) {
      throw r.corrupt('K4', `0x00 is followed by 0x${next.toString(16).padStart(2, '0')}, not FF, 00 or 01`, p);
    }
    const contentEnd = p;
    r.pos = p + 2;
    return { contentEnd, escapes, truncated: next === TERMINATOR_TRUNCATED };
  }
}

/** The content [start, contentEnd) with escapes undone, as a fresh array. */
function unescape(b: Uint8Array, start: number, contentEnd: number, escapes: number): Uint8Array {
  const out = new Uint8Array(contentEnd - start - escapes);
  if (escapes === 0) {
    out.set(b.subarray(start, contentEnd));
    return out;
  }
  let q = 0;
  for (let p = start; p < contentEnd; p++) {
    const c = b[p]!;
    out[q++] = c;
    if (c === 0) p++; // skip the FF of an escape pair
  }
  return out;
}

function readNumber(r: ByteReader): number | bigint {
  r.need(NUMBER_SIZE_BYTES - 1, 'a number');
  const b = r.bytes;
  const at = r.pos;
  let hi = ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
  let lo = ((b[at + 4]! << 24) | (b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!) >>> 0;
  const offset = ((b[at + 8]! << 8) | b[at + 9]!) - OFFSET_BIAS;
  r.pos = at + NUMBER_SIZE_BYTES - 1;
  if (hi >= 0x8000_0000) hi = (hi & 0x7fff_ffff) >>> 0;
  else {
    hi = ~hi >>> 0;
    lo = ~lo >>> 0;
  }
  f64View.setUint32(0, hi);
  f64View.setUint32(4, lo);
  const d = f64View.getFloat64(0);
  if (d !== d) {
    if (hi !== 0x7ff8_0000 || lo !== 0 || offset !== 0) throw r.corrupt('K3', 'a NaN is not the canonical 0x7FF8000000000000 with offset 0', at);
    return d;
  }
  if (d === 0 && 1 / d < 0) throw r.corrupt('K3', 'a number is -0 (written as +0)', at);
  if (offset === 0) return d;
  const v = Number.isInteger(d) ? BigInt(d) + BigInt(offset) : null;
  if (v === null || v < INT64_MIN || v > INT64_MAX || Number(v) !== d) {
    throw r.corrupt('K3', `offset ${offset} from ${d} is not an int64 that rounds to it`, at);
  }
  return v;
}

function readDate(r: ByteReader): Date {
  r.need(DATE_SIZE_BYTES - 1, 'a date');
  const at = r.pos;
  const hi = r.u32() - 0x8000_0000;
  const lo = r.u32();
  const ms = hi * TWO_POW_32 + lo;
  if (ms > DATE_MS_MAX || ms < -DATE_MS_MAX) throw r.corrupt('K6', `a date of ${ms} ms is outside +-8.64e15`, at);
  return new Date(ms);
}

function readOrderedI32(r: ByteReader): number {
  return r.u32() - 0x8000_0000;
}

function readU48(r: ByteReader): number {
  const hi = r.u16();
  return hi * TWO_POW_32 + r.u32();
}

/** A safe integer written by writeOrderedI64 (rule K10 beyond +-(2^53 - 1)). */
function readOrderedI64(r: ByteReader, name: string): number {
  const at = r.pos;
  const hi = r.u32() - 0x8000_0000;
  const lo = r.u32();
  const v = hi * TWO_POW_32 + lo;
  if (hi < -TWO_POW_21 || hi >= TWO_POW_21 || !Number.isSafeInteger(v)) throw r.corrupt('K10', `a duration's ${name} is beyond +-(2^53 - 1)`, at);
  return v;
}

function readOffset(r: ByteReader): number {
  const at = r.pos;
  const o = (r.u8() * TWO_POW_16 + r.u16()) - OFFSET_SECONDS_MAX;
  if (o > OFFSET_SECONDS_MAX) throw r.corrupt('K9', `an offset of ${o} s is beyond +-64800`, at);
  return o;
}

function checkDay(r: ByteReader, day: number, at: number, what: string): void {
  if (day < EPOCH_DAY_MIN || day > EPOCH_DAY_MAX) throw r.corrupt('K9', `${what} ${day} is outside [${EPOCH_DAY_MIN}, ${EPOCH_DAY_MAX}]`, at);
}

function checkNano(r: ByteReader, nano: number, at: number, what: string): void {
  if (nano >= NANOS_PER_DAY) throw r.corrupt('K9', `${what} ${nano} is not below 86400e9`, at);
}

/** A temporal value of the kind of `tag`, after the tag (rule K9). */
function readTemporal(r: ByteReader, tag: number): TemporalValue {
  r.need(FIXED_SIZE_BYTES[tag]! - 1, 'a temporal value');
  const at = r.pos;
  switch (tag) {
    case KeyTag.LOCAL_DATE: {
      const day = readOrderedI32(r);
      checkDay(r, day, at, 'a DATE epochDay');
      return new TemporalValue('DATE', day, 0, 0);
    }
    case KeyTag.LOCAL_TIME: {
      const nano = readU48(r);
      checkNano(r, nano, at, 'a LOCAL TIME nanoOfDay');
      return new TemporalValue('LOCAL TIME', 0, nano, 0);
    }
    case KeyTag.LOCAL_DATETIME: {
      const day = readOrderedI32(r);
      checkDay(r, day, at, 'a LOCAL DATETIME epochDay');
      const nano = readU48(r);
      checkNano(r, nano, at + 4, 'a LOCAL DATETIME nanoOfDay');
      return new TemporalValue('LOCAL DATETIME', day, nano, 0);
    }
    case KeyTag.ZONED_TIME: {
      const utc = readU48(r) - ZONED_TIME_BIAS_NANOS;
      const offset = readOffset(r);
      const nano = utc + offset * NANOS_PER_SECOND;
      if (nano < 0 || nano >= NANOS_PER_DAY) throw r.corrupt('K9', `a ZONED TIME's local nanoOfDay ${nano} is outside [0, 86400e9)`, at);
      return new TemporalValue('ZONED TIME', 0, nano, offset);
    }
    default: {
      const utcDay = readOrderedI32(r);
      const utcNano = readU48(r);
      checkNano(r, utcNano, at + 4, 'a ZONED DATETIME UTC nanoOfDay');
      const offset = readOffset(r);
      const total = utcNano + offset * NANOS_PER_SECOND;
      const carry = Math.floor(total / NANOS_PER_DAY);
      checkDay(r, utcDay + carry, at, 'a ZONED DATETIME local epochDay');
      return new TemporalValue('ZONED DATETIME', utcDay + carry, total - carry * NANOS_PER_DAY, offset);
    }
  }
}

/** A duration, after the tag (rule K10). */
function readDuration(r: ByteReader): DurationValue {
  r.need(FIXED_SIZE_BYTES[KeyTag.DURATION]! - 1, 'a duration');
  const months = readOrderedI64(r, 'months');
  const days = readOrderedI64(r, 'days');
  const seconds = readOrderedI64(r, 'seconds');
  const at = r.pos;
  const nanos = r.u32() - NANOS_PER_SECOND;
  if (nanos < -DURATION_NANOS_MAX || nanos > DURATION_NANOS_MAX) throw r.corrupt('K10', `a duration's nanos ${nanos} are beyond +-999999999`, at);
  if ((seconds < 0 && nanos > 0) || (seconds > 0 && nanos < 0)) throw r.corrupt('K10', `a duration's seconds ${seconds} and nanos ${nanos} have opposite signs`, at);
  return new DurationValue(months, days, seconds, nanos);
}

/** Reads one encoded value at the cursor (rules K1-K10). */
export function readKeyValue(r: ByteReader): { value: PropValue; truncated: boolean } {
  const tag = r.u8();
  switch (tag) {
    case KeyTag.NULL:
      return { value: null, truncated: false };
    case KeyTag.FALSE:
      return { value: false, truncated: false };
    case KeyTag.TRUE:
      return { value: true, truncated: false };
    case KeyTag.NUMBER:
      return { value: readNumber(r), truncated: false };
    case KeyTag.STRING: {
      const start = r.pos;
      const { contentEnd, escapes, truncated } = scanEscaped(r);
      let src = r.bytes;
      let s = start;
      let e = contentEnd;
      if (escapes > 0) {
        src = unescape(r.bytes, start, contentEnd, escapes);
        s = 0;
        e = src.length;
      }
      if (truncated) e = utf8CompletePrefixEnd(src, s, e);
      const value = decodeUtf8(src, s, e);
      if (value === null) throw r.corrupt('K5', `a ${truncated ? 'truncated ' : ''}string is not well-formed UTF-8`, start);
      return { value, truncated };
    }
    case KeyTag.BYTES: {
      const start = r.pos;
      const { contentEnd, escapes, truncated } = scanEscaped(r);
      return { value: unescape(r.bytes, start, contentEnd, escapes), truncated };
    }
    case KeyTag.DATE:
      return { value: readDate(r), truncated: false };
    case KeyTag.LIST: {
      const start = r.pos;
      const { contentEnd, escapes, truncated } = scanEscaped(r);
      const content = escapes === 0 ? r.bytes : unescape(r.bytes, start, contentEnd, escapes);
      const s = escapes === 0 ? start : 0;
      const e = escapes === 0 ? contentEnd : content.length;
      return { value: readListContent(r, content, s, e, truncated), truncated };
    }
    case KeyTag.ZONED_DATETIME:
    case KeyTag.LOCAL_DATETIME:
    case KeyTag.LOCAL_DATE:
    case KeyTag.ZONED_TIME:
    case KeyTag.LOCAL_TIME:
      return { value: readTemporal(r, tag), truncated: false };
    case KeyTag.DURATION:
      return { value: readDuration(r), truncated: false };
    default:
      throw r.corrupt('K2', `unknown key tag 0x${tag.toString(16).padStart(2, '0')}`, r.pos - 1);
  }
}

/**
 * Offset just past the element encoding at `content[p]` (p < end), or -1
 * when it runs past `end` (a cut element). Reads no more than it must.
 */
function elementEnd(content: Uint8Array, p: number, end: number): number {
  let q: number;
  switch (content[p]) {
    case KeyTag.NUMBER:
      q = p + NUMBER_SIZE_BYTES;
      break;
    case KeyTag.DATE:
      q = p + DATE_SIZE_BYTES;
      break;
    case KeyTag.ZONED_DATETIME:
    case KeyTag.LOCAL_DATETIME:
    case KeyTag.LOCAL_DATE:
    case KeyTag.ZONED_TIME:
    case KeyTag.LOCAL_TIME:
    case KeyTag.DURATION:
      q = p + FIXED_SIZE_BYTES[content[p]!]!;
      break;
    case KeyTag.STRING:
    case KeyTag.BYTES:
      // A terminator is 00 followed by anything but FF (K4 is checked when the element is read).
      for (q = p + 1; q + 1 < end; q += content[q] === 0 ? 2 : 1) {
        if (content[q] === 0 && content[q + 1] !== ESCAPED_ZERO) return q + 2;
      }
      return -1;
    default:
      q = p + 1;
  }
  return q <= end ? q : -1;
}

/** The elements of a list whose unescaped content is content[start, end) (rule K8). */
function readListContent(r: ByteReader, content: Uint8Array, start: number, end: number, truncated: boolean): PropScalar[] {
  const out: PropScalar[] = [];
  let p = start;
  while (p < end) {
    const tag = content[p]!;
    if (tag < KeyTag.FALSE || tag > KeyTag.DURATION || tag === KeyTag.LIST) {
      throw r.corrupt('K8', `a list element has tag 0x${tag.toString(16).padStart(2, '0')} (elements are 0x02-0x07, 0x09-0x0E)`);
    }
    const q = elementEnd(content, p, end);
    if (q < 0) {
      if (truncated) break;
      throw r.corrupt('K8', `the last element of a list (tag 0x0${tag}) is cut short`);
    }
    const er = new ByteReader(content, p, q, 'index key list element', 'K8');
    const e = readKeyValue(er);
    if (e.truncated) throw r.corrupt('K8', 'a list element is truncated (elements are complete)');
    if (er.pos !== q) throw r.corrupt('K8', 'a list element does not end where its encoding ends');
    out.push(e.value as PropScalar);
    p = q;
  }
  return out;
}

/** Decodes the encoded value at `bytes[offset]`; `end` is the offset just past it. */
export function decodeKeyValue(bytes: Uint8Array, offset = 0): DecodedKeyValue {
  const r = new ByteReader(bytes, offset, bytes.length, 'index key', 'K1');
  const { value, truncated } = readKeyValue(r);
  return { value, end: r.pos, truncated };
}

/** Moves the cursor past one encoded value; returns whether it is truncated. */
export function skipKeyValue(r: ByteReader): boolean {
  const tag = r.u8();
  switch (tag) {
    case KeyTag.NULL:
    case KeyTag.FALSE:
    case KeyTag.TRUE:
      return false;
    case KeyTag.NUMBER:
      r.skip(NUMBER_SIZE_BYTES - 1, 'a number');
      return false;
    case KeyTag.DATE:
      r.skip(DATE_SIZE_BYTES - 1, 'a date');
      return false;
    case KeyTag.ZONED_DATETIME:
    case KeyTag.LOCAL_DATETIME:
    case KeyTag.LOCAL_DATE:
    case KeyTag.ZONED_TIME:
    case KeyTag.LOCAL_TIME:
    case KeyTag.DURATION:
      r.skip(FIXED_SIZE_BYTES[tag]! - 1, 'a temporal value');
      return false;
    case KeyTag.STRING:
    case KeyTag.BYTES:
    case KeyTag.LIST:
      return scanEscaped(r).truncated;
    default:
      throw r.corrupt('K2', `unknown key tag 0x${tag.toString(16).padStart(2, '0')}`, r.pos - 1);
  }
}

/**
 * Whether the encoded value at `bytes[offset]` was cut to fit the key size:
 * a hit on it must be checked against the real property value.
 */
export function isTruncated(bytes: Uint8Array, offset = 0): boolean {
  return skipKeyValue(new ByteReader(bytes, offset, bytes.length, 'index key', 'K1'));
}

/** Offset just past the encoded value at `bytes[offset]`. */
export function keyValueEnd(bytes: Uint8Array, offset = 0): number {
  const r = new ByteReader(bytes, offset, bytes.length, 'index key', 'K1');
  skipKeyValue(r);
  return r.pos;
}

export interface DecodedIndexKey {
  indexId: number;
  value: PropValue;
  truncated: boolean;
  nodeId: number;
}

/** Decodes [indexId u32][encoded value][nodeId u64], which must fill `key` exactly. */
export function decodeIndexKey(key: Uint8Array): DecodedIndexKey {
  const r = new ByteReader(key, 0, key.length, 'index key', 'K1');
  const indexId = r.u32();
  const { value, truncated } = readKeyValue(r);
  const nodeId = r.u64Number('K7');
  if (r.pos !== key.length) throw r.corrupt('K1', `${key.length - r.pos} bytes follow the node id`);
  return { indexId, value, truncated, nodeId };
}

// ---------------------------------------------------------------------------
// Range bounds


export type KeyCompareOp = 'eq' | 'lt' | 'le' | 'gt' | 'ge';

/** A predicate on one indexed value. Both ends of `between` must have the same type (numbers: int, float and bigint mix). */
export type KeyPredicate =
  | { readonly op: KeyCompareOp; readonly value: PropValue }
  | { readonly op: 'between'; readonly low: PropValue; readonly high: PropValue; readonly lowInclusive?: boolean; readonly highInclusive?: boolean };

/**
 * The keys a predicate selects, as one half-open range [gte, lt) of keys
 * `prefix ‖ enc(value) ‖ suffix` (suffix: the node id), named as the
 * B+-tree's scan bounds are. An empty range has gte == lt.
 */
export interface IndexKeyRange {
  /** Smallest key of the range (inclusive). */
  readonly gte: Uint8Array;
  /** First key past the range (exclusive). */
  readonly lt: Uint8Array;
  /**
   * A bound was truncated: hits whose encoded value equals that bound's
   * (`isTruncated` on the hit is then true) may or may not match and must
   * be checked against the property value in the record. Every other hit
   * matches.
   */
  readonly recheck: boolean;
}

/** The first and last tag of the type `v` belongs to (booleans span false..true). */
function typeTags(v: unknown): [number, number] {
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return [KeyTag.NUMBER, KeyTag.NUMBER];
    case 'string':
      return [KeyTag.STRING, KeyTag.STRING];
    case 'boolean':
      return [KeyTag.FALSE, KeyTag.TRUE];
    case 'object':
      if (v === null) return [KeyTag.NULL, KeyTag.NULL];
      if (v instanceof Uint8Array) return [KeyTag.BYTES, KeyTag.BYTES];
      if (v instanceof Date) return [KeyTag.DATE, KeyTag.DATE];
      if (v instanceof BoxedFloat) return [KeyTag.NUMBER, KeyTag.NUMBER];
      if (Array.isArray(v)) return [KeyTag.LIST, KeyTag.LIST];
      if (v instanceof TemporalValue && Object.hasOwn(TEMPORAL_KEY_TAG, v.kind)) return [TEMPORAL_KEY_TAG[v.kind], TEMPORAL_KEY_TAG[v.kind]];
      if (v instanceof DurationValue) return [KeyTag.DURATION, KeyTag.DURATION];
      throw invalidKeyValue(v);
    default:
      throw invalidKeyValue(v);
  }
}

function concat(prefix: Uint8Array, tail: Uint8Array): Uint8Array {
  const out = new Uint8Array(prefix.length + tail.length);
  out.set(prefix);
  out.set(tail, prefix.length);
  return out;
}

function withByte(prefix: Uint8Array, byte: number): Uint8Array {
  const out = new Uint8Array(prefix.length + 1);
  out.set(prefix);
  out[prefix.length] = byte;
  return out;
}

function successor(key: Uint8Array): Uint8Array {
  const s = prefixSuccessor(key);
  // Every encoded value starts with a tag below 0xFF, so a successor exists.
  assert(s !== null, 'an index key prefix ending in an encoded value has a successor');
  return s;
}

/** One bound value encoded under `prefix`, and whether it was truncated. */
function boundKey(prefix: Uint8Array, v: PropValue, maxBytes: number): { key: Uint8Array; truncated: boolean } {
  const enc = encodeKeyValue(v, undefined, maxBytes);
  return { key: concat(prefix, enc), truncated: isTruncated(enc) };
}

const NAN_KEY = encodeKeyValue(NaN);

function isNaNValue(v: unknown): boolean {
  return (typeof v === 'number' && v !== v) || (v instanceof BoxedFloat && v.value !== v.value);
}

/**
 * The key range a B+-tree scan over keys [prefix][enc(value)][nodeId] needs
 * for `predicate`, within the type of its value(s):
 *   eq x        [P(x), succ(P(x)))          all node ids of value x
 *   lt/le x     [prefix ‖ first tag of x's type, P(x) / succ(P(x)))
 *   gt/ge x     [succ(P(x)) / P(x), end of x's type)
 *   between     lower as gt/ge low, upper as lt/le high (inclusive by default)
 * where P(x) = prefix ‖ enc(x) and succ = `prefixSuccessor`. For numbers
 * the range of gt/ge/between stops before NaN (NaN compares false with
 * everything); a NaN bound selects nothing except in eq, which selects the
 * NaN keys. When a bound is truncated the range widens to include the keys
 * equal to it and `recheck` is set. `maxBytes` must be the index's.
 */
export function keyRange(prefix: Uint8Array, predicate: KeyPredicate, maxBytes = KEY_VALUE_MAX_BYTES_DEFAULT): IndexKeyRange {
  checkMaxBytes(maxBytes);
  if (typeof predicate !== 'object' || predicate === null) throw new InvalidArgError(`key predicate must be an object, got ${String(predicate)}`);
  if (predicate.op === 'eq') {
    const x = boundKey(prefix, predicate.value, maxBytes);
    return { gte: x.key, lt: successor(x.key), recheck: x.truncated };
  }
  let lowV: PropValue | undefined;
  let highV: PropValue | undefined;
  let lowInclusive = true;
  let highInclusive = true;
  switch (predicate.op) {
    case 'lt':
    case 'le':
      highV = predicate.value;
      highInclusive = predicate.op === 'le';
      break;
    case 'gt':
    case 'ge':
      lowV = predicate.value;
      lowInclusive = predicate.op === 'ge';
      break;
    case 'between':
      lowV = predicate.low;
      highV = predicate.high;
      lowInclusive = predicate.lowInclusive ?? true;
      highInclusive = predicate.highInclusive ?? true;
      break;
    default: {
      const op: unknown = (predicate as { op: unknown }).op;
      throw new InvalidArgError(`key predicate op must be eq, lt, le, gt, ge or between, got ${String(op)}`);
    }
  }
  const sample = lowV !== undefined ? lowV : highV;
  const [firstTag, lastTag] = typeTags(sample);
  if (lowV !== undefined && highV !== undefined) {
    const [f2] = typeTags(highV);
    if (f2 !== firstTag) {
      throw new InvalidArgError(`between: both bounds must have the same type, got ${describeType(lowV)} and ${describeType(highV)}`);
    }
  }
  const typeStart = withByte(prefix, firstTag);
  const empty: IndexKeyRange = { gte: typeStart, lt: typeStart, recheck: false };
  if (isNaNValue(lowV) || isNaNValue(highV)) return empty;
  let recheck = false;
  let lower = typeStart;
  let upper = firstTag === KeyTag.NUMBER ? concat(prefix, NAN_KEY) : withByte(prefix, lastTag + 1);
  if (lowV !== undefined) {
    const x = boundKey(prefix, lowV, maxBytes);
    recheck ||= x.truncated;
    lower = lowInclusive || x.truncated ? x.key : successor(x.key);
  }
  if (highV !== undefined) {
    const x = boundKey(prefix, highV, maxBytes);
    recheck ||= x.truncated;
    upper = highInclusive || x.truncated ? successor(x.key) : x.key;
  }
  if (compareKeys(lower, upper) >= 0) return { gte: lower, lt: lower, recheck: false };
  return { gte: lower, lt: upper, recheck };
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (v instanceof Uint8Array) return 'Uint8Array';
  if (v instanceof Date) return 'Date';
  if (v instanceof BoxedFloat) return 'number';
  if (Array.isArray(v)) return 'list';
  if (v instanceof TemporalValue) return v.kind;
  if (v instanceof DurationValue) return 'DURATION';
  return typeof v;
}
