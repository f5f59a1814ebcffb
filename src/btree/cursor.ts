/**
 * A cursor over one B+-tree: seek, first/last, next/prev, within optional
 * bounds (key-range.ts).
 *
 * The cursor keeps the root-to-leaf path of its position (page images and
 * child positions), so `next()` and `prev()` step inside a leaf and climb to
 * the parent only at a leaf's end; there are no sibling pointers to keep up
 * to date.
 *
 * Views and changes
 * - On a read snapshot (or `pager.latest()` used synchronously) pages never
 *   change under the cursor: it sees the snapshot, whatever writers commit.
 * - On a write transaction the tree may change between two cursor calls (a
 *   put or delete through any handle of the same tree in the same
 *   transaction). The cursor remembers its current key; when the tree's
 *   version differs from the one it positioned at (tree-state.ts S1), it
 *   re-finds its place by key: `next()` goes to the first key above the
 *   remembered one, `prev()` to the last key below it, and `key()`,
 *   `value()` and `valid` to the remembered key, or to the first key above it
 *   if that entry was deleted.
 *
 * Copies and views
 * - `key()` and `value()` return copies the caller owns.
 * - `keyView()` and `valueView()` return zero-copy views into the page image
 *   (for the graph layer's hot paths). A view is valid only until the next
 *   cursor move or the next write to the tree, and must never be modified:
 *   the image may be shared with the page cache. An overflow value has no
 *   single image; `valueView()` assembles it into a new buffer.
 */
import { InvalidArgError } from '../base/errors.js';
import type { PageReader } from '../pager/page-store.js';
import { descend, Edge } from './descend.js';
import { withinLower, withinUpper, type Bounds } from './key-range.js';
import {
  childAt,
  LEAF_CELL_HEADER_SIZE_BYTES,
  leafCellChecked,
  leafIsOverflow,
  leafKeyLength,
  leafOverflowPage,
  leafSearch,
  leafValueLength,
  leafValueStart,
  nodeCellCount,
  type NodeGeometry,
  type NodeSite,
} from './node-format.js';
import { readOverflowValue } from './overflow.js';
import { TreePath, type TreeState } from './tree-state.js';

/** What a cursor needs of its tree. */
export interface CursorSource extends NodeSite {
  readonly view: PageReader;
  readonly geo: NodeGeometry;
  readonly rootPageNo: number;
  readonly state: TreeState;
  /** Throws when the tree was dropped. */
  checkLive(): void;
}

export class Cursor {
  readonly #src: CursorSource;
  readonly #bounds: Bounds;
  readonly #path = new TreePath();
  readonly #tracking: boolean;
  #valid = false;
  #version = 0;
  /** Offset of the current cell in the leaf image, validated. */
  #off = 0;
  #savedKey = new Uint8Array(32);
  #savedKeyLength = 0;

  constructor(src: CursorSource, bounds: Bounds) {
    this.#src = src;
    this.#bounds = bounds;
    this.#tracking = typeof (src.view as { getWritablePage?: unknown }).getWritablePage === 'function';
  }

  /** Whether the cursor is on an entry. */
  get valid(): boolean {
    if (this.#valid && this.#stale()) this.#seekKey(this.#saved(), false);
    return this.#valid;
  }

  /** Moves to the first entry in bounds. */
  first(): boolean {
    this.#src.checkLive();
    const b = this.#bounds;
    if (b.empty) return this.#invalidate();
    if (b.lower !== null) return this.#seekKey(b.lower, !b.lowerInclusive);
    const leaf = this.#descendEdge(Edge.First);
    return this.#settleForward(leaf);
  }

  /** Moves to the last entry in bounds. */
  last(): boolean {
    this.#src.checkLive();
    const b = this.#bounds;
    if (b.empty) return this.#invalidate();
    if (b.upper !== null) return this.#seekKeyBackward(b.upper, !b.upperInclusive);
    const leaf = this.#descendEdge(Edge.Last);
    return this.#settleBackward(leaf);
  }

  /** Moves to the first entry in bounds with a key >= `key`. */
  seek(key: Uint8Array): boolean {
    checkBound(key, 'seek key');
    this.#src.checkLive();
    const b = this.#bounds;
    if (b.empty) return this.#invalidate();
    if (b.lower !== null && !withinLower(b, key, 0, key.length)) return this.#seekKey(b.lower, !b.lowerInclusive);
    return this.#seekKey(key, false);
  }

  /** Moves to the entry with exactly `key`; false (and not valid) when there is none in bounds. */
  seekExact(key: Uint8Array): boolean {
    if (!this.seek(key)) return false;
    const leaf = this.#leaf();
    const ks = this.#off + LEAF_CELL_HEADER_SIZE_BYTES;
    const klen = leafKeyLength(leaf, this.#off);
    let same = klen === key.length;
    for (let i = 0; same && i < klen; i++) same = leaf[ks + i] === key[i];
    if (!same) return this.#invalidate();
    return true;
  }

  /** Moves to the last entry in bounds with a key <= `key`. */
  seekAtOrBefore(key: Uint8Array): boolean {
    checkBound(key, 'seek key');
    this.#src.checkLive();
    const b = this.#bounds;
    if (b.empty) return this.#invalidate();
    if (b.upper !== null && !withinUpper(b, key, 0, key.length)) return this.#seekKeyBackward(b.upper, !b.upperInclusive);
    return this.#seekKeyBackward(key, false);
  }

  /** Moves to the next entry; false (and not valid) past the end or the upper bound. */
  next(): boolean {
    if (!this.#valid) return false;
    if (this.#stale()) return this.#seekKey(this.#saved(), true);
    const p = this.#path;
    const d = p.depth - 1;
    const leaf = p.bufs[d]!;
    const i = p.idx[d]! + 1;
    if (i < nodeCellCount(leaf)) {
      p.idx[d] = i;
      return this.#settleForward(leaf);
    }
    return this.#settleForward(this.#nextLeaf());
  }

  /** Moves to the previous entry; false (and not valid) before the start or the lower bound. */
  prev(): boolean {
    if (!this.#valid) return false;
    if (this.#stale()) return this.#seekKeyBackward(this.#saved(), true);
    const p = this.#path;
    const d = p.depth - 1;
    const i = p.idx[d]! - 1;
    if (i >= 0) {
      p.idx[d] = i;
      return this.#settleBackward(p.bufs[d]!);
    }
    return this.#settleBackward(this.#prevLeaf());
  }

  /** A copy of the current key. */
  key(): Uint8Array {
    return this.keyView().slice();
  }

  /** A copy of the current value. */
  value(): Uint8Array {
    const v = this.#valueRef();
    return v.owned ? v.bytes : v.bytes.slice();
  }

  /**
   * The current key as a view into the page image: valid until the next
   * cursor move or write to the tree; never modify it.
   */
  keyView(): Uint8Array {
    const leaf = this.#current();
    const ks = this.#off + LEAF_CELL_HEADER_SIZE_BYTES;
    return leaf.subarray(ks, ks + leafKeyLength(leaf, this.#off));
  }

  /**
   * The current value as a view into the page image (inline values), or a
   * freshly assembled buffer (overflow values): valid until the next cursor
   * move or write to the tree; never modify it.
   */
  valueView(): Uint8Array {
    return this.#valueRef().bytes;
  }

  /** Length in bytes of the current value (without reading an overflow chain). */
  get valueLengthBytes(): number {
    const leaf = this.#current();
    return leafValueLength(leaf, this.#off);
  }

  /**
   * Counts the entries from the current position (included) to the end of
   * the bounds, leaving the cursor not valid. Whole leaves inside the bounds
   * count without looking at their keys.
   */
  countToEnd(): number {
    let count = 0;
    if (!this.valid) return 0;
    const b = this.#bounds;
    const g = this.#src.geo;
    const p = this.#path;
    let leaf: Uint8Array | null = p.bufs[p.depth - 1]!;
    for (let hops = 0; leaf !== null; hops++) {
      const d = p.depth - 1;
      const n = nodeCellCount(leaf);
      const start = p.idx[d]!;
      const lastNo = p.pages[d]!;
      if (n > start) {
        const lastOff = leafCellChecked(this.#src, leaf, lastNo, n - 1, g, this.#src.view.pageCount());
        const ks = lastOff + LEAF_CELL_HEADER_SIZE_BYTES;
        if (b.upper === null || withinUpper(b, leaf, ks, ks + leafKeyLength(leaf, lastOff))) {
          count += n - start;
        } else {
          const r = leafSearch(this.#src, leaf, lastNo, n, b.upper, g.usableSizeBytes);
          const end = r >= 0 ? (b.upperInclusive ? r + 1 : r) : -(r + 1);
          if (end > start) count += end - start;
          break;
        }
      }
      if (hops > this.#src.view.pageCount()) break;
      leaf = this.#nextLeaf();
    }
    this.#invalidate();
    return count;
  }

  // ------------------------------------------------------------ internals

  #invalidate(): false {
    this.#valid = false;
    return false;
  }

  #stale(): boolean {
    if (!this.#tracking) return false;
    const st = this.#src.state;
    if (st.version === this.#version) return false;
    this.#src.checkLive();
    return true;
  }

  #saved(): Uint8Array {
    return this.#savedKey.subarray(0, this.#savedKeyLength);
  }

  #leaf(): Uint8Array {
    return this.#path.bufs[this.#path.depth - 1]!;
  }

  #current(): Uint8Array {
    if (!this.valid) throw new InvalidArgError('the cursor is not on an entry (check `valid`, or move it with first/seek/next)');
    return this.#leaf();
  }

  #valueRef(): { bytes: Uint8Array; owned: boolean } {
    const leaf = this.#current();
    const off = this.#off;
    const v = leafValueLength(leaf, off);
    if (leafIsOverflow(leaf, off)) {
      const p = this.#path;
      return { bytes: readOverflowValue(this.#src.view, leafOverflowPage(leaf, off), v, p.pages[p.depth - 1]!), owned: true };
    }
    const vs = leafValueStart(leaf, off);
    return { bytes: leaf.subarray(vs, vs + v), owned: false };
  }

  #descendEdge(edge: typeof Edge.First | typeof Edge.Last): Uint8Array {
    const s = this.#src;
    return descend(s, s.view, s.geo, s.rootPageNo, 0, -1, null, edge, this.#path);
  }

  /** Positions at the first key >= key (> key when strict); checks the upper bound. */
  #seekKey(key: Uint8Array, strict: boolean): boolean {
    const s = this.#src;
    const p = this.#path;
    const leaf = descend(s, s.view, s.geo, s.rootPageNo, 0, -1, key, Edge.Key, p);
    const d = p.depth - 1;
    const r = p.idx[d]!;
    const i = r >= 0 ? (strict ? r + 1 : r) : -(r + 1);
    p.idx[d] = i;
    if (i >= nodeCellCount(leaf)) return this.#settleForward(this.#nextLeaf());
    return this.#settleForward(leaf);
  }

  /** Positions at the last key <= key (< key when strict); checks the lower bound. */
  #seekKeyBackward(key: Uint8Array, strict: boolean): boolean {
    const s = this.#src;
    const p = this.#path;
    const leaf = descend(s, s.view, s.geo, s.rootPageNo, 0, -1, key, Edge.Key, p);
    const d = p.depth - 1;
    const r = p.idx[d]!;
    const i = r >= 0 ? (strict ? r - 1 : r) : -(r + 1) - 1;
    p.idx[d] = i;
    if (i < 0) return this.#settleBackward(this.#prevLeaf());
    return this.#settleBackward(leaf);
  }

  /**
   * The first leaf after the current one, positioned at its first cell
   * (skipping empty leaves), or null at the end of the tree.
   */
  #nextLeaf(): Uint8Array | null {
    const s = this.#src;
    const p = this.#path;
    const pageCount = s.view.pageCount();
    for (let hops = 0; hops <= pageCount; hops++) {
      let d = p.depth - 2;
      while (d >= 0 && p.idx[d]! >= nodeCellCount(p.bufs[d]!)) d--;
      if (d < 0) return null;
      const parent = p.bufs[d]!;
      const pos = p.idx[d]! + 1;
      p.idx[d] = pos;
      const child = childAt(s, parent, p.pages[d]!, nodeCellCount(parent), pos, s.geo, pageCount);
      const leaf = descend(s, s.view, s.geo, child, d + 1, parent[1]! - 1, null, Edge.First, p);
      if (nodeCellCount(leaf) > 0) return leaf;
    }
    return null;
  }

  /** The last leaf before the current one, positioned at its last cell, or null. */
  #prevLeaf(): Uint8Array | null {
    const s = this.#src;
    const p = this.#path;
    const pageCount = s.view.pageCount();
    for (let hops = 0; hops <= pageCount; hops++) {
      let d = p.depth - 2;
      while (d >= 0 && p.idx[d]! <= 0) d--;
      if (d < 0) return null;
      const parent = p.bufs[d]!;
      const pos = p.idx[d]! - 1;
      p.idx[d] = pos;
      const child = childAt(s, parent, p.pages[d]!, nodeCellCount(parent), pos, s.geo, pageCount);
      const leaf = descend(s, s.view, s.geo, child, d + 1, parent[1]! - 1, null, Edge.Last, p);
      if (nodeCellCount(leaf) > 0) return leaf;
    }
    return null;
  }

  /** After a forward move: validates the cell, checks the upper bound, remembers the key. */
  #settleForward(leaf: Uint8Array | null): boolean {
    if (leaf === null || !this.#settle(leaf)) return this.#invalidate();
    const ks = this.#off + LEAF_CELL_HEADER_SIZE_BYTES;
    if (!withinUpper(this.#bounds, leaf, ks, ks + leafKeyLength(leaf, this.#off))) return this.#invalidate();
    this.#remember(leaf);
    return true;
  }

  /** After a backward move: validates the cell, checks the lower bound, remembers the key. */
  #settleBackward(leaf: Uint8Array | null): boolean {
    if (leaf === null || !this.#settle(leaf)) return this.#invalidate();
    const ks = this.#off + LEAF_CELL_HEADER_SIZE_BYTES;
    if (!withinLower(this.#bounds, leaf, ks, ks + leafKeyLength(leaf, this.#off))) return this.#invalidate();
    this.#remember(leaf);
    return true;
  }

  #settle(leaf: Uint8Array): boolean {
    const p = this.#path;
    const d = p.depth - 1;
    const i = p.idx[d]!;
    if (i < 0 || i >= nodeCellCount(leaf)) return false;
    const s = this.#src;
    this.#off = leafCellChecked(s, leaf, p.pages[d]!, i, s.geo, s.view.pageCount());
    this.#valid = true;
    return true;
  }

  #remember(leaf: Uint8Array): void {
    if (!this.#tracking) return;
    this.#version = this.#src.state.version;
    const ks = this.#off + LEAF_CELL_HEADER_SIZE_BYTES;
    const k = leafKeyLength(leaf, this.#off);
    if (this.#savedKey.length < k) this.#savedKey = new Uint8Array(Math.max(k, this.#savedKey.length * 2));
    const saved = this.#savedKey;
    for (let i = 0; i < k; i++) saved[i] = leaf[ks + i]!;
    this.#savedKeyLength = k;
  }
}

function checkBound(key: unknown, what: string): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array)) {
    throw new InvalidArgError(`${what} must be a Uint8Array, got ${key === null ? 'null' : typeof key === 'object' ? key.constructor?.name ?? 'object' : typeof key}`);
  }
}
