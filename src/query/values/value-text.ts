/**
 * How values print as Cypher text: `toString()` of numbers and booleans and
 * the `+` of a string with a number. A FLOAT prints as Java's
 * `Double.toString` does (openCypher's reference implementation): always a
 * decimal point (`1.0`), plain decimals for magnitudes in [1e-3, 1e7), else
 * scientific with an `E` (`1.0E7`, `1.5E-4`); `NaN`, `Infinity`,
 * `-Infinity`. Digits are the shortest that read back to the same double.
 */

/** A FLOAT as Cypher prints it. */
export function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : s + '.0';
  }
  const [mantissa = '', exponent = '0'] = x.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : mantissa + '.0';
  return `${m}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}
