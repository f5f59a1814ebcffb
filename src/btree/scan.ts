/**
 * Callback scans (`BTree.scan`, `BTree.forEachInPrefix`): the short range
 * and prefix scans of hot paths (the neighbours of a node, one index value)
 * without a `Cursor`, a `TreePath` or a resolved copy of the bounds.
 *
 * Algorithm
 *  1. One descent from the root to the leaf holding the lower bound (the
 *     larger of the range's lower bound and its prefix), remembering where
 *     the upper fence of that leaf is: the separator to the right of the
 *     child taken at the lowest level that has one (a page offset, nothing
 *     copied).
 *  2. The leaf's cells from the bound's slot on are visited in order while
 *     they are within the upper bound and start with the prefix (compared in
 *     place: no prefix successor is made); the first key outside ends the
 *     scan, and so does the visitor returning false.
 *  3. At the end of a leaf with a fence, the scan descends again to the
 *     fence key (every key of the next leaf is >= it, and every key of this
 *     leaf below it); without a fence the leaf was the last one. A one-leaf
 *     scan allocates nothing but the views it hands out.
 *
 * Key offsets (`visitKeyAt`, `BTree.forEachKeyInPrefix`): the visitor gets the
 * page image and the key's [start, end) in it instead of views, so a scan that
 * only decodes keys (adjacency lists: every field is in the key) allocates
 * nothing per entry. The image is valid during the callback only.
 *
 * Views: the key is a view into the page image; the value too when it is
 * inline (an empty value is one shared empty array), or a new buffer when it
 * is in an overflow chain. They are valid during the callback only and must
 * never be modified (images may be shared with the page cache).
 *
 * The visitor must not change the tree it scans: in a write transaction a
 * change made during the callback (through any handle of the tree) is
 * INVALID_ARG when the callback returns (tree-state.ts S1), as the leaf
 * image being walked may no longer describe the tree.
 */
import { CorruptionError, InvalidArgError } from '../base/errors.js';
import type { CursorSource } from './cursor.js';
import {
  checkNode,
  compareKeyAt,
  INTERIOR_CELL_HEADER_SIZE_BYTES,
  interiorCellChecked,
  interiorChild,
  interiorKeyLength,
  interiorSearch,
  LEAF,
  LEAF_CELL_HEADER_SIZE_BYTES,
  LEAF_LOCAL_OVERFLOW,
  leafCellChecked,
  leafKeyLength,
  leafOverflowPage,
  leafSearch,
  leafValueLength,
  nodeRightChild,
} from './node-format.js';
import { readOverflowValue } from './overflow.js';

/**
 * Called with each entry of a scan: views valid during the call only. Return
 * false to stop (anything else goes on).
 */
export type EntryVisitor = (key: Uint8Array, value: Uint8Array) => boolean | void;

/**
 * Called with each key of a key scan: the page image and the key's
 * [start, end) in it, valid during the call only, never to be modified.
 * Return false to stop.
 */
export type KeyAtVisitor = (page: Uint8Array, keyStart: number, keyEnd: number) => boolean | void;

const EMPTY_VALUE = new Uint8Array(0);

/**
 * Visits the entries with keys in [lower, upper] (each bound null when open,
 * `lowerStrict` / `!upperInclusive` excluding it) that start with `prefix`
 * (null: any), in ascending order. The caller has checked the arguments and
 * made `lower` at least `prefix`. With `visitKeyAt`, that visitor gets each
 * key's offsets instead and `visit` is not called (values are not read).
 * Returns the number of entries visited.
 */
export function scanEntries(
  src: CursorSource,
  lower: Uint8Array | null,
  lowerStrict: boolean,
  upper: Uint8Array | null,
  upperInclusive: boolean,
  prefix: Uint8Array | null,
  visit: EntryVisitor | null,
  visitKeyAt: KeyAtVisitor | null = null,
): number {
  const view = src.view;
  const g = src.geo;
  const usable = g.usableSizeBytes;
  const pageCount = view.pageCount();
  const state = src.state;
  const version = state.version;
  const prefixLength = prefix === null ? 0 : prefix.length;
  let seek = lower;
  let strict = lowerStrict;
  let count = 0;
  for (let hops = 0; ; hops++) {
    // Step 1: descend to the leaf of `seek`, noting the fence.
    let pageNo = src.rootPageNo;
    let expect = -1;
    let fencePage: Uint8Array | null = null;
    let fenceOff = 0;
    let page: Uint8Array;
    let n: number;
    for (;;) {
      page = view.getPage(pageNo);
      n = checkNode(src, page, pageNo, usable, expect, pageCount);
      if (page[0] === LEAF) break;
      const pos = seek === null ? 0 : interiorSearch(src, page, pageNo, n, seek, usable);
      if (pos < n) {
        const off = interiorCellChecked(src, page, pageNo, pos, g, pageCount);
        fencePage = page;
        fenceOff = off;
        pageNo = interiorChild(page, off);
      } else {
        pageNo = nodeRightChild(page);
      }
      expect = page[1]! - 1;
    }
    // Step 2: the cells of the leaf, from the seek position.
    let i = 0;
    if (seek !== null) {
      const r = leafSearch(src, page, pageNo, n, seek, usable);
      i = r >= 0 ? (strict ? r + 1 : r) : -(r + 1);
    }
    for (; i < n; i++) {
      const off = leafCellChecked(src, page, pageNo, i, g, pageCount);
      const ks = off + LEAF_CELL_HEADER_SIZE_BYTES;
      const kl = leafKeyLength(page, off);
      const ke = ks + kl;
      if (upper !== null) {
        const c = compareKeyAt(upper, page, ks, ke);
        if (upperInclusive ? c < 0 : c <= 0) return count;
      }
      if (prefix !== null) {
        if (kl < prefixLength) return count;
        for (let b = 0; b < prefixLength; b++) if (page[ks + b] !== prefix[b]) return count;
      }
      count++;
      let more: boolean | void;
      if (visitKeyAt !== null) {
        more = visitKeyAt(page, ks, ke);
      } else {
        const local = (page[off + 2]! << 8) | page[off + 3]!;
        const value = local === 0
          ? EMPTY_VALUE
          : local === LEAF_LOCAL_OVERFLOW
            ? readOverflowValue(view, leafOverflowPage(page, off), leafValueLength(page, off), pageNo)
            : page.subarray(ke, ke + local);
        more = visit!(page.subarray(ks, ke), value);
      }
      if (state.version !== version) {
        throw new InvalidArgError(`the tree rooted at page ${src.rootPageNo} changed during a scan of it; a scan's visitor must not write to the tree it scans`);
      }
      if (more === false) return count;
    }
    // Step 3: the next leaf starts at the fence.
    if (fencePage === null) return count;
    if (hops >= pageCount) {
      throw new CorruptionError(`${src.fileName}: a scan of the tree rooted at page ${src.rootPageNo} stepped through more leaves than the file has pages (separators out of order, T1)`, { file: src.fileName, pageNo });
    }
    const fs = fenceOff + INTERIOR_CELL_HEADER_SIZE_BYTES;
    seek = fencePage.subarray(fs, fs + interiorKeyLength(fencePage, fenceOff));
    strict = false;
  }
}
