/**
 * Structural changes of a B+-tree: splitting a node that a new cell does not
 * fit, and merging or redistributing a node that fell below a third full.
 * Both walk up the path recorded by the descent, one level per step, never
 * recursing: a split may push a separator into a parent that splits in turn;
 * a merge removes a separator from a parent that may underflow in turn.
 *
 * Rules kept here (node-format.ts has the format rules)
 * - B1. The root page never moves. A root that must split first moves its
 *   content into a new child (`deepenRoot`), then that child splits like any
 *   other node. An interior root left with no separator takes its only
 *   child's content (`collapseRoot`) and the child page is freed.
 * - B2. A split of a node P keeps the lower part in P and puts the upper part
 *   in a new page Q; the parent's pointer that led to P now leads to Q and a
 *   new cell (separator, P) goes in front of it.
 * - B3. Leaf separators are a shortest key s with left's last key < s <=
 *   right's first key (suffix truncation, node-format.ts
 *   `shortestSeparator`): the largest such for an ascending run (its next
 *   keys stay left), else the smallest (a descending run's stay right).
 *   Interior splits push their middle separator up unchanged.
 * - B4. Split points: a sequential insert splits at the insertion point so
 *   that a run fills pages completely. Ascending (the insert lands right
 *   after the previous one, or at the end of the rightmost leaf): the cells
 *   after the new one move to the new right node once, and the run goes on
 *   filling the left node; when nothing follows, the new cell starts the
 *   right node alone. Descending (the insert lands where the previous one
 *   did, or at the start of the leftmost leaf): the cells before the new one
 *   stay left, the new one starts the right node (at slot 0 it stays alone
 *   in the left one). Interior nodes split the same way around the new
 *   separator. Otherwise a node splits into two halves of equal bytes. Both
 *   halves always fit: a cell is at most a quarter of a page
 *   (MIN_CELLS_PER_NODE); when a preferred point does not fit, the next one
 *   is tried, then the even split.
 * - B5. A non-root node using fewer than `underflowBytes` is merged with a
 *   sibling under the same parent when both fit one page, else the two share
 *   their cells evenly and the separator between them is recomputed.
 * - B6. Every page a change frees goes back to the freelist.
 * - B7. Cells are validated (N3, N4) before they are moved: a corrupt node is
 *   a CORRUPTION error, never a page built from garbage.
 * - B8. A leaf that overflows outside a sequential run shares its cells with
 *   its emptier sibling first: the two are evened out when they fill at most
 *   7/8 of two pages, else they become three pages about 2/3 full (as in a
 *   B*-tree). Random inserts so leave leaves ~81% full instead of ~69%
 *   (fewer pages to cache, copy and log), for ~10% more CPU per insert.
 */
import { assert, VERIFY_ENABLED } from '../base/assert.js';
import { BTREE_MAX_DEPTH } from '../base/limits.js';
import type { PageWriter } from '../pager/page-store.js';
import {
  buildNode,
  CellList,
  checkNode,
  childAt,
  findOrderViolation,
  initNode,
  INTERIOR,
  interiorCellChecked,
  interiorChild,
  interiorKeyLength,
  INTERIOR_CELL_HEADER_SIZE_BYTES,
  insertCellSpace,
  LEAF,
  LEAF_CELL_HEADER_SIZE_BYTES,
  leafCellChecked,
  leafKeyLength,
  nodeCellCount,
  nodeCorruption,
  NODE_HEADER_SIZE_BYTES,
  nodeRightChild,
  nodeUsedBytes,
  removeCell,
  setChildAt,
  setNodeRightChild,
  shortestSeparator,
  slotOffset,
  cellSize,
  compareKeyAt,
  writeInteriorCell,
  type NodeGeometry,
  type NodeSite,
} from './node-format.js';
import type { TreePath, TreeState } from './tree-state.js';

/** What the structural code needs of a tree handle. */
export interface TreeContext extends NodeSite {
  readonly writer: PageWriter;
  readonly geo: NodeGeometry;
  readonly state: TreeState;
  readonly rootPageNo: number;
}

/** The direction of a run of inserts, when the insert that overflowed a node continues one (B4). */
export type SplitHint = 'ascending' | 'descending' | null;

/** Where a cell inserted by `insertWithSplit` landed. */
export interface Landing {
  pageNo: number;
  index: number;
}

/**
 * Scratch reused by every split and rebalance (they run synchronously, one
 * at a time, and keep nothing in it afterwards): copies of the nodes being
 * rebuilt, big enough for the largest page, and the cell lists. A rebalance
 * may end in a split, so the two use separate buffers.
 */
const PAGE_SCRATCH_BYTES = 65536;
const splitScratch = new Uint8Array(PAGE_SCRATCH_BYTES);
const splitCells = new CellList();
const mergeScratchA = new Uint8Array(PAGE_SCRATCH_BYTES);
const mergeScratchB = new Uint8Array(PAGE_SCRATCH_BYTES);
const mergeList = new CellList();

function copyInto(scratch: Uint8Array, page: Uint8Array, usable: number): Uint8Array {
  const copy = scratch.subarray(0, usable);
  copy.set(page.subarray(0, usable));
  return copy;
}

/** Gathers every cell of a node, validating each (B7). */
function gatherCells(ctx: TreeContext, list: CellList, page: Uint8Array, pageNo: number): void {
  const n = nodeCellCount(page);
  const type = page[0]!;
  const pageCount = ctx.writer.pageCount();
  for (let i = 0; i < n; i++) {
    const off = type === LEAF ? leafCellChecked(ctx, page, pageNo, i, ctx.geo, pageCount) : interiorCellChecked(ctx, page, pageNo, i, ctx.geo, pageCount);
    list.push(page, off, cellSize(page, off, type));
  }
}

function keyStartOf(list: CellList, i: number, type: number): number {
  return list.offs[i]! + (type === LEAF ? LEAF_CELL_HEADER_SIZE_BYTES : INTERIOR_CELL_HEADER_SIZE_BYTES);
}

function keyLengthOf(list: CellList, i: number, type: number): number {
  const buf = list.bufs[i]!;
  const off = list.offs[i]!;
  return type === LEAF ? leafKeyLength(buf, off) : interiorKeyLength(buf, off);
}

/**
 * The separator between leaf cells s-1 and s of a list (B3). Keys out of
 * order can only come from a corrupt node (N5): CORRUPTION naming `pageNo`.
 */
function leafSeparator(ctx: TreeContext, pageNo: number, list: CellList, s: number, hint: SplitHint): Uint8Array {
  const a = list.bufs[s - 1]!;
  const aStart = keyStartOf(list, s - 1, LEAF);
  const aEnd = aStart + keyLengthOf(list, s - 1, LEAF);
  const b = list.bufs[s]!;
  const bStart = keyStartOf(list, s, LEAF);
  const bEnd = bStart + keyLengthOf(list, s, LEAF);
  if (compareKeyAt(a.subarray(aStart, aEnd), b, bStart, bEnd) >= 0) {
    throw nodeCorruption(ctx, pageNo, 0, 'N5: keys are not in ascending order (found while splitting or merging the node)');
  }
  return shortestSeparator(a, aStart, aEnd, b, bStart, bEnd, hint === 'ascending');
}

/** Prefix sums of the bytes (cell + slot) of a cell list. */
function prefixBytes(list: CellList): number[] {
  const out = new Array<number>(list.length + 1);
  out[0] = 0;
  for (let i = 0; i < list.length; i++) out[i + 1] = out[i]! + list.sizes[i]! + 2;
  return out;
}

/**
 * Leaf split point s (cells [0, s) stay left, [s, count) go right), or -1
 * when no split fits (only possible for corrupt input).
 */
function chooseLeafSplit(list: CellList, at: number, hint: SplitHint, capacity: number): number {
  const count = list.length;
  const sums = prefixBytes(list);
  const total = sums[count]!;
  const ok = (s: number): boolean => s >= 1 && s <= count - 1 && sums[s]! <= capacity && total - sums[s]! <= capacity;
  if (hint === 'ascending') {
    if (ok(at + 1)) return at + 1;
    if (ok(at)) return at;
  }
  if (hint === 'descending' && ok(Math.max(at, 1))) return Math.max(at, 1);
  let best = -1;
  let bestDiff = Infinity;
  for (let s = 1; s < count; s++) {
    if (!ok(s)) continue;
    const diff = Math.abs(total - 2 * sums[s]!);
    if (diff < bestDiff) {
      bestDiff = diff;
      best = s;
    }
  }
  return best;
}

/**
 * Interior split: cell m goes up; [0, m) stay left (with m's child as their
 * rightmost), (m, count) go right. -1 when nothing fits (corrupt input).
 */
function chooseInteriorSplit(list: CellList, at: number, hint: SplitHint, capacity: number): number {
  const count = list.length;
  const sums = prefixBytes(list);
  const total = sums[count]!;
  const ok = (m: number): boolean => m >= 1 && m <= count - 2 && sums[m]! <= capacity && total - sums[m + 1]! <= capacity;
  if (hint === 'ascending' && ok(at + 1)) return at + 1;
  if (hint !== null) {
    const m = Math.max(1, Math.min(at, count - 2));
    if (ok(m)) return m;
  }
  let best = -1;
  let bestDiff = Infinity;
  for (let m = 1; m < count - 1; m++) {
    if (!ok(m)) continue;
    const diff = Math.abs(total - sums[m + 1]! - sums[m]!);
    if (diff < bestDiff) {
      bestDiff = diff;
      best = m;
    }
  }
  return best;
}

/**
 * Behind VERIFY_ENABLED: a rebuilt node is in key order (N5). Its cells came
 * from nodes on disk, so a violation is reported as CORRUPTION of the page.
 */
function checkOrder(ctx: TreeContext, page: Uint8Array, pageNo: number): void {
  if (!VERIFY_ENABLED) return;
  const problem = findOrderViolation(page);
  if (problem !== null) throw nodeCorruption(ctx, pageNo, 0, `${problem} after a split or merge (the nodes it was built from were out of order)`);
}

/**
 * Moves the root's content into a new child and makes the root an interior
 * node with that single child (B1). `path` gains a level on top.
 */
export function deepenRoot(ctx: TreeContext, path: TreePath): void {
  const w = ctx.writer;
  const usable = ctx.geo.usableSizeBytes;
  const root = w.getWritablePage(ctx.rootPageNo);
  const level = root[1]!;
  // 4 cells per node at least: no real tree comes near this; the level byte lies.
  if (level + 1 >= BTREE_MAX_DEPTH || path.depth >= BTREE_MAX_DEPTH) {
    throw nodeCorruption(ctx, ctx.rootPageNo, 1, `T2: the root's level ${level} leaves no room for another level below BTREE_MAX_DEPTH ${BTREE_MAX_DEPTH}`);
  }
  const child = w.allocatePage();
  child.page.set(root.subarray(0, usable));
  initNode(root, INTERIOR, level + 1, usable);
  setNodeRightChild(root, child.pageNo);
  path.pushRootLevel(ctx.rootPageNo);
  path.pages[1] = child.pageNo;
  path.bufs[0] = root;
  path.bufs[1] = child.page;
  ctx.state.restructured();
}

/** What splitting a node's cells into it and a new right page produced. */
interface SplitResult {
  /** (separator, left page): the cell to insert into the parent. */
  sepCell: Uint8Array;
  rightNo: number;
  /** Leaf: cells [0, at) stayed left. Interior: cell `at` went up. */
  at: number;
}

/**
 * Rebuilds node `pageNo` (writable `page`) with the lower part of `list` and
 * a new page with the upper part (B2-B4); `pos` is the slot of the pending
 * cell in `list`.
 */
function splitFromList(ctx: TreeContext, pageNo: number, page: Uint8Array, type: number, nodeLevel: number, oldRight: number, list: CellList, pos: number, hint: SplitHint): SplitResult {
  const w = ctx.writer;
  const usable = ctx.geo.usableSizeBytes;
  const capacity = usable - NODE_HEADER_SIZE_BYTES;
  let result: SplitResult;
  if (type === LEAF) {
    const s = chooseLeafSplit(list, pos, hint, capacity);
    if (s < 0) throw nodeCorruption(ctx, pageNo, 0, 'N6: the cells of this leaf cannot be split into two pages (their sizes exceed the page)');
    const right = w.allocatePage();
    buildNode(page, LEAF, 0, 0, list, 0, s, usable);
    buildNode(right.page, LEAF, 0, 0, list, s, list.length, usable);
    result = { sepCell: separatorCell(leafSeparator(ctx, pageNo, list, s, hint), pageNo), rightNo: right.pageNo, at: s };
    checkOrder(ctx, right.page, right.pageNo);
  } else {
    const m = chooseInteriorSplit(list, pos, hint, capacity);
    if (m < 0) throw nodeCorruption(ctx, pageNo, 0, 'N6: the cells of this interior node cannot be split into two pages');
    const right = w.allocatePage();
    const mBuf = list.bufs[m]!;
    const mOff = list.offs[m]!;
    buildNode(page, INTERIOR, nodeLevel, interiorChild(mBuf, mOff), list, 0, m, usable);
    buildNode(right.page, INTERIOR, nodeLevel, oldRight, list, m + 1, list.length, usable);
    const upLen = interiorKeyLength(mBuf, mOff);
    const sepCell = new Uint8Array(INTERIOR_CELL_HEADER_SIZE_BYTES + upLen);
    writeInteriorCell(sepCell, 0, pageNo, mBuf, mOff + INTERIOR_CELL_HEADER_SIZE_BYTES, upLen);
    result = { sepCell, rightNo: right.pageNo, at: m };
    checkOrder(ctx, right.page, right.pageNo);
  }
  checkOrder(ctx, page, pageNo);
  return result;
}

function separatorCell(sep: Uint8Array, leftChild: number): Uint8Array {
  const cell = new Uint8Array(INTERIOR_CELL_HEADER_SIZE_BYTES + sep.length);
  writeInteriorCell(cell, 0, leftChild, sep, 0, sep.length);
  return cell;
}

/** Copies a node into the split scratch and lists its cells, validated. */
function gatherForSplit(ctx: TreeContext, page: Uint8Array, pageNo: number): { old: Uint8Array; list: CellList } {
  const old = copyInto(splitScratch, page, ctx.geo.usableSizeBytes);
  const list = splitCells;
  list.clear();
  gatherCells(ctx, list, old, pageNo);
  return { old, list };
}

/**
 * The node at path level `lvl` was split into itself and `rightNo`: in its
 * parent, the pointer that led to it now leads to `rightNo`, and `sepCell`
 * (separator, left node) goes in front of it. A parent without room splits
 * in turn, up to the root, which deepens (B1). A loop, one level per step.
 */
function propagateSplit(ctx: TreeContext, path: TreePath, level: number, firstSepCell: Uint8Array, firstRightNo: number, hint: SplitHint): void {
  const w = ctx.writer;
  const usable = ctx.geo.usableSizeBytes;
  let lvl = level;
  let sepCell = firstSepCell;
  let rightNo = firstRightNo;
  for (;;) {
    const parentNo = path.pages[lvl - 1]!;
    const c = path.idx[lvl - 1]!;
    const parent = w.getWritablePage(parentNo);
    const pn = nodeCellCount(parent);
    setChildAt(parent, pn, c, rightNo);
    const off = insertCellSpace(ctx, parent, parentNo, pn, c, sepCell.length, usable);
    if (off >= 0) {
      parent.set(sepCell, off);
      checkOrder(ctx, parent, parentNo);
      return;
    }
    let plvl = lvl - 1;
    if (plvl === 0) {
      deepenRoot(ctx, path);
      plvl = 1;
    }
    const pageNo = path.pages[plvl]!;
    const page = w.getWritablePage(pageNo);
    const { old, list } = gatherForSplit(ctx, page, pageNo);
    list.insert(c, sepCell, 0, sepCell.length);
    const r = splitFromList(ctx, pageNo, page, INTERIOR, old[1]!, nodeRightChild(old), list, c, hint);
    sepCell = r.sepCell;
    rightNo = r.rightNo;
    lvl = plvl;
  }
}

/**
 * Inserts `cell` (a complete leaf or interior cell) at slot `at` of the node
 * at path level `level`, which has no room for it: splits that node, and its
 * ancestors as far as needed (B2-B4). Returns where the cell landed.
 */
export function insertWithSplit(ctx: TreeContext, path: TreePath, level: number, cell: Uint8Array, at: number, hint: SplitHint): Landing {
  ctx.state.restructured();
  let lvl = level;
  if (lvl === 0) {
    deepenRoot(ctx, path);
    lvl = 1;
  }
  const pageNo = path.pages[lvl]!;
  const page = ctx.writer.getWritablePage(pageNo);
  const { old, list } = gatherForSplit(ctx, page, pageNo);
  list.insert(at, cell, 0, cell.length);
  const type = old[0]!;
  const r = splitFromList(ctx, pageNo, page, type, old[1]!, nodeRightChild(old), list, at, hint);
  let landing: Landing;
  if (type === LEAF) landing = at < r.at ? { pageNo, index: at } : { pageNo: r.rightNo, index: at - r.at };
  else landing = at < r.at ? { pageNo, index: at } : at === r.at ? { pageNo: 0, index: -1 } : { pageNo: r.rightNo, index: at - r.at - 1 };
  propagateSplit(ctx, path, lvl, r.sepCell, r.rightNo, hint);
  return landing;
}

/**
 * Replaces `removeCount` separator cells from cell `from` of the interior
 * node at path level `plvl` with `cells` (complete interior cells); the
 * pointer after them is kept. In place when the node has room, else the
 * node splits (and its ancestors as needed).
 */
function replaceSeparators(ctx: TreeContext, path: TreePath, plvl: number, from: number, removeCount: number, cells: Uint8Array[]): void {
  const w = ctx.writer;
  const g = ctx.geo;
  const usable = g.usableSizeBytes;
  const parentNo = path.pages[plvl]!;
  const parent = w.getWritablePage(parentNo);
  const pn = nodeCellCount(parent);
  const pageCount = w.pageCount();
  let delta = 0;
  for (const c of cells) delta += c.length + 2;
  for (let i = from; i < from + removeCount; i++) delta -= cellSize(parent, interiorCellChecked(ctx, parent, parentNo, i, g, pageCount), INTERIOR) + 2;
  if (delta <= usable - nodeUsedBytes(parent, usable)) {
    for (let i = 0; i < removeCount; i++) removeCell(parent, pn - i, from, cellSize(parent, slotOffset(parent, from), INTERIOR));
    for (let j = 0; j < cells.length; j++) {
      const off = insertCellSpace(ctx, parent, parentNo, pn - removeCount + j, from + j, cells[j]!.length, usable);
      // Only a header that lies about the free space gets here (B7).
      if (off < 0) throw nodeCorruption(ctx, parentNo, 6, 'N6: the fragmented-bytes field promises free space the node does not have');
      parent.set(cells[j]!, off);
    }
    checkOrder(ctx, parent, parentNo);
    return;
  }
  let lvl = plvl;
  if (lvl === 0) {
    deepenRoot(ctx, path);
    lvl = 1;
  }
  const pageNo = path.pages[lvl]!;
  const page = w.getWritablePage(pageNo);
  const { old, list } = gatherForSplit(ctx, page, pageNo);
  list.removeRange(from, removeCount);
  for (let j = 0; j < cells.length; j++) list.insert(from + j, cells[j]!, 0, cells[j]!.length);
  const r = splitFromList(ctx, pageNo, page, INTERIOR, old[1]!, nodeRightChild(old), list, from, null);
  propagateSplit(ctx, path, lvl, r.sepCell, r.rightNo, null);
}

/**
 * Inserts `cell` at slot `at` of the full leaf at path level `lvl` by
 * balancing it with a sibling (B8). Returns where the cell landed, or null
 * when the leaf has no sibling (the caller splits it).
 */
export function balanceLeafOverflow(ctx: TreeContext, path: TreePath, lvl: number, cell: Uint8Array, at: number): Landing | null {
  if (lvl === 0) return null;
  const w = ctx.writer;
  const g = ctx.geo;
  const usable = g.usableSizeBytes;
  const capacity = usable - NODE_HEADER_SIZE_BYTES;
  const pageCount = w.pageCount();
  const plvl = lvl - 1;
  const parentNo = path.pages[plvl]!;
  const parent = w.getPage(parentNo);
  const pn = nodeCellCount(parent);
  const c = path.idx[plvl]!;
  let siblingPos = -1;
  let siblingNo = 0;
  let bestUsed = Infinity;
  for (const pos of [c - 1, c + 1]) {
    if (pos < 0 || pos > pn) continue;
    const no = childAt(ctx, parent, parentNo, pn, pos, g, pageCount);
    const sib = w.getPage(no);
    checkNode(ctx, sib, no, usable, 0, pageCount);
    const used = nodeUsedBytes(sib, usable);
    if (used < bestUsed) {
      bestUsed = used;
      siblingPos = pos;
      siblingNo = no;
    }
  }
  if (siblingPos < 0) return null;
  ctx.state.restructured();
  const pageNo = path.pages[lvl]!;
  const leftPos = Math.min(c, siblingPos);
  const leftNo = siblingPos < c ? siblingNo : pageNo;
  const rightNo = siblingPos < c ? pageNo : siblingNo;
  const left = w.getWritablePage(leftNo);
  const right = w.getWritablePage(rightNo);
  const leftCopy = copyInto(mergeScratchA, left, usable);
  const rightCopy = copyInto(mergeScratchB, right, usable);
  const list = mergeList;
  list.clear();
  gatherCells(ctx, list, leftCopy, leftNo);
  const pending = (siblingPos < c ? list.length : 0) + at;
  gatherCells(ctx, list, rightCopy, rightNo);
  list.insert(pending, cell, 0, cell.length);
  const sums = prefixBytes(list);
  const total = sums[list.length]!;
  const landingIn = (pages: number[], bounds: number[]): Landing => {
    let k = 0;
    while (k < bounds.length && pending >= bounds[k]!) k++;
    return { pageNo: pages[k]!, index: pending - (k === 0 ? 0 : bounds[k - 1]!) };
  };
  if (total * 8 <= capacity * 2 * 7) {
    const s = chooseLeafSplit(list, pending, null, capacity);
    if (s < 0) throw nodeCorruption(ctx, leftNo, 0, 'N6: the cells of two sibling leaves cannot be shared between them');
    buildNode(left, LEAF, 0, 0, list, 0, s, usable);
    buildNode(right, LEAF, 0, 0, list, s, list.length, usable);
    checkOrder(ctx, left, leftNo);
    checkOrder(ctx, right, rightNo);
    replaceSeparators(ctx, path, plvl, leftPos, 1, [separatorCell(leafSeparator(ctx, leftNo, list, s, null), leftNo)]);
    return landingIn([leftNo, rightNo], [s]);
  }
  const [s1, s2] = chooseThreeWay(sums, capacity);
  if (s1 < 0) return null;
  const mid = w.allocatePage();
  buildNode(left, LEAF, 0, 0, list, 0, s1, usable);
  buildNode(mid.page, LEAF, 0, 0, list, s1, s2, usable);
  buildNode(right, LEAF, 0, 0, list, s2, list.length, usable);
  checkOrder(ctx, left, leftNo);
  checkOrder(ctx, mid.page, mid.pageNo);
  checkOrder(ctx, right, rightNo);
  replaceSeparators(ctx, path, plvl, leftPos, 1, [separatorCell(leafSeparator(ctx, leftNo, list, s1, null), leftNo), separatorCell(leafSeparator(ctx, leftNo, list, s2, null), mid.pageNo)]);
  return landingIn([leftNo, mid.pageNo, rightNo], [s1, s2]);
}

/**
 * Two split points cutting a cell list (as prefix sums of cell + slot
 * bytes) into three parts of about equal bytes, each non-empty and within
 * `capacity`; [-1, -1] when there are none.
 */
function chooseThreeWay(sums: number[], capacity: number): [number, number] {
  const count = sums.length - 1;
  const total = sums[count]!;
  let best: [number, number] = [-1, -1];
  let bestWorst = Infinity;
  let s1 = 1;
  while (s1 < count - 1 && sums[s1 + 1]! * 3 <= total) s1++;
  for (const a of [s1 - 1, s1, s1 + 1]) {
    if (a < 1 || a > count - 2 || sums[a]! > capacity) continue;
    let b = a + 1;
    while (b < count - 1 && (sums[b + 1]! - sums[a]!) * 2 <= total - sums[a]!) b++;
    for (const bb of [b - 1, b, b + 1]) {
      if (bb <= a || bb > count - 1) continue;
      const p1 = sums[a]!;
      const p2 = sums[bb]! - sums[a]!;
      const p3 = total - sums[bb]!;
      if (p2 > capacity || p3 > capacity) continue;
      const worst = Math.max(p1, p2, p3);
      if (worst < bestWorst) {
        bestWorst = worst;
        best = [a, bb];
      }
    }
  }
  return best;
}

/**
 * After the node at path level `level` shrank: merges or redistributes it
 * with a sibling while it is below a third full, going up as parents lose
 * separators (B5), and collapses an interior root left with one child (B1).
 */
export function rebalance(ctx: TreeContext, path: TreePath, level: number): void {
  const w = ctx.writer;
  const g = ctx.geo;
  const usable = g.usableSizeBytes;
  const capacity = usable - NODE_HEADER_SIZE_BYTES;
  let lvl = level;
  while (lvl > 0) {
    const pageNo = path.pages[lvl]!;
    if (nodeUsedBytes(w.getPage(pageNo), usable) >= g.underflowBytes) return;
    ctx.state.restructured();
    const parentNo = path.pages[lvl - 1]!;
    const c = path.idx[lvl - 1]!;
    const parent = w.getWritablePage(parentNo);
    const pn = nodeCellCount(parent);
    if (pn === 0) throw nodeCorruption(ctx, parentNo, 2, 'T3: an interior node without separators above a node being rebalanced');
    const leftPos = c > 0 ? c - 1 : 0;
    const pageCount = w.pageCount();
    const leftNo = childAt(ctx, parent, parentNo, pn, leftPos, g, pageCount);
    const rightNo = childAt(ctx, parent, parentNo, pn, leftPos + 1, g, pageCount);
    const sepOff = interiorCellChecked(ctx, parent, parentNo, leftPos, g, pageCount);
    const childLevel = parent[1]! - 1;
    const a = w.getWritablePage(leftNo);
    const b = w.getWritablePage(rightNo);
    checkNode(ctx, a, leftNo, usable, childLevel, pageCount);
    checkNode(ctx, b, rightNo, usable, childLevel, pageCount);
    const type = a[0]!;
    const aCopy = copyInto(mergeScratchA, a, usable);
    const bCopy = copyInto(mergeScratchB, b, usable);
    const list = mergeList;
    list.clear();
    gatherCells(ctx, list, aCopy, leftNo);
    let sepIndex = -1;
    if (type === INTERIOR) {
      // The separator comes down between the two nodes, over a's rightmost child.
      const sepLen = interiorKeyLength(parent, sepOff);
      const down = new Uint8Array(INTERIOR_CELL_HEADER_SIZE_BYTES + sepLen);
      writeInteriorCell(down, 0, nodeRightChild(aCopy), parent, sepOff + INTERIOR_CELL_HEADER_SIZE_BYTES, sepLen);
      sepIndex = list.length;
      list.push(down, 0, down.length);
    }
    gatherCells(ctx, list, bCopy, rightNo);
    const total = prefixBytes(list)[list.length]!;

    if (total <= capacity) {
      // Merge b into a; the parent loses the separator between them.
      buildNode(a, type, aCopy[1]!, type === INTERIOR ? nodeRightChild(bCopy) : 0, list, 0, list.length, usable);
      checkOrder(ctx, a, leftNo);
      w.freePage(rightNo);
      removeCell(parent, pn, leftPos, INTERIOR_CELL_HEADER_SIZE_BYTES + interiorKeyLength(parent, sepOff));
      setChildAt(parent, pn - 1, leftPos, leftNo);
      lvl--;
      continue;
    }

    // Redistribute evenly; a new separator replaces the old one.
    let newSep: Uint8Array;
    if (type === LEAF) {
      const s = chooseLeafSplit(list, 0, null, capacity);
      if (s < 0) throw nodeCorruption(ctx, leftNo, 0, 'N6: the cells of two sibling leaves cannot be shared between them');
      buildNode(a, LEAF, 0, 0, list, 0, s, usable);
      buildNode(b, LEAF, 0, 0, list, s, list.length, usable);
      const sep = leafSeparator(ctx, leftNo, list, s, null);
      newSep = new Uint8Array(INTERIOR_CELL_HEADER_SIZE_BYTES + sep.length);
      writeInteriorCell(newSep, 0, leftNo, sep, 0, sep.length);
    } else {
      assert(sepIndex >= 0, 'interior redistribution without a separator');
      const m = chooseInteriorSplit(list, sepIndex, null, capacity);
      if (m < 0) throw nodeCorruption(ctx, leftNo, 0, 'N6: the cells of two sibling interior nodes cannot be shared between them');
      const mBuf = list.bufs[m]!;
      const mOff = list.offs[m]!;
      buildNode(a, INTERIOR, aCopy[1]!, interiorChild(mBuf, mOff), list, 0, m, usable);
      buildNode(b, INTERIOR, bCopy[1]!, nodeRightChild(bCopy), list, m + 1, list.length, usable);
      const upLen = interiorKeyLength(mBuf, mOff);
      newSep = new Uint8Array(INTERIOR_CELL_HEADER_SIZE_BYTES + upLen);
      writeInteriorCell(newSep, 0, leftNo, mBuf, mOff + INTERIOR_CELL_HEADER_SIZE_BYTES, upLen);
    }
    checkOrder(ctx, a, leftNo);
    checkOrder(ctx, b, rightNo);
    if (nodeUsedBytes(parent, usable) + newSep.length - (INTERIOR_CELL_HEADER_SIZE_BYTES + interiorKeyLength(parent, sepOff)) > usable) {
      // A longer separator overflows the parent: it splits (which ends the walk up).
      replaceSeparators(ctx, path, lvl - 1, leftPos, 1, [newSep]);
      return;
    }
    replaceSeparators(ctx, path, lvl - 1, leftPos, 1, [newSep]);
    lvl--;
  }
  collapseRoot(ctx);
}

/** An interior root with no separator takes its only child's content (B1). */
export function collapseRoot(ctx: TreeContext): void {
  const w = ctx.writer;
  const usable = ctx.geo.usableSizeBytes;
  for (let i = 0; i < BTREE_MAX_DEPTH; i++) {
    const root = w.getPage(ctx.rootPageNo);
    if (root[0] !== INTERIOR || nodeCellCount(root) !== 0) return;
    const childNo = nodeRightChild(root);
    const child = w.getPage(childNo);
    checkNode(ctx, child, childNo, usable, root[1]! - 1, w.pageCount());
    w.getWritablePage(ctx.rootPageNo).set(child.subarray(0, usable));
    w.freePage(childNo);
    ctx.state.restructured();
  }
}
