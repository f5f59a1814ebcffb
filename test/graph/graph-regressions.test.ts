// Regression tests of bugs the graph model and bad-input suites found in the
// graph layer and the public API. Each test opens with the story of its bug.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Database, SombraError } from '../../src/index.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';

const OPTIONS = { walPreallocateBytes: 0, autocheckpointMs: null } as const;

async function withDb(fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await Database.openOn(new MemVfs(), '/regress/graph.sombra', OPTIONS);
  try {
    await fn(db);
    assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
}

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof SombraError) return err.code;
    throw err;
  }
}

// bfs checked `maxResults` only after adding a newly reached node, never
// after the start node, so `maxResults: 1` returned the start node and one
// neighbour: two visits for a limit of one ("stop after this many visited
// nodes, the start included").
test('bfs with maxResults 1 returns the start node only', async () => {
  await withDb(async (db) => {
    const [a, b, c] = await db.transaction((tx) => {
      const ids = [tx.createNode('N'), tx.createNode('N'), tx.createNode('N')];
      tx.createEdge(ids[0]!, ids[1]!, 'NEXT');
      tx.createEdge(ids[1]!, ids[2]!, 'NEXT');
      return ids as [number, number, number];
    });
    assert.deepEqual(db.bfs(a, 5, { maxResults: 1 }), [{ nodeId: a, depth: 0 }]);
    assert.deepEqual(db.bfs(a, 5, { maxResults: 2 }), [{ nodeId: a, depth: 0 }, { nodeId: b, depth: 1 }]);
    assert.deepEqual(db.bfs(c, 5, { direction: 'in', maxResults: 1 }), [{ nodeId: c, depth: 0 }]);
    assert.deepEqual(db.bfs(a, 5, { maxResults: 0 }), []);
  });
});

// In a `deferIndexes` transaction the property indexes are rebuilt when the
// transaction ends, and before any read that needs them. The adjacency and
// label reads asked for that rebuild, but findNodes and findNodesInRange
// scanned the index tree directly: inside the transaction they missed the
// nodes it created or changed and returned the nodes it deleted.
test('findNodes inside a deferIndexes transaction sees the transaction’s own writes', async () => {
  await withDb(async (db) => {
    const ada = await db.createNode('User', { name: 'Ada', age: 36 });
    await db.createIndex('User', 'name');
    await db.createIndex('User', 'age');
    await db.transaction(
      (tx) => {
        const cy = tx.createNode('User', { name: 'Cy', age: 20 });
        tx.deleteNode(ada);
        const bo = tx.createNode('User', { name: 'Bo', age: 50 });
        tx.updateNode(bo, { set: { name: 'Bob' } });
        assert.deepEqual(tx.findNodes('User', 'name', 'Ada'), [], 'a node deleted in the transaction');
        assert.deepEqual(tx.findNodes('User', 'name', 'Cy'), [cy], 'a node created in the transaction');
        assert.deepEqual(tx.findNodes('User', 'name', 'Bo'), [], 'an old value changed in the transaction');
        assert.deepEqual(tx.findNodes('User', 'name', 'Bob'), [bo], 'a new value set in the transaction');
        assert.deepEqual(tx.findNodesInRange('User', 'age', { gte: 18 }), [cy, bo]);
        // More writes after a read: still deferred, still right at the next read and at commit.
        const di = tx.createNode('User', { name: 'Di', age: 18 });
        assert.deepEqual(tx.findNodesInRange('User', 'age', { lte: 20 }), [cy, di]);
      },
      { deferIndexes: true },
    );
    assert.deepEqual(db.findNodes('User', 'name', 'Ada'), []);
    assert.deepEqual(db.findNodesInRange('User', 'age', { gte: 0 }), [2, 3, 4]);
  });
});

// The catalog cache is shared by every reader and takes a name as soon as a
// write transaction interns it. `idOf` (and `labelId`, ..., and the
// `db.intern` shortcut built on it) answered from that cache, so a name
// interned by an open transaction had an id outside it; when the transaction
// rolled back, the id went to the next new name: a caller holding it used
// another name's id. A read view likewise saw names interned after its
// snapshot.
test('idOf does not reveal names interned by an open transaction or after a snapshot', async () => {
  await withDb(async (db) => {
    await db.createNode('User');
    const tx = await db.beginWrite();
    const zedId = tx.intern('Zed');
    tx.createNode('Zed');
    assert.equal(tx.idOf('Zed'), zedId, 'the transaction sees its own name');
    assert.equal(db.idOf('Zed'), null, 'the database does not, before the commit');
    assert.equal(db.labelId('Zed'), null);
    assert.equal(db.countNodesWithLabel(zedId), 0);
    tx.rollback();
    assert.equal(await db.intern('Other'), zedId, 'the rolled-back id goes to the next new name');
    assert.equal(db.idOf('Zed'), null);

    // db.intern waits for the open writer instead of handing out its pending id.
    const tx2 = await db.beginWrite();
    tx2.intern('Pending');
    const interned = db.intern('Pending');
    tx2.rollback();
    assert.equal(await interned, db.idOf('Pending'), 'the id db.intern returned is the committed one');

    await db.read(async (view) => {
      await db.createNode('Later');
      assert.notEqual(db.idOf('Later'), null);
      assert.equal(view.idOf('Later'), null, 'a view does not see names interned after its snapshot');
      assert.equal(view.countNodesWithLabel(db.idOf('Later')!), 0);
    });
  });
});

// Numeric label, type and property-key ids that are not integers in
// [1, 2^32) (1.5, -1, 0, NaN) were NOT_FOUND ("never interned") in writes,
// while reads and the documentation call them INVALID_ARG; only a
// well-formed id that was never interned is NOT_FOUND.
test('a malformed numeric name id is INVALID_ARG in writes as in reads', async () => {
  await withDb(async (db) => {
    const a = await db.createNode('User');
    for (const bad of [1.5, -1, 0, NaN, 2 ** 32]) {
      await assert.rejects(db.createNode(bad), (err: unknown) => (err as SombraError).code === 'INVALID_ARG', `label ${bad}`);
      await assert.rejects(db.createEdge(a, a, bad), (err: unknown) => (err as SombraError).code === 'INVALID_ARG', `type ${bad}`);
      await assert.rejects(db.createIndex('User', bad), (err: unknown) => (err as SombraError).code === 'INVALID_ARG', `property ${bad}`);
      assert.equal(codeOf(() => db.countNodesWithLabel(bad)), 'INVALID_ARG');
    }
    await assert.rejects(db.createNode(999), (err: unknown) => (err as SombraError).code === 'NOT_FOUND');
    await db.transaction((tx) => {
      assert.equal(codeOf(() => tx.createNodeIds([1.5])), 'INVALID_ARG');
      assert.equal(codeOf(() => tx.createNodeIds([999])), 'NOT_FOUND');
    });
  });
});

// Misspelt options were silently ignored: `neighbors(id, { directon: 'in' })`
// answered for the default direction, `bfs(id, 2, { maxResult: 1 })` had no
// limit, `beginWrite({ deferIndexes: 'yes' })` ran without deferring, and
// `idOf(3)` answered for the number instead of rejecting a non-name.
test('misspelt or mistyped read and transaction options are rejected, not ignored', async () => {
  await withDb(async (db) => {
    const a = await db.createNode('User');
    await db.createEdge(a, a, 'SELF');
    assert.equal(codeOf(() => db.neighbors(a, { directon: 'in' } as never)), 'INVALID_ARG');
    assert.equal(codeOf(() => db.bfs(a, 2, { maxResult: 1 } as never)), 'INVALID_ARG');
    assert.equal(codeOf(() => db.findNodesInRange('User', 'x', { gte: 1, ltee: 3 } as never)), 'INVALID_ARG');
    assert.equal(codeOf(() => db.idOf(1 as never)), 'INVALID_ARG');
    await assert.rejects(db.beginWrite({ deferIndexes: 'yes' } as never), (err: unknown) => (err as SombraError).code === 'INVALID_ARG');
    await assert.rejects(db.transaction(() => 1, { deferIndexes: 1 } as never), (err: unknown) => (err as SombraError).code === 'INVALID_ARG');
    // The writer lock was not taken by the rejected calls.
    assert.equal(await db.transaction(() => 'free'), 'free');
  });
});

// Property-index entries of nodes created in a transaction are buffered and
// written sorted at its end. rebuildIndex cleared the index tree first and
// flushed the buffer afterwards, so the buffered entry landed in the cleared
// tree and the bulk rebuild refused the non-empty tree with INVALID_ARG (the
// model test found it: create, then rebuild, in one transaction).
test('rebuildIndex after a create in the same transaction rebuilds cleanly', async () => {
  await withDb(async (db) => {
    await db.createIndex('Admin', 'since');
    const id = await db.transaction((tx) => {
      const n = tx.createNode('Admin', { since: new Date(0) });
      assert.equal(tx.rebuildIndex('Admin', 'since'), true);
      assert.deepEqual(tx.findNodes('Admin', 'since', new Date(0)), [n]);
      return n;
    });
    assert.deepEqual(db.findNodes('Admin', 'since', new Date(0)), [id]);
  });
});
