/**
 * The state a view (a write transaction or a snapshot) shares among every
 * handle and cursor of one tree: change counters, the cached path of the last
 * write, and the last insert position (for sequential-insert detection).
 *
 * Handles opened on the same view and root page share one `TreeState`, so a
 * cursor notices a change made through another handle of the same tree in
 * the same transaction. States live in a WeakMap keyed by the view and go
 * away with it.
 *
 * Invariants
 * - S1. `version` grows on every change of the tree's pages; a cursor that
 *   saw another version re-finds its position by key.
 * - S2. `structureVersion` grows whenever an interior node, the root, or the
 *   set of pages of the tree changes (split, merge, redistribution, root
 *   deepening or collapse, clear, bulk build, drop, the leaves a sorted
 *   batch adds or absorbs). The cached path is valid only while
 *   `pathStructureVersion === structureVersion`: then every interior page
 *   on it, and the child positions taken, are unchanged.
 */
import type { PageReader } from '../pager/page-store.js';

/**
 * A root-to-leaf path. Level 0 is the root. For interior levels `idx` is the
 * child position taken (0..n, n = rightmost); `bufs` are the page images
 * read on the way down (valid while the structure is unchanged: interior
 * pages are only written by structural changes).
 */
export class TreePath {
  depth = 0;
  // Plain arrays grown as the descent goes (depth is bounded by the level
  // checks of checkNode, rule N1): a path is made per cursor, and three
  // fixed typed arrays cost more to allocate than the descent itself.
  readonly pages: number[] = [];
  readonly idx: number[] = [];
  readonly bufs: Array<Uint8Array | null> = [];

  /** Inserts a new level 0 above the current root (root deepening). */
  pushRootLevel(rootPageNo: number): void {
    for (let d = this.depth; d > 0; d--) {
      this.pages[d] = this.pages[d - 1]!;
      this.idx[d] = this.idx[d - 1]!;
      this.bufs[d] = this.bufs[d - 1]!;
    }
    this.pages[0] = rootPageNo;
    this.idx[0] = 0;
    this.bufs[0] = null;
    this.depth++;
  }
}

export class TreeState {
  readonly rootPageNo: number;
  version = 0;
  structureVersion = 0;
  dropped = false;
  readonly path = new TreePath();
  /** structureVersion when `path` was filled; -1 when it holds nothing. */
  pathStructureVersion = -1;
  /**
   * Consecutive writes whose key fell outside the cached leaf's fences;
   * random writes stop paying for the check (it is retried now and then).
   */
  fenceMisses = 0;
  /** Leaf page and cell index of the last insert of a new key (sequential-pattern detection). */
  lastInsertPageNo = 0;
  lastInsertIndex = -1;

  constructor(rootPageNo: number) {
    this.rootPageNo = rootPageNo;
  }

  /** Records a change of leaf content only (S1). */
  touched(): void {
    this.version++;
  }

  /** Records a structural change (S1 and S2). */
  restructured(): void {
    this.version++;
    this.structureVersion++;
    this.pathStructureVersion = -1;
  }
}

const states = new WeakMap<PageReader, Map<number, TreeState>>();

export function treeStateFor(view: PageReader, rootPageNo: number): TreeState {
  let byRoot = states.get(view);
  if (byRoot === undefined) {
    byRoot = new Map();
    states.set(view, byRoot);
  }
  let s = byRoot.get(rootPageNo);
  if (s === undefined || s.dropped) {
    s = new TreeState(rootPageNo);
    byRoot.set(rootPageNo, s);
  }
  return s;
}

/** Forgets the state of a dropped tree (its root page may be reused by another). */
export function forgetTreeState(view: PageReader, rootPageNo: number): void {
  const s = states.get(view)?.get(rootPageNo);
  if (s !== undefined) {
    s.dropped = true;
    s.restructured();
    states.get(view)!.delete(rootPageNo);
  }
}
