/**
 * Strings as Cypher sees them: sequences of Unicode code points, not UTF-16
 * units. `size('😀')` is 1, `substring`, `left`, `right` and `reverse` never
 * split a surrogate pair. Strings without surrogates (almost all) take the
 * plain UTF-16 path.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** Whether a string has characters outside the Basic Multilingual Plane (or stray surrogates). */
export function hasSurrogates(s: string): boolean {
  return SURROGATE.test(s);
}

/** The number of code points. */
export function codePointLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Code points [start, end) (clamped). */
export function codePointSlice(s: string, start: number, end: number): string {
  if (!hasSurrogates(s)) return s.slice(start, end);
  return Array.from(s).slice(start, end).join('');
}

/** The string with its code points in reverse order. */
export function reverseCodePoints(s: string): string {
  return Array.from(s).reverse().join('');
}
