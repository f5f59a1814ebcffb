/**
 * Root-to-leaf descent, recording the path. No recursion: a loop that stops
 * at a leaf, and the level byte of every node must be one less than its
 * parent's (rule T2), so a descent takes at most BTREE_MAX_DEPTH steps even
 * through a corrupt file (a cycle of child pointers breaks T2).
 */
import {
  checkNode,
  childAt,
  interiorSearch,
  LEAF,
  leafSearch,
  type NodeGeometry,
  type NodeSite,
} from './node-format.js';
import type { TreePath } from './tree-state.js';
import type { PageReader } from '../pager/page-store.js';

/** Which way to go at every interior node. */
export const Edge = {
  /** By key: the child whose range holds the key. */
  Key: 0,
  /** Always the first child. */
  First: 1,
  /** Always the rightmost child. */
  Last: 2,
} as const;
export type EdgeValue = (typeof Edge)[keyof typeof Edge];

/**
 * Fills `path` from `pageNo` (at path level `fromLevel`, whose expected node
 * level is `expectedLevel`, -1 when unknown: the root) down to a leaf. For
 * Edge.Key the leaf level's `idx` holds the leafSearch result (index if
 * found, else -(insertion point + 1)); for First it is 0, for Last the cell
 * count - 1 (-1 for an empty leaf). Returns the leaf image.
 */
export function descend(
  site: NodeSite,
  view: PageReader,
  g: NodeGeometry,
  pageNo: number,
  fromLevel: number,
  expectedLevel: number,
  key: Uint8Array | null,
  edge: EdgeValue,
  path: TreePath,
): Uint8Array {
  const usable = g.usableSizeBytes;
  const pageCount = view.pageCount();
  let d = fromLevel;
  let expect = expectedLevel;
  for (;;) {
    const page = view.getPage(pageNo);
    const n = checkNode(site, page, pageNo, usable, expect, pageCount);
    path.pages[d] = pageNo;
    path.bufs[d] = page;
    if (page[0] === LEAF) {
      path.idx[d] = edge === Edge.Key ? leafSearch(site, page, pageNo, n, key!, usable) : edge === Edge.First ? 0 : n - 1;
      path.depth = d + 1;
      return page;
    }
    const pos = edge === Edge.Key ? interiorSearch(site, page, pageNo, n, key!, usable) : edge === Edge.First ? 0 : n;
    path.idx[d] = pos;
    pageNo = childAt(site, page, pageNo, n, pos, g, pageCount);
    expect = page[1]! - 1;
    d++;
  }
}
