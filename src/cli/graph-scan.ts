/**
 * Every node and every edge of a database, in id order, from one snapshot,
 * through the public read API: ids are dense counters that are never reused,
 * so probing 1, 2, ... until `nodeCount()` nodes have been found visits all
 * of them (a deleted id is a miss). Used by export and vacuum.
 */
import type { ReadView } from '../db/read-view.js';
import type { EdgeRecord, NodeRecord } from '../graph/graph-types.js';

/** The nodes of `view` in id order. */
export function* allNodes(view: ReadView): Generator<NodeRecord> {
  const total = view.nodeCount();
  for (let id = 1, found = 0; found < total; id++) {
    const n = view.getNode(id);
    if (n !== null) {
      found++;
      yield n;
    }
  }
}

/** The edges of `view` in id order. */
export function* allEdges(view: ReadView): Generator<EdgeRecord> {
  const total = view.edgeCount();
  for (let id = 1, found = 0; found < total; id++) {
    const e = view.getEdge(id);
    if (e !== null) {
      found++;
      yield e;
    }
  }
}
