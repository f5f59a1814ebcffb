// Lists and integral floats (value format v2) through the whole graph layer:
// written by the public API, read back by getNode (numbers) and by the
// record readers the query engine uses (boxIntegralFloats), kept as written
// when the writer re-encodes a record, and found alike with and without an
// index.
//
// The hazard these tests pin: the writer rewrites a node's or an edge's
// whole property map whenever any property or label changes. Had it read
// the old map without boxing, a float 1.0 stored from a BoxedFloat (Cypher's
// `SET n.x = 1.0`) would have come back as the number 1 and been written
// again as the INTEGER 1 the first time another property of the node
// changed: a silent type change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from '../../src/index.js';
import { BoxedFloat } from '../../src/graph/boxed-float.js';
import { idKey } from '../../src/graph/graph-keys.js';
import type { GraphReader } from '../../src/graph/graph-reader.js';
import { edgeProp, nodeProp, nodeProps, readEdgeHeader, readNodeHeader } from '../../src/graph/records.js';
import type { PropValue } from '../../src/graph/value-codec.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';

const OPTIONS = { walPreallocateBytes: 0, autocheckpointMs: null } as const;

async function withDb(fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await Database.openOn(new MemVfs(), '/floats/graph.sombra', OPTIONS);
  try {
    await fn(db);
    assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
}

/** The graph reader behind the database (protected: the query engine reaches it through the executor). */
function readerOf(db: Database): GraphReader {
  return (db as unknown as { reader(): GraphReader }).reader();
}

/** Property `key` of node `id` as the query engine reads it (boxed). */
function boxedNodeProp(db: Database, id: number, key: string): PropValue | undefined {
  const r = readerOf(db);
  const rec = r.nodeRecordBytes(id);
  assert.ok(rec !== null, `node ${id} exists`);
  return nodeProp(rec, readNodeHeader(rec, id), db.idOf(key)!, true);
}

function boxedEdgeProp(db: Database, id: number, key: string): PropValue | undefined {
  const rec = readerOf(db).tree('edges').get(idKey(id));
  assert.ok(rec !== null, `edge ${id} exists`);
  return edgeProp(rec, readEdgeHeader(rec, id), db.idOf(key)!, true);
}

test('a float 1.0 reads back as the number 1 from getNode and as a BoxedFloat from the boxing readers', async () => {
  await withDb(async (db) => {
    const id = await db.createNode('N', { f: new BoxedFloat(1), i: 1, z: new BoxedFloat(-0), h: new BoxedFloat(0.5), l: [new BoxedFloat(2), 2] });
    const props = db.getNode(id)!.props;
    assert.deepEqual(props, { f: 1, i: 1, z: -0, h: 0.5, l: [2, 2] });
    assert.ok(Object.is(props['z'], -0));
    assert.deepEqual(boxedNodeProp(db, id, 'f'), new BoxedFloat(1));
    assert.equal(boxedNodeProp(db, id, 'i'), 1);
    assert.deepEqual(boxedNodeProp(db, id, 'z'), new BoxedFloat(-0));
    assert.equal(boxedNodeProp(db, id, 'h'), 0.5);
    assert.deepEqual(boxedNodeProp(db, id, 'l'), [new BoxedFloat(2), 2]);
    const rec = readerOf(db).nodeRecordBytes(id)!;
    const names = new Map(['f', 'i', 'z', 'h', 'l'].map((n) => [db.idOf(n)!, n]));
    const all = nodeProps(rec, readNodeHeader(rec, id), (k) => names.get(k)!, true);
    assert.deepEqual(all, { f: new BoxedFloat(1), i: 1, z: new BoxedFloat(-0), h: 0.5, l: [new BoxedFloat(2), 2] }, 'nodeProps boxes too');
    assert.deepEqual(nodeProps(rec, readNodeHeader(rec, id), (k) => names.get(k)!), props, 'and does not by default');
  });
});

test('updating, unsetting or relabelling keeps another property’s float 1.0 a float (node and edge)', async () => {
  await withDb(async (db) => {
    const a = await db.createNode('N', { f: new BoxedFloat(1), fl: [new BoxedFloat(3), 'x'], other: 'a', gone: true });
    const b = await db.createNode('N');
    const e = await db.createEdge(a, b, 'R', { f: new BoxedFloat(7), other: 1 });
    await db.updateNode(a, { set: { other: 'b' }, unset: ['gone'] });
    await db.updateEdge(e, { set: { other: 2 } });
    assert.deepEqual(boxedNodeProp(db, a, 'f'), new BoxedFloat(1));
    assert.deepEqual(boxedNodeProp(db, a, 'fl'), [new BoxedFloat(3), 'x']);
    assert.deepEqual(boxedEdgeProp(db, e, 'f'), new BoxedFloat(7));
    // A label change rewrites the record too (setNodeLabels, through the query engine's SET n:L).
    await db.transaction((tx) => {
      const w = (tx as unknown as { reader(): { setNodeLabels(id: number, labels: readonly number[]): void } }).reader();
      w.setNodeLabels(a, [tx.intern('N'), tx.intern('M')].sort((x, y) => x - y));
    });
    assert.deepEqual(db.getNode(a)!.labels.sort(), ['M', 'N']);
    assert.deepEqual(boxedNodeProp(db, a, 'f'), new BoxedFloat(1));
    // Writing the integer over the float makes it an integer: the type follows the last write.
    await db.updateNode(a, { set: { f: 1 } });
    assert.equal(boxedNodeProp(db, a, 'f'), 1);
  });
});

test('lists: stored, read back as fresh arrays, found by findNodes and findNodesInRange with and without an index', async () => {
  await withDb(async (db) => {
    const values: PropValue[] = [[], [1], [1, 2], [new BoxedFloat(1), 2], [1n, 2.5], ['a', 'b'], [NaN], [2], 1, 'a', new Array<number>(40).fill(7), [...new Array<number>(40).fill(7), 8]];
    const ids: number[] = [];
    await db.transaction((tx) => {
      for (const v of values) ids.push(tx.createNode('L', { v }));
    });
    const first = db.getNode(ids[1]!)!.props['v'];
    assert.deepEqual(first, [1]);
    (first as number[]).push(99);
    assert.deepEqual(db.getNode(ids[1]!)!.props['v'], [1], 'a read returns a fresh array');
    const ask = (): number[][] => [
      db.findNodes('L', 'v', [1, 2]),
      db.findNodes('L', 'v', [1, new BoxedFloat(2)]),
      db.findNodes('L', 'v', []),
      db.findNodes('L', 'v', [NaN]),
      db.findNodes('L', 'v', [...new Array<number>(40).fill(7), 8]),
      db.findNodesInRange('L', 'v', { gt: [1] }),
      db.findNodesInRange('L', 'v', { gte: [1], lt: [2] }),
      db.findNodesInRange('L', 'v', { lte: [] }),
      db.findNodesInRange('L', 'v', { gte: new Array<number>(40).fill(7) }),
      db.findNodes('L', 'v', 1),
    ];
    const [n0, n1, n2, n3, n4, n5, n6, n7, n8, n9, n10, n11] = ids as [number, number, number, number, number, number, number, number, number, number, number, number];
    const expected = [
      [n2, n3], // [1, 2] = [1.0, 2]
      [n2, n3],
      [n0],
      [n6],
      [n11],
      // [1] < [1, 2] = [1.0, 2] < [1n, 2.5] < [2] < [7 x 40] < [7 x 40, 8] < [NaN] < ['a', 'b'] (a string element after every number).
      [n2, n3, n4, n5, n6, n7, n10, n11],
      [n1, n2, n3, n4], // [1] <= v < [2]
      [n0],
      [n5, n6, n10, n11],
      [n8],
    ];
    assert.deepEqual(ask(), expected, 'without an index');
    await db.createIndex('L', 'v');
    assert.deepEqual(ask(), expected, 'with an index');
  });
});
