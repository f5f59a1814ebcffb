/**
 * The names and property values graph tests draw from: small pools (so
 * labels, types and values repeat and lookups hit), every value type with
 * its edge cases (NaN, -0, infinities, bigints around 2^53 and 2^63, empty,
 * astral and > 300-byte strings that index keys truncate, bytes with 0x00,
 * dates at the ends of their range, floats boxed as the query engine boxes
 * 1.0, lists of one type and mixed, empty, sharing prefixes, holding NaN and
 * long enough for index keys to truncate) and values big enough for
 * overflow pages.
 */
import fc from 'fast-check';
import type { PropValue } from '../../src/index.js';
import { BoxedFloat } from '../../src/graph/boxed-float.js';
import type { ProbePools } from './graph-model.js';

export const LABELS = ['User', 'Admin', 'Post', 'Ünïcødé', '𝔘ser'] as const;
export const TYPES = ['KNOWS', 'LIKES', 'OWNS', 'age'] as const; // 'age' is a property key too: names share one catalog
export const PROPS = ['name', 'age', 'data', 'when', 'ñ'] as const;

export const LONG = 'ł'.repeat(140); // 280 bytes of UTF-8
export const X252 = 'x'.repeat(252);
const STRINGS: PropValue[] = [
  '', 'a', 'ab', 'b', 'Ada', 'é', '\uFFFD', '\uE000', '\u{1F600}', '\u{10FFFF}', 'a\u0000b',
  LONG, `${LONG}a`, `${LONG}b`, X252, `${X252}a`, `${X252}\u0000`, `${X252}\u0000y`,
  'x'.repeat(253), 'x'.repeat(254), 'x'.repeat(400), `${'x'.repeat(251)}\u{1F600}tail`,
];
const NUMBERS: PropValue[] = [
  0, -0, 1, -1, 5, 5n, 0.5, -0.5, NaN, Infinity, -Infinity, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, 2n ** 53n,
  2n ** 53n + 1n, -(2n ** 53n) - 1n, 2 ** 53 + 2, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 60n, 2n ** 60n + 1n, 2 ** 60,
  1e300, -1e300, Number.MIN_VALUE, 2 ** 31, -(2 ** 31),
];
/** Long byte values print as a short name in counterexamples. */
function named(bytes: Uint8Array, name: string): Uint8Array {
  Object.defineProperty(bytes, fc.toStringMethod, { value: () => name });
  return bytes;
}
const longBytes = (last: number): Uint8Array => {
  const b = new Uint8Array(300).fill(7);
  b[100] = 0;
  b[299] = last;
  return named(b, `longBytes(${last})`);
};
const BYTES: PropValue[] = [new Uint8Array(0), Uint8Array.of(0), Uint8Array.of(0, 0), Uint8Array.of(1), Uint8Array.of(255), Uint8Array.of(255, 0), longBytes(1), longBytes(2), Buffer.from('buf')];
const DATES: PropValue[] = [new Date(0), new Date(-1), new Date(1), new Date(8.64e15), new Date(-8.64e15), new Date(1_700_000_000_000)];
const BOXED: PropValue[] = [new BoxedFloat(1), new BoxedFloat(-0), new BoxedFloat(5), new BoxedFloat(0.5), new BoxedFloat(NaN)];
/** 30 ones: an index key holds about ten numbers, so these share one truncated key. */
const ONES = new Array<number>(30).fill(1);
const LISTS: PropValue[] = [
  [], [1], [1, 2], [1, 2.5], [2], [0], [-0], [5n], [new BoxedFloat(1)], [new BoxedFloat(1), 2], [NaN], [1, NaN], [Infinity],
  ['a'], ['a', 'b'], ['b'], [''], ['a\u0000b'], [LONG], [`${X252}a`], [`${X252}b`],
  [true], [false, true], [Uint8Array.of(0)], [new Date(0)], ['a', 1, true, Uint8Array.of(0), new Date(0)], [1, 'a'],
  ONES, [...ONES, 2], [...ONES, 1], [...ONES, 'x'], [2n ** 53n + 1n, 2 ** 53],
];
/** Values too big for a leaf cell: they live in overflow pages. */
export const BIG: PropValue[] = [named(new Uint8Array(1500).map((_, i) => i & 0xff), 'bigBytes'), 'ß'.repeat(800)];
export const POOL: PropValue[] = [null, true, false, ...STRINGS, ...NUMBERS, ...BYTES, ...DATES, ...BOXED, ...LISTS];

/** Probes for lookups besides the values the nodes hold. */
export const POOLS: ProbePools = { labels: LABELS, types: TYPES, props: PROPS, values: [0, -0, NaN, 5n, 2n ** 53n, '', LONG, `${X252}\u0000`, 'x'.repeat(300), Uint8Array.of(0), new Date(0), true, null, new BoxedFloat(5), [], [1], [new BoxedFloat(1), 2n], [NaN], ['a'], [...ONES, 1, 1], [...ONES, 'x']] };
