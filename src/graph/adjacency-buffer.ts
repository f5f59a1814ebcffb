/**
 * The adjacency entries (and label-index entries) a write transaction has
 * created but not yet written, kept in columns of numbers rather than as
 * byte keys, and handed to the trees in key order.
 *
 * Sorting: entries are grouped by their first key field (the node) with a
 * counting sort when node ids are dense enough (ids are allocated from 1 up,
 * so they usually are), which is linear; groups are then ordered by the
 * remaining fields. Sparse ids fall back to a comparison sort. Both orders
 * equal the byte order of the encoded keys (graph-keys.ts: big-endian fields).
 */
import { ADJ_KEY_MAX_BYTES, oceSize, writeOce } from './graph-keys.js';

// Small: a one-node transaction must not pay for kilobytes of columns.
const INITIAL_CAPACITY = 8; // 64-byte columns: V8 keeps typed arrays this small on its heap

function grow<T extends Float64Array | Uint32Array>(a: T, min: number): T {
  const next = new (a.constructor as new (n: number) => T)(Math.max(min, a.length * 2));
  next.set(a);
  return next;
}

/**
 * Orders `n` entries by (major, minor1, minor2, minor3) ascending; `major`
 * values are non-negative integers. Returns the permutation.
 */
function sortedOrder(n: number, major: Float64Array, minor: (a: number, b: number) => number): Uint32Array {
  const order = new Uint32Array(n);
  let maxMajor = 0;
  for (let i = 0; i < n; i++) if (major[i]! > maxMajor) maxMajor = major[i]!;
  if (maxMajor <= 4 * n + 65_536) {
    // Counting sort by major (stable), then each group by the minor fields.
    const counts = new Uint32Array(maxMajor + 2);
    for (let i = 0; i < n; i++) counts[major[i]! + 1]!++;
    for (let m = 1; m < counts.length; m++) counts[m]! += counts[m - 1]!;
    for (let i = 0; i < n; i++) order[counts[major[i]!]!++] = i;
    let start = 0;
    while (start < n) {
      const m = major[order[start]!]!;
      let end = start + 1;
      while (end < n && major[order[end]!] === m) end++;
      if (end - start > 1) sortRange(order, start, end, minor);
      start = end;
    }
    return order;
  }
  for (let i = 0; i < n; i++) order[i] = i;
  const all = Array.from(order);
  all.sort((a, b) => major[a]! - major[b]! || minor(a, b));
  order.set(all);
  return order;
}

function sortRange(order: Uint32Array, start: number, end: number, cmp: (a: number, b: number) => number): void {
  if (end - start <= 16) {
    for (let i = start + 1; i < end; i++) {
      const v = order[i]!;
      let j = i - 1;
      while (j >= start && cmp(order[j]!, v) > 0) {
        order[j + 1] = order[j]!;
        j--;
      }
      order[j + 1] = v;
    }
    return;
  }
  const part = Array.from(order.subarray(start, end));
  part.sort(cmp);
  order.set(part, start);
}

/**
 * Keys in ascending order, made on demand. `keyAt(k)` returns a buffer of
 * exactly the key's length that is reused for every key of that length:
 * the consumer copies it before asking for the next.
 */
export interface SortedKeys {
  readonly count: number;
  keyAt(k: number): Uint8Array;
}

/** Scratch key buffers by length (no allocation per key). */
class KeyScratch {
  readonly #byLength: Array<Uint8Array | undefined> = new Array<Uint8Array | undefined>(ADJ_KEY_MAX_BYTES + 1).fill(undefined);

  /** A buffer of exactly `length` bytes, the same one every time. */
  ofLength(length: number): Uint8Array {
    let b = this.#byLength[length];
    if (b === undefined) this.#byLength[length] = b = new Uint8Array(length);
    return b;
  }
}

/** Pending edges: (src, type, dst, edge) columns. */
export class AdjacencyBuffer {
  #src = new Float64Array(INITIAL_CAPACITY);
  #dst = new Float64Array(INITIAL_CAPACITY);
  #edge = new Float64Array(INITIAL_CAPACITY);
  #type = new Uint32Array(INITIAL_CAPACITY);
  length = 0;

  push(src: number, type: number, dst: number, edge: number): void {
    const i = this.length;
    if (i === this.#src.length) {
      this.#src = grow(this.#src, i + 1);
      this.#dst = grow(this.#dst, i + 1);
      this.#edge = grow(this.#edge, i + 1);
      this.#type = grow(this.#type, i + 1);
    }
    this.#src[i] = src;
    this.#dst[i] = dst;
    this.#edge[i] = edge;
    this.#type[i] = type;
    this.length = i + 1;
  }

  clear(): void {
    this.length = 0;
    if (this.#src.length > 1 << 20) {
      this.#src = new Float64Array(INITIAL_CAPACITY);
      this.#dst = new Float64Array(INITIAL_CAPACITY);
      this.#edge = new Float64Array(INITIAL_CAPACITY);
      this.#type = new Uint32Array(INITIAL_CAPACITY);
    }
  }

  /**
   * The out (dir 'out': src first) or in (dst first) keys, in ascending key
   * order. Every key is the same buffer, rewritten for each entry: the
   * consumer copies it before asking for the next.
   */
  keys(dir: 'out' | 'in'): SortedKeys {
    const first = dir === 'out' ? this.#src : this.#dst;
    const other = dir === 'out' ? this.#dst : this.#src;
    const type = this.#type;
    const edge = this.#edge;
    const order = sortedOrder(this.length, first, (a, b) => type[a]! - type[b]! || other[a]! - other[b]! || edge[a]! - edge[b]!);
    const scratch = new KeyScratch();
    return {
      count: order.length,
      keyAt(k: number): Uint8Array {
        const i = order[k]!;
        const a = first[i]!;
        const t = type[i]!;
        const o = other[i]!;
        const e = edge[i]!;
        const key = scratch.ofLength(oceSize(a) + oceSize(t) + oceSize(o) + oceSize(e));
        writeOce(key, writeOce(key, writeOce(key, writeOce(key, 0, a), t), o), e);
        return key;
      },
    };
  }
}

/** Pending label-index entries: (label, node) columns. */
export class LabelBuffer {
  #label = new Float64Array(INITIAL_CAPACITY);
  #node = new Float64Array(INITIAL_CAPACITY);
  length = 0;

  push(label: number, node: number): void {
    const i = this.length;
    if (i === this.#label.length) {
      this.#label = grow(this.#label, i + 1);
      this.#node = grow(this.#node, i + 1);
    }
    this.#label[i] = label;
    this.#node[i] = node;
    this.length = i + 1;
  }

  clear(): void {
    this.length = 0;
  }

  /** The keys in ascending order, in one reused buffer (see AdjacencyBuffer.keys). */
  keys(): SortedKeys {
    const node = this.#node;
    const label = this.#label;
    const order = sortedOrder(this.length, label, (a, b) => node[a]! - node[b]!);
    const scratch = new KeyScratch();
    return {
      count: order.length,
      keyAt(k: number): Uint8Array {
        const i = order[k]!;
        const l = label[i]!;
        const n = node[i]!;
        const key = scratch.ofLength(oceSize(l) + oceSize(n));
        writeOce(key, writeOce(key, 0, l), n);
        return key;
      },
    };
  }
}
