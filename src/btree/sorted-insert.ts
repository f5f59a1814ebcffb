/**
 * Batch insert of entries in ascending key order (`BTree.putSorted`): one
 * left-to-right pass over the tree instead of one descent, one search and
 * one single-cell split per key (buffered index and adjacency writes).
 *
 * Algorithm
 *  1. Validation first: the whole batch is read once (every key a Uint8Array
 *     of at most maxKeyBytes, keys strictly ascending, every value a
 *     Uint8Array of at most VALUE_MAX_BYTES) before any page changes, so bad
 *     input is INVALID_ARG and leaves the tree as it was. The batch is then
 *     read a second time, in the same order, and must give the same
 *     entries; types, lengths and the order of keys within a leaf are
 *     checked again where the pass relies on them (an INTERNAL error: a
 *     source that changes its mind, or throws on the second read, is a bug
 *     of the caller and leaves the batch half written).
 *  2. Finger: the root-to-leaf path of the current leaf is kept, with a copy
 *     of the leaf's upper fence (the nearest separator to its right). A key
 *     below the fence belongs to the same leaf; a key at or above it climbs
 *     to the lowest ancestor whose range holds it and descends from there
 *     (searching that node only after the child it came from). Only a
 *     structural change that the pass did not follow itself (a sibling
 *     balance, an interior split, a rebalance) makes it descend from the
 *     root again.
 *  3. In place: a key that fits its leaf is written there, after a binary
 *     search over the cells above the previous key's slot; a replacement of
 *     an inline value of the same length overwrites the value bytes.
 *  4. A key that does not fit: when the next key belongs to another leaf it
 *     is inserted as `put` inserts it (balance.ts: shared with the emptier
 *     sibling, B8, or a split; at the right edge of the tree a split at the
 *     insertion point, B4), which packs sparse inserts best. Otherwise the
 *     leaf switches to merge mode: its cells and the batch's following keys
 *     for it form one sorted run (replaced cells dropped, their overflow
 *     chains freed) that is cut into leaves:
 *     - sequential runs (every batch key of the leaf in one gap between its
 *       old keys: appends, a new range between two old keys) are packed
 *       full, left to right, as B4 packs an ascending run; the last leaf
 *       takes what is left;
 *     - interleaved runs are cut into leaves at most INTERLEAVED_FILL full:
 *       k = ceil(T / (C * INTERLEAVED_FILL)) leaves of even bytes for T
 *       bytes of cells and slots, C bytes of room per node, so that later
 *       inserts do not split them at once. A dense interleaved run (the
 *       batch's cells at least 1/ABSORB_DENSITY of the old ones) goes on
 *       into the right sibling under the same parent when the next key
 *       belongs there (the separator between them leaves the parent, the
 *       sibling's page is reused): a batch as large as the tree is one
 *       stream per parent, cut at the fill fraction, instead of every leaf
 *       split in two half-full ones. At the end of a run, a right sibling
 *       that the batch leaves alone joins the tail when the two then fit
 *       fewer leaves at most CARRY_FILL full (B8's sharing, once per run).
 *     The first leaf of a run keeps the leaf's page, then absorbed siblings'
 *     pages are reused, then new pages are allocated; each leaf after the
 *     first gets its separator (the shortest key between its neighbours,
 *     B3) in the parent, next to the previous one. A parent without room
 *     splits (balance.ts `insertWithSplit`, up to a root deepening, B1) and
 *     the path is found again by descending to the new leaf. Long runs are
 *     cut while they stream in (at most STREAM_PENDING_PAGES pages of cells
 *     wait), so memory stays bounded by a few pages whatever the batch size.
 *     A root that is a leaf is deepened first (B1); if the run still fits
 *     one leaf, the root collapses again. Pages of absorbed leaves that the
 *     run did not need are freed (B6).
 *  5. A leaf left below the underflow size (replacements by smaller values),
 *     or a parent that absorbed leaves left below it, is rebalanced as `put`
 *     and `delete` do (B5).
 *
 * The tree's state (tree-state.ts) is bumped for every change, so cursors of
 * the transaction re-find their place (S1) and the cached path of `put` is
 * dropped after structural changes (S2). Errors other than INVALID_ARG
 * (CORRUPTION, I/O) can leave the batch half written: roll the transaction
 * back, as for `put`.
 */
import { assert, VERIFY_ENABLED } from '../base/assert.js';
import { toHex } from '../base/bytes.js';
import { AssertionError, InvalidArgError } from '../base/errors.js';
import type { PageWriter } from '../pager/page-store.js';
import { balanceLeafOverflow, collapseRoot, deepenRoot, insertWithSplit, rebalance, type SplitHint, type TreeContext } from './balance.js';
import { descend, Edge } from './descend.js';
import { checkKey, checkValue } from './key-range.js';
import {
  buildNode,
  CellList,
  cellSize,
  checkNode,
  childAt,
  compareKeyAt,
  findOrderViolation,
  INTERIOR,
  INTERIOR_CELL_HEADER_SIZE_BYTES,
  insertCellSpace,
  interiorCellChecked,
  interiorKeyLength,
  interiorSearch,
  isInlineValue,
  LEAF,
  LEAF_CELL_HEADER_SIZE_BYTES,
  leafCellChecked,
  leafIsOverflow,
  leafKeyLength,
  leafOverflowPage,
  leafSearch,
  leafValueLength,
  leafValueStart,
  nodeCellCount,
  nodeCorruption,
  NODE_HEADER_SIZE_BYTES,
  nodeUsedBytes,
  OVERFLOW_REF_SIZE_BYTES,
  removeCell,
  setChildAt,
  shortestSeparator,
  slotOffset,
  SLOT_SIZE_BYTES,
  VALUE_MAX_BYTES,
  writeInteriorCell,
  writeLeafCell,
  type NodeGeometry,
} from './node-format.js';
import { freeOverflowChain, writeOverflowChain } from './overflow.js';
import { TreePath } from './tree-state.js';

/** What the batch insert needs of a tree handle (a `BTree` on a write transaction). */
export interface SortedInsertTarget extends TreeContext {
  /** Throws when the tree was dropped. */
  checkLive(): void;
}

/**
 * A batch of entries for `BTree.putSorted`: `count` entries, keys strictly
 * ascending. `keyAt(i)` and `valueAt(i)` may return buffers they reuse (the
 * graph layer's `SortedKeys` reuses one per key length): the tree copies a
 * key and its value before it asks for the next key, and reads a key's
 * buffer only until the next `keyAt` call (so `valueAt` must not overwrite
 * it). Both are called twice per entry (validation, then insertion), in
 * index order (the insertion pass may ask for key i + 1 before value i + 1),
 * and must return the same bytes both times. Without `valueAt`, every value
 * is empty.
 */
export interface SortedEntries {
  readonly count: number;
  keyAt(index: number): Uint8Array;
  valueAt?(index: number): Uint8Array;
}

/** Interleaved runs are cut into leaves at most this full (step 4). */
export const INTERLEAVED_FILL = 0.8;
/** A merge goes on into the next leaf while the batch's cells are at least 1/this of the old cells merged. */
export const ABSORB_DENSITY = 8;
/** A tail carried into its sibling fills its leaves at most this full (B8's two-leaf limit). */
export const CARRY_FILL = 7 / 8;
/** In merge mode, cells beyond this many pages' worth are cut into leaves as they arrive. */
export const STREAM_PENDING_PAGES = 3;
/** New cells of a merge are written into chunks of this size. */
const ARENA_CHUNK_BYTES = 64 * 1024;

const EMPTY = new Uint8Array(0);

/** Checks the whole batch (step 1); throws INVALID_ARG naming the first bad entry. Returns the count. */
function validateBatch(g: NodeGeometry, entries: SortedEntries): number {
  if (entries === null || typeof entries !== 'object') throw new InvalidArgError('putSorted needs an object { count, keyAt(i), valueAt?(i) }');
  const count: unknown = entries.count;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw new InvalidArgError(`putSorted count must be a non-negative integer, got ${String(count)}`);
  if (typeof entries.keyAt !== 'function') throw new InvalidArgError('putSorted needs a keyAt(i) function');
  const hasValues = entries.valueAt !== undefined;
  if (hasValues && typeof entries.valueAt !== 'function') throw new InvalidArgError('putSorted valueAt must be a function when given');
  // A copy of the previous key (the source may reuse its buffer): only the
  // bytes from the first difference on are compared and copied.
  let prev = new Uint8Array(Math.min(64, g.maxKeyBytes));
  let prevLength = 0;
  for (let i = 0; i < count; i++) {
    const key: unknown = entries.keyAt(i);
    if (!(key instanceof Uint8Array) || key.length > g.maxKeyBytes) checkKey(g, key, `putSorted key #${i}`);
    if (hasValues) {
      const value: unknown = entries.valueAt!(i);
      if (!(value instanceof Uint8Array) || value.length > VALUE_MAX_BYTES) checkValue(value, `putSorted value #${i}`);
    }
    const length = key.length;
    const common = length < prevLength ? length : prevLength;
    let j = 0;
    while (j < common && key[j] === prev[j]) j++;
    if (i > 0 && (j < common ? key[j]! < prev[j]! : length <= prevLength)) {
      throw new InvalidArgError(`putSorted keys must be strictly ascending: key #${i} (${toHex(key)}) is not above key #${i - 1} (${toHex(prev.subarray(0, prevLength))})`);
    }
    if (prev.length < length) {
      const grown = new Uint8Array(Math.max(length, prev.length * 2));
      grown.set(prev.subarray(0, j));
      prev = grown;
    }
    for (; j < length; j++) prev[j] = key[j]!;
    prevLength = length;
  }
  return count;
}

/**
 * Inserts or replaces every entry of `entries` (keys strictly ascending) in
 * one pass; returns how many keys were new. See the file comment.
 */
export function putSorted(tree: SortedInsertTarget, entries: SortedEntries): number {
  const w = tree.writer;
  tree.checkLive();
  const count = validateBatch(tree.geo, entries);
  if (count === 0) return 0;
  const pass = new SortedPass(tree, w, entries, count);
  const st = tree.state;
  try {
    pass.run();
  } finally {
    if (pass.changed) st.touched();
    st.lastInsertPageNo = 0;
    st.lastInsertIndex = -1;
  }
  return pass.inserted;
}

/** Behind VERIFY_ENABLED: a node this pass built is in key order (N5). */
function checkOrder(tree: SortedInsertTarget, page: Uint8Array, pageNo: number): void {
  if (!VERIFY_ENABLED) return;
  const problem = findOrderViolation(page);
  if (problem !== null) throw nodeCorruption(tree, pageNo, 0, `${problem} after a sorted batch insert (the leaf it merged was out of order)`);
}

/** Prefix sums of cell + slot bytes of list[from, to): sums[j] = bytes of the first j cells. */
function prefixSums(list: CellList, from: number, to: number): number[] {
  const sums = new Array<number>(to - from + 1);
  sums[0] = 0;
  for (let j = from; j < to; j++) sums[j - from + 1] = sums[j - from]! + list.sizes[j]! + SLOT_SIZE_BYTES;
  return sums;
}

/** Cut points (relative indexes) packing cells greedily up to `limit` bytes per piece. */
function greedyCuts(sums: number[], limit: number): number[] {
  const cuts: number[] = [];
  const m = sums.length - 1;
  let start = 0;
  for (let b = 1; b <= m; b++) {
    if (sums[b]! - sums[start]! > limit) {
      cuts.push(b - 1);
      start = b - 1;
    }
  }
  return cuts;
}

/**
 * Cut points making `k` pieces of about equal bytes, each non-empty and
 * within `capacity`; null when that is impossible with `k` pieces.
 */
function evenCuts(sums: number[], k: number, capacity: number): number[] | null {
  const m = sums.length - 1;
  const total = sums[m]!;
  const cuts: number[] = [];
  let prev = 0;
  for (let q = 1; q < k; q++) {
    const target = (total * q) / k;
    let b = prev + 1;
    while (b < m && sums[b]! < target) b++;
    if (b - 1 > prev && target - sums[b - 1]! < sums[b]! - target) b--;
    while (b > prev + 1 && sums[b]! - sums[prev]! > capacity) b--;
    const maxCut = m - (k - q);
    if (b > maxCut) b = maxCut;
    if (b <= prev || sums[b]! - sums[prev]! > capacity) return null;
    cuts.push(b);
    prev = b;
  }
  return total - sums[prev]! > capacity ? null : cuts;
}

/** One putSorted call (the state of the left-to-right pass). */
class SortedPass {
  readonly #tree: SortedInsertTarget;
  readonly #w: PageWriter;
  readonly #g: NodeGeometry;
  readonly #usable: number;
  /** Bytes for slots and cells in one node. */
  readonly #capacity: number;
  readonly #fillBytes: number;
  readonly #entries: SortedEntries;
  readonly #count: number;
  readonly #hasValues: boolean;
  readonly #path = new TreePath();
  #pathValid = false;
  /** path.idx[#level] holds the leaf search result of the current key (fresh descent). */
  #known = false;

  // The current leaf.
  #level = 0;
  #leafNo = 0;
  #leaf: Uint8Array = EMPTY;
  #leafWritable = false;
  #hasFence = false;
  #fence = new Uint8Array(64);
  #fenceLength = 0;

  // The batch's run in the current leaf.
  /** Cells [0, #searchFrom) of the leaf are below the next key. */
  #searchFrom = 0;
  /** Cells of the run written in place. */
  #runCells = 0;
  /** Old cells before the run's first cell (-1: no cell yet). */
  #gap = -1;
  /** No old cell lies between two cells of the run. */
  #sequential = true;
  #shrank = false;

  // Merge mode (step 4).
  #merging = false;
  #old: Uint8Array | null = null;
  readonly #oldOffs: number[] = [];
  #oldCount = 0;
  #oldPos = 0;
  #oldDropped = 0;
  #inPlaceRun = 0;
  readonly #pending = new CellList();
  #head = 0;
  #pendingBytes = 0;
  #pieces = 0;
  #lastPieceNo = 0;
  /** Pages of absorbed siblings, for the next leaves. */
  readonly #supply: number[] = [];
  /** Page the old cells being merged come from (for error messages). */
  #oldNo = 0;
  /** Old cells of the run's leaves before the current one (absorbed). */
  #runOld = 0;

  // New cells of a merge.
  #arena = new Uint8Array(0);
  /** New cells are written below this offset of #arena. */
  #arenaTop = 0;

  // The source.
  #peekIndex = -1;
  #peeked: Uint8Array = EMPTY;

  inserted = 0;
  changed = false;

  constructor(tree: SortedInsertTarget, w: PageWriter, entries: SortedEntries, count: number) {
    this.#tree = tree;
    this.#w = w;
    this.#g = tree.geo;
    this.#usable = tree.geo.usableSizeBytes;
    this.#capacity = this.#usable - NODE_HEADER_SIZE_BYTES;
    this.#fillBytes = Math.floor(this.#capacity * INTERLEAVED_FILL);
    this.#entries = entries;
    this.#count = count;
    this.#hasValues = entries.valueAt !== undefined;
  }

  run(): void {
    const entries = this.#entries;
    for (let i = 0; i < this.#count; i++) {
      const key = this.#peekIndex === i ? this.#peeked : entries.keyAt(i);
      const value = this.#hasValues ? entries.valueAt!(i) : EMPTY;
      this.#checkAgain(key, value, i);
      this.#place(key);
      if (this.#merging) this.#mergeOne(key, value, i);
      else this.#insertInPlace(key, value, i);
    }
    this.#finishLeaf(null);
  }

  /**
   * Step 1's checks on the second read. Order is checked where the pass
   * relies on it, against the previous key's cell (`#checkAbove`): a key
   * that enters a leaf through the finger is above the fence the previous
   * key was below, and a fresh descent places any key correctly.
   */
  #checkAgain(key: Uint8Array, value: Uint8Array, i: number): void {
    if (key instanceof Uint8Array && key.length <= this.#g.maxKeyBytes && value instanceof Uint8Array && value.length <= VALUE_MAX_BYTES) return;
    this.#changedSource(i);
  }

  /** Asserts that `key` (entry #i) is above the key of the cell at `off` of `buf`. */
  #checkAbove(key: Uint8Array, buf: Uint8Array, off: number, i: number): void {
    const ks = off + LEAF_CELL_HEADER_SIZE_BYTES;
    if (compareKeyAt(key, buf, ks, ks + leafKeyLength(buf, off)) <= 0) this.#changedSource(i);
  }

  #changedSource(i: number): never {
    throw new AssertionError(`putSorted: entry #${i} differs from what the validation pass read (the source must return the same entries on every read)`);
  }

  #peek(i: number): Uint8Array {
    this.#peeked = this.#entries.keyAt(i);
    this.#peekIndex = i;
    return this.#peeked;
  }

  #belowFence(key: Uint8Array): boolean {
    return !this.#hasFence || compareKeyAt(key, this.#fence, 0, this.#fenceLength) < 0;
  }

  // ---------------------------------------------------------------- finger (step 2)

  /** Makes the path's leaf the one whose range holds `key`. */
  #place(key: Uint8Array): void {
    if (this.#pathValid) {
      if (this.#belowFence(key)) return;
      if (this.#merging && this.#absorbFor(key)) return;
      this.#finishLeaf(key);
    }
    const tree = this.#tree;
    const p = this.#path;
    if (!this.#pathValid) {
      descend(tree, this.#w, this.#g, tree.rootPageNo, 0, -1, key, Edge.Key, p);
      this.#pathValid = true;
    } else {
      // The lowest ancestor whose range holds key: climb past every separator key is not below,
      // starting with the fence of the path's leaf (a carry may have moved it, never past key).
      let a = p.depth - 2;
      while (a >= 0 && p.idx[a]! >= nodeCellCount(p.bufs[a]!)) a--;
      assert(a >= 0 && this.#compareSeparator(key, a) >= 0, 'putSorted: the finger left a leaf whose fence is above the key');
      for (let b = a - 1; b >= 0; b--) {
        if (p.idx[b]! >= nodeCellCount(p.bufs[b]!)) continue;
        if (this.#compareSeparator(key, b) < 0) break;
        a = b;
      }
      const page = p.bufs[a]!;
      const pageNo = p.pages[a]!;
      const n = nodeCellCount(page);
      const pos = interiorSearch(tree, page, pageNo, n, key, this.#usable, p.idx[a]! + 1);
      p.idx[a] = pos;
      const child = childAt(tree, page, pageNo, n, pos, this.#g, this.#w.pageCount());
      descend(tree, this.#w, this.#g, child, a + 1, page[1]! - 1, key, Edge.Key, p);
    }
    this.#enterLeaf();
  }

  /** `key` compared with the separator after the child the path takes at level `a` (which has one). */
  #compareSeparator(key: Uint8Array, a: number): number {
    return this.#compareCell(key, a, this.#path.idx[a]!);
  }

  /** `key` compared with separator `i` of the path's node at level `a` (checked, N3/N4). */
  #compareCell(key: Uint8Array, a: number, i: number): number {
    const p = this.#path;
    const page = p.bufs[a]!;
    const off = interiorCellChecked(this.#tree, page, p.pages[a]!, i, this.#g, this.#w.pageCount());
    const ks = off + INTERIOR_CELL_HEADER_SIZE_BYTES;
    return compareKeyAt(key, page, ks, ks + interiorKeyLength(page, off));
  }

  #enterLeaf(): void {
    const p = this.#path;
    const level = p.depth - 1;
    this.#level = level;
    this.#leafNo = p.pages[level]!;
    this.#leaf = p.bufs[level]!;
    this.#leafWritable = false;
    this.#known = true;
    this.#copyFence();
    this.#searchFrom = 0;
    this.#runCells = 0;
    this.#gap = -1;
    this.#sequential = true;
    this.#shrank = false;
  }

  /** Copies the upper fence of the path's leaf: the separator right of the child taken at the lowest level that has one. */
  #copyFence(): void {
    const p = this.#path;
    this.#hasFence = false;
    for (let a = p.depth - 2; a >= 0; a--) {
      const page = p.bufs[a]!;
      const i = p.idx[a]!;
      if (i >= nodeCellCount(page)) continue;
      const off = interiorCellChecked(this.#tree, page, p.pages[a]!, i, this.#g, this.#w.pageCount());
      const ks = off + INTERIOR_CELL_HEADER_SIZE_BYTES;
      const len = interiorKeyLength(page, off);
      if (this.#fence.length < len) this.#fence = new Uint8Array(Math.max(len, this.#fence.length * 2));
      const fence = this.#fence;
      for (let b = 0; b < len; b++) fence[b] = page[ks + b]!;
      this.#fenceLength = len;
      this.#hasFence = true;
      return;
    }
  }

  #writableLeaf(): Uint8Array {
    if (!this.#leafWritable) {
      this.#leaf = this.#w.getWritablePage(this.#leafNo);
      this.#path.bufs[this.#level] = this.#leaf;
      this.#leafWritable = true;
    }
    return this.#leaf;
  }

  /** Records that a cell of the run goes after `oldBefore` old cells (sequential detection). */
  #track(oldBefore: number): void {
    if (this.#gap < 0) this.#gap = oldBefore;
    else if (oldBefore !== this.#gap) this.#sequential = false;
  }

  /**
   * Done with the current leaf (`next`: the batch's next key, above the
   * leaf's fence, or null at the end): flushes a merge, rebalances a leaf
   * that shrank (step 5).
   */
  #finishLeaf(next: Uint8Array | null): void {
    if (!this.#pathValid) {
      assert(!this.#merging, 'putSorted: a merge in progress lost its path');
      return;
    }
    const tree = this.#tree;
    if (this.#merging) {
      this.#flushMerge(next);
      const root = this.#w.getPage(tree.rootPageNo);
      if (root[0] === INTERIOR && nodeCellCount(root) === 0) {
        collapseRoot(tree);
        this.#pathValid = false;
      } else if (this.#pieces === 1 && this.#level > 0 && nodeUsedBytes(this.#w.getPage(this.#lastPieceNo), this.#usable) < this.#g.underflowBytes) {
        rebalance(tree, this.#path, this.#level);
        this.#pathValid = false;
      } else if (this.#level > 1 && nodeUsedBytes(this.#w.getPage(this.#path.pages[this.#level - 1]!), this.#usable) < this.#g.underflowBytes) {
        // Absorbed leaves took separators out of the parent.
        rebalance(tree, this.#path, this.#level - 1);
        this.#pathValid = false;
      }
      return;
    }
    if (this.#shrank && this.#level > 0 && nodeUsedBytes(this.#leaf, this.#usable) < this.#g.underflowBytes) {
      rebalance(tree, this.#path, this.#level);
      this.#pathValid = false;
    }
  }

  // ---------------------------------------------------------------- in place (step 3)

  #insertInPlace(key: Uint8Array, value: Uint8Array, i: number): void {
    const tree = this.#tree;
    const w = this.#w;
    const g = this.#g;
    const leafNo = this.#leafNo;
    let page = this.#leaf;
    let n = nodeCellCount(page);
    if (this.#searchFrom > 0) this.#checkAbove(key, page, slotOffset(page, this.#searchFrom - 1), i);
    const r = this.#known ? this.#path.idx[this.#level]! : leafSearch(tree, page, leafNo, n, key, this.#usable, this.#searchFrom);
    this.#known = false;
    const inline = isInlineValue(g, key.length, value.length);
    const size = inline ? LEAF_CELL_HEADER_SIZE_BYTES + key.length + value.length : LEAF_CELL_HEADER_SIZE_BYTES + key.length + OVERFLOW_REF_SIZE_BYTES;
    let idx: number;
    let isNew: boolean;
    if (r >= 0) {
      const off = leafCellChecked(tree, page, leafNo, r, g, w.pageCount());
      const oldLength = leafValueLength(page, off);
      const oldOverflow = leafIsOverflow(page, off);
      page = this.#writableLeaf();
      this.changed = true;
      this.#track(r - this.#runCells);
      if (inline && !oldOverflow && oldLength === value.length) {
        page.set(value, leafValueStart(page, off));
        this.#searchFrom = r + 1;
        this.#runCells++;
        return;
      }
      if (oldOverflow) freeOverflowChain(w, leafOverflowPage(page, off), oldLength, leafNo);
      const oldSize = cellSize(page, off, LEAF);
      if (size < oldSize) this.#shrank = true;
      removeCell(page, n, r, oldSize);
      n--;
      idx = r;
      isNew = false;
    } else {
      idx = -(r + 1);
      isNew = true;
      page = this.#writableLeaf();
      this.#track(idx - this.#runCells);
    }
    this.changed = true;
    if (isNew) this.inserted++;
    const off = insertCellSpace(tree, page, leafNo, n, idx, size, this.#usable);
    if (off >= 0) {
      writeLeafCell(page, off, key, value, inline ? 0 : writeOverflowChain(w, value));
      this.#searchFrom = idx + 1;
      this.#runCells++;
      return;
    }
    // No room (step 4): copy the entry before looking at the next key.
    const cellOff = this.#materialize(key, value, inline, size);
    const next = i + 1 < this.#count ? this.#peek(i + 1) : null;
    if (next !== null && this.#belowFence(next)) {
      this.#startMerge(idx, cellOff, size);
      return;
    }
    this.#overflowOne(this.#arena.subarray(cellOff, cellOff + size), idx, n);
  }

  /** Writes the cell of (key, value) into the arena (its overflow chain into new pages); returns its offset. */
  #materialize(key: Uint8Array, value: Uint8Array, inline: boolean, size: number): number {
    // Filled downwards, so that consecutive cells lie as buildNode lays them out and move as one block.
    if (this.#arenaTop < size) {
      this.#arena = new Uint8Array(Math.max(ARENA_CHUNK_BYTES, size));
      this.#arenaTop = this.#arena.length;
    }
    const off = this.#arenaTop - size;
    writeLeafCell(this.#arena, off, key, value, inline ? 0 : writeOverflowChain(this.#w, value));
    this.#arenaTop = off;
    return off;
  }

  /** A key alone in its leaf without room: inserted as `put` would (step 4). */
  #overflowOne(cell: Uint8Array, idx: number, n: number): void {
    const tree = this.#tree;
    const p = this.#path;
    const level = this.#level;
    let hint: SplitHint = null;
    if (idx === n) {
      let rightmost = true;
      for (let d = 0; d < level && rightmost; d++) rightmost = p.idx[d] === nodeCellCount(p.bufs[d]!);
      if (rightmost) hint = 'ascending';
    }
    if (hint !== null || balanceLeafOverflow(tree, p, level, cell, idx) === null) insertWithSplit(tree, p, level, cell, idx, hint);
    this.#pathValid = false;
    this.#arenaTop = this.#arena.length;
  }

  // ---------------------------------------------------------------- merge mode (step 4)

  #startMerge(idx: number, cellOff: number, cellBytes: number): void {
    const tree = this.#tree;
    const w = this.#w;
    if (this.#level === 0) {
      deepenRoot(tree, this.#path);
      this.#level = 1;
      this.#leafNo = this.#path.pages[1]!;
    }
    const leafNo = this.#leafNo;
    const page = w.getWritablePage(leafNo);
    const usable = this.#usable;
    if (this.#old === null) this.#old = new Uint8Array(usable);
    const old = this.#old;
    old.set(page.subarray(0, usable));
    const n = nodeCellCount(old);
    const pageCount = w.pageCount();
    const offs = this.#oldOffs;
    offs.length = n;
    for (let j = 0; j < n; j++) offs[j] = leafCellChecked(tree, old, leafNo, j, this.#g, pageCount);
    this.#oldCount = n;
    this.#oldNo = leafNo;
    this.#runOld = 0;
    this.#oldDropped = 0;
    this.#inPlaceRun = this.#runCells;
    this.#pending.clear();
    this.#head = 0;
    this.#pendingBytes = 0;
    this.#pieces = 0;
    this.#merging = true;
    for (let j = 0; j < idx; j++) this.#push(old, offs[j]!, cellSize(old, offs[j]!, LEAF));
    this.#oldPos = idx;
    this.#push(this.#arena, cellOff, cellBytes);
    this.#runCells++;
    this.#emitWhileLong();
  }

  #push(buf: Uint8Array, off: number, size: number): void {
    this.#pending.push(buf, off, size);
    this.#pendingBytes += size + SLOT_SIZE_BYTES;
  }

  #mergeOne(key: Uint8Array, value: Uint8Array, i: number): void {
    const old = this.#old!;
    const offs = this.#oldOffs;
    const list = this.#pending;
    const last = list.length - 1;
    this.#checkAbove(key, list.bufs[last]!, list.offs[last]!, i);
    let c = 1;
    while (this.#oldPos < this.#oldCount) {
      const off = offs[this.#oldPos]!;
      const ks = off + LEAF_CELL_HEADER_SIZE_BYTES;
      c = compareKeyAt(key, old, ks, ks + leafKeyLength(old, off));
      if (c <= 0) break;
      this.#push(old, off, cellSize(old, off, LEAF));
      this.#oldPos++;
    }
    let isNew = true;
    if (this.#oldPos < this.#oldCount && c === 0) {
      const off = offs[this.#oldPos]!;
      if (leafIsOverflow(old, off)) freeOverflowChain(this.#w, leafOverflowPage(old, off), leafValueLength(old, off), this.#oldNo);
      this.#oldPos++;
      this.#oldDropped++;
      isNew = false;
    }
    this.#track(this.#oldPos - this.#inPlaceRun - this.#oldDropped);
    const inline = isInlineValue(this.#g, key.length, value.length);
    const size = inline ? LEAF_CELL_HEADER_SIZE_BYTES + key.length + value.length : LEAF_CELL_HEADER_SIZE_BYTES + key.length + OVERFLOW_REF_SIZE_BYTES;
    const cellOff = this.#materialize(key, value, inline, size);
    this.#push(this.#arena, cellOff, size);
    this.#runCells++;
    if (isNew) this.inserted++;
    this.#emitWhileLong();
  }

  /** Streams leaves out of a long run, keeping STREAM_PENDING_PAGES pages of cells for the tail. */
  #emitWhileLong(): void {
    const sizes = this.#pending.sizes;
    while (this.#pendingBytes > STREAM_PENDING_PAGES * this.#capacity) {
      const limit = this.#sequential ? this.#capacity : this.#fillBytes;
      let e = this.#head;
      let bytes = 0;
      while (bytes + sizes[e]! + SLOT_SIZE_BYTES <= limit) {
        bytes += sizes[e]! + SLOT_SIZE_BYTES;
        e++;
      }
      this.#emit(this.#head, e, bytes);
    }
    if (this.#head >= 1024 && this.#head * 2 >= this.#pending.length) {
      this.#pending.removeRange(0, this.#head);
      this.#head = 0;
    }
  }

  /** The end of the run: the old cells after it, then the last leaves (step 4). */
  #flushMerge(next: Uint8Array | null): void {
    const old = this.#old!;
    const offs = this.#oldOffs;
    for (; this.#oldPos < this.#oldCount; this.#oldPos++) {
      const off = offs[this.#oldPos]!;
      this.#push(old, off, cellSize(old, off, LEAF));
    }
    const list = this.#pending;
    const from = this.#head;
    let sums = prefixSums(list, from, list.length);
    let total = sums[sums.length - 1]!;
    const capacity = this.#capacity;
    let cuts: number[];
    if (this.#pieces === 0 && total <= capacity) {
      cuts = [];
    } else if (this.#sequential) {
      cuts = greedyCuts(sums, capacity);
    } else {
      let k = Math.max(Math.ceil(total / this.#fillBytes), 1);
      // Carry: a right sibling that the batch leaves alone joins the tail when that saves a leaf (B8).
      const sib = this.#rightSibling(next, false);
      if (sib !== null && Math.ceil((total + sib.bytes) / (capacity * CARRY_FILL)) <= k) {
        this.#absorbSibling(sib);
        for (; this.#oldPos < this.#oldCount; this.#oldPos++) this.#push(this.#old!, this.#oldOffs[this.#oldPos]!, cellSize(this.#old!, this.#oldOffs[this.#oldPos]!, LEAF));
        sums = prefixSums(list, from, list.length);
        total = sums[sums.length - 1]!;
        k = Math.max(Math.ceil(total / (capacity * CARRY_FILL)), 1);
      }
      let even = evenCuts(sums, k, capacity);
      while (even === null && k < sums.length - 1) even = evenCuts(sums, ++k, capacity);
      cuts = even ?? greedyCuts(sums, capacity);
    }
    let start = 0;
    for (let q = 0; q <= cuts.length; q++) {
      const end = q < cuts.length ? cuts[q]! : sums.length - 1;
      this.#emit(from + start, from + end, sums[end]! - sums[start]!);
      start = end;
    }
    // Absorbed leaves that the run packed into fewer pages are freed.
    while (this.#supply.length > 0) this.#w.freePage(this.#supply.pop()!);
    this.#merging = false;
    list.clear();
    this.#head = 0;
    this.#pendingBytes = 0;
    this.#arenaTop = this.#arena.length;
  }

  /**
   * The right sibling of the path's leaf under the same parent, as
   * [page, its used bytes for cells and slots], or null (no such sibling, or
   * `next` goes to it while `wantNext` is false, or not while true).
   */
  #rightSibling(next: Uint8Array | null, wantNext: boolean): { no: number; image: Uint8Array; cellCount: number; bytes: number } | null {
    if (this.#level === 0) return null;
    const p = this.#path;
    const plvl = this.#level - 1;
    const parent = p.bufs[plvl]!;
    const pn = nodeCellCount(parent);
    const pos = p.idx[plvl]!;
    if (pos >= pn) return null;
    const nextThere = next !== null && this.#belowSiblingFence(next, plvl, pos + 1);
    if (nextThere !== wantNext) return null;
    const w = this.#w;
    const pageCount = w.pageCount();
    const no = childAt(this.#tree, parent, p.pages[plvl]!, pn, pos + 1, this.#g, pageCount);
    const image = w.getPage(no);
    const cellCount = checkNode(this.#tree, image, no, this.#usable, 0, pageCount);
    return { no, image, cellCount, bytes: nodeUsedBytes(image, this.#usable) - NODE_HEADER_SIZE_BYTES };
  }

  /**
   * Joins the right sibling to the run (step 4): the rest of the current
   * leaf's old cells are pending, the sibling's cells become the old cells
   * still to merge (from a copy: its page is rebuilt), the separator before
   * it leaves the parent (whose pointer leads to the run's current leaf
   * again), its page waits in #supply for a later leaf, and the fence
   * becomes the sibling's.
   */
  #absorbSibling(sib: { no: number; image: Uint8Array; cellCount: number }): void {
    const tree = this.#tree;
    const w = this.#w;
    const g = this.#g;
    const p = this.#path;
    const old = this.#old!;
    const offs = this.#oldOffs;
    for (; this.#oldPos < this.#oldCount; this.#oldPos++) {
      const off = offs[this.#oldPos]!;
      this.#push(old, off, cellSize(old, off, LEAF));
    }
    this.#runOld += this.#oldCount;
    const pageCount = w.pageCount();
    const copy = sib.image.slice(0, this.#usable);
    offs.length = sib.cellCount;
    for (let j = 0; j < sib.cellCount; j++) offs[j] = leafCellChecked(tree, copy, sib.no, j, g, pageCount);
    this.#old = copy;
    this.#oldNo = sib.no;
    this.#oldCount = sib.cellCount;
    this.#oldPos = 0;
    this.#oldDropped = 0;
    this.#inPlaceRun = 0;
    const plvl = this.#level - 1;
    const parentNo = p.pages[plvl]!;
    const parent = w.getWritablePage(parentNo);
    p.bufs[plvl] = parent;
    const pn = nodeCellCount(parent);
    const pos = p.idx[plvl]!;
    const sepOff = interiorCellChecked(tree, parent, parentNo, pos, g, pageCount);
    removeCell(parent, pn, pos, cellSize(parent, sepOff, INTERIOR));
    setChildAt(parent, pn - 1, pos, p.pages[this.#level]!);
    tree.state.restructured();
    this.#supply.push(sib.no);
    this.#copyFence();
  }

  /**
   * Whether the run goes on into the right sibling, which holds `key` (step
   * 4): a dense interleaved run (the batch's cells are at least
   * 1/ABSORB_DENSITY of the old cells merged so far) is merged as one
   * stream across the leaves of a parent, so that its leaves are cut at the
   * fill fraction rather than each leaf split on its own.
   */
  #absorbFor(key: Uint8Array): boolean {
    if (this.#sequential || this.#runCells * ABSORB_DENSITY < this.#runOld + this.#oldPos) return false;
    const sib = this.#rightSibling(key, true);
    if (sib === null) return false;
    this.#absorbSibling(sib);
    return true;
  }

  /** Whether `key` is below the upper fence of child `pos` of the path's node at level `plvl`. */
  #belowSiblingFence(key: Uint8Array, plvl: number, pos: number): boolean {
    const p = this.#path;
    for (let a = plvl; a >= 0; a--) {
      const i = a === plvl ? pos : p.idx[a]!;
      if (i >= nodeCellCount(p.bufs[a]!)) continue;
      return this.#compareCell(key, a, i) < 0;
    }
    return true;
  }

  /** Builds pending cells [from, to) into the next leaf of the run and links it to the parent. */
  #emit(from: number, to: number, bytes: number): void {
    assert(to > from && bytes <= this.#capacity, () => `putSorted: a leaf of cells [${from}, ${to}) and ${bytes} bytes`);
    const w = this.#w;
    let pageNo: number;
    let page: Uint8Array;
    if (this.#pieces === 0) {
      pageNo = this.#leafNo;
      page = w.getWritablePage(pageNo);
    } else if (this.#supply.length > 0) {
      pageNo = this.#supply.pop()!;
      page = w.getWritablePage(pageNo);
    } else {
      ({ pageNo, page } = w.allocatePage());
    }
    buildNode(page, LEAF, 0, 0, this.#pending, from, to, this.#usable);
    checkOrder(this.#tree, page, pageNo);
    if (this.#pieces > 0) this.#link(this.#lastPieceNo, pageNo, page);
    this.#lastPieceNo = pageNo;
    this.#pieces++;
    this.#head = to;
    this.#pendingBytes -= bytes;
  }

  /**
   * The new leaf `rightNo` follows `leftNo`, to which the parent's pointer at
   * the path's position leads: that pointer now leads to `rightNo`, and
   * (separator, leftNo) goes in front of it (balance.ts B2).
   */
  #link(leftNo: number, rightNo: number, right: Uint8Array): void {
    const tree = this.#tree;
    const w = this.#w;
    const p = this.#path;
    const left = w.getPage(leftNo);
    const lOff = slotOffset(left, nodeCellCount(left) - 1);
    const lks = lOff + LEAF_CELL_HEADER_SIZE_BYTES;
    const rOff = slotOffset(right, 0);
    const rks = rOff + LEAF_CELL_HEADER_SIZE_BYTES;
    const rke = rks + leafKeyLength(right, rOff);
    const sep = shortestSeparator(left, lks, lks + leafKeyLength(left, lOff), right, rks, rke, this.#sequential);
    const cell = new Uint8Array(INTERIOR_CELL_HEADER_SIZE_BYTES + sep.length);
    writeInteriorCell(cell, 0, leftNo, sep, 0, sep.length);
    tree.state.restructured();
    const plvl = this.#level - 1;
    const parentNo = p.pages[plvl]!;
    const parent = w.getWritablePage(parentNo);
    p.bufs[plvl] = parent;
    const pn = nodeCellCount(parent);
    const c = p.idx[plvl]!;
    setChildAt(parent, pn, c, rightNo);
    const off = insertCellSpace(tree, parent, parentNo, pn, c, cell.length, this.#usable);
    if (off >= 0) {
      parent.set(cell, off);
      checkOrder(tree, parent, parentNo);
      p.idx[plvl] = c + 1;
      p.pages[this.#level] = rightNo;
      p.bufs[this.#level] = right;
      return;
    }
    insertWithSplit(tree, p, plvl, cell, c, this.#sequential ? 'ascending' : null);
    // The parent split (and maybe its ancestors): find the new leaf again.
    descend(tree, w, this.#g, tree.rootPageNo, 0, -1, right.slice(rks, rke), Edge.Key, p);
    assert(p.pages[p.depth - 1] === rightNo, () => `putSorted: the descent to the new leaf ${rightNo} ended at page ${p.pages[p.depth - 1]}`);
    this.#level = p.depth - 1;
  }
}
