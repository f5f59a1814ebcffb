/**
 * Property indexes: one B+-tree per (label, property key), whose root page
 * is recorded in graph.meta (meta-store.ts). Format version 1:
 *
 *     KEY                                           VALUE
 *     encoded value (key-codec.ts) | node id u64    empty
 *
 * so byte order is value order (within a type) then node id, and equality
 * and range lookups are one range scan each. Values whose encoding is longer
 * than INDEX_VALUE_MAX_BYTES are stored truncated (key-codec.ts); a hit on a
 * truncated key is checked against the node's real property value.
 *
 * Rules: I1. a node with the label and a value for the property has exactly
 * one entry, holding that value's encoding; I2. no other entry exists
 * (verify-graph.ts checks both).
 *
 * The directory (which indexes exist) is cached in memory for writers, like
 * the catalog: an index created or dropped by a write transaction changes the
 * cache at once and is undone on rollback. Readers look the index up in their
 * own snapshot's meta tree instead.
 */
import { compareKeys, readU64Number } from '../base/bytes.js';
import { BTree } from '../btree/tree.js';
import { bulkBuild } from '../btree/bulk-build.js';
import type { PageReader } from '../pager/page-store.js';
import { ByteWriter } from './byte-writer.js';
import type { UndoLog } from './catalog.js';
import { isTruncated, keyRange, writeKeyValue, type KeyPredicate } from './key-codec.js';
import { listIndexRecords, type IndexRecord } from './meta-store.js';
import type { PropValue } from './value-codec.js';

/** 256 bytes of encoded value per index key: long strings are truncated (and rechecked on lookup). */
export const INDEX_VALUE_MAX_BYTES = 256;
const EMPTY = new Uint8Array(0);
const NO_PREFIX = new Uint8Array(0);

const keyScratch = new ByteWriter(INDEX_VALUE_MAX_BYTES + 32);

/** The index key of (value, node). */
export function indexEntryKey(value: PropValue, nodeId: number): Uint8Array {
  const w = keyScratch;
  w.reset();
  writeKeyValue(w, value, INDEX_VALUE_MAX_BYTES);
  w.u64Number(nodeId);
  return w.copy();
}

export function entryNodeId(key: Uint8Array): number {
  return readU64Number(key, key.length - 8);
}

export function entryIsTruncated(key: Uint8Array): boolean {
  return isTruncated(key, 0);
}

export function insertIndexEntry(tree: BTree, value: PropValue, nodeId: number): void {
  tree.put(indexEntryKey(value, nodeId), EMPTY);
}

export function removeIndexEntry(tree: BTree, value: PropValue, nodeId: number): void {
  tree.delete(indexEntryKey(value, nodeId));
}

export interface IndexHits {
  nodeIds: number[];
  /** Node ids whose keys were truncated: the caller must check the real value. */
  recheck: Set<number>;
}

/** Node ids whose indexed value satisfies `predicate`, in index order. */
export function scanIndex(tree: BTree, predicate: KeyPredicate, limit = Infinity): IndexHits {
  const range = keyRange(NO_PREFIX, predicate, INDEX_VALUE_MAX_BYTES);
  const hits: IndexHits = { nodeIds: [], recheck: new Set() };
  if (range.gte.length === range.lt.length && range.gte.every((b, i) => b === range.lt[i])) return hits;
  if (limit <= 0) return hits;
  tree.scan({ gte: range.gte, lt: range.lt }, (key) => {
    const id = entryNodeId(key);
    hits.nodeIds.push(id);
    if (range.recheck && entryIsTruncated(key)) hits.recheck.add(id);
    return hits.nodeIds.length < limit;
  });
  return hits;
}

/** Builds the entries of a new index from sorted (value, node) pairs with the bulk path. */
export function buildIndexTree(tree: BTree, entries: Array<{ value: PropValue; nodeId: number }>): number {
  const keys = entries.map((e) => indexEntryKey(e.value, e.nodeId));
  keys.sort(compareKeys);
  let last: Uint8Array | null = null;
  const unique: Uint8Array[] = [];
  for (const k of keys) {
    if (last !== null && compareKeys(last, k) === 0) continue;
    unique.push(k);
    last = k;
  }
  return bulkBuild(tree, (function* () {
    for (const k of unique) yield [k, EMPTY] as const;
  })());
}

/** The cached directory of property indexes: label -> property -> root page. */
export class IndexDirectory {
  readonly #byLabel = new Map<number, Map<number, number>>();
  /** Changes whenever an index is added or removed (query plans are cached per version). */
  version = 0;

  static load(meta: BTree): IndexDirectory {
    const dir = new IndexDirectory();
    for (const r of listIndexRecords(meta)) dir.#set(r.label, r.prop, r.rootPageNo);
    return dir;
  }

  #set(label: number, prop: number, root: number): void {
    this.version++;
    let m = this.#byLabel.get(label);
    if (m === undefined) {
      m = new Map();
      this.#byLabel.set(label, m);
    }
    m.set(prop, root);
  }

  #unset(label: number, prop: number): void {
    this.version++;
    const m = this.#byLabel.get(label);
    if (m === undefined) return;
    m.delete(prop);
    if (m.size === 0) this.#byLabel.delete(label);
  }

  /** Indexed properties of a label (prop -> root), or undefined. */
  forLabel(label: number): ReadonlyMap<number, number> | undefined {
    return this.#byLabel.get(label);
  }

  get(label: number, prop: number): number | undefined {
    return this.#byLabel.get(label)?.get(prop);
  }

  get hasAny(): boolean {
    return this.#byLabel.size > 0;
  }

  all(): IndexRecord[] {
    const out: IndexRecord[] = [];
    for (const [label, m] of this.#byLabel) for (const [prop, rootPageNo] of m) out.push({ label, prop, rootPageNo });
    return out;
  }

  add(label: number, prop: number, root: number, undo: UndoLog): void {
    this.#set(label, prop, root);
    undo.push(() => this.#unset(label, prop));
  }

  remove(label: number, prop: number, undo: UndoLog): void {
    const root = this.get(label, prop);
    if (root === undefined) return;
    this.#unset(label, prop);
    undo.push(() => this.#set(label, prop, root));
  }
}

/** Opens an index tree on a view. */
export function openIndexTree(view: PageReader, rootPageNo: number): BTree {
  return BTree.open(view, rootPageNo);
}
