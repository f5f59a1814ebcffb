/**
 * The graph layer's state shared by every transaction and snapshot of one
 * database: the root pages of the system trees (fixed for the life of the
 * file), the catalog and the property index directory (cached in memory).
 *
 * Layout of the trees: graph-keys.ts. A new database gets its trees in the
 * first write transaction (`GraphStore.open`).
 */
import { UnsupportedFormatError } from '../base/errors.js';
import { BTree } from '../btree/tree.js';
import type { PageReader, PageWriter } from '../pager/page-store.js';
import { Catalog } from './catalog.js';
import { TreeName } from './graph-keys.js';
import { IndexDirectory } from './property-index.js';
import { CounterCache } from './counters.js';

export interface GraphRoots {
  nodes: number;
  edges: number;
  out: number;
  in: number;
  labels: number;
  catalog: number;
  meta: number;
}

const ROOT_KEYS = ['nodes', 'edges', 'out', 'in', 'labels', 'catalog', 'meta'] as const;

export class GraphStore {
  readonly roots: GraphRoots;
  readonly catalog: Catalog;
  readonly indexes: IndexDirectory;
  /** Counter values as of the newest commit handed to the pager (counters.ts). */
  readonly counters = new CounterCache();

  private constructor(roots: GraphRoots, catalog: Catalog, indexes: IndexDirectory) {
    this.roots = roots;
    this.catalog = catalog;
    this.indexes = indexes;
  }

  /** The roots registered in page 0, or null when the file holds no graph yet. */
  static findRoots(view: PageReader): GraphRoots | null {
    const found: Partial<GraphRoots> = {};
    let missing = 0;
    for (const k of ROOT_KEYS) {
      const root = view.getRoot(TreeName[k]);
      if (root === null) missing++;
      else found[k] = root;
    }
    if (missing === ROOT_KEYS.length) return null;
    if (missing > 0) {
      throw new UnsupportedFormatError(`${view.fileName} holds only some of the graph trees (${ROOT_KEYS.length - missing} of ${ROOT_KEYS.length}); it was not written by Sombra's graph layer`);
    }
    return found as GraphRoots;
  }

  /** Creates the system trees in a write transaction (a new database). */
  static createTrees(txn: PageWriter): GraphRoots {
    const roots: Partial<GraphRoots> = {};
    for (const k of ROOT_KEYS) roots[k] = BTree.createNamed(txn, TreeName[k]).rootPageNo;
    return roots as GraphRoots;
  }

  /** Loads the catalog and index directory of an existing graph. */
  static load(view: PageReader, roots: GraphRoots): GraphStore {
    const catalog = Catalog.load(view, roots.catalog);
    const indexes = IndexDirectory.load(BTree.open(view, roots.meta));
    return new GraphStore(roots, catalog, indexes);
  }
}
