/**
 * Copies the live content of one database into an empty one (vacuum): nodes
 * and edges in id order through the bulk path (large transactions, deferred
 * index maintenance), then the indexes. Ids are kept: a gap left by deleted
 * nodes or edges is reproduced by creating and deleting a placeholder in the
 * same transaction, so the copy hands out the same ids for the same records.
 * (Ids after the highest live one, deleted before the copy, may be handed out
 * again by the copy.)
 */
import { AssertionError } from '../base/errors.js';
import type { Database } from '../db/database.js';
import type { Transaction } from '../db/transaction.js';
import type { PropValue } from '../graph/value-codec.js';

const ROWS_PER_TX = 50_000;

export interface CopyCounts {
  nodes: number;
  edges: number;
  indexes: number;
}

export async function copyGraph(source: Database, target: Database, onRow: (rows: number) => void): Promise<CopyCounts> {
  return source.read(async (view) => {
    const counts: CopyCounts = { nodes: 0, edges: 0, indexes: 0 };
    const names = new Map<string, number>();
    let tx: Transaction = await target.beginWrite({ deferIndexes: true });
    const intern = (name: string): number => {
      let id = names.get(name);
      if (id === undefined) names.set(name, (id = tx.intern(name)));
      return id;
    };
    let inTx = 0;
    const step = async (): Promise<void> => {
      if (++inTx < ROWS_PER_TX) return;
      await tx.commit();
      tx = await target.beginWrite({ deferIndexes: true });
      inTx = 0;
      onRow(counts.nodes + counts.edges);
    };
    try {
      let lastNode = 0;
      for (const n of view.nodes()) {
        const labels = n.labels.map(intern);
        for (let gap = lastNode + 1; gap < n.id; gap++) tx.deleteNode(tx.createNodeIds(labels));
        const props: Array<[number, PropValue]> = Object.entries(n.props).map(([k, v]) => [intern(k), v]);
        props.sort((a, b) => a[0] - b[0]);
        const id = tx.createNodeIds(labels, props);
        if (id !== n.id) throw new AssertionError(`vacuum: node ${n.id} was copied as ${id}`);
        lastNode = id;
        counts.nodes++;
        await step();
      }
      let lastEdge = 0;
      for (const e of view.edges()) {
        const type = intern(e.type);
        for (let gap = lastEdge + 1; gap < e.id; gap++) tx.deleteEdge(tx.createEdge(e.src, e.src, type));
        const id = tx.createEdge(e.src, e.dst, type, e.props);
        if (id !== e.id) throw new AssertionError(`vacuum: edge ${e.id} was copied as ${id}`);
        lastEdge = id;
        counts.edges++;
        await step();
      }
      await tx.commit();
    } finally {
      tx.rollback();
    }
    for (const ix of view.listIndexes()) {
      await target.createIndex(ix.label, ix.property);
      counts.indexes++;
    }
    onRow(counts.nodes + counts.edges);
    return counts;
  });
}
