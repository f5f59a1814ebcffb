// Behaviour of the public API (DESIGN §3, §6, §7): transaction semantics
// (commit on return after acknowledgement, rollback on throw, FIFO writers,
// reads of a transaction's own buffered writes, snapshot reads that hold
// while writes and checkpoints run, lazy label iterators that release their
// snapshot), the fast path (intern, ids wherever names go, createNodeIds),
// pragmas, stats, checkpoint, :memory: databases, deferred indexes, and
// persistence of everything across a reopen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Database, SombraError, type Transaction } from '../../src/index.js';
import type { DatabaseOptions } from '../../src/db/options.js';
import { FaultVfs } from '../../src/vfs/fault-vfs.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { until } from '../helpers/storage.js';
import { dump, sameStored, type ProbePools } from '../helpers/graph-model.js';

const PATH = '/api/graph.sombra';
const OPTIONS: DatabaseOptions = { walPreallocateBytes: 0, autocheckpointMs: null };

async function withDb(fn: (db: Database, vfs: FaultVfs, mem: MemVfs) => Promise<void>, options: DatabaseOptions = {}): Promise<void> {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const db = await Database.openOn(vfs, PATH, { ...OPTIONS, ...options });
  try {
    await fn(db, vfs, mem);
    if (!db.closed) assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
}

const readersOpen = (db: Database): number => db.pager.stats().readersOpen;

// ------------------------------------------------------------------ transactions

test('db.transaction commits on return and resolves after acknowledgement with the function’s result', async () => {
  await withDb(async (db, vfs) => {
    const syncs = vfs.stats.syncs;
    const result = await db.transaction(async (tx) => {
      const a = tx.createNode('User', { name: 'Ada' });
      await new Promise((resolve) => setImmediate(resolve)); // an async fn keeps the transaction open
      const b = tx.createNode('User', { name: 'Bob' });
      return { a, b, edge: tx.createEdge(a, b, 'KNOWS') };
    });
    assert.deepEqual(result, { a: 1, b: 2, edge: 1 });
    assert.equal(vfs.stats.syncs - syncs, 1, 'resolved after its sync');
    assert.equal(vfs.unsyncedCount(`${PATH}-wal`), 0);
    assert.deepEqual(db.neighbors(1), [{ nodeId: 2, edgeId: 1, type: 'KNOWS', direction: 'out' }]);
    // A function that commits itself is not committed twice; one that rolls back resolves with its result.
    assert.equal(await db.transaction(async (tx) => (tx.createNode('User'), await tx.commit(), 'self-committed')), 'self-committed');
    assert.equal(db.nodeCount(), 3);
    assert.equal(await db.transaction((tx) => (tx.createNode('User'), tx.rollback(), 'rolled back')), 'rolled back');
    assert.equal(db.nodeCount(), 3);
  });
});

test('db.transaction rolls back on throw and rejects with the thrown error', async () => {
  await withDb(async (db) => {
    await db.createNode('User', { name: 'Ada' });
    const boom = new Error('boom');
    let inside: Transaction | null = null;
    await assert.rejects(
      db.transaction(async (tx) => {
        inside = tx;
        const n = tx.createNode(['Brand', 'User'], { fresh: 1 });
        tx.createEdge(1, n, 'NEWTYPE');
        tx.updateNode(1, { set: { name: 'changed' } });
        tx.createIndex('User', 'name');
        await new Promise((resolve) => setImmediate(resolve));
        throw boom;
      }),
      (err: unknown) => err === boom,
    );
    assert.equal(inside!.active, false);
    assert.equal(db.nodeCount(), 1);
    assert.equal(db.edgeCount(), 0);
    assert.deepEqual(db.getNode(1)?.props, { name: 'Ada' });
    assert.deepEqual(db.listIndexes(), []);
    for (const name of ['Brand', 'fresh', 'NEWTYPE']) assert.equal(db.idOf(name), null, `${name} was interned by the rolled-back transaction only`);
    // The ids the rolled-back transaction used are free again.
    assert.equal(await db.createNode('User'), 2);
    assert.equal(await db.intern('Brand'), db.stats().names);
    // A SombraError thrown inside is passed through as well.
    await assert.rejects(db.transaction((tx) => tx.deleteNode(99)), (err: unknown) => err instanceof SombraError && err.code === 'NOT_FOUND');
  });
});

test('beginWrite hands out the writer lock in FIFO order; later writers wait', async () => {
  await withDb(async (db) => {
    const order: number[] = [];
    const writers = Array.from({ length: 6 }, async (_, i) => {
      const tx = await db.beginWrite();
      order.push(i);
      const id = tx.createNode('User', { i });
      await new Promise((resolve) => setImmediate(resolve));
      if (i === 3) tx.rollback();
      else await tx.commit();
      return id;
    });
    const auto = db.createNode('User', { i: 'auto' }); // queued behind all six
    const ids = await Promise.all(writers);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5]);
    assert.deepEqual(ids, [1, 2, 3, 4, 4, 5], 'the rolled-back id is reused by the next writer');
    assert.equal(await auto, 6);
    assert.deepEqual([...db.nodesWithLabel('User')].map((id) => db.getNode(id)?.props['i']), [0, 1, 2, 4, 5, 'auto']);
  });
});

test('reads inside a transaction see its own writes, buffered adjacency and label entries included; the database does not', async () => {
  await withDb(async (db) => {
    await db.createIndex('User', 'name');
    await db.transaction((tx) => {
      const a = tx.createNode('User', { name: 'Ada' });
      const b = tx.createNode(['User', 'Admin'], { name: 'Bob' });
      const c = tx.createNode('Post', { name: 'Hello' });
      const e1 = tx.createEdge(a, b, 'KNOWS');
      const e2 = tx.createEdge(a, c, 'WROTE');
      tx.createEdge(c, c, 'SELF');
      assert.deepEqual(tx.neighbors(a), [
        { nodeId: b, edgeId: e1, type: 'KNOWS', direction: 'out' },
        { nodeId: c, edgeId: e2, type: 'WROTE', direction: 'out' },
      ]);
      assert.deepEqual(tx.neighbors(c, { direction: 'both', distinct: false }).map((n) => [n.nodeId, n.direction]), [[c, 'out'], [a, 'in'], [c, 'in']]);
      assert.deepEqual(tx.bfs(a, 2), [{ nodeId: a, depth: 0 }, { nodeId: b, depth: 1 }, { nodeId: c, depth: 1 }]);
      assert.deepEqual([...tx.nodesWithLabel('User')], [a, b]);
      assert.equal(tx.countNodesWithLabel('Admin'), 1);
      assert.equal(tx.countEdgesWithType('KNOWS'), 1);
      assert.equal(tx.nodeCount(), 3);
      assert.equal(tx.edgeCount(), 3);
      assert.deepEqual(tx.findNodes('User', 'name', 'Bob'), [b], 'through the index');
      assert.deepEqual(tx.findNodes('Post', 'name', 'Hello'), [c], 'by scanning the label');
      assert.notEqual(tx.idOf('WROTE'), null);
      // Deleting reads the buffered adjacency too.
      assert.throws(() => tx.deleteNode(b), (err: unknown) => err instanceof SombraError && err.code === 'CONSTRAINT');
      tx.deleteEdge(e1);
      tx.deleteNode(b);
      assert.deepEqual([...tx.nodesWithLabel('User')], [a]);
      assert.deepEqual(tx.findNodes('User', 'name', 'Bob'), []);
      // Outside, nothing yet.
      assert.equal(db.nodeCount(), 0);
      assert.deepEqual([...db.nodesWithLabel('User')], []);
      assert.equal(db.idOf('WROTE'), null);
    });
    assert.equal(db.nodeCount(), 2);
    assert.deepEqual(db.neighbors(1, { direction: 'both' }).map((n) => n.nodeId), [3]);
  });
});

test('a db.read view keeps its snapshot while writes commit and a checkpoint runs, also in an async function', async () => {
  await withDb(async (db) => {
    const a = await db.createNode('User', { name: 'Ada' });
    const b = await db.createNode('User', { name: 'Bob' });
    await db.createEdge(a, b, 'KNOWS');
    await db.createIndex('User', 'name');
    const seen = await db.read(async (view) => {
      const before = dump(view, 10, { labels: ['User'], types: ['KNOWS'], props: ['name'], values: [] });
      // Writes of every kind commit meanwhile...
      await db.updateNode(a, { set: { name: 'Ada Lovelace' } });
      await db.createEdge(b, a, 'LIKES');
      await db.deleteNode(b, { cascade: true });
      await db.createNode('Later', { name: 'x'.repeat(2000) });
      await db.dropIndex('User', 'name');
      for (let i = 0; i < 50; i++) await db.createNode('User', { i });
      // ...and a checkpoint, which must not overwrite what the view reads.
      const cp = await db.checkpoint();
      assert.equal(cp.restarted, false, 'the log cannot restart under a live reader');
      assert.deepEqual(dump(view, 10, { labels: ['User'], types: ['KNOWS'], props: ['name'], values: [] }), before);
      assert.deepEqual(view.findNodes('User', 'name', 'Bob'), [b]);
      assert.deepEqual(view.listIndexes(), [{ label: 'User', property: 'name' }]);
      assert.equal(view.idOf('Later'), null);
      assert.equal(view.idOf('LIKES'), null);
      return view.nodeCount();
    });
    assert.equal(seen, 2);
    assert.equal(db.nodeCount(), 52);
    assert.equal(readersOpen(db), 0, 'the view released its snapshot');
    assert.equal((await db.checkpoint()).restarted, true, 'with the reader gone the log restarts');
    // A synchronous read returns its value and releases at once; a throwing one too.
    assert.equal(db.read((v) => v.nodeCount()), 52);
    assert.throws(() => db.read(() => {
      throw new Error('inside');
    }), /inside/);
    await assert.rejects(db.read(async () => {
      throw new Error('async inside');
    }), /async inside/);
    assert.equal(readersOpen(db), 0);
  });
});

test('nodesWithLabel is lazy, consistent across awaits, and releases its snapshot at the end and on break', async () => {
  await withDb(async (db) => {
    const ids = await db.transaction((tx) => Array.from({ length: 10 }, (_, i) => tx.createNode('User', { i })));
    assert.equal(readersOpen(db), 0);
    const it = db.nodesWithLabel('User');
    assert.equal(readersOpen(db), 0, 'nothing is held before the first next()');
    const got: number[] = [];
    for (const id of it) {
      got.push(id);
      if (got.length === 3) {
        assert.equal(readersOpen(db), 1);
        await db.createNode('User', { late: true });
        await db.deleteNode(ids[9]!);
      }
    }
    assert.deepEqual(got, ids, 'the iterator keeps its snapshot across commits');
    assert.equal(readersOpen(db), 0, 'released at the end');
    for (const id of db.nodesWithLabel('User')) {
      assert.equal(id, 1);
      assert.equal(readersOpen(db), 1);
      break;
    }
    assert.equal(readersOpen(db), 0, 'released on break');
    const manual = db.nodesWithLabel('User');
    assert.deepEqual(manual.next(), { value: 1, done: false });
    manual.return();
    assert.equal(readersOpen(db), 0, 'released on return()');
    assert.deepEqual([...db.nodesWithLabel('Nobody')], []);
    assert.equal(readersOpen(db), 0);
    assert.deepEqual([...db.nodesWithLabel('User')].length, 10);
  });
});

// ------------------------------------------------------------------ fast path

test('the fast path: intern, idOf and its aliases, createNodeIds, and numeric ids wherever names go', async () => {
  await withDb(async (db) => {
    const user = await db.intern('User');
    const name = await db.intern('name');
    const knows = await db.intern('KNOWS');
    assert.deepEqual([user, name, knows], [1, 2, 3]);
    assert.equal(await db.intern('User'), user, 'interning twice gives the same id');
    assert.equal(db.idOf('User'), user);
    assert.equal(db.labelId('User'), user);
    assert.equal(db.propertyKeyId('name'), name);
    assert.equal(db.edgeTypeId('KNOWS'), knows);
    assert.equal(db.idOf('Nope'), null);
    const [a, b] = await db.transaction((tx) => {
      assert.equal(tx.intern('age'), 4);
      return [tx.createNodeIds([user], [[name, 'Ada'], [4, 36]]), tx.createNodeIds([user, user], [])];
    });
    assert.deepEqual(db.getNode(a!), { id: a, labels: ['User'], props: { name: 'Ada', age: 36 } });
    assert.deepEqual(db.getNode(b!)?.labels, ['User'], 'a repeated label id counts once');
    const c = await db.createNode(user, { name: 'Cy' });
    const e = await db.createEdge(a!, c, knows, { since: 2020 });
    await db.createIndex(user, name);
    assert.deepEqual(db.listIndexes(), [{ label: 'User', property: 'name' }]);
    assert.deepEqual(db.getEdge(e), { id: e, src: a, dst: c, type: 'KNOWS', props: { since: 2020 } });
    assert.deepEqual(db.neighbors(a!, { edgeType: knows }).map((n) => n.nodeId), [c]);
    assert.deepEqual(db.bfs(a!, 1, { edgeTypes: [knows] }).map((v) => v.nodeId), [a, c]);
    assert.equal(db.countNodesWithLabel(user), 3);
    assert.equal(db.countEdgesWithType(knows), 1);
    assert.deepEqual([...db.nodesWithLabel(user)], [a, b, c]);
    assert.deepEqual(db.findNodes(user, name, 'Cy'), [c]);
    assert.deepEqual(db.findNodesInRange(user, 4, { gte: 30 }), [a]);
    assert.equal(await db.rebuildIndex(user, name), true);
    assert.equal(await db.dropIndex(user, name), true);
    // Unknown numeric ids: NOT_FOUND in writes, "unknown" (empty) in reads.
    const notFound = (err: unknown): boolean => err instanceof SombraError && err.code === 'NOT_FOUND';
    await assert.rejects(db.createNode(99), notFound);
    await assert.rejects(db.createEdge(a!, c, 99), notFound);
    await assert.rejects(db.createIndex(user, 99), notFound);
    await assert.rejects(db.transaction((tx) => tx.createNodeIds([99])), notFound);
    await assert.rejects(db.transaction((tx) => tx.createNodeIds([user], [[99, 1]])), notFound);
    await assert.rejects(db.transaction((tx) => tx.createNodeIds([user], [[name, 1], [name, 2]])), (err: unknown) => err instanceof SombraError && err.code === 'INVALID_ARG' && /given twice/.test(err.message));
    await assert.rejects(db.transaction((tx) => tx.createNodeIds([user], [[name, undefined as never]])), (err: unknown) => err instanceof SombraError && err.code === 'INVALID_ARG' && /property "name"/.test(err.message));
    await assert.rejects(db.transaction((tx) => tx.createNodeIds([])), (err: unknown) => err instanceof SombraError && err.code === 'INVALID_ARG');
    assert.equal(db.countNodesWithLabel(99), 0);
    assert.deepEqual(db.findNodes(99, name, 'Ada'), []);
    assert.deepEqual(db.neighbors(a!, { edgeType: 99 }), []);
    assert.deepEqual(db.bfs(a!, 2, { edgeTypes: [99] }), [{ nodeId: a, depth: 0 }]);
    assert.equal(await db.dropIndex(99, name), false);
    assert.equal(db.nodeCount(), 3);
    const longest = 'é'.repeat(256); // 512 bytes of UTF-8: the longest name
    const longestId = await db.intern(longest);
    assert.equal(db.idOf(longest), longestId);
    const n = await db.createNode(longest, { [longest]: 1 });
    assert.deepEqual(db.getNode(n), { id: n, labels: [longest], props: { [longest]: 1 } });
    assert.deepEqual(db.findNodes(longestId, longestId, 1), [n]);
  });
});

test('unusual property names and property objects round-trip: __proto__, constructor, numeric keys, null prototypes', async () => {
  await withDb(async (db) => {
    const props = JSON.parse('{"__proto__": 1, "constructor": "c", "1": "one", "01": "zero-one", "toString": null}') as Record<string, number | string | null>;
    const bare = Object.assign(Object.create(null) as Record<string, number>, { x: 1 });
    const a = await db.createNode('User', props);
    const b = await db.createNode('User', bare);
    const got = db.getNode(a)!.props;
    assert.equal(Object.getPrototypeOf(got), Object.prototype, 'a record is a plain object');
    assert.deepEqual(Object.keys(got).sort(), ['01', '1', '__proto__', 'constructor', 'toString']);
    assert.equal(Object.getOwnPropertyDescriptor(got, '__proto__')?.value, 1, '__proto__ is an own property, not the prototype');
    assert.equal(got['constructor'], 'c');
    assert.equal(got['1'], 'one');
    assert.equal(got['toString'], null);
    assert.deepEqual({ ...db.getNode(b)!.props }, { x: 1 });
    await db.createIndex('User', '__proto__');
    assert.deepEqual(db.findNodes('User', '__proto__', 1), [a]);
    await db.updateNode(a, { unset: ['__proto__', 'never-used'], set: { '1': 'uno' } });
    assert.deepEqual(Object.keys(db.getNode(a)!.props).sort(), ['01', '1', 'constructor', 'toString']);
    assert.equal(db.getNode(a)!.props['1'], 'uno');
    assert.deepEqual(db.findNodes('User', '__proto__', 1), []);
  });
});

test('values are copied in and out: mutating what was written or read changes nothing stored', async () => {
  await withDb(async (db) => {
    const bytes = Uint8Array.of(1, 2, 3);
    const when = new Date(1000);
    const id = await db.createNode('User', { bytes, when, buf: Buffer.from('abc') });
    bytes[0] = 99;
    when.setTime(5);
    const first = db.getNode(id)!;
    assert.deepEqual(Array.from(first.props['bytes'] as Uint8Array), [1, 2, 3]);
    assert.equal((first.props['when'] as Date).getTime(), 1000);
    assert.equal(Object.getPrototypeOf(first.props['buf']), Uint8Array.prototype, 'a Buffer reads back as a plain Uint8Array');
    (first.props['bytes'] as Uint8Array)[1] = 77;
    (first.props['when'] as Date).setTime(7);
    first.labels.push('Hacked');
    const second = db.getNode(id)!;
    assert.deepEqual(Array.from(second.props['bytes'] as Uint8Array), [1, 2, 3]);
    assert.equal((second.props['when'] as Date).getTime(), 1000);
    assert.deepEqual(second.labels, ['User']);
  });
});

// ------------------------------------------------------------------ settings and figures

test('pragmas read and change the live settings', async () => {
  await withDb(async (db) => {
    assert.equal(db.pragma('synchronous'), 'full');
    assert.equal(db.pragma('wal_coalesce_ms'), 0);
    assert.equal(db.pragma('autocheckpoint_ms'), null);
    assert.equal(db.pragma('autocheckpoint_pages'), 2048);
    assert.equal(db.pragma('commit_max_frames'), 4096);
    assert.equal(db.pragma('cache_size'), 4096);
    assert.equal(db.pragma('page_size'), 8192);
    const pages = db.pragma('page_count');
    assert.equal(typeof pages, 'number');
    assert.equal(db.pragma('freelist_count'), 0);
    await db.createNode('User');
    assert.ok((db.pragma('wal_frames') as number) > 0, 'the commit is in the log');
    const set: Array<[string, string | number | null]> = [
      ['synchronous', 'normal'],
      ['wal_coalesce_ms', 5],
      ['autocheckpoint_ms', 60_000],
      ['autocheckpoint_pages', 100],
      ['commit_max_frames', 64],
      ['cache_size', 32],
    ];
    for (const [p, v] of set) {
      assert.equal(db.pragma(p, v), v, `pragma ${p} returns the new value`);
      assert.equal(db.pragma(p), v, `pragma ${p} reads it back`);
    }
    assert.equal(db.stats().cacheCapacityPages, 32);
    assert.equal(db.stats().synchronous, 'normal');
    assert.equal(db.pragma('autocheckpoint_ms', null), null, 'null disables the timer again');
    await db.checkpoint();
    assert.equal(db.pragma('wal_frames'), 0);
  }, { pageSize: 8192 });
});

test('stats() reports counts, sizes and commit figures', async () => {
  await withDb(async (db, vfs) => {
    const s0 = db.stats();
    assert.equal(s0.nodes, 0);
    assert.equal(s0.edges, 0);
    assert.equal(s0.names, 0);
    assert.equal(s0.indexes, 0);
    assert.equal(s0.pageSizeBytes, 4096);
    assert.equal(s0.failed, false);
    assert.equal(s0.synchronous, 'full');
    await db.transaction((tx) => {
      const a = tx.createNode(['User', 'Admin'], { name: 'Ada' });
      tx.createEdge(a, tx.createNode('User'), 'KNOWS');
      tx.createIndex('User', 'name');
    });
    await db.deleteNode(2, { cascade: true });
    const s1 = db.stats();
    assert.equal(s1.nodes, 1);
    assert.equal(s1.edges, 0);
    assert.equal(s1.names, 4, 'User, Admin, name, KNOWS');
    assert.equal(s1.indexes, 1);
    assert.equal(s1.commits - s0.commits, 2);
    assert.equal(s1.logSyncs - s0.logSyncs, 2);
    assert.equal(s1.pageCount, db.pragma('page_count'));
    assert.equal(s1.walFrames, db.pragma('wal_frames'));
    assert.equal(s1.freelistCount, db.pragma('freelist_count'));
    assert.ok(s1.walFileSizeBytes >= s1.walFrames * 4096, 'the log holds its frames');
    assert.ok(s1.cacheHitRate >= 0 && s1.cacheHitRate <= 1);
    assert.ok(s1.cacheHits + s1.cacheMisses > 0);
    assert.ok(s1.cachePages <= s1.cacheCapacityPages);
    const result = await db.checkpoint();
    const s2 = db.stats();
    assert.equal(s2.checkpoints - s1.checkpoints, 1);
    assert.equal(result.restarted, true);
    assert.ok(result.pagesCopied > 0);
    assert.equal(s2.walFrames, 0);
    assert.equal(s2.dbFileSizeBytes, s2.pageCount * 4096, 'the database file holds every page after a checkpoint');
    assert.ok(vfs.stats.syncs > 0);
    const report = db.verify();
    assert.deepEqual({ ok: report.ok, nodes: report.nodes, edges: report.edges, pages: report.pages, freePages: report.freePages }, { ok: true, nodes: 1, edges: 0, pages: s2.pageCount, freePages: s2.freelistCount });
  }, { pageSize: 4096 });
});

// stats() counted names and indexes from the shared in-memory caches, which
// a write transaction changes at once: during an open transaction it reported
// the names and indexes of that transaction, which might still roll back,
// next to node and edge counts of the acknowledged state.
test('stats() reports the acknowledged state while a transaction is open', async () => {
  await withDb(async (db) => {
    await db.createNode('User', { name: 'Ada' });
    const before = db.stats();
    const tx = await db.beginWrite();
    tx.createNode(['Brand', 'New'], { fresh: 1 });
    tx.createIndex('User', 'name');
    const during = db.stats();
    assert.deepEqual([during.nodes, during.names, during.indexes], [before.nodes, before.names, before.indexes]);
    await tx.commit();
    const after = db.stats();
    assert.deepEqual([after.nodes, after.names, after.indexes], [2, before.names + 3, 1]);
  });
});

test('checkpoint copies the log into the file; the data reads the same before, after and after a reopen', async () => {
  const mem = new MemVfs();
  const pools: ProbePools = { labels: ['User'], types: ['KNOWS'], props: ['name', 'blob'], values: [] };
  let db = await Database.openOn(mem, PATH, OPTIONS);
  try {
    await db.transaction((tx) => {
      for (let i = 0; i < 300; i++) tx.createNode('User', { name: `u${i}`, blob: new Uint8Array(i % 7 === 0 ? 3000 : 10).fill(i & 0xff) });
      for (let i = 1; i < 300; i++) tx.createEdge(i, i + 1, 'KNOWS');
    });
    const before = dump(db, 400, pools);
    const walFramesBefore = db.stats().walFrames;
    assert.ok(walFramesBefore > 0);
    const result = await db.checkpoint();
    assert.equal(result.restarted, true);
    assert.equal(result.framesRemaining, 0);
    assert.deepEqual(dump(db, 400, pools), before);
    assert.deepEqual((await db.checkpoint()).pagesCopied, 0, 'nothing left to copy');
    await db.close();
    db = await Database.openOn(mem, PATH, OPTIONS);
    assert.deepEqual(dump(db, 400, pools), before);
    assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
});

test(':memory: databases work, are independent, and leave no file behind', async () => {
  const filesBefore = readdirSync('.');
  const a = await Database.open(':memory:');
  const b = await Database.open(':memory:');
  try {
    assert.equal(a.path, ':memory:');
    await a.createNode('User', { name: 'in a' });
    await b.transaction((tx) => {
      tx.createNode('Post');
      tx.createNode('Post');
    });
    assert.equal(a.nodeCount(), 1);
    assert.equal(b.nodeCount(), 2);
    assert.equal(a.idOf('Post'), null);
    assert.deepEqual(a.getNode(1)?.props, { name: 'in a' });
    assert.equal(a.stats().walFileSizeBytes >= 0, true);
    assert.equal((await a.checkpoint()).restarted, true);
    assert.deepEqual(a.verify().problems, []);
  } finally {
    await a.close();
    await b.close();
  }
  assert.equal(existsSync(':memory:'), false);
  assert.deepEqual(readdirSync('.'), filesBefore, 'no file was created in the working directory');
  // A closed :memory: database is gone; a new one starts empty.
  const c = await Database.open(':memory:', { walPreallocateBytes: 0 });
  try {
    assert.equal(c.nodeCount(), 0);
  } finally {
    await c.close();
  }
});

test('deferIndexes: a bulk transaction skips index upkeep and leaves every index right at commit', async () => {
  await withDb(async (db) => {
    await db.createIndex('User', 'age');
    await db.createIndex('User', 'name');
    await db.transaction((tx) => {
      for (let i = 0; i < 200; i++) tx.createNode(i % 3 === 0 ? ['User', 'Admin'] : ['User'], { name: `u${i % 50}`, age: i % 2 === 0 ? i : BigInt(i) });
    });
    await db.transaction(
      (tx) => {
        for (let i = 0; i < 300; i++) tx.createNode('User', { name: `v${i % 40}`, age: i });
        for (let id = 1; id <= 200; id += 10) tx.updateNode(id, { set: { age: -id }, unset: id % 20 === 1 ? ['name'] : [] });
        for (let id = 5; id <= 200; id += 25) tx.deleteNode(id);
        tx.createIndex('Admin', 'age');
      },
      { deferIndexes: true },
    );
    assert.deepEqual(db.verify().problems, [], 'every index complete and exact');
    const expectAge = (id: number): number | bigint | undefined => db.getNode(id)?.props['age'] as number | bigint | undefined;
    const all = [...db.nodesWithLabel('User')];
    assert.equal(all.length, 500 - 8);
    assert.deepEqual(db.findNodesInRange('User', 'age', { lt: 0 }), all.filter((id) => Number(expectAge(id)) < 0));
    assert.deepEqual(db.findNodes('User', 'name', 'u1'), all.filter((id) => db.getNode(id)?.props['name'] === 'u1'));
    assert.deepEqual(db.findNodes('User', 'age', 7n), [8, 208], 'the bigint 7n of the first batch and the number 7 of the second');
    assert.deepEqual(db.findNodesInRange('Admin', 'age', { gte: 190 }), [...db.nodesWithLabel('Admin')].filter((id) => Number(expectAge(id)) >= 190));
  });
});

test('everything persists across close and reopen of a real file: records, values, catalog ids, indexes, counts, id counters', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sombra-api-'));
  const path = join(dir, 'persist.sombra');
  const values = {
    nul: null,
    yes: true,
    no: false,
    int: -42,
    big: -(2n ** 62n),
    float: 0.1,
    negZero: -0,
    nan: NaN,
    inf: -Infinity,
    empty: '',
    astral: '𝔘ser \u{1F600}',
    long: 'λ'.repeat(5000),
    bytes: Uint8Array.of(0, 255, 7),
    when: new Date(-1),
  };
  const pools: ProbePools = { labels: ['User', 'Admin', 'Post'], types: ['KNOWS', 'LIKES'], props: Object.keys(values), values: [] };
  try {
    let before: unknown;
    let ids: { names: Array<number | null>; nextNode: number; nextEdge: number };
    {
      const db = await Database.open(path, { autocheckpointMs: null });
      try {
        await db.transaction((tx) => {
          const a = tx.createNode(['User', 'Admin'], values);
          const b = tx.createNode('User', { name: 'Bob' });
          const p = tx.createNode('Post', { title: 'Hi' });
          tx.createEdge(a, b, 'KNOWS', values);
          tx.createEdge(b, p, 'LIKES');
          tx.createEdge(p, p, 'LIKES');
          tx.createIndex('User', 'int');
          tx.createIndex('User', 'long');
        });
        await db.deleteNode(3, { cascade: true }); // id 3 and edges 2, 3 are never reused
        before = dump(db, 10, pools);
        ids = { names: [...pools.labels, ...pools.types, ...pools.props, 'title'].map((n) => db.idOf(n)), nextNode: 4, nextEdge: 4 };
        const n = db.getNode(1)!;
        for (const [k, v] of Object.entries(values)) assert.ok(sameStored(n.props[k], v), `${k} round-trips before the reopen`);
      } finally {
        await db.close();
      }
    }
    const db = await Database.open(path, { autocheckpointMs: null });
    try {
      assert.deepEqual(dump(db, 10, pools), before);
      assert.deepEqual([...pools.labels, ...pools.types, ...pools.props, 'title'].map((n) => db.idOf(n)), ids.names, 'catalog ids');
      const n = db.getNode(1)!;
      for (const [k, v] of Object.entries(values)) assert.ok(sameStored(n.props[k], v), `${k} round-trips after the reopen`);
      assert.deepEqual(db.listIndexes(), [{ label: 'User', property: 'int' }, { label: 'User', property: 'long' }]);
      assert.deepEqual(db.findNodes('User', 'int', -42), [1]);
      assert.deepEqual(db.findNodes('User', 'long', 'λ'.repeat(5000)), [1]);
      assert.deepEqual(db.findNodesInRange('User', 'long', { gt: 'λ'.repeat(4999) }), [1]);
      assert.equal(db.countNodesWithLabel('User'), 2);
      assert.equal(db.countEdgesWithType('LIKES'), 0);
      assert.equal(db.countEdgesWithType('KNOWS'), 1);
      assert.equal(await db.createNode('Post'), ids.nextNode, 'the node counter continues');
      assert.equal(await db.createEdge(1, 2, 'KNOWS'), ids.nextEdge, 'the edge counter continues');
      assert.equal(await db.intern('brand new'), db.stats().names, 'a new name gets the next id');
      assert.deepEqual(db.verify().problems, []);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('close waits for submitted commits and ends the open transaction; writers it stops get CLOSED', async () => {
  await withDb(async (db, vfs, mem) => {
    const pending = Array.from({ length: 5 }, (_, i) => db.createNode('User', { i }));
    const queuedTx = db.beginWrite().then(
      (tx) => tx,
      (err: unknown) => err,
    );
    // Close while commits are written but not yet synced.
    await until(() => vfs.unsyncedCount(`${PATH}-wal`) > 0);
    await db.close();
    const settled = await Promise.allSettled(pending);
    const done = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    assert.ok(done.length >= 1, 'the commit in flight completed');
    for (const r of settled) if (r.status === 'rejected') assert.ok(r.reason instanceof SombraError && r.reason.code === 'CLOSED', `a stopped writer gets CLOSED, got ${String(r.reason)}`);
    const tx = await queuedTx;
    if (tx instanceof SombraError) assert.equal(tx.code, 'CLOSED');
    else {
      assert.ok(tx !== null && typeof tx === 'object' && 'active' in tx);
      const t = tx as Transaction;
      assert.equal(t.active, false, 'close ended the open transaction');
      assert.throws(() => t.createNode('User'), (err: unknown) => err instanceof SombraError && (err.code === 'TX_CLOSED' || err.code === 'CLOSED'));
    }
    const again = await Database.openOn(mem, PATH, OPTIONS);
    try {
      assert.deepEqual([...again.nodesWithLabel('User')], done, 'exactly the completed commits are there');
      assert.deepEqual(again.verify().problems, []);
    } finally {
      await again.close();
    }
  });
});

test('neighborIds answers what neighbors answers, as plain ids', async () => {
  const db = await Database.openOn(new MemVfs(), '/api/neighbor-ids.sombra', { walPreallocateBytes: 0, autocheckpointMs: null });
  try {
    const [a, b, c] = await db.transaction((tx) => {
      const ids = [tx.createNode('N'), tx.createNode('N'), tx.createNode('N')] as const;
      tx.createEdge(ids[0], ids[1], 'X');
      tx.createEdge(ids[0], ids[1], 'Y');
      tx.createEdge(ids[0], ids[2], 'Y');
      tx.createEdge(ids[2], ids[0], 'X');
      return ids;
    });
    const cases = [undefined, { distinct: false }, { direction: 'both' as const }, { edgeType: 'Y' }, { edgeType: 'missing' }, { limit: 1 }, { direction: 'in' as const }];
    for (const o of cases) assert.deepEqual(db.neighborIds(a, o), db.neighbors(a, o).map((n) => n.nodeId), JSON.stringify(o));
    assert.deepEqual(db.neighborIds(a), [b, c]);
    assert.deepEqual(db.neighborIds(a, { distinct: false }), [b, b, c]);
    assert.throws(() => db.neighborIds(a, { direction: 'sideways' as never }), (e) => (e as { code?: string }).code === 'INVALID_ARG');
  } finally {
    await db.close();
  }
});
