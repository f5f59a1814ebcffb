/**
 * Type conversion functions: toBoolean, toInteger, toFloat, toString, their
 * `...OrNull` forms (null instead of an error for an unconvertible type),
 * and the list forms toBooleanList, toIntegerList, toFloatList,
 * toStringList (element-wise OrNull conversion of a list).
 *
 *   toBoolean   BOOLEAN as is; STRING 'true'/'false' (any case, surrounding
 *               space ignored), other strings null; INTEGER: 0 is false,
 *               others true.
 *   toInteger   INTEGER as is; FLOAT truncated toward zero (NaN, infinite or
 *               outside int64: null); STRING parsed as an integer, else as a
 *               float and truncated, else null; BOOLEAN 1/0.
 *   toFloat     FLOAT as is; INTEGER converted; STRING parsed, else null.
 *   toString    STRING as is; numbers as Cypher prints them (`1.0`, `1.0E10`);
 *               BOOLEAN 'true'/'false'; dates, times and durations
 *               as ISO 8601 text.
 *
 * Anything else (lists, maps, nodes, relationships, paths, and the types
 * each one excludes above) is TypeError/InvalidArgumentValue. Null in,
 * null out.
 */
import { INT64_MAX, INT64_MIN } from '../values/arithmetic.js';
import { functionTypeError } from '../values/value-errors.js';
import { DurationValue, TemporalValue } from '../values/temporal.js';
import { formatFloat } from '../values/value-text.js';
import { BoxedFloat, isIntNumber, makeFloat, normInt, type Value } from '../values/value.js';
import { arg, nullSafeUnary } from './function-args.js';
import type { ScalarFunction } from './function-types.js';

/** Sentinel for "this type cannot be converted": the strict form throws, the OrNull form returns null. */
const INVALID = Symbol('invalid conversion');
type Converted = Value | typeof INVALID;

const INTEGER_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:NaN|Infinity)$/;

/** A string read as a float the way Java's Double.parseDouble reads it (surrounding space allowed), or null. */
export function parseFloatText(s: string): number | null {
  const t = s.trim();
  const body = t.replace(/[dDfF]$/, '');
  if (!FLOAT_TEXT.test(body)) return null;
  return Number(body);
}

function truncateToInt(x: number): Value {
  if (!Number.isFinite(x)) return null;
  const t = Math.trunc(x);
  if (Number.isSafeInteger(t)) return t === 0 ? 0 : t;
  const b = BigInt(t);
  return b < INT64_MIN || b > INT64_MAX ? null : normInt(b);
}

function toBooleanValue(v: Value): Converted {
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    return t === 'true' ? true : t === 'false' ? false : null;
  }
  if (typeof v === 'bigint') return v !== 0n;
  if (typeof v === 'number' && isIntNumber(v)) return v !== 0;
  return INVALID;
}

function toIntegerValue(v: Value): Converted {
  if (v === null || typeof v === 'bigint') return v;
  if (typeof v === 'number') return isIntNumber(v) ? v : truncateToInt(v);
  if (v instanceof BoxedFloat) return truncateToInt(v.value);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const t = v.trim();
    if (INTEGER_TEXT.test(t)) {
      const b = BigInt(t);
      return b < INT64_MIN || b > INT64_MAX ? null : normInt(b);
    }
    const f = parseFloatText(t);
    return f === null ? null : truncateToInt(f);
  }
  return INVALID;
}

function toFloatValue(v: Value): Converted {
  if (v === null || v instanceof BoxedFloat) return v;
  if (typeof v === 'number') return makeFloat(v);
  if (typeof v === 'bigint') return makeFloat(Number(v));
  if (typeof v === 'string') {
    const f = parseFloatText(v);
    return f === null ? null : makeFloat(f);
  }
  return INVALID;
}

function toStringValue(v: Value): Converted {
  if (v === null || typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return isIntNumber(v) ? String(v) : formatFloat(v);
  if (v instanceof BoxedFloat) return formatFloat(v.value);
  if (v instanceof TemporalValue || v instanceof DurationValue) return v.toString();
  return INVALID;
}

function strict(name: string, display: string, expected: string, convert: (v: Value) => Converted): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call(args) {
      const v = arg(args, 0);
      const r = convert(v);
      if (r === INVALID) throw functionTypeError(display, v, expected);
      return r;
    },
  };
}

function orNull(name: string, convert: (v: Value) => Converted): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call(args) {
      const r = convert(arg(args, 0));
      return r === INVALID ? null : r;
    },
  };
}

function listOf(name: string, display: string, convert: (v: Value) => Converted): ScalarFunction {
  return nullSafeUnary(name, (v) => {
    if (!Array.isArray(v)) throw functionTypeError(display, v, 'a LIST');
    return v.map((e) => {
      const r = convert(e);
      return r === INVALID ? null : r;
    });
  });
}

/** `toString(v)` for callers outside the function table (string concatenation, messages). */
export function convertToString(v: Value): string | null {
  const r = toStringValue(v);
  return r === INVALID ? null : (r as string | null);
}

export const conversionFunctions: readonly ScalarFunction[] = [
  strict('toboolean', 'toBoolean', 'a BOOLEAN, STRING or INTEGER', toBooleanValue),
  strict('tointeger', 'toInteger', 'a number, STRING or BOOLEAN', toIntegerValue),
  strict('tofloat', 'toFloat', 'a number or STRING', toFloatValue),
  strict('tostring', 'toString', 'a number, STRING, BOOLEAN or temporal value', toStringValue),
  orNull('tobooleanornull', toBooleanValue),
  orNull('tointegerornull', toIntegerValue),
  orNull('tofloatornull', toFloatValue),
  orNull('tostringornull', toStringValue),
  listOf('tobooleanlist', 'toBooleanList', toBooleanValue),
  listOf('tointegerlist', 'toIntegerList', toIntegerValue),
  listOf('tofloatlist', 'toFloatList', toFloatValue),
  listOf('tostringlist', 'toStringList', toStringValue),
];
