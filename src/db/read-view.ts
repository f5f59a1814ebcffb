/**
 * A consistent read-only view of the database as of one acknowledged commit
 * (`db.read(fn)`): several reads that see the same state while writers
 * commit. Released when `fn` returns (or its promise settles).
 */
import { ClosedError } from '../base/errors.js';
import { GraphReader } from '../graph/graph-reader.js';
import type { GraphStore } from '../graph/graph-store.js';
import type { EdgeRecord, NameOrId, NodeRecord } from '../graph/graph-types.js';
import type { ReadSnapshot } from '../pager/read-snapshot.js';
import { GraphReads } from './graph-reads.js';

/**
 * The view `db.read(fn)` passes to `fn`: every read method, all answering
 * from one snapshot. Valid until `fn` returns (or its promise settles); any
 * later call throws CLOSED. While it is open it holds back the checkpoint.
 * @example const [node, out] = db.read((view) => [view.getNode(1), view.neighbors(1)])
 */
export class ReadView extends GraphReads {
  readonly #snapshot: ReadSnapshot;
  readonly #graph: GraphReader;

  /** @internal Use `db.read(fn)`. */
  constructor(snapshot: ReadSnapshot, store: GraphStore) {
    super();
    this.#snapshot = snapshot;
    this.#graph = new GraphReader(snapshot, store);
  }

  protected reader(): GraphReader {
    if (this.#snapshot.released) throw new ClosedError('the read view was released (it is valid inside db.read only)');
    return this.#graph;
  }

  /** Ids of the nodes with a label, ascending, in this view. */
  *nodesWithLabel(label: NameOrId): Generator<number, void, undefined> {
    yield* this.reader().nodesWithLabel(label);
  }

  /**
   * Every node of this view, ascending by id, read lazily in one pass over
   * the node tree (export, copies, full scans: no lookup per id).
   * @example await db.read((view) => { for (const n of view.nodes()) console.log(n.id, n.labels) })
   */
  *nodes(): Generator<NodeRecord, void, undefined> {
    yield* this.reader().allNodes();
  }

  /**
   * Every edge of this view, ascending by id, read lazily in one pass over
   * the edge tree.
   * @example await db.read((view) => { for (const e of view.edges()) console.log(e.src, e.type, e.dst) })
   */
  *edges(): Generator<EdgeRecord, void, undefined> {
    yield* this.reader().allEdges();
  }

  /** @internal */
  release(): void {
    this.#snapshot.release();
  }
}
