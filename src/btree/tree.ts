/**
 * A B+-tree over pager pages: variable-length byte keys in unsigned byte
 * order, values of any size (small ones inline, large ones in overflow
 * chains), cursors, range counts. The page format is in node-format.ts and
 * overflow.ts; splits and merges in balance.ts; bulk loading in
 * bulk-build.ts; whole-tree checks in verify.ts.
 *
 * A `BTree` is a handle on a view: a write transaction (`PageWriter`, the
 * tree can change) or a read snapshot (`PageReader`, read-only). It is
 * identified by its root page, which never changes during the tree's life.
 * Trees are found by name through page 0's root table (`createNamed`,
 * `openNamed`; 32 slots shared by the whole file), or by root page number
 * for trees that are numerous (`create`, `open`: the caller stores the
 * number, e.g. in another tree).
 *
 *     const txn = await pager.beginWrite();
 *     const t = BTree.createNamed(txn, 'graph.nodes');
 *     t.put(key, value);
 *     await txn.commit();
 *     const snap = pager.beginRead();
 *     BTree.openNamed(snap, 'graph.nodes').get(key); // a copy, or null
 *     snap.release();
 *
 * Ownership: `get`, `Cursor.key()` and `Cursor.value()` return copies. The
 * zero-copy `Cursor.keyView()`/`valueView()` are for hot internal paths
 * (see cursor.ts for how long they stay valid), and so are the callback
 * scans `scan` and `forEachInPrefix` (scan.ts: views valid during the
 * callback only).
 *
 * Batches: `putSorted` inserts entries given in ascending key order in one
 * left-to-right pass (sorted-insert.ts); `bulkBuild` (bulk-build.ts) fills
 * an empty tree.
 *
 * Invariants
 * - The handles and cursors of one tree in one view share a TreeState
 *   (tree-state.ts): every change bumps its version, structural changes its
 *   structure version, which guards the cached path of the last write.
 * - A write first validates its arguments and then changes pages; a key or
 *   value that is rejected leaves the tree untouched.
 * - Bytes from disk are validated as they are read (node-format.ts); a
 *   CORRUPTION error in the middle of a write may leave that transaction's
 *   pages half changed: roll the transaction back.
 */
import { CorruptionError, InvalidArgError, NotFoundError } from '../base/errors.js';
import type { PageReader, PageWriter } from '../pager/page-store.js';
import { balanceLeafOverflow, insertWithSplit, rebalance, type SplitHint, type TreeContext } from './balance.js';
import { Cursor, type CursorSource } from './cursor.js';
import { descend, Edge } from './descend.js';
import { checkKey, checkValue, resolveRange, type KeyRange } from './key-range.js';
import { scanEntries, type EntryVisitor, type KeyAtVisitor } from './scan.js';
import { putSorted, type SortedEntries } from './sorted-insert.js';
import {
  cellSize,
  checkNode,
  childAt,
  compareKeyAt,
  initNode,
  INTERIOR_CELL_HEADER_SIZE_BYTES,
  interiorSearch,
  isInlineValue,
  LEAF,
  LEAF_CELL_HEADER_SIZE_BYTES,
  leafCellChecked,
  leafIsOverflow,
  leafOverflowPage,
  leafSearch,
  leafValueLength,
  leafValueStart,
  insertCellSpace,
  interiorKeyLength,
  nodeCellCount,
  nodeGeometry,
  nodeUsedBytes,
  OVERFLOW_REF_SIZE_BYTES,
  removeCell,
  slotOffset,
  writeLeafCell,
  type NodeGeometry,
} from './node-format.js';
import { freeOverflowChain, readOverflowValue, walkOverflowChain, writeOverflowChain } from './overflow.js';
import { forgetTreeState, treeStateFor, type TreePath, type TreeState } from './tree-state.js';

export function isPageWriter(view: PageReader): view is PageWriter {
  return typeof (view as { getWritablePage?: unknown }).getWritablePage === 'function';
}

/** Options of `entries` and `keys`. */
export interface ScanOptions {
  /** Descending key order. Default false. */
  reverse?: boolean;
  /** At most this many entries. */
  limit?: number;
}

export class BTree implements TreeContext, CursorSource {
  /** The view the tree is read (and, for a write transaction, written) through. */
  readonly view: PageReader;
  readonly rootPageNo: number;
  /** Internal: sizes derived from the page size. */
  readonly geo: NodeGeometry;
  /** Internal: state shared by the handles of this tree in this view. */
  readonly state: TreeState;
  readonly fileName: string;
  readonly #writer: PageWriter | null;
  // Result of #findLeaf (no allocation per lookup).
  #foundPageNo = 0;
  #foundIndex = 0;

  private constructor(view: PageReader, rootPageNo: number) {
    this.view = view;
    this.rootPageNo = rootPageNo;
    this.geo = nodeGeometry(view.usableSizeBytes);
    this.state = treeStateFor(view, rootPageNo);
    this.fileName = view.fileName;
    this.#writer = isPageWriter(view) ? view : null;
  }

  // ------------------------------------------------------------ lifecycle

  /** Creates an empty tree in a new page; the caller keeps `rootPageNo`. */
  static create(writer: PageWriter): BTree {
    const { pageNo, page } = writer.allocatePage();
    initNode(page, LEAF, 0, writer.usableSizeBytes);
    return new BTree(writer, pageNo);
  }

  /** Opens the tree rooted at `rootPageNo` (checks that the page is a tree node). */
  static open(view: PageReader, rootPageNo: number): BTree {
    if (!Number.isInteger(rootPageNo) || rootPageNo < 1) {
      throw new InvalidArgError(`root page must be a positive integer, got ${String(rootPageNo)}`);
    }
    const pageCount = view.pageCount();
    if (rootPageNo >= pageCount) {
      throw new CorruptionError(`${view.fileName}: B+-tree root page ${rootPageNo} is past the end of the database (${pageCount} pages)`, { file: view.fileName, pageNo: rootPageNo });
    }
    checkNode(view, view.getPage(rootPageNo), rootPageNo, view.usableSizeBytes, -1, pageCount);
    return new BTree(view, rootPageNo);
  }

  /** Creates an empty tree registered in page 0 under `name` (INVALID_ARG if the name is taken). */
  static createNamed(writer: PageWriter, name: string): BTree {
    if (writer.getRoot(name) !== null) throw new InvalidArgError(`a tree named ${JSON.stringify(name)} already exists`);
    const tree = BTree.create(writer);
    writer.setRoot(name, tree.rootPageNo);
    return tree;
  }

  /** Opens the tree registered under `name` (NOT_FOUND if there is none). */
  static openNamed(view: PageReader, name: string): BTree {
    const root = view.getRoot(name);
    if (root === null) throw new NotFoundError(`no tree named ${JSON.stringify(name)} in ${view.fileName}`);
    return BTree.open(view, root);
  }

  /** Opens the tree registered under `name`, creating it when missing. */
  static openOrCreateNamed(writer: PageWriter, name: string): BTree {
    const root = writer.getRoot(name);
    return root === null ? BTree.createNamed(writer, name) : BTree.open(writer, root);
  }

  /** Drops the tree registered under `name` (every page freed); false when there is none. */
  static dropNamed(writer: PageWriter, name: string): boolean {
    const root = writer.getRoot(name);
    if (root === null) return false;
    BTree.open(writer, root).drop();
    writer.deleteRoot(name);
    return true;
  }

  /** Frees every page of the tree, its root included. The handle is unusable afterwards. */
  drop(): void {
    const w = this.writer;
    this.checkLive();
    const { nodes, chains } = this.#collectPages();
    for (const [first, length, owner] of chains) freeOverflowChain(w, first, length, owner);
    for (const p of nodes) w.freePage(p);
    forgetTreeState(w, this.rootPageNo);
  }

  /** Removes every entry: frees every page but the root, which becomes an empty leaf. */
  clear(): void {
    const w = this.writer;
    this.checkLive();
    const { nodes, chains } = this.#collectPages();
    for (const [first, length, owner] of chains) freeOverflowChain(w, first, length, owner);
    for (const p of nodes) if (p !== this.rootPageNo) w.freePage(p);
    initNode(w.getWritablePage(this.rootPageNo), LEAF, 0, this.geo.usableSizeBytes);
    this.state.restructured();
  }

  /** The write transaction, or INVALID_ARG for a tree opened on a read snapshot. */
  get writer(): PageWriter {
    if (this.#writer === null) throw new InvalidArgError(`the tree rooted at page ${this.rootPageNo} was opened on a read-only view; open it on a write transaction to change it`);
    return this.#writer;
  }

  get readOnly(): boolean {
    return this.#writer === null;
  }

  /** Throws when the tree was dropped through this view. */
  checkLive(): void {
    if (this.state.dropped) throw new InvalidArgError(`the tree rooted at page ${this.rootPageNo} was dropped`);
  }

  // ---------------------------------------------------------------- reads

  /** A copy of the value under `key`, or null. */
  get(key: Uint8Array): Uint8Array | null {
    checkKey(this.geo, key);
    this.checkLive();
    const leaf = this.#findLeaf(key);
    const i = this.#foundIndex;
    if (i < 0) return null;
    const leafNo = this.#foundPageNo;
    const off = leafCellChecked(this, leaf, leafNo, i, this.geo, this.view.pageCount());
    const v = leafValueLength(leaf, off);
    if (leafIsOverflow(leaf, off)) return readOverflowValue(this.view, leafOverflowPage(leaf, off), v, leafNo);
    const vs = leafValueStart(leaf, off);
    return leaf.slice(vs, vs + v);
  }

  /** Whether `key` is present. */
  has(key: Uint8Array): boolean {
    checkKey(this.geo, key);
    this.checkLive();
    this.#findLeaf(key);
    return this.#foundIndex >= 0;
  }

  /** A cursor over the entries in `range` (all entries by default); it starts not positioned. */
  cursor(range?: KeyRange): Cursor {
    this.checkLive();
    return new Cursor(this, resolveRange(range));
  }

  /** The entries in `range` as [key, value] copies, in key order (or reverse). */
  *entries(range?: KeyRange, options: ScanOptions = {}): Generator<[Uint8Array, Uint8Array]> {
    const { reverse, limit } = checkScanOptions(options);
    const c = this.cursor(range);
    let ok = reverse ? c.last() : c.first();
    for (let n = 0; ok && n < limit; n++) {
      yield [c.key(), c.value()];
      ok = reverse ? c.prev() : c.next();
    }
  }

  /** The keys in `range` as copies, in key order (or reverse). */
  *keys(range?: KeyRange, options: ScanOptions = {}): Generator<Uint8Array> {
    const { reverse, limit } = checkScanOptions(options);
    const c = this.cursor(range);
    let ok = reverse ? c.last() : c.first();
    for (let n = 0; ok && n < limit; n++) {
      yield c.key();
      ok = reverse ? c.prev() : c.next();
    }
  }

  /**
   * Number of entries in `range`. Costs one descent plus one step per leaf
   * in the range (whole leaves are counted without reading their keys).
   */
  count(range?: KeyRange): number {
    const c = this.cursor(range);
    return c.first() ? c.countToEnd() : 0;
  }

  /**
   * Calls `visit(keyView, valueView)` for each entry in `range` (all entries
   * by default), in ascending key order, until it returns false. One descent
   * and no cursor: for short scans on hot paths. The views are valid during
   * the callback only and must not be modified; the bound arrays are read
   * during the scan, not copied. The visitor must not write to this tree
   * (INVALID_ARG when it did). Returns the number of entries visited.
   */
  scan(range: KeyRange | undefined, visit: EntryVisitor): number {
    this.checkLive();
    checkVisitor(visit);
    if (range === undefined) return scanEntries(this, null, false, null, false, null, visit);
    if (range === null || typeof range !== 'object') throw new InvalidArgError('range must be an object with gte/gt/lte/lt/prefix');
    for (const k in range) {
      if (k !== 'gte' && k !== 'gt' && k !== 'lte' && k !== 'lt' && k !== 'prefix') throw new InvalidArgError(`range has an unknown field ${JSON.stringify(k)}; known: gte, gt, lte, lt, prefix`);
    }
    const { gte, gt, lte, lt, prefix } = range;
    checkBoundArg(gte, 'gte');
    checkBoundArg(gt, 'gt');
    checkBoundArg(lte, 'lte');
    checkBoundArg(lt, 'lt');
    checkBoundArg(prefix, 'prefix');
    if (gte !== undefined && gt !== undefined) throw new InvalidArgError('range has both gte and gt; give at most one lower bound');
    if (lte !== undefined && lt !== undefined) throw new InvalidArgError('range has both lte and lt; give at most one upper bound');
    let lower = gte ?? gt ?? null;
    let lowerStrict = gt !== undefined;
    if (prefix !== undefined && (lower === null || compareKeyAt(lower, prefix, 0, prefix.length) < 0)) {
      lower = prefix;
      lowerStrict = false;
    }
    return scanEntries(this, lower, lowerStrict, lte ?? lt ?? null, lte !== undefined, prefix ?? null, visit);
  }

  /** `scan({ prefix }, visit)`: the entries whose keys start with `prefix`, in ascending order. */
  forEachInPrefix(prefix: Uint8Array, visit: EntryVisitor): number {
    this.checkLive();
    checkBoundArg(prefix, 'prefix');
    checkVisitor(visit);
    return scanEntries(this, prefix, false, null, false, prefix, visit);
  }

  /**
   * The keys that start with `prefix`, in ascending order, as offsets into
   * their page image (`visit(page, keyStart, keyEnd)`, valid during the call
   * only): for scans that decode only keys and should allocate nothing per
   * entry. Same rules as `forEachInPrefix`. Returns the number of keys visited.
   */
  forEachKeyInPrefix(prefix: Uint8Array, visit: KeyAtVisitor): number {
    this.checkLive();
    checkBoundArg(prefix, 'prefix');
    checkVisitor(visit);
    return scanEntries(this, prefix, false, null, false, prefix, null, visit);
  }

  /** Whether the tree holds no entry. */
  isEmpty(): boolean {
    this.checkLive();
    const root = this.view.getPage(this.rootPageNo);
    return root[0] === LEAF && nodeCellCount(root) === 0;
  }

  /** Levels from the root to the leaves (1 for a tree that is a single leaf). */
  depth(): number {
    this.checkLive();
    const root = this.view.getPage(this.rootPageNo);
    checkNode(this, root, this.rootPageNo, this.geo.usableSizeBytes, -1, this.view.pageCount());
    return root[1]! + 1;
  }

  // --------------------------------------------------------------- writes

  /**
   * Inserts or replaces the value under `key`. Returns true when the key was
   * new. Keys are limited to `maxKeyBytes` (node-format.ts), values to
   * VALUE_MAX_BYTES; larger ones are INVALID_ARG and change nothing.
   */
  put(key: Uint8Array, value: Uint8Array): boolean {
    checkKey(this.geo, key);
    checkValue(value);
    const w = this.writer;
    this.checkLive();
    const g = this.geo;
    const path = this.#locate(key);
    const lvl = path.depth - 1;
    const leafNo = path.pages[lvl]!;
    const r = path.idx[lvl]!;
    const inline = isInlineValue(g, key.length, value.length);
    if (r >= 0) {
      const before = path.bufs[lvl]!;
      const off = leafCellChecked(this, before, leafNo, r, g, w.pageCount());
      const oldLength = leafValueLength(before, off);
      const oldOverflow = leafIsOverflow(before, off);
      const page = w.getWritablePage(leafNo);
      if (inline && !oldOverflow && oldLength === value.length) {
        page.set(value, leafValueStart(page, off));
        this.state.touched();
        return false;
      }
      if (oldOverflow) freeOverflowChain(w, leafOverflowPage(page, off), oldLength, leafNo);
      const n = nodeCellCount(page);
      removeCell(page, n, r, cellSize(page, off, LEAF));
      this.state.touched();
      const split = this.#insertLeafCell(path, lvl, page, leafNo, n - 1, r, key, value, inline, false);
      if (!split && lvl > 0 && nodeUsedBytes(page, g.usableSizeBytes) < g.underflowBytes) rebalance(this, path, lvl);
      return false;
    }
    const page = w.getWritablePage(leafNo);
    this.#insertLeafCell(path, lvl, page, leafNo, nodeCellCount(page), -(r + 1), key, value, inline, true);
    return true;
  }

  /**
   * Inserts or replaces a batch of entries given in strictly ascending key
   * order, in one left-to-right pass (sorted-insert.ts); returns how many
   * keys were new. `entries.keyAt(i)` / `valueAt(i)` may reuse their buffers
   * (each entry is copied before the next is asked for), are read twice in
   * index order (validation, then insertion) and must give the same bytes
   * both times; without `valueAt` every value is empty. A key out of order,
   * too long, or a bad value is INVALID_ARG and changes nothing. Cursors of
   * the transaction re-find their place afterwards.
   */
  putSorted(entries: SortedEntries): number {
    return putSorted(this, entries);
  }

  /** Removes `key`; returns whether it was present. */
  delete(key: Uint8Array): boolean {
    checkKey(this.geo, key);
    const w = this.writer;
    this.checkLive();
    const g = this.geo;
    const path = this.#locate(key);
    const lvl = path.depth - 1;
    const r = path.idx[lvl]!;
    if (r < 0) return false;
    const leafNo = path.pages[lvl]!;
    const off = leafCellChecked(this, path.bufs[lvl]!, leafNo, r, g, w.pageCount());
    const page = w.getWritablePage(leafNo);
    if (leafIsOverflow(page, off)) freeOverflowChain(w, leafOverflowPage(page, off), leafValueLength(page, off), leafNo);
    removeCell(page, nodeCellCount(page), r, cellSize(page, off, LEAF));
    this.state.touched();
    if (lvl > 0 && nodeUsedBytes(page, g.usableSizeBytes) < g.underflowBytes) rebalance(this, path, lvl);
    return true;
  }

  // ------------------------------------------------------------ internals

  /**
   * Writes a new leaf cell at slot `idx` of the (writable) leaf, splitting
   * when it does not fit. Returns whether a split happened.
   */
  #insertLeafCell(path: TreePath, lvl: number, page: Uint8Array, leafNo: number, n: number, idx: number, key: Uint8Array, value: Uint8Array, inline: boolean, isNew: boolean): boolean {
    const w = this.writer;
    const size = inline
      ? LEAF_CELL_HEADER_SIZE_BYTES + key.length + value.length
      : LEAF_CELL_HEADER_SIZE_BYTES + key.length + OVERFLOW_REF_SIZE_BYTES;
    const first = inline ? 0 : writeOverflowChain(w, value);
    const st = this.state;
    const off = insertCellSpace(this, page, leafNo, n, idx, size, this.geo.usableSizeBytes);
    if (off >= 0) {
      writeLeafCell(page, off, key, value, first);
      st.touched();
      if (isNew) {
        st.lastInsertPageNo = leafNo;
        st.lastInsertIndex = idx;
      }
      return false;
    }
    const cell = new Uint8Array(size);
    writeLeafCell(cell, 0, key, value, first);
    const hint = isNew ? this.#runDirection(path, lvl, leafNo, n, idx) : null;
    const landing = (hint === null ? balanceLeafOverflow(this, path, lvl, cell, idx) : null) ?? insertWithSplit(this, path, lvl, cell, idx, hint);
    st.lastInsertPageNo = isNew ? landing.pageNo : 0;
    st.lastInsertIndex = isNew ? landing.index : -1;
    return true;
  }

  /**
   * Sequential-insert detection for the split point (balance.ts B4).
   * Ascending: the previous insert was the slot before this one in this
   * leaf, or the last slot of the previous leaf (a run crossing a
   * separator), or this is the right end of the rightmost leaf. Descending:
   * the previous insert was this very slot, or the first slot of the next
   * leaf, or this is the left end of the leftmost leaf.
   */
  #runDirection(path: TreePath, lvl: number, leafNo: number, n: number, idx: number): SplitHint {
    const st = this.state;
    if (st.lastInsertPageNo === leafNo) {
      if (idx === st.lastInsertIndex + 1) return 'ascending';
      if (idx === st.lastInsertIndex) return 'descending';
    }
    if (lvl > 0 && st.lastInsertPageNo !== 0) {
      const parent = path.bufs[lvl - 1]!;
      const parentNo = path.pages[lvl - 1]!;
      const c = path.idx[lvl - 1]!;
      const pn = nodeCellCount(parent);
      const pageCount = this.view.pageCount();
      if (idx === n && c < pn && st.lastInsertIndex === 0 && childAt(this, parent, parentNo, pn, c + 1, this.geo, pageCount) === st.lastInsertPageNo) return 'descending';
      if (idx === 0 && c > 0 && childAt(this, parent, parentNo, pn, c - 1, this.geo, pageCount) === st.lastInsertPageNo) {
        if (st.lastInsertIndex === nodeCellCount(this.view.getPage(st.lastInsertPageNo)) - 1) return 'ascending';
      }
    }
    if (idx === n) {
      let rightmost = true;
      for (let d = 0; d < lvl && rightmost; d++) rightmost = path.idx[d] === nodeCellCount(path.bufs[d]!);
      if (rightmost) return 'ascending';
    }
    if (idx === 0) {
      let leftmost = true;
      for (let d = 0; d < lvl && leftmost; d++) leftmost = path.idx[d] === 0;
      if (leftmost) return 'descending';
    }
    return null;
  }

  /**
   * The path to the leaf for `key` in the shared state. Reuses the cached
   * path of the previous write when the structure is unchanged and the key
   * lies within that leaf's fences (sequential and clustered writes skip the
   * descent); otherwise descends from the root.
   */
  #locate(key: Uint8Array): TreePath {
    const st = this.state;
    const path = st.path;
    const g = this.geo;
    if (st.pathStructureVersion === st.structureVersion && path.depth > 0 && (st.fenceMisses < 4 || (st.fenceMisses & 15) === 0)) {
      if (!this.#withinFences(path, key)) {
        st.fenceMisses++;
        return this.#descendTo(key);
      }
      st.fenceMisses = 0;
      const lvl = path.depth - 1;
      const leafNo = path.pages[lvl]!;
      const page = this.view.getPage(leafNo);
      const n = checkNode(this, page, leafNo, g.usableSizeBytes, lvl === 0 ? -1 : 0, this.view.pageCount());
      path.bufs[lvl] = page;
      path.idx[lvl] = leafSearch(this, page, leafNo, n, key, g.usableSizeBytes);
      return path;
    }
    if (st.fenceMisses >= 4) st.fenceMisses++;
    return this.#descendTo(key);
  }

  #descendTo(key: Uint8Array): TreePath {
    const st = this.state;
    descend(this, this.view, this.geo, this.rootPageNo, 0, -1, key, Edge.Key, st.path);
    st.pathStructureVersion = st.structureVersion;
    return st.path;
  }

  /** Whether `key` lies within the fences of the cached path's leaf (T1). */
  #withinFences(path: TreePath, key: Uint8Array): boolean {
    const lvl = path.depth - 1;
    for (let d = lvl - 1; d >= 0; d--) {
      const i = path.idx[d]!;
      if (i > 0) {
        const page = path.bufs[d]!;
        const off = slotOffset(page, i - 1);
        const ks = off + INTERIOR_CELL_HEADER_SIZE_BYTES;
        if (compareKeyAt(key, page, ks, ks + interiorKeyLength(page, off)) < 0) return false;
        break;
      }
    }
    for (let d = lvl - 1; d >= 0; d--) {
      const page = path.bufs[d]!;
      const i = path.idx[d]!;
      if (i < nodeCellCount(page)) {
        const off = slotOffset(page, i);
        const ks = off + INTERIOR_CELL_HEADER_SIZE_BYTES;
        if (compareKeyAt(key, page, ks, ks + interiorKeyLength(page, off)) >= 0) return false;
        break;
      }
    }
    return true;
  }

  /**
   * Finds the leaf for `key`: returns its image and sets #foundPageNo and
   * #foundIndex (leafSearch result). A write transaction goes through the
   * cached path; a snapshot descends in a tight loop.
   */
  #findLeaf(key: Uint8Array): Uint8Array {
    if (this.#writer !== null) {
      const path = this.#locate(key);
      const lvl = path.depth - 1;
      this.#foundPageNo = path.pages[lvl]!;
      this.#foundIndex = path.idx[lvl]!;
      return path.bufs[lvl]!;
    }
    const view = this.view;
    const g = this.geo;
    const usable = g.usableSizeBytes;
    const pageCount = view.pageCount();
    let pageNo = this.rootPageNo;
    let expect = -1;
    for (;;) {
      const page = view.getPage(pageNo);
      const n = checkNode(this, page, pageNo, usable, expect, pageCount);
      if (page[0] === LEAF) {
        this.#foundPageNo = pageNo;
        this.#foundIndex = leafSearch(this, page, pageNo, n, key, usable);
        return page;
      }
      const pos = interiorSearch(this, page, pageNo, n, key, usable);
      pageNo = childAt(this, page, pageNo, n, pos, g, pageCount);
      expect = page[1]! - 1;
    }
  }

  /**
   * Every node page of the tree and every overflow chain, validated (node
   * headers, cells, chains) before anything is freed. Iterative; a page
   * reached twice is CORRUPTION (T4).
   */
  #collectPages(): { nodes: number[]; chains: Array<[number, number, number]> } {
    const view = this.view;
    const g = this.geo;
    const usable = g.usableSizeBytes;
    const pageCount = view.pageCount();
    const nodes: number[] = [];
    const chains: Array<[number, number, number]> = [];
    const seen = new Set<number>();
    const stack: Array<[number, number]> = [[this.rootPageNo, -1]];
    while (stack.length > 0) {
      const [pageNo, expect] = stack.pop()!;
      if (seen.has(pageNo)) throw new CorruptionError(`${this.fileName}: T4: page ${pageNo} is reached twice in the tree rooted at page ${this.rootPageNo}`, { file: this.fileName, pageNo });
      seen.add(pageNo);
      nodes.push(pageNo);
      const page = view.getPage(pageNo);
      const n = checkNode(this, page, pageNo, usable, expect, pageCount);
      if (page[0] === LEAF) {
        for (let i = 0; i < n; i++) {
          const off = leafCellChecked(this, page, pageNo, i, g, pageCount);
          if (!leafIsOverflow(page, off)) continue;
          const length = leafValueLength(page, off);
          const first = leafOverflowPage(page, off);
          walkOverflowChain(view, first, length, pageNo, (p) => {
            if (seen.has(p)) throw new CorruptionError(`${this.fileName}: T4: overflow page ${p} is reached twice in the tree rooted at page ${this.rootPageNo}`, { file: this.fileName, pageNo: p });
            seen.add(p);
          });
          chains.push([first, length, pageNo]);
        }
        continue;
      }
      for (let i = 0; i <= n; i++) stack.push([childAt(this, page, pageNo, n, i, g, pageCount), page[1]! - 1]);
    }
    return { nodes, chains };
  }
}

function checkVisitor(visit: unknown): void {
  if (typeof visit !== 'function') throw new InvalidArgError(`the visitor must be a function, got ${visit === null ? 'null' : typeof visit}`);
}

function checkBoundArg(v: unknown, name: string): asserts v is Uint8Array | undefined {
  if (v !== undefined && !(v instanceof Uint8Array)) {
    throw new InvalidArgError(`range.${name} must be a Uint8Array, got ${v === null ? 'null' : typeof v === 'object' ? v.constructor?.name ?? 'object' : typeof v}`);
  }
}

function checkScanOptions(options: ScanOptions): { reverse: boolean; limit: number } {
  if (options === null || typeof options !== 'object') throw new InvalidArgError('scan options must be an object');
  const { reverse, limit } = options;
  if (reverse !== undefined && typeof reverse !== 'boolean') throw new InvalidArgError(`option "reverse" must be true or false, got ${String(reverse)}`);
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)) {
    throw new InvalidArgError(`option "limit" must be a non-negative integer, got ${String(limit)}`);
  }
  return { reverse: reverse === true, limit: limit ?? Infinity };
}
