// Group commit and the synchronous modes (DESIGN §3-§4), counted through
// FaultVfs: deterministic, no timing. A commit's cost is the number of log
// syncs it needed, not how long it took.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { FaultVfs } from '../../src/vfs/fault-vfs.js';
import type { Pager } from '../../src/pager/pager.js';
import type { PagerOptions } from '../../src/pager/options.js';
import { DB_PATH, openPager, patternOf, writePattern } from '../helpers/storage.js';

const WAL = `${DB_PATH}-wal`;

/** A pager with one data page every commit rewrites. */
async function setup(options: PagerOptions = {}): Promise<{ mem: MemVfs; vfs: FaultVfs; pager: Pager; pageNo: number }> {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const pager = await openPager(vfs, options);
  const txn = await pager.beginWrite();
  const { pageNo } = txn.allocatePage();
  writePattern(txn, pageNo, 1, 0);
  await txn.commit();
  return { mem, vfs, pager, pageNo };
}

async function onePageCommit(pager: Pager, pageNo: number, version: number): Promise<void> {
  const txn = await pager.beginWrite();
  writePattern(txn, pageNo, 1, version);
  await txn.commit();
}

/** Counts syncs of the log only (checkpoints also sync the database file). */
function logSyncs(pager: Pager): number {
  return pager.committerStats.syncs;
}

test('full: 64 concurrent one-page commits are covered by far fewer syncs than commits', async () => {
  const { vfs, pager, pageNo } = await setup();
  const syncsBefore = vfs.stats.syncs;
  await Promise.all(Array.from({ length: 64 }, (_, i) => onePageCommit(pager, pageNo, i + 1)));
  const syncs = vfs.stats.syncs - syncsBefore;
  assert.ok(syncs >= 1, 'full mode must sync');
  assert.ok(syncs <= 4, `64 concurrent commits took ${syncs} syncs`);
  assert.equal(pager.committerStats.commits, 65);
  // The last commit in lock order wins.
  assert.deepEqual(patternOf(pager.latest(), pageNo), { tag: 1, version: 64 });
  await pager.close();
});

test('full: a lone commit costs exactly one sync', async () => {
  const { vfs, pager, pageNo } = await setup();
  for (let i = 1; i <= 5; i++) {
    const before = vfs.stats.syncs;
    await onePageCommit(pager, pageNo, i);
    assert.equal(vfs.stats.syncs - before, 1, `commit ${i}`);
  }
  await pager.close();
});

test('full: a commit coalescing window gathers commits into one flush and one sync', async () => {
  const { vfs, pager, pageNo } = await setup();
  pager.pragma('wal_coalesce_ms', 1000);
  pager.pragma('commit_max_frames', 10);
  const before = vfs.stats.syncs;
  // Ten one-frame commits reach commitMaxFrames, which ends the wait early.
  await Promise.all(Array.from({ length: 10 }, (_, i) => onePageCommit(pager, pageNo, i + 1)));
  assert.equal(vfs.stats.syncs - before, 1);
  await pager.close();
});

test('off: commits perform no sync at all, and neither does closing', async () => {
  const { vfs, pager, pageNo } = await setup({ synchronous: 'off' });
  const before = vfs.stats.syncs;
  await Promise.all(Array.from({ length: 20 }, (_, i) => onePageCommit(pager, pageNo, i + 1)));
  for (let i = 0; i < 5; i++) await onePageCommit(pager, pageNo, 100 + i);
  await pager.close();
  assert.equal(vfs.stats.syncs - before, 0);
});

test('normal: no sync on the commit path; the log is synced in the background and at close', async () => {
  const { vfs, pager, pageNo } = await setup({ synchronous: 'normal', commitCoalesceMs: 1000 });
  const before = vfs.stats.syncs;
  await Promise.all(Array.from({ length: 64 }, (_, i) => onePageCommit(pager, pageNo, i + 1)));
  for (let i = 0; i < 5; i++) await onePageCommit(pager, pageNo, 100 + i);
  assert.equal(vfs.stats.syncs - before, 0, 'acknowledged without syncing');
  assert.ok(vfs.unsyncedCount(WAL) > 0, 'the log holds unsynced writes');
  await pager.close();
  assert.ok(vfs.stats.syncs - before >= 1, 'close syncs what normal mode left unsynced');
  assert.equal(vfs.unsyncedCount(WAL), 0);
});

test('normal: with a zero coalescing window the background sync follows the writes', async () => {
  const { vfs, pager, pageNo } = await setup({ synchronous: 'normal', commitCoalesceMs: 0 });
  await onePageCommit(pager, pageNo, 1);
  assert.ok(vfs.unsyncedCount(WAL) > 0, 'vfs.unsyncedCount(WAL) > 0');
  // Wait (without asserting any duration) until the background sync ran.
  for (let i = 0; i < 200 && vfs.unsyncedCount(WAL) > 0; i++) await new Promise((r) => setTimeout(r, 5));
  assert.equal(vfs.unsyncedCount(WAL), 0);
  await pager.close();
});

test('changing synchronous at runtime takes effect for the next commit', async () => {
  const { vfs, pager, pageNo } = await setup();
  let before = vfs.stats.syncs;
  await onePageCommit(pager, pageNo, 1);
  assert.equal(vfs.stats.syncs - before, 1);

  assert.equal(pager.pragma('synchronous', 'off'), 'off');
  before = vfs.stats.syncs;
  await onePageCommit(pager, pageNo, 2);
  assert.equal(vfs.stats.syncs - before, 0);

  pager.pragma('synchronous', 'full');
  before = vfs.stats.syncs;
  await onePageCommit(pager, pageNo, 3);
  assert.equal(vfs.stats.syncs - before, 1);

  pager.pragma('wal_coalesce_ms', 1000);
  pager.pragma('commit_max_frames', 3);
  before = vfs.stats.syncs;
  await Promise.all([4, 5, 6].map((v) => onePageCommit(pager, pageNo, v)));
  assert.equal(vfs.stats.syncs - before, 1, 'the new coalescing window applies to the next flush');
  await pager.close();
});

test('settings read back, and invalid values are rejected with INVALID_ARG leaving the setting unchanged', async () => {
  const { pager } = await setup({ commitCoalesceMs: 3, autocheckpointMs: 5000 });
  assert.equal(pager.pragma('synchronous'), 'full');
  assert.equal(pager.pragma('wal_coalesce_ms'), 3);
  assert.equal(pager.pragma('autocheckpoint_ms'), 5000);
  const bad: Array<[string, unknown, RegExp]> = [
    ['synchronous', 'FULLISH', /synchronous must be one of 'full', 'normal', 'off', got "FULLISH"/],
    ['wal_coalesce_ms', -3, /wal_coalesce_ms must be an integer in \[0, 1000\], got -3/],
    ['wal_coalesce_ms', 1.5, /got 1.5/],
    ['autocheckpoint_ms', 0, /autocheckpoint_ms must be an integer in \[1, /],
    ['cache_size', 2, /cache_size must be an integer in \[16, /],
    ['page_size', 4096, /read-only/],
    ['no_such_pragma', 1, /unknown pragma "no_such_pragma"/],
  ];
  for (const [name, value, message] of bad) {
    assert.throws(() => pager.pragma(name, value as number), (err: unknown) => {
      assert.equal((err as { code?: string }).code, 'INVALID_ARG');
      assert.match((err as Error).message, message);
      return true;
    });
  }
  assert.equal(pager.pragma('synchronous'), 'full');
  assert.equal(pager.pragma('wal_coalesce_ms'), 3);
  assert.equal(pager.pragma('autocheckpoint_ms'), 5000);
  assert.equal(pager.pragma('autocheckpoint_ms', null), null);
  assert.equal(pager.pragma('page_size'), 4096);
  await pager.close();
});

test('a failed log sync rejects that flush and every later pending commit with IO, and blocks writes', async () => {
  const { mem, vfs, pager, pageNo } = await setup();
  await onePageCommit(pager, pageNo, 1);
  vfs.failNext('sync', 1, '-wal');
  const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => onePageCommit(pager, pageNo, 10 + i)));
  assert.ok(results.every((r) => r.status === 'rejected'), 'no commit of the failed flush or after it is acknowledged');
  for (const r of results) {
    assert.equal(r.status, 'rejected');
    assert.equal((r.reason as { code?: string }).code, 'IO');
  }
  await assert.rejects(pager.beginWrite(), (err: unknown) => {
    assert.equal((err as { code?: string }).code, 'IO');
    assert.match((err as Error).message, /close and reopen|closed and reopened/);
    return true;
  });
  // Readers still see the last acknowledged state.
  assert.deepEqual(patternOf(pager.latest(), pageNo), { tag: 1, version: 1 });
  await pager.close();
  // The sync was never retried; reopening recovers a consistent state.
  const reopened = await openPager(mem);
  const got = patternOf(reopened.latest(), pageNo);
  assert.ok(got !== null && got.tag === 1 && got.version >= 1, 'got !== null && got.tag === 1 && got.version >= 1');
  await reopened.close();
});

test('a failed log write rejects the commit with IO and puts the database in the failed state', async () => {
  const { vfs, pager, pageNo } = await setup();
  vfs.failNext('write', 1, '-wal');
  await assert.rejects(onePageCommit(pager, pageNo, 5), (err: unknown) => (err as { code?: string }).code === 'IO');
  assert.equal(pager.stats().failed, true);
  await assert.rejects(pager.beginWrite(), (err: unknown) => (err as { code?: string }).code === 'IO');
  await pager.close();
});

test('new snapshots see only acknowledged commits; the next writer sees the pending one', async () => {
  const { pager, pageNo } = await setup();
  const first = await pager.beginWrite();
  writePattern(first, pageNo, 1, 7);
  const acknowledged = first.commit();
  // Handed over, not yet synced: a new reader still sees version 0 ...
  const early = pager.beginRead();
  assert.deepEqual(patternOf(early, pageNo), { tag: 1, version: 0 });
  // ... while the next writer builds on version 7.
  const second = await pager.beginWrite();
  assert.deepEqual(patternOf(second, pageNo), { tag: 1, version: 7 });
  second.rollback();
  await acknowledged;
  const late = pager.beginRead();
  assert.deepEqual(patternOf(late, pageNo), { tag: 1, version: 7 });
  assert.deepEqual(patternOf(early, pageNo), { tag: 1, version: 0 }, 'an open snapshot keeps its view');
  early.release();
  late.release();
  await pager.close();
});

/** Holds every log sync of `vfs` until the test lets it return (or fail); `stop()` lets later syncs through. */
function holdLogSyncs(vfs: FaultVfs): Array<{ release: () => void; fail: (err: Error) => void }> & { stop: () => void } {
  const held = Object.assign([] as Array<{ release: () => void; fail: (err: Error) => void }>, { stop: () => void 0 });
  let holding = true;
  held.stop = () => {
    holding = false;
  };
  const original = vfs.fileSync.bind(vfs);
  vfs.fileSync = (path, inner) => {
    if (path !== WAL || !holding) return original(path, inner);
    // The sync is issued now (it covers the writes before this point) and returns when released.
    const issued = original(path, inner);
    return new Promise<void>((resolve, reject) => {
      held.push({ release: () => void issued.then(resolve, reject), fail: (err) => void issued.then(() => reject(err), reject) });
    });
  };
  return held;
}

async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

test('full: the next record is written while the previous sync runs; a later sync acknowledges every earlier record, in order', async () => {
  const { pager, vfs, pageNo } = await setup();
  const held = holdLogSyncs(vfs);
  const order: string[] = [];
  const a = onePageCommit(pager, pageNo, 1).then(() => order.push('a'));
  await turns();
  assert.equal(held.length, 1, 'the first record is being synced');
  const framesAfterA = pager.stats().framesWritten;
  const b = onePageCommit(pager, pageNo, 2).then(() => order.push('b'));
  await turns();
  assert.equal(held.length, 2, 'the second record was written and its sync started while the first sync runs');
  const framesAfterB = pager.stats().framesWritten;
  assert.ok(framesAfterB > framesAfterA, 'the second record is in the log');
  assert.equal(pager.committerStats.commits, 1, 'nothing acknowledged before a sync returns (setup only)');
  const c = onePageCommit(pager, pageNo, 3).then(() => order.push('c'));
  await turns();
  assert.equal(held.length, 2, `at most two syncs in flight`);
  assert.equal(pager.stats().framesWritten, framesAfterB, 'the third record waits for a free sync');
  // The second sync returns first: it covers the first record's write too.
  held[1]!.release();
  await Promise.all([a, b]);
  assert.deepEqual(order, ['a', 'b']);
  assert.deepEqual(patternOf(pager.latest(), pageNo), { tag: 1, version: 2 });
  await turns();
  assert.equal(held.length, 3, 'the freed slot lets the third record go');
  held[0]!.release();
  held[2]!.release();
  await c;
  assert.deepEqual(order, ['a', 'b', 'c']);
  held.stop();
  await pager.close();
});

test('full: when a sync fails, every written record not yet acknowledged rejects with IO, also those an earlier sync still covers', async () => {
  const { pager, vfs, pageNo } = await setup();
  const held = holdLogSyncs(vfs);
  const a = onePageCommit(pager, pageNo, 1);
  await turns();
  const b = onePageCommit(pager, pageNo, 2);
  await turns();
  assert.equal(held.length, 2);
  held[1]!.fail(Object.assign(new Error('EIO: simulated'), { code: 'EIO' }));
  await assert.rejects(b, (err: unknown) => err instanceof Error && (err as { code?: string }).code === 'IO');
  await assert.rejects(a, (err: unknown) => err instanceof Error && (err as { code?: string }).code === 'IO');
  held[0]!.release();
  await turns();
  assert.deepEqual(patternOf(pager.latest(), pageNo), { tag: 1, version: 0 }, 'nothing of the failed records became visible');
  await assert.rejects(onePageCommit(pager, pageNo, 3), (err: unknown) => (err as { code?: string }).code === 'IO');
  held.stop();
  await pager.close().catch(() => undefined);
});

test('full: a burst of concurrent commits gathered by an idle leader goes out as two records, each with its own sync', async () => {
  const { pager, vfs, pageNo } = await setup();
  const syncsBefore = logSyncs(pager);
  const flushesBefore = pager.committerStats.flushes;
  await Promise.all(Array.from({ length: 16 }, (_, i) => onePageCommit(pager, pageNo, i + 1)));
  assert.equal(pager.committerStats.flushes - flushesBefore, 2);
  assert.equal(logSyncs(pager) - syncsBefore, 2);
  assert.deepEqual(patternOf(pager.latest(), pageNo), { tag: 1, version: 16 });
  assert.equal(vfs.unsyncedCount(WAL), 0);
  await pager.close();
});
