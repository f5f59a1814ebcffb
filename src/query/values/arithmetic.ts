/**
 * The arithmetic operators of openCypher over the value model:
 * `+ - * / % ^` and unary minus.
 *
 * - null in, null out.
 * - INTEGER op INTEGER is an INTEGER (64-bit: a result outside int64 is
 *   ArithmeticError/IntegerOverflow; `/` truncates toward zero; `/` or `%`
 *   by zero is ArithmeticError/DivisionByZero). Safe-integer operands take a
 *   plain-number fast path; bigints are used only when a result leaves the
 *   safe range, and never through a lossy float.
 * - INTEGER with FLOAT, or FLOAT with FLOAT, is a FLOAT (IEEE 754: `1.0 / 0`
 *   is Infinity, `0.0 / 0` NaN); `^` is always a FLOAT.
 * - `+` also concatenates: STRING + STRING; STRING + INTEGER/FLOAT/BOOLEAN
 *   (either side) converts the other side as `toString` does; LIST + LIST
 *   concatenates, LIST + x appends, x + LIST prepends.
 * - Dates and times: temporal + DURATION, DURATION + temporal, temporal -
 *   DURATION, DURATION +/- DURATION, DURATION * number, number * DURATION,
 *   DURATION / number (temporal.ts has the calendar rules).
 * - Any other combination is TypeError/InvalidArgumentType naming the types.
 */
import { integerOverflow, divisionByZero, operatorTypeError } from './value-errors.js';
import { addDuration, addDurations, scaleDuration, DurationValue, TemporalValue } from './temporal.js';
import { formatFloat } from './value-text.js';
import { BoxedFloat, isIntNumber, makeFloat, normInt, type Value } from './value.js';

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** An INTEGER from an exact bigint result, or IntegerOverflow when it leaves int64. */
export function checkedInt(x: bigint, what: string): number | bigint {
  if (x < INT64_MIN || x > INT64_MAX) throw integerOverflow(what);
  return normInt(x);
}

type Num = number | bigint | BoxedFloat;

function isNumeric(v: Value): v is Num {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof BoxedFloat;
}

function isIntValue(v: Num): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && isIntNumber(v));
}

/** A number's value as a JS float (a bigint rounds to the nearest double). */
export function toJsFloat(v: Num): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v.value;
}

function big(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** How `+` renders a number or boolean it concatenates to a string (as toString does). */
function concatText(v: Value): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return isIntNumber(v) ? String(v) : formatFloat(v);
  if (v instanceof BoxedFloat) return formatFloat(v.value);
  return undefined;
}

/** `a + b`. */
export function add(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (isIntNumber(a) && isIntNumber(b)) return Number.isSafeInteger(r) ? r : checkedInt(BigInt(a) + BigInt(b), `${a} + ${b}`);
    return makeFloat(r);
  }
  if (isNumeric(a) && isNumeric(b)) {
    if (isIntValue(a) && isIntValue(b)) return checkedInt(big(a) + big(b), `${a} + ${b}`);
    return makeFloat(toJsFloat(a) + toJsFloat(b));
  }
  if (Array.isArray(a)) return Array.isArray(b) ? [...a, ...b] : [...a, b];
  if (Array.isArray(b)) return [a, ...b];
  if (b instanceof DurationValue) {
    if (a instanceof TemporalValue) return addDuration(a, b, 1);
    if (a instanceof DurationValue) return addDurations(a, b, 1);
  }
  if (a instanceof DurationValue && b instanceof TemporalValue) return addDuration(b, a, 1);
  if (typeof a === 'string' || typeof b === 'string') {
    const x = concatText(a);
    const y = concatText(b);
    if (x !== undefined && y !== undefined) return x + y;
  }
  throw operatorTypeError('+', a, b);
}

/** `a - b`. */
export function subtract(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (isIntNumber(a) && isIntNumber(b)) return Number.isSafeInteger(r) ? r : checkedInt(BigInt(a) - BigInt(b), `${a} - ${b}`);
    return makeFloat(r);
  }
  if (isNumeric(a) && isNumeric(b)) {
    if (isIntValue(a) && isIntValue(b)) return checkedInt(big(a) - big(b), `${a} - ${b}`);
    return makeFloat(toJsFloat(a) - toJsFloat(b));
  }
  if (b instanceof DurationValue) {
    if (a instanceof TemporalValue) return addDuration(a, b, -1);
    if (a instanceof DurationValue) return addDurations(a, b, -1);
  }
  throw operatorTypeError('-', a, b);
}

/** `a * b`. */
export function multiply(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (isNumeric(a) && isNumeric(b)) {
    if (isIntValue(a) && isIntValue(b)) {
      if (typeof a === 'number' && typeof b === 'number') {
        const r = a * b;
        if (Number.isSafeInteger(r)) return r === 0 ? 0 : r; // 0 * -1 is -0 in JS; INTEGER 0
      }
      return checkedInt(big(a) * big(b), `${a} * ${b}`);
    }
    return makeFloat(toJsFloat(a) * toJsFloat(b));
  }
  if (a instanceof DurationValue && isNumeric(b)) return scaleDuration(a, toJsFloat(b));
  if (b instanceof DurationValue && isNumeric(a)) return scaleDuration(b, toJsFloat(a));
  throw operatorTypeError('*', a, b);
}

/** `a / b`: INTEGER division truncates toward zero. */
export function divide(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (isNumeric(a) && isNumeric(b)) {
    if (isIntValue(a) && isIntValue(b)) {
      if (typeof b === 'number' ? b === 0 : b === 0n) throw divisionByZero('/');
      if (typeof a === 'number' && typeof b === 'number') {
        // Exact: for |a| < 2^53 the rounding error of a / b is below the distance to the next integer.
        const q = Math.trunc(a / b);
        return q === 0 ? 0 : q;
      }
      return checkedInt(big(a) / big(b), `${a} / ${b}`);
    }
    return makeFloat(toJsFloat(a) / toJsFloat(b));
  }
  if (a instanceof DurationValue && isNumeric(b)) {
    const divisor = toJsFloat(b);
    if (divisor === 0) throw divisionByZero('/');
    return scaleDuration(a, 1 / divisor);
  }
  throw operatorTypeError('/', a, b);
}

/** `a % b`: the remainder has the sign of `a` (as in Java and JS). */
export function modulo(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (isNumeric(a) && isNumeric(b)) {
    if (isIntValue(a) && isIntValue(b)) {
      if (typeof b === 'number' ? b === 0 : b === 0n) throw divisionByZero('%');
      if (typeof a === 'number' && typeof b === 'number') {
        const r = a % b;
        return r === 0 ? 0 : r;
      }
      return normInt(big(a) % big(b));
    }
    return makeFloat(toJsFloat(a) % toJsFloat(b));
  }
  throw operatorTypeError('%', a, b);
}

/** `a ^ b`: always a FLOAT. */
export function power(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  if (isNumeric(a) && isNumeric(b)) return makeFloat(Math.pow(toJsFloat(a), toJsFloat(b)));
  throw operatorTypeError('^', a, b);
}

/** `-a`. */
export function negate(a: Value): Value {
  if (a === null) return null;
  if (typeof a === 'number') return isIntNumber(a) ? (a === 0 ? 0 : -a) : makeFloat(-a);
  if (typeof a === 'bigint') return checkedInt(-a, `-(${a})`);
  if (a instanceof BoxedFloat) return makeFloat(-a.value);
  throw operatorTypeError('unary -', a);
}
