/**
 * Bulk build: fills an empty tree from entries in strictly ascending key
 * order, bottom-up, writing every page once and packing pages up to a fill
 * fraction (imports and index rebuilds).
 *
 * Algorithm
 *  1. Leaves are filled left to right: a cell goes into the current leaf
 *     while header + slots + cells stay within `fillFraction` of the usable
 *     size (a leaf always takes at least one cell). The first leaf is kept in
 *     a buffer until a second one is needed, so a tree that fits one leaf is
 *     written straight into the root page.
 *  2. The separator between two neighbouring leaves is the shortest key
 *     above the left one's last key and not above the right one's first
 *     (balance.ts B3).
 *  3. Each interior level is planned from the list of its children: groups
 *     are filled greedily to the fill fraction, and a last group left with a
 *     single child takes one from its neighbour (or joins it), so every
 *     interior node has at least two children (T3). The level that plans to
 *     a single node is written into the root page; the root never moves.
 *  4. Nothing of the input is trusted: keys, values and their order are
 *     checked as they arrive. On any error (bad input, or the iterator
 *     throwing) every page written so far is freed and the tree is left
 *     empty, as it was.
 */
import { assert } from '../base/assert.js';
import { InvalidArgError } from '../base/errors.js';
import { writeU16 } from '../base/bytes.js';
import { checkKey, checkValue } from './key-range.js';
import {
  compareKeyAt,
  initNode,
  INTERIOR,
  INTERIOR_CELL_HEADER_SIZE_BYTES,
  LEAF,
  LEAF_CELL_HEADER_SIZE_BYTES,
  leafCellSizeFor,
  isInlineValue,
  NODE_CELL_COUNT_OFFSET,
  NODE_CONTENT_START_OFFSET,
  NODE_HEADER_SIZE_BYTES,
  SLOT_SIZE_BYTES,
  setNodeRightChild,
  shortestSeparator,
  writeInteriorCell,
  writeLeafCell,
} from './node-format.js';
import { freeOverflowChain, writeOverflowChain } from './overflow.js';
import type { BTree } from './tree.js';

export interface BulkBuildOptions {
  /**
   * How full each page is packed, in [0.5, 1]. Default 1: pages as full as
   * whole cells allow (like SQLite's CREATE INDEX); lower leaves room for
   * later inserts without splits.
   */
  fillFraction?: number;
}

/** Fills the empty `tree` from `entries` (strictly ascending keys); returns the number of entries. */
export function bulkBuild(tree: BTree, entries: Iterable<readonly [Uint8Array, Uint8Array]>, options: BulkBuildOptions = {}): number {
  const w = tree.writer;
  tree.checkLive();
  if (options === null || typeof options !== 'object') throw new InvalidArgError('bulk build options must be an object');
  const fill = options.fillFraction ?? 1;
  if (typeof fill !== 'number' || !(fill >= 0.5 && fill <= 1)) throw new InvalidArgError(`option "fillFraction" must be a number in [0.5, 1], got ${String(fill)}`);
  if (entries === null || typeof entries !== 'object' || typeof (entries as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function') {
    throw new InvalidArgError('bulk build entries must be an iterable of [key, value] pairs');
  }
  if (!tree.isEmpty()) throw new InvalidArgError(`bulk build needs an empty tree; the tree rooted at page ${tree.rootPageNo} has entries`);

  const g = tree.geo;
  const usable = g.usableSizeBytes;
  const target = Math.floor(usable * fill);
  const allocated: number[] = [];
  const chains: Array<[number, number]> = [];
  const children: number[] = [];
  const seps: Uint8Array[] = [new Uint8Array(0)];

  let cur: Uint8Array = new Uint8Array(w.pageSizeBytes);
  let curNo = 0; // 0: the deferred first leaf, not yet allocated
  let n = 0;
  let contentStart = usable;
  initNode(cur, LEAF, 0, usable);
  let prevBuf: Uint8Array = cur;
  let prevStart = 0;
  let prevLength = 0;
  let count = 0;

  const finishLeaf = (): void => {
    writeU16(cur, NODE_CELL_COUNT_OFFSET, n);
    writeU16(cur, NODE_CONTENT_START_OFFSET, contentStart);
  };

  try {
    for (const entry of entries) {
      if (entry === null || typeof entry !== 'object') throw new InvalidArgError(`bulk build entry #${count} must be a [key, value] pair`);
      const key: unknown = entry[0];
      const value: unknown = entry[1];
      checkKey(g, key, `bulk build entry #${count} key`);
      checkValue(value, `bulk build entry #${count} value`);
      if (count > 0 && compareKeyAt(key, prevBuf, prevStart, prevStart + prevLength) <= 0) {
        throw new InvalidArgError(`bulk build entries must be in strictly ascending key order: entry #${count} is not above entry #${count - 1}`);
      }
      const size = leafCellSizeFor(g, key.length, value.length);
      const used = NODE_HEADER_SIZE_BYTES + (n + 1) * SLOT_SIZE_BYTES + (usable - contentStart) + size;
      if (n > 0 && used > target) {
        finishLeaf();
        if (curNo === 0) {
          const first = w.allocatePage();
          allocated.push(first.pageNo);
          first.page.set(cur.subarray(0, usable));
          curNo = first.pageNo;
        }
        children.push(curNo);
        const next = w.allocatePage();
        allocated.push(next.pageNo);
        seps.push(shortestSeparator(prevBuf, prevStart, prevStart + prevLength, key, 0, key.length));
        cur = next.page;
        curNo = next.pageNo;
        initNode(cur, LEAF, 0, usable);
        n = 0;
        contentStart = usable;
      }
      const inline = isInlineValue(g, key.length, value.length);
      let firstOverflow = 0;
      if (!inline) {
        firstOverflow = writeOverflowChain(w, value);
        chains.push([firstOverflow, value.length]);
      }
      contentStart -= size;
      writeLeafCell(cur, contentStart, key, value, firstOverflow);
      writeU16(cur, NODE_HEADER_SIZE_BYTES + n * SLOT_SIZE_BYTES, contentStart);
      n++;
      prevBuf = cur;
      prevStart = contentStart + LEAF_CELL_HEADER_SIZE_BYTES;
      prevLength = key.length;
      count++;
    }
  } catch (err) {
    for (const [first, length] of chains) freeOverflowChain(w, first, length, tree.rootPageNo);
    for (const p of allocated) w.freePage(p);
    tree.state.restructured();
    throw err;
  }
  finishLeaf();
  tree.state.restructured();
  if (count === 0) return 0;
  if (curNo === 0) {
    w.getWritablePage(tree.rootPageNo).set(cur.subarray(0, usable));
    return count;
  }
  children.push(curNo);
  buildInteriorLevels(tree, children, seps, target);
  return count;
}

/** Step 3: interior levels above `children` (seps[j] separates children j-1 and j). */
function buildInteriorLevels(tree: BTree, firstChildren: number[], firstSeps: Uint8Array[], target: number): void {
  const w = tree.writer;
  const usable = tree.geo.usableSizeBytes;
  let children = firstChildren;
  let seps = firstSeps;
  for (let level = 1; ; level++) {
    const groups = planGroups(children, seps, target);
    const isRoot = groups.length === 1;
    const nextChildren: number[] = [];
    const nextSeps: Uint8Array[] = [new Uint8Array(0)];
    for (let gi = 0; gi < groups.length; gi++) {
      const [a, b] = groups[gi]!;
      let pageNo: number;
      let page: Uint8Array;
      if (isRoot) {
        pageNo = tree.rootPageNo;
        page = w.getWritablePage(pageNo);
      } else {
        ({ pageNo, page } = w.allocatePage());
      }
      initNode(page, INTERIOR, level, usable);
      let pos = usable;
      for (let j = a; j < b; j++) {
        const sep = seps[j + 1]!;
        pos -= INTERIOR_CELL_HEADER_SIZE_BYTES + sep.length;
        writeInteriorCell(page, pos, children[j]!, sep, 0, sep.length);
        writeU16(page, NODE_HEADER_SIZE_BYTES + (j - a) * SLOT_SIZE_BYTES, pos);
      }
      assert(pos >= NODE_HEADER_SIZE_BYTES + (b - a) * SLOT_SIZE_BYTES, 'bulk build planned an interior node that overflows');
      writeU16(page, NODE_CELL_COUNT_OFFSET, b - a);
      writeU16(page, NODE_CONTENT_START_OFFSET, pos);
      setNodeRightChild(page, children[b]!);
      nextChildren.push(pageNo);
      if (gi > 0) nextSeps.push(seps[a]!);
    }
    if (isRoot) return;
    children = nextChildren;
    seps = nextSeps;
  }
}

/** Groups [a, b] of consecutive children, each of at least two children. */
function planGroups(children: number[], seps: Uint8Array[], target: number): Array<[number, number]> {
  const m = children.length;
  assert(m >= 2, 'an interior level needs at least two children');
  const groups: Array<[number, number]> = [];
  let a = 0;
  while (a < m) {
    let used = NODE_HEADER_SIZE_BYTES;
    let b = a;
    while (b + 1 < m) {
      const add = SLOT_SIZE_BYTES + INTERIOR_CELL_HEADER_SIZE_BYTES + seps[b + 1]!.length;
      if (used + add > target && b > a) break;
      used += add;
      b++;
    }
    groups.push([a, b]);
    a = b + 1;
  }
  const last = groups[groups.length - 1]!;
  if (groups.length > 1 && last[0] === last[1]) {
    const prev = groups[groups.length - 2]!;
    if (prev[1] - prev[0] >= 2) {
      prev[1]--;
      last[0]--;
    } else {
      prev[1] = last[1];
      groups.pop();
    }
  }
  return groups;
}
