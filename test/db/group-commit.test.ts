// Group commit through the public API (DESIGN §3-§4), counted, never timed:
// FaultVfs counts every fdatasync, and db.stats() reports the commits,
// flushes and log syncs of this open. Concurrent auto-commit writes and
// transactions in `full` share syncs; a lone one costs exactly one; `off`
// never syncs; `normal` acknowledges without syncing. In `full`, nothing is
// visible to readers before the sync that makes it durable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from '../../src/index.js';
import type { DatabaseOptions } from '../../src/db/options.js';
import { FaultVfs } from '../../src/vfs/fault-vfs.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { until } from '../helpers/storage.js';

const PATH = '/group/commit.sombra';
const WAL = `${PATH}-wal`;

async function open(options: DatabaseOptions = {}): Promise<{ vfs: FaultVfs; db: Database }> {
  const vfs = new FaultVfs(new MemVfs());
  const db = await Database.openOn(vfs, PATH, { walPreallocateBytes: 0, autocheckpointMs: null, ...options });
  // Intern the names and create the trees' first pages up front.
  await db.createNode('User', { name: 'setup' });
  return { vfs, db };
}

function counters(vfs: FaultVfs, db: Database): { syncs: number; logSyncs: number; commits: number; flushes: number } {
  const s = db.stats();
  return { syncs: vfs.stats.syncs, logSyncs: s.logSyncs, commits: s.commits, flushes: s.flushes };
}

function delta(before: ReturnType<typeof counters>, after: ReturnType<typeof counters>): ReturnType<typeof counters> {
  return { syncs: after.syncs - before.syncs, logSyncs: after.logSyncs - before.logSyncs, commits: after.commits - before.commits, flushes: after.flushes - before.flushes };
}

test('full: 64 concurrent createNode calls share a few syncs, and get ids in call order', async () => {
  const { vfs, db } = await open();
  try {
    const before = counters(vfs, db);
    const ids = await Promise.all(Array.from({ length: 64 }, (_, i) => db.createNode('User', { n: i })));
    const d = delta(before, counters(vfs, db));
    assert.deepEqual(ids, Array.from({ length: 64 }, (_, i) => i + 2), 'FIFO: ids in call order');
    assert.equal(d.commits, 64);
    assert.ok(d.logSyncs >= 1, 'full mode syncs');
    assert.ok(d.logSyncs <= 4, `64 concurrent commits took ${d.logSyncs} log syncs`);
    assert.equal(d.syncs, d.logSyncs, 'every sync of the file system was a log sync (no checkpoint ran)');
    assert.ok(d.flushes < d.commits, `${d.flushes} flushes for ${d.commits} commits`);
    for (const [i, id] of ids.entries()) assert.deepEqual(db.getNode(id)?.props, { n: i });
    assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
});

test('full: concurrent transactions, batches and edge writes share syncs too', async () => {
  const { vfs, db } = await open();
  try {
    const before = counters(vfs, db);
    const work: Array<Promise<unknown>> = [];
    for (let i = 0; i < 16; i++) {
      work.push(db.transaction((tx) => tx.createEdge(1, tx.createNode('User', { i }), 'KNOWS')));
      work.push(db.mutateMany([{ op: 'createNode', labels: ['Post'], as: 'p' }, { op: 'createEdge', src: 1, dst: { ref: 'p' }, type: 'WROTE' }]));
    }
    await Promise.all(work);
    const d = delta(before, counters(vfs, db));
    assert.equal(d.commits, 32);
    assert.ok(d.logSyncs >= 1 && d.logSyncs <= 4, `32 concurrent transactions took ${d.logSyncs} log syncs`);
    assert.equal(db.neighbors(1).length, 32);
    assert.equal(db.countEdgesWithType('WROTE'), 16);
    assert.deepEqual(db.verify().problems, []);
  } finally {
    await db.close();
  }
});

test('full: a lone commit costs exactly one sync, and is durable when it resolves', async () => {
  const { vfs, db } = await open();
  try {
    for (let i = 0; i < 5; i++) {
      const before = counters(vfs, db);
      await db.createNode('User', { i });
      const d = delta(before, counters(vfs, db));
      assert.deepEqual({ syncs: d.syncs, logSyncs: d.logSyncs, commits: d.commits, flushes: d.flushes }, { syncs: 1, logSyncs: 1, commits: 1, flushes: 1 }, `commit ${i}`);
      assert.equal(vfs.unsyncedCount(WAL), 0, 'nothing unsynced once the commit resolved');
    }
  } finally {
    await db.close();
  }
});

test('full: a commit is invisible to readers until the sync that makes it durable', async () => {
  const { vfs, db } = await open();
  try {
    const count = db.nodeCount();
    const syncsBefore = vfs.stats.syncs;
    const pending = db.createNode('User', { name: 'pending' });
    // Wait until its frames are written to the log but not yet covered by a completed sync.
    await until(() => vfs.unsyncedCount(WAL) > 0);
    assert.equal(db.nodeCount(), count, 'not visible before the sync completes');
    assert.equal(db.getNode(count + 1), null);
    assert.equal(db.read((v) => v.nodeCount()), count, 'nor to a new read view');
    const id = await pending;
    assert.equal(vfs.stats.syncs - syncsBefore, 1);
    assert.equal(db.getNode(id)?.props['name'], 'pending');
  } finally {
    await db.close();
  }
});

test('off: commits never sync, not even at close', async () => {
  const { vfs, db } = await open({ synchronous: 'off' });
  let before: ReturnType<typeof counters>;
  try {
    before = counters(vfs, db);
    await Promise.all(Array.from({ length: 10 }, (_, i) => db.createNode('User', { i })));
    for (let i = 0; i < 3; i++) await db.createNode('User', { i });
    const d = delta(before, counters(vfs, db));
    assert.equal(d.commits, 13);
    assert.equal(d.syncs, 0);
    assert.equal(d.logSyncs, 0);
    assert.equal(db.stats().synchronous, 'off');
  } finally {
    await db.close();
  }
  assert.equal(vfs.stats.syncs - before.syncs, 0, 'closing does not sync either');
});

test('normal: commits are acknowledged and visible without a sync, which follows at close', async () => {
  const { vfs, db } = await open({ synchronous: 'normal', commitCoalesceMs: 1000 });
  // No sync completes while held: a commit that waited for one would never be acknowledged.
  const releaseSyncs = vfs.holdSyncs();
  let before: ReturnType<typeof counters>;
  try {
    before = counters(vfs, db);
    await Promise.all(Array.from({ length: 10 }, (_, i) => db.createNode('User', { i })));
    for (let i = 0; i < 3; i++) await db.createNode('User', { i });
    const d = delta(before, counters(vfs, db));
    assert.equal(d.commits, 13);
    assert.ok(d.syncs <= 1, `acknowledged without waiting for a sync (${d.syncs} background sync started)`);
    assert.ok(vfs.unsyncedCount(WAL) > 0, 'the log holds unsynced commits');
    assert.equal(db.nodeCount(), 14, 'visible once acknowledged');
  } finally {
    releaseSyncs();
    await db.close();
  }
  assert.ok(vfs.stats.syncs - before.syncs >= 1, 'close syncs what was left');
  assert.equal(vfs.unsyncedCount(WAL), 0);
});

test('pragma synchronous switches the sync cost of the next commit', async () => {
  const { vfs, db } = await open();
  try {
    const cost = async (): Promise<number> => {
      const before = vfs.stats.syncs;
      await db.createNode('User');
      return vfs.stats.syncs - before;
    };
    assert.equal(await cost(), 1);
    assert.equal(db.pragma('synchronous', 'off'), 'off');
    assert.equal(await cost(), 0);
    assert.equal(db.stats().synchronous, 'off');
    assert.equal(db.pragma('synchronous', 'full'), 'full');
    assert.equal(await cost(), 1);
  } finally {
    await db.close();
  }
});
