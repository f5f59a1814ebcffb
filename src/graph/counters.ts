/**
 * Id counters and counts, format version 1, stored in sentinel entries at the
 * right end of the key ranges they count, so a small transaction updates them
 * in a leaf it writes anyway (a new node lands in the rightmost leaf of
 * graph.nodes and at the end of its labels' ranges in graph.labels) instead of
 * dirtying one more page. All integers big-endian.
 *
 *     TREE          KEY                          VALUE
 *     graph.nodes   FF FF FF FF FF FF FF FF      next node id u64 | node count u64
 *     graph.edges   FF FF FF FF FF FF FF FF      next edge id u64 | edge count u64
 *     graph.edges   FF x 8 | type u32            edges of the type, u64
 *     graph.labels  OCE label | FF x 8           nodes with the label, u64
 *
 * An id in a key starts with its length byte (0..7, graph-keys.ts), so no id
 * key can collide with a sentinel; every scan of ids stops or skips at a key
 * whose id part starts with 0xFF (`isSentinelId`).
 *
 * Rules: K1. next ids are above every id in use (verify-graph.ts G6);
 * K2. counts equal what the trees hold (G5); K3. a count of zero has no
 * entry; K4. a sentinel value has exactly the documented length.
 *
 * A write transaction reads each counter at its first use and writes the
 * changed ones once, when it finishes (`CounterWriter.flush`): a transaction
 * of ten thousand creates writes each counter once.
 */
import { readU32, readU64Number, writeU32, writeU64Number } from '../base/bytes.js';
import { CorruptionError } from '../base/errors.js';
import type { BTree } from '../btree/tree.js';
import { labelPrefix } from './graph-keys.js';

export const COUNTERS_FORMAT_VERSION = 1;

/** The key of the totals sentinel of graph.nodes and graph.edges. */
export const TOTALS_KEY = new Uint8Array(8).fill(0xff);

/** Whether an 8-byte id at `key[offset]` is a sentinel rather than an id. */
export function isSentinelId(key: Uint8Array, offset = 0): boolean {
  return key[offset] === 0xff;
}

export function typeCountKey(type: number): Uint8Array {
  const k = new Uint8Array(12).fill(0xff);
  writeU32(k, 8, type);
  return k;
}

export const TYPE_COUNT_PREFIX = TOTALS_KEY;

export function labelCountKey(label: number): Uint8Array {
  const prefix = labelPrefix(label);
  const k = new Uint8Array(prefix.length + 8).fill(0xff);
  k.set(prefix);
  return k;
}

function corrupt(what: string, length: number, expected: number): CorruptionError {
  return new CorruptionError(`${what}: K4: sentinel value of ${length} bytes, expected ${expected}`, { file: '' });
}

export interface Totals {
  nextId: number;
  count: number;
}

export function decodeTotals(value: Uint8Array | null, what: string): Totals {
  if (value === null) return { nextId: 1, count: 0 };
  if (value.length !== 16) throw corrupt(what, value.length, 16);
  return { nextId: readU64Number(value, 0), count: readU64Number(value, 8) };
}

export function decodeCount(value: Uint8Array | null, what: string): number {
  if (value === null) return 0;
  if (value.length !== 8) throw corrupt(what, value.length, 8);
  return readU64Number(value, 0);
}

interface CountEntry {
  key: Uint8Array;
  value: number;
  dirty: boolean;
}

interface TotalsEntry extends Totals {
  dirty: boolean;
}

/**
 * The counters as of the newest commit handed to the pager, kept for the
 * next writer so a small transaction does not descend three trees to read
 * them. Writers are serialized and each sees the state its predecessor
 * handed over, so the values are exact; a writer that rolls back never
 * touched them (they are updated only once its counters are written).
 */
export class CounterCache {
  nodeTotals: Totals | null = null;
  edgeTotals: Totals | null = null;
  readonly labelCounts = new Map<number, number>();
  readonly typeCounts = new Map<number, number>();
}

type CounterTree = 'nodes' | 'edges' | 'labels';

/** Counter changes of one write transaction, written once at its end. */
export class CounterWriter {
  readonly #tree: (name: CounterTree) => BTree;
  readonly #cache: CounterCache;
  #nodeTotals: TotalsEntry | null = null;
  #edgeTotals: TotalsEntry | null = null;
  readonly #labelCounts = new Map<number, CountEntry>();
  readonly #typeCounts = new Map<number, CountEntry>();

  constructor(tree: (name: CounterTree) => BTree, cache: CounterCache) {
    this.#tree = tree;
    this.#cache = cache;
  }

  nodeTotals(): TotalsEntry {
    if (this.#nodeTotals === null) {
      const t = this.#cache.nodeTotals ?? decodeTotals(this.#tree('nodes').get(TOTALS_KEY), 'graph.nodes totals');
      this.#nodeTotals = { nextId: t.nextId, count: t.count, dirty: false };
    }
    return this.#nodeTotals;
  }

  edgeTotals(): TotalsEntry {
    if (this.#edgeTotals === null) {
      const t = this.#cache.edgeTotals ?? decodeTotals(this.#tree('edges').get(TOTALS_KEY), 'graph.edges totals');
      this.#edgeTotals = { nextId: t.nextId, count: t.count, dirty: false };
    }
    return this.#edgeTotals;
  }

  #count(kind: 'label' | 'type', id: number): CountEntry {
    const map = kind === 'label' ? this.#labelCounts : this.#typeCounts;
    let e = map.get(id);
    if (e === undefined) {
      const key = kind === 'label' ? labelCountKey(id) : typeCountKey(id);
      const cached = (kind === 'label' ? this.#cache.labelCounts : this.#cache.typeCounts).get(id);
      const value = cached ?? decodeCount(this.#tree(kind === 'label' ? 'labels' : 'edges').get(key), `count of ${kind} ${id}`);
      e = { key, value, dirty: false };
      map.set(id, e);
    }
    return e;
  }

  getCount(kind: 'label' | 'type', id: number): number {
    return this.#count(kind, id).value;
  }

  addCount(kind: 'label' | 'type', id: number, delta: number): void {
    const e = this.#count(kind, id);
    e.value += delta;
    e.dirty = true;
  }

  /** Takes the next node id and counts the node. */
  takeNodeId(): number {
    const t = this.nodeTotals();
    const id = Math.max(1, t.nextId);
    t.nextId = id + 1;
    t.count++;
    t.dirty = true;
    return id;
  }

  takeEdgeId(): number {
    const t = this.edgeTotals();
    const id = Math.max(1, t.nextId);
    t.nextId = id + 1;
    t.count++;
    t.dirty = true;
    return id;
  }

  nodeRemoved(): void {
    const t = this.nodeTotals();
    t.count--;
    t.dirty = true;
  }

  edgeRemoved(): void {
    const t = this.edgeTotals();
    t.count--;
    t.dirty = true;
  }

  /**
   * Writes every changed counter (a count that reached zero loses its
   * entry, K3), then records the values for the next writer.
   */
  flush(): void {
    if (this.#nodeTotals?.dirty === true) this.#writeTotals(this.#tree('nodes'), this.#nodeTotals);
    if (this.#edgeTotals?.dirty === true) this.#writeTotals(this.#tree('edges'), this.#edgeTotals);
    for (const e of this.#labelCounts.values()) if (e.dirty) this.#writeCount(this.#tree('labels'), e);
    for (const e of this.#typeCounts.values()) if (e.dirty) this.#writeCount(this.#tree('edges'), e);
    const c = this.#cache;
    if (this.#nodeTotals !== null) c.nodeTotals = { nextId: this.#nodeTotals.nextId, count: this.#nodeTotals.count };
    if (this.#edgeTotals !== null) c.edgeTotals = { nextId: this.#edgeTotals.nextId, count: this.#edgeTotals.count };
    for (const [id, e] of this.#labelCounts) c.labelCounts.set(id, e.value);
    for (const [id, e] of this.#typeCounts) c.typeCounts.set(id, e.value);
  }

  #writeTotals(tree: BTree, t: TotalsEntry | null): void {
    if (t === null || !t.dirty) return;
    const v = new Uint8Array(16);
    writeU64Number(v, 0, t.nextId);
    writeU64Number(v, 8, t.count);
    tree.put(TOTALS_KEY, v);
    t.dirty = false;
  }

  #writeCount(tree: BTree, e: CountEntry): void {
    if (!e.dirty) return;
    if (e.value === 0) {
      tree.delete(e.key);
    } else {
      const v = new Uint8Array(8);
      writeU64Number(v, 0, e.value);
      tree.put(e.key, v);
    }
    e.dirty = false;
  }
}

/** Every (type id, count) sentinel of an edges tree. */
export function listTypeCounts(edges: BTree): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const c = edges.cursor({ gt: TOTALS_KEY });
  for (let ok = c.first(); ok; ok = c.next()) {
    const k = c.keyView();
    if (k.length !== 12) throw new CorruptionError(`graph.edges: K4: sentinel key of ${k.length} bytes after the totals`, { file: '' });
    out.push([readU32(k, 8), decodeCount(c.value(), 'edge type count')]);
  }
  return out;
}
