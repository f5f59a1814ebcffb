/**
 * Exact comparison of Cypher numbers (INTEGER as number or int64 bigint,
 * FLOAT as number or BoxedFloat) and the canonical text of a number used by
 * equivalence keys. JavaScript compares a bigint with a number by their
 * mathematical values, so `2n ** 63n` and the float `2 ** 63` compare equal
 * and `2n ** 53n + 1n` is greater than the float `2 ** 53`: never a lossy
 * conversion.
 */
import { BoxedFloat } from './value.js';

/** A Cypher number's raw value: the number or bigint inside. */
export function rawNumber(v: number | bigint | BoxedFloat): number | bigint {
  return v instanceof BoxedFloat ? v.value : v;
}

/** -1, 0 or 1 by numeric value; NaN when either side is NaN (every `<`, `<=`, `>`, `>=` test of NaN is false). */
export function compareNumbers(a: number | bigint | BoxedFloat, b: number | bigint | BoxedFloat): number {
  const x = rawNumber(a);
  const y = rawNumber(b);
  if (x < y) return -1;
  if (x > y) return 1;
  // eslint-disable-next-line eqeqeq -- loose equality compares a bigint and a number exactly
  if (x == y) return 0;
  return NaN;
}

/** Whether two numbers have the same value (NaN equals nothing; 1 equals 1.0; -0.0 equals 0). */
export function numbersEqual(a: number | bigint | BoxedFloat, b: number | bigint | BoxedFloat): boolean {
  const x = rawNumber(a);
  const y = rawNumber(b);
  // eslint-disable-next-line eqeqeq -- loose equality compares a bigint and a number exactly
  return x == y;
}

/**
 * Text naming a number's value, the same for equal values of either type:
 * `1` and `1.0` give `1`, `2 ** 63` as a float and as a bigint give
 * `9223372036854775808`, NaN gives `NaN`, -0.0 gives `0`. Integral values
 * print as plain digits; others as JavaScript prints them (they always
 * contain `.`, `e`, `NaN` or `Infinity`, so never look like an integer).
 */
export function numberKey(v: number | bigint | BoxedFloat): string {
  const x = rawNumber(v);
  if (typeof x === 'bigint') return String(x);
  if (Number.isSafeInteger(x)) return String(x);
  if (Number.isInteger(x)) return String(BigInt(x));
  return String(x);
}
