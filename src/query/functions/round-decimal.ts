/**
 * Decimal rounding of a FLOAT to a number of fractional digits, as
 * `round(x, precision, mode)` does in openCypher implementations
 * (Java's `BigDecimal.valueOf(x).setScale(precision, mode)`): the float is
 * taken at its shortest decimal representation (so `round(2.675, 2)` is
 * 2.68, as a person reads 2.675, not 2.67 as its binary value would give),
 * rounded in decimal with one of Java's RoundingMode names, then read back
 * as a float.
 */

export const ROUNDING_MODES = ['UP', 'DOWN', 'CEILING', 'FLOOR', 'HALF_UP', 'HALF_DOWN', 'HALF_EVEN'] as const;
export type RoundingMode = (typeof ROUNDING_MODES)[number];

/** Whether a string names a rounding mode. */
export function isRoundingMode(s: string): s is RoundingMode {
  return (ROUNDING_MODES as readonly string[]).includes(s);
}

/** `x` rounded to `precision` fractional digits (negative: to tens, hundreds, ...) under `mode`. */
export function roundDecimal(x: number, precision: number, mode: RoundingMode): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return x;
  const negative = x < 0;
  // Shortest digits and exponent: x = 0.d1d2d3... * 10^pointPos
  const [mant = '0', expText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mant.replace('.', '');
  const pointPos = Number(expText) + 1; // digits before the decimal point
  const keep = pointPos + precision; // how many leading digits survive
  if (keep >= digits.length) return x; // already exact at this precision
  let kept = keep > 0 ? digits.slice(0, keep) : '';
  const dropped = keep > 0 ? digits.slice(keep) : '0'.repeat(-keep) + digits;
  const first = Number(dropped[0] ?? '0');
  const restNonZero = /[1-9]/.test(dropped.slice(1));
  const droppedNonZero = first > 0 || restNonZero;
  const lastKept = kept.length > 0 ? Number(kept[kept.length - 1]) : 0;
  let up: boolean;
  switch (mode) {
    case 'UP':
      up = droppedNonZero;
      break;
    case 'DOWN':
      up = false;
      break;
    case 'CEILING':
      up = droppedNonZero && !negative;
      break;
    case 'FLOOR':
      up = droppedNonZero && negative;
      break;
    case 'HALF_UP':
      up = first >= 5;
      break;
    case 'HALF_DOWN':
      up = first > 5 || (first === 5 && restNonZero);
      break;
    case 'HALF_EVEN':
      up = first > 5 || (first === 5 && (restNonZero || lastKept % 2 === 1));
      break;
  }
  if (up) kept = kept.length === 0 ? '1' : (BigInt(kept) + 1n).toString();
  if (kept.length === 0 || /^0*$/.test(kept)) return 0;
  // `kept` is |x| * 10^precision, rounded to an integer.
  const value = Number(`${kept}e${-precision}`);
  return negative ? -value : value;
}
