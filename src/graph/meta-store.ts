/**
 * graph.meta: id counters, per-label and per-type counts, and the property
 * index directory. Format version 1; all integers big-endian.
 *
 *     KEY                              VALUE
 *     0x01                             next node id u64
 *     0x02                             next edge id u64
 *     0x03                             node count u64
 *     0x04                             edge count u64
 *     0x10 | label u32                 nodes with the label, u64
 *     0x11 | type u32                  edges of the type, u64
 *     0x20 | label u32 | property u32  property index: version u8 (1), root page u32
 *
 * Rules: M1. next ids are above every id in use (verify-graph.ts G6);
 * M2. counts equal what the trees hold (G5); M3. an index root is a tree
 * root page no other structure uses.
 *
 * A write transaction reads counters lazily and writes the changed ones once,
 * when it finishes (`MetaWriter.flush`), so a transaction of ten thousand
 * creates writes each counter once.
 */
import { readU32, readU64Number, writeU32, writeU64Number } from '../base/bytes.js';
import { CorruptionError } from '../base/errors.js';
import type { BTree } from '../btree/tree.js';

export const META_FORMAT_VERSION = 1;
export const INDEX_RECORD_VERSION = 1;

export const MetaKey = {
  nextNodeId: new Uint8Array([0x01]),
  nextEdgeId: new Uint8Array([0x02]),
  nodeCount: new Uint8Array([0x03]),
  edgeCount: new Uint8Array([0x04]),
} as const;

const LABEL_COUNT_TAG = 0x10;
const TYPE_COUNT_TAG = 0x11;
const INDEX_TAG = 0x20;

export function labelCountKey(label: number): Uint8Array {
  const k = new Uint8Array(5);
  k[0] = LABEL_COUNT_TAG;
  writeU32(k, 1, label);
  return k;
}

export function typeCountKey(type: number): Uint8Array {
  const k = new Uint8Array(5);
  k[0] = TYPE_COUNT_TAG;
  writeU32(k, 1, type);
  return k;
}

export function indexKey(label: number, prop: number): Uint8Array {
  const k = new Uint8Array(9);
  k[0] = INDEX_TAG;
  writeU32(k, 1, label);
  writeU32(k, 5, prop);
  return k;
}

export const INDEX_PREFIX = new Uint8Array([INDEX_TAG]);
export const LABEL_COUNT_PREFIX = new Uint8Array([LABEL_COUNT_TAG]);
export const TYPE_COUNT_PREFIX = new Uint8Array([TYPE_COUNT_TAG]);

export function decodeU64(value: Uint8Array | null, what: string): number {
  if (value === null) return 0;
  if (value.length !== 8) throw new CorruptionError(`graph.meta: ${what} holds ${value.length} bytes, not 8`, { file: '' });
  return readU64Number(value, 0);
}

function encodeU64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  writeU64Number(b, 0, v);
  return b;
}

export function readCounter(meta: BTree, key: Uint8Array, what: string): number {
  return decodeU64(meta.get(key), what);
}

export interface IndexRecord {
  label: number;
  prop: number;
  rootPageNo: number;
}

export function encodeIndexRecord(rootPageNo: number): Uint8Array {
  const b = new Uint8Array(5);
  b[0] = INDEX_RECORD_VERSION;
  writeU32(b, 1, rootPageNo);
  return b;
}

export function decodeIndexRecord(key: Uint8Array, value: Uint8Array): IndexRecord {
  if (key.length !== 9 || value.length !== 5 || value[0] !== INDEX_RECORD_VERSION) {
    throw new CorruptionError(`graph.meta: index record of ${key.length}/${value.length} bytes, version ${value[0]}`, { file: '' });
  }
  return { label: readU32(key, 1), prop: readU32(key, 5), rootPageNo: readU32(value, 1) };
}

/** Every property index recorded in a meta tree. */
export function listIndexRecords(meta: BTree): IndexRecord[] {
  const out: IndexRecord[] = [];
  const c = meta.cursor({ prefix: INDEX_PREFIX });
  for (let ok = c.first(); ok; ok = c.next()) out.push(decodeIndexRecord(c.key(), c.value()));
  return out;
}

interface CounterEntry {
  key: Uint8Array;
  value: number;
  dirty: boolean;
}

/**
 * Counter changes of one write transaction, written once at its end. Each
 * counter is read from the tree at its first use; the hot ones (ids, totals)
 * live in fields and the per-label and per-type counts in maps keyed by id,
 * so a create costs no key encoding and no string building.
 */
export class MetaWriter {
  readonly #meta: BTree;
  readonly #fixed: CounterEntry[] = [];
  readonly #labelCounts = new Map<number, CounterEntry>();
  readonly #typeCounts = new Map<number, CounterEntry>();

  constructor(meta: BTree) {
    this.#meta = meta;
  }

  #load(key: Uint8Array, what: string): CounterEntry {
    return { key, value: readCounter(this.#meta, key, what), dirty: false };
  }

  /** One of the MetaKey counters. */
  #fixedEntry(key: Uint8Array, what: string): CounterEntry {
    const slot = key[0]!;
    let e = this.#fixed[slot];
    if (e === undefined) {
      e = this.#load(key, what);
      this.#fixed[slot] = e;
    }
    return e;
  }

  get(key: Uint8Array, what: string): number {
    return this.#entryFor(key, what).value;
  }

  set(key: Uint8Array, value: number, what: string): void {
    const e = this.#entryFor(key, what);
    e.value = value;
    e.dirty = true;
  }

  add(key: Uint8Array, delta: number, what: string): number {
    const e = this.#entryFor(key, what);
    e.value += delta;
    e.dirty = true;
    return e.value;
  }

  /** Adds to the count of a label (tagged 0x10) or an edge type (0x11) by id. */
  addCount(kind: 'label' | 'type', id: number, delta: number): void {
    const map = kind === 'label' ? this.#labelCounts : this.#typeCounts;
    let e = map.get(id);
    if (e === undefined) {
      e = this.#load(kind === 'label' ? labelCountKey(id) : typeCountKey(id), `count of ${kind} ${id}`);
      map.set(id, e);
    }
    e.value += delta;
    e.dirty = true;
  }

  #entryFor(key: Uint8Array, what: string): CounterEntry {
    if (key.length === 1) return this.#fixedEntry(key, what);
    const map = key[0] === LABEL_COUNT_TAG ? this.#labelCounts : key[0] === TYPE_COUNT_TAG ? this.#typeCounts : null;
    if (map === null) throw new CorruptionError(`graph.meta: no counter with key tag ${key[0]}`, { file: '' });
    const id = readU32(key, 1);
    let e = map.get(id);
    if (e === undefined) {
      e = this.#load(key, what);
      map.set(id, e);
    }
    return e;
  }

  /** Writes every changed counter (a count that reached 0 is deleted). */
  flush(): void {
    for (const e of this.#fixed) if (e !== undefined) this.#write(e, false);
    for (const e of this.#labelCounts.values()) this.#write(e, true);
    for (const e of this.#typeCounts.values()) this.#write(e, true);
  }

  #write(e: CounterEntry, isCount: boolean): void {
    if (!e.dirty) return;
    if (isCount && e.value === 0) this.#meta.delete(e.key);
    else this.#meta.put(e.key, encodeU64(e.value));
    e.dirty = false;
  }
}
