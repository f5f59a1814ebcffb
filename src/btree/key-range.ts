/**
 * Key ranges of cursors, scans and counts, and the checks of key and value
 * arguments. Keys compare as unsigned bytes (shorter first on a tie).
 *
 * A range is given LevelDB-style: at most one lower bound (`gte` or `gt`),
 * at most one upper bound (`lte` or `lt`), and optionally a `prefix` that
 * every key must start with; all of them apply together.
 */
import { compareKeys } from '../base/bytes.js';
import { InvalidArgError } from '../base/errors.js';
import type { NodeGeometry } from './node-format.js';
import { VALUE_MAX_BYTES } from './node-format.js';

export interface KeyRange {
  /** Keys >= this. */
  gte?: Uint8Array;
  /** Keys > this. */
  gt?: Uint8Array;
  /** Keys <= this. */
  lte?: Uint8Array;
  /** Keys < this. */
  lt?: Uint8Array;
  /** Keys that start with these bytes. */
  prefix?: Uint8Array;
}

/** A range reduced to at most one bound on each side. */
export interface Bounds {
  lower: Uint8Array | null;
  lowerInclusive: boolean;
  upper: Uint8Array | null;
  upperInclusive: boolean;
  /** True when no key can satisfy the bounds. */
  empty: boolean;
}

export const UNBOUNDED: Bounds = Object.freeze({ lower: null, lowerInclusive: true, upper: null, upperInclusive: false, empty: false });

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/** Throws INVALID_ARG unless `key` is a Uint8Array of at most maxKeyBytes. */
export function checkKey(g: NodeGeometry, key: unknown, what = 'key'): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array)) throw new InvalidArgError(`${what} must be a Uint8Array, got ${describe(key)}`);
  if (key.length > g.maxKeyBytes) {
    throw new InvalidArgError(`${what} is ${key.length} bytes; keys are limited to ${g.maxKeyBytes} bytes with ${g.usableSizeBytes + 4}-byte pages`);
  }
}

/** Throws INVALID_ARG unless `value` is a Uint8Array of at most VALUE_MAX_BYTES. */
export function checkValue(value: unknown, what = 'value'): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new InvalidArgError(`${what} must be a Uint8Array, got ${describe(value)}`);
  if (value.length > VALUE_MAX_BYTES) throw new InvalidArgError(`${what} is ${value.length} bytes; values are limited to ${VALUE_MAX_BYTES} bytes`);
}

/**
 * The smallest key greater than every key starting with `prefix`, or null
 * when there is none (the prefix is empty or all 0xff).
 */
export function prefixSuccessor(prefix: Uint8Array): Uint8Array | null {
  let end = prefix.length;
  while (end > 0 && prefix[end - 1] === 0xff) end--;
  if (end === 0) return null;
  const out = prefix.slice(0, end);
  out[end - 1]! += 1;
  return out;
}

const RANGE_KEYS = new Set(['gte', 'gt', 'lte', 'lt', 'prefix']);

/**
 * Checks a range argument and reduces it to `Bounds`. Bound keys are not
 * limited to maxKeyBytes (a bound need not be a storable key) but must be
 * Uint8Arrays; they are copied, so the caller may reuse its buffers.
 */
export function resolveRange(range: KeyRange | undefined, what = 'range'): Bounds {
  if (range === undefined) return UNBOUNDED;
  if (range === null || typeof range !== 'object') throw new InvalidArgError(`${what} must be an object with gte/gt/lte/lt/prefix, got ${describe(range)}`);
  for (const k of Object.keys(range)) {
    if (!RANGE_KEYS.has(k)) throw new InvalidArgError(`${what} has an unknown field ${JSON.stringify(k)}; known: gte, gt, lte, lt, prefix`);
  }
  const field = (name: keyof KeyRange): Uint8Array | undefined => {
    const v = range[name];
    if (v === undefined) return undefined;
    if (!(v instanceof Uint8Array)) throw new InvalidArgError(`${what}.${name} must be a Uint8Array, got ${describe(v)}`);
    return v.slice();
  };
  const gte = field('gte');
  const gt = field('gt');
  const lte = field('lte');
  const lt = field('lt');
  const prefix = field('prefix');
  if (gte !== undefined && gt !== undefined) throw new InvalidArgError(`${what} has both gte and gt; give at most one lower bound`);
  if (lte !== undefined && lt !== undefined) throw new InvalidArgError(`${what} has both lte and lt; give at most one upper bound`);

  let lower: Uint8Array | null = gte ?? gt ?? null;
  let lowerInclusive = gt === undefined;
  let upper: Uint8Array | null = lte ?? lt ?? null;
  let upperInclusive = lt === undefined;
  if (prefix !== undefined) {
    if (lower === null || compareKeys(lower, prefix) < 0) {
      lower = prefix;
      lowerInclusive = true;
    }
    const succ = prefixSuccessor(prefix);
    if (succ !== null && (upper === null || compareKeys(succ, upper) <= 0)) {
      upper = succ;
      upperInclusive = false;
    }
  }
  if (upper === null) upperInclusive = false;
  let empty = false;
  if (lower !== null && upper !== null) {
    const c = compareKeys(lower, upper);
    empty = c > 0 || (c === 0 && !(lowerInclusive && upperInclusive));
  }
  return { lower, lowerInclusive, upper, upperInclusive, empty };
}

/** Whether page[start, end) is at or below the upper bound. */
export function withinUpper(b: Bounds, page: Uint8Array, start: number, end: number): boolean {
  if (b.upper === null) return true;
  const c = compareBoundTo(b.upper, page, start, end);
  return b.upperInclusive ? c >= 0 : c > 0;
}

/** Whether page[start, end) is at or above the lower bound. */
export function withinLower(b: Bounds, page: Uint8Array, start: number, end: number): boolean {
  if (b.lower === null) return true;
  const c = compareBoundTo(b.lower, page, start, end);
  return b.lowerInclusive ? c <= 0 : c < 0;
}

function compareBoundTo(bound: Uint8Array, page: Uint8Array, start: number, end: number): number {
  const aLen = bound.length;
  const bLen = end - start;
  const n = aLen < bLen ? aLen : bLen;
  for (let i = 0; i < n; i++) {
    const d = bound[i]! - page[start + i]!;
    if (d !== 0) return d;
  }
  return aLen - bLen;
}
