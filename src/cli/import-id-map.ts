/**
 * The map from the ids of an import's CSV files to node ids, for one ID
 * space. Most files number their nodes 1, 2, 3...: a canonical decimal id
 * (no sign, no leading zero) below DENSE_IDS_MAX is kept in a typed array
 * indexed by the id, so a lookup is one array read instead of a hash probe
 * into a 100k-entry Map (a cache miss or three: it was most of the time an
 * import spent outside the parser and the engine). Any other id (text,
 * huge, or with leading zeros, which as text is another id than without)
 * goes to a Map. Both kinds never collide: a canonical decimal text maps
 * to exactly one number and back. With --id-type integer the keys are
 * numbers (or bigints beyond 2^53): a number in range is its own index.
 * One map holds one kind of key (text or integer), as one import has one
 * --id-type.
 */

/** Largest id (exclusive) kept in the dense array: 16M entries, 64 MiB at most. */
const DENSE_IDS_MAX = 16 * 1024 * 1024;
/**
 * The array grows to an id only while ids are dense enough: below this many
 * plus 8 per id stored. Sparse ids (1, 5000000, ...) go to the Map instead of
 * costing megabytes of zeros.
 */
const DENSE_SLACK_IDS = 1 << 20;
/** Node ids are stored + 1 in the dense array (0 = absent) and must fit in it. */
const NODE_ID_DENSE_MAX = 0xffff_fffe;

/** The value of `text` when it is a canonical decimal integer below DENSE_IDS_MAX, else -1. */
function denseIndexOf(text: string): number {
  const n = text.length;
  if (n === 0 || n > 8) return -1;
  const first = text.charCodeAt(0);
  if (first < 48 || first > 57 || (first === 48 && n > 1)) return -1;
  let v = first - 48;
  for (let i = 1; i < n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v < DENSE_IDS_MAX ? v : -1;
}

/** `n` itself when it is an integer in [0, DENSE_IDS_MAX), else -1. */
function denseIndexOfNumber(n: number): number {
  return Number.isInteger(n) && n >= 0 && n < DENSE_IDS_MAX ? n : -1;
}

export class ImportIdMap {
  #dense = new Uint32Array(0);
  #denseCount = 0;
  readonly #other = new Map<string | number | bigint, number>();

  /** The node id of file id `key` (its text, or its integer for --id-type integer), or undefined. */
  get(key: string | number | bigint): number | undefined {
    const i = this.#denseIndex(key);
    if (i >= 0 && i < this.#dense.length) {
      const v = this.#dense[i]!;
      if (v !== 0) return v - 1;
    }
    return this.#other.get(key);
  }

  has(key: string | number | bigint): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string | number | bigint, nodeId: number): void {
    const i = this.#denseIndex(key);
    const fits = i >= 0 && nodeId <= NODE_ID_DENSE_MAX && (i < this.#dense.length || i < DENSE_SLACK_IDS + 8 * this.#denseCount);
    if (!fits) {
      if (i >= 0 && i < this.#dense.length && this.#dense[i] !== 0) {
        this.#dense[i] = 0;
        this.#denseCount--;
      }
      this.#other.set(key, nodeId);
      return;
    }
    this.#other.delete(key);
    if (i >= this.#dense.length) {
      const grown = new Uint32Array(Math.min(DENSE_IDS_MAX, Math.max(i + 1, this.#dense.length * 2, 1024)));
      grown.set(this.#dense);
      this.#dense = grown;
    }
    if (this.#dense[i] === 0) this.#denseCount++;
    this.#dense[i] = nodeId + 1;
  }

  /** The dense-array index of `key`, or -1 when it belongs in the Map. */
  #denseIndex(key: string | number | bigint): number {
    return typeof key === 'string' ? denseIndexOf(key) : typeof key === 'number' ? denseIndexOfNumber(key) : -1;
  }
}
