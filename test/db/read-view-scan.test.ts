// view.nodes() and view.edges(): every live node and edge of the snapshot,
// in id order, exactly as getNode/getEdge return them (deleted ids skipped,
// the edge tree's count sentinels never yielded), lazily, and CLOSED once
// the view is released.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Database, SombraError } from '../../src/index.js';
import type { ReadView } from '../../src/db/read-view.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';

test('nodes() and edges() yield every live record in id order, as getNode and getEdge do', async () => {
  const db = await Database.openOn(new MemVfs(), '/scan/g.sombra', { walPreallocateBytes: 0, autocheckpointMs: null });
  try {
    const ids = await db.transaction((tx) => {
      const n = Array.from({ length: 300 }, (_, i) => tx.createNode(i % 3 === 0 ? ['A', 'B'] : 'A', { i, name: `n${i}`, big: 'x'.repeat(i % 50 === 0 ? 5000 : 1) }));
      const e: number[] = [];
      for (let i = 0; i < 299; i++) e.push(tx.createEdge(n[i]!, n[i + 1]!, i % 2 === 0 ? 'KNOWS' : 'LIKES', { w: i }));
      return { n, e };
    });
    await db.transaction((tx) => {
      for (let i = 0; i < 300; i += 7) tx.deleteNode(ids.n[i]!, { cascade: true });
    });
    // A node created after the deletions: ids are never reused, the scan goes on past the gaps.
    await db.createNode('C');
    await db.read((view) => {
      const nodes = [...view.nodes()];
      const edges = [...view.edges()];
      assert.equal(nodes.length, view.nodeCount());
      assert.equal(edges.length, view.edgeCount());
      const expectNodes = [];
      for (let id = 1; id <= 301; id++) {
        const n = view.getNode(id);
        if (n !== null) expectNodes.push(n);
      }
      assert.deepEqual(nodes, expectNodes);
      const expectEdges = [];
      for (let id = 1; id <= 299; id++) {
        const e = view.getEdge(id);
        if (e !== null) expectEdges.push(e);
      }
      assert.deepEqual(edges, expectEdges);
      const it = view.nodes();
      assert.equal(it.next().value?.id, expectNodes[0]!.id, 'lazy: one at a time');
    });
    const kept: { view?: ReadView } = {};
    await db.read((view) => {
      kept.view = view;
    });
    assert.throws(() => [...kept.view!.nodes()], (e: unknown) => e instanceof SombraError && e.code === 'CLOSED');
  } finally {
    await db.close();
  }
});
