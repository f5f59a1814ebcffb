// The pager: transactions, snapshots, the freelist, the cache, page 0, bad
// input, corruption and the lock file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { Pager } from '../../src/pager/pager.js';
import { collectFreePages } from '../../src/pager/freelist.js';
import { DB_PATH, TEST_PAGER_OPTIONS, flipByte, freshPager, openPager, patternOf, writePattern } from '../helpers/storage.js';

function codeOf(err: unknown): string | undefined {
  return (err as { code?: string }).code;
}

test('a committed page reads back after reopen; a rolled-back one never existed', async () => {
  const { mem, pager } = await freshPager();
  const t1 = await pager.beginWrite();
  const { pageNo } = t1.allocatePage();
  writePattern(t1, pageNo, 9, 1);
  t1.setRoot('things', pageNo);
  t1.setCounter('next_id', 42);
  await t1.commit();

  const t2 = await pager.beginWrite();
  writePattern(t2, pageNo, 9, 2);
  const extra = t2.allocatePage().pageNo;
  t2.rollback();
  assert.deepEqual(patternOf(pager.latest(), pageNo), { tag: 9, version: 1 });
  assert.equal(pager.latest().pageCount(), extra, 'the rolled-back allocation left the page count as it was');
  await pager.close();

  const reopened = await openPager(mem);
  const view = reopened.latest();
  assert.deepEqual(patternOf(view, pageNo), { tag: 9, version: 1 });
  assert.equal(view.getRoot('things'), pageNo);
  assert.equal(view.getCounter('next_id'), 42);
  assert.equal(view.getRoot('missing'), null);
  await reopened.close();
});

test('a snapshot keeps its view while later commits change and free its pages', async () => {
  const { pager } = await freshPager();
  const t = await pager.beginWrite();
  const pages = Array.from({ length: 6 }, () => t.allocatePage().pageNo);
  pages.forEach((p, i) => writePattern(t, p, i, 1));
  await t.commit();

  const snap = pager.beginRead();
  for (let round = 2; round < 6; round++) {
    const w = await pager.beginWrite();
    pages.forEach((p, i) => writePattern(w, p, i, round));
    await w.commit();
    await pager.checkpoint(); // the snapshot holds the checkpoint back
  }
  const w = await pager.beginWrite();
  w.freePage(pages[0]!);
  const reused = w.allocatePage().pageNo;
  writePattern(w, reused, 99, 1);
  await w.commit();
  await pager.checkpoint();

  pages.forEach((p, i) => assert.deepEqual(patternOf(snap, p), { tag: i, version: 1 }));
  assert.deepEqual(patternOf(pager.latest(), pages[1]!), { tag: 1, version: 5 });
  assert.deepEqual(patternOf(pager.latest(), reused), { tag: 99, version: 1 });
  snap.release();
  assert.throws(() => snap.getPage(pages[0]!), (err) => codeOf(err) === 'CLOSED');
  const done = await pager.checkpoint();
  assert.equal(done.restarted, true, 'once released, the log can be folded in completely');
  await pager.close();
});

test('freed pages are reused before the file grows, and the freelist accounts for every page', async () => {
  const { pager } = await freshPager({ pageSize: 4096 });
  const t = await pager.beginWrite();
  // More pages than one trunk can list (1020 at 4 KiB) to build a trunk chain.
  const pages = Array.from({ length: 2500 }, () => t.allocatePage().pageNo);
  await t.commit();
  const f = await pager.beginWrite();
  for (const p of pages.slice(0, 2200)) f.freePage(p);
  await f.commit();
  assert.equal(pager.pragma('freelist_count'), 2200);
  const free = collectFreePages(pager.latest());
  assert.equal(free.size, 2200);
  const countBefore = pager.latest().pageCount();

  const a = await pager.beginWrite();
  const again = Array.from({ length: 2200 }, () => a.allocatePage().pageNo);
  await a.commit();
  assert.equal(pager.latest().pageCount(), countBefore, 'no growth while free pages exist');
  assert.deepEqual(new Set(again), free);
  assert.equal(pager.pragma('freelist_count'), 0);
  const b = await pager.beginWrite();
  assert.equal(b.allocatePage().pageNo, countBefore, 'then the file grows');
  b.rollback();
  await pager.close();
});

test('a tiny cache evicts and re-reads pages correctly from the log and the file', async () => {
  const { pager } = await freshPager({ cachePages: 16 });
  const t = await pager.beginWrite();
  const pages = Array.from({ length: 200 }, () => t.allocatePage().pageNo);
  pages.forEach((p, i) => writePattern(t, p, i, 1));
  await t.commit();
  for (let round = 0; round < 3; round++) {
    pages.forEach((p, i) => assert.deepEqual(patternOf(pager.latest(), p), { tag: i, version: 1 }));
    if (round === 1) await pager.checkpoint();
  }
  const stats = pager.stats();
  assert.ok(stats.cachePages <= 16, 'stats.cachePages <= 16');
  assert.ok(stats.cacheMisses > 200, 'stats.cacheMisses > 200');
  await pager.close();
});

test('a corrupted page in the database file is a CORRUPTION error naming the page', async () => {
  const { mem, pager } = await freshPager();
  const t = await pager.beginWrite();
  const pages = Array.from({ length: 5 }, () => t.allocatePage().pageNo);
  pages.forEach((p, i) => writePattern(t, p, i, 1));
  await t.commit();
  await pager.close(); // checkpoint: pages now live in the database file only
  const victim = pages[3]!;
  flipByte(mem.files.get(DB_PATH)!.bytes, victim * 4096 + 1000, 0x10);
  const reopened = await openPager(mem);
  assert.deepEqual(patternOf(reopened.latest(), pages[2]!), { tag: 2, version: 1 });
  assert.throws(
    () => reopened.latest().getPage(victim),
    (err: unknown) => {
      assert.equal(codeOf(err), 'CORRUPTION');
      assert.equal((err as { pageNo?: number }).pageNo, victim);
      assert.match((err as Error).message, new RegExp(`page ${victim} of ${DB_PATH}: checksum mismatch`));
      return true;
    },
  );
  await reopened.close();
});

test('a reference past the end of the file is CORRUPTION, not garbage', async () => {
  const { pager } = await freshPager();
  assert.throws(() => pager.latest().getPage(1000), (err) => codeOf(err) === 'CORRUPTION' && /page 1000 is past the end/.test((err as Error).message));
  await pager.close();
});

test('a file that is not a Sombra database is refused with UNSUPPORTED_FORMAT', async () => {
  const mem = new MemVfs();
  mem.createExclusive(DB_PATH, new TextEncoder().encode('{"this": "is json, not a database", "padding": "' + 'x'.repeat(9000) + '"}'));
  await assert.rejects(openPager(mem), (err) => codeOf(err) === 'UNSUPPORTED_FORMAT' && /not a Sombra database/.test((err as Error).message));
  assert.equal(mem.exists(`${DB_PATH}-lock`), false, 'a refused open leaves no lock behind');
});

test('createIfMissing: false and read-only opens never create a database', async () => {
  const mem = new MemVfs();
  await assert.rejects(openPager(mem, { createIfMissing: false }), (err) => codeOf(err) === 'NOT_FOUND');
  await assert.rejects(openPager(mem, { readOnly: true }), (err) => codeOf(err) === 'NOT_FOUND');
  assert.equal(mem.exists(DB_PATH), false);
});

test('a read-only open reads everything, recovers the log, and refuses writes', async () => {
  const { mem, pager } = await freshPager();
  const t = await pager.beginWrite();
  const { pageNo } = t.allocatePage();
  writePattern(t, pageNo, 5, 5);
  await t.commit();
  // Leave the commit in the log only (no close, no checkpoint): cut the pager loose.
  const lockPath = `${DB_PATH}-lock`;
  const walBefore = mem.readAll(`${DB_PATH}-wal`);
  await pager.close();
  const ro = await openPager(mem, { readOnly: true });
  assert.deepEqual(patternOf(ro.latest(), pageNo), { tag: 5, version: 5 });
  await assert.rejects(ro.beginWrite(), (err) => codeOf(err) === 'READ_ONLY');
  await assert.rejects(ro.checkpoint(), (err) => codeOf(err) === 'READ_ONLY');
  await ro.close();
  assert.equal(mem.exists(lockPath), false);
  assert.ok(walBefore !== null, 'walBefore !== null');
});

test('page sizes from 4 KiB to 64 KiB work; others are rejected with INVALID_ARG', async () => {
  for (const pageSize of [4096, 16384, 65536]) {
    const mem = new MemVfs();
    const pager = await openPager(mem, { pageSize });
    const t = await pager.beginWrite();
    const { pageNo } = t.allocatePage();
    writePattern(t, pageNo, 1, 1);
    await t.commit();
    await pager.close();
    const reopened = await openPager(mem, { pageSize: 4096 }); // ignored: the file says otherwise
    assert.equal(reopened.pageSizeBytes, pageSize);
    assert.deepEqual(patternOf(reopened.latest(), pageNo), { tag: 1, version: 1 });
    await reopened.close();
  }
  for (const pageSize of [1024, 5000, 131072, -1]) {
    await assert.rejects(openPager(new MemVfs(), { pageSize }), (err) => codeOf(err) === 'INVALID_ARG' && /pageSize/.test((err as Error).message));
  }
});

test('transactions are FIFO, one at a time; a used transaction throws TX_CLOSED', async () => {
  const { pager } = await freshPager();
  const order: number[] = [];
  const first = await pager.beginWrite();
  const waiting = [1, 2, 3].map(async (n) => {
    const t = await pager.beginWrite();
    order.push(n);
    t.rollback();
  });
  order.push(0);
  const { pageNo } = first.allocatePage();
  await first.commit();
  await Promise.all(waiting);
  assert.deepEqual(order, [0, 1, 2, 3]);
  assert.throws(() => first.getPage(pageNo), (err) => codeOf(err) === 'TX_CLOSED');
  assert.throws(() => first.allocatePage(), (err) => codeOf(err) === 'TX_CLOSED');
  await assert.rejects(first.commit(), (err) => codeOf(err) === 'TX_CLOSED');
  await pager.close();
});

test('close rolls back an open transaction and makes everything CLOSED; closing twice is fine', async () => {
  const { mem, pager } = await freshPager();
  const t = await pager.beginWrite();
  const { pageNo } = t.allocatePage();
  writePattern(t, pageNo, 1, 1);
  const snap = pager.beginRead();
  await pager.close();
  await pager.close();
  assert.throws(() => t.getPage(0), (err) => codeOf(err) === 'CLOSED');
  assert.throws(() => snap.getPage(0), (err) => codeOf(err) === 'CLOSED');
  await assert.rejects(pager.beginWrite(), (err) => codeOf(err) === 'CLOSED');
  assert.throws(() => pager.latest(), (err) => codeOf(err) === 'CLOSED');
  const reopened = await openPager(mem);
  assert.equal(reopened.latest().pageCount(), 1, 'the open transaction was rolled back');
  await reopened.close();
});

test('a second open of the same file is LOCKED; the lock is released on close', async () => {
  const { mem, pager } = await freshPager();
  await assert.rejects(openPager(mem), (err: unknown) => {
    assert.equal(codeOf(err), 'LOCKED');
    assert.equal((err as { ownerPid?: number }).ownerPid, process.pid);
    assert.match((err as Error).message, /locked by this process/);
    return true;
  });
  await pager.close();
  const again = await openPager(mem);
  await again.close();
});

test('a lock left by a dead process is taken over; a live owner is named in LOCKED', async () => {
  const mem = new MemVfs();
  const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
  const deadPid = dead.pid!;
  const host = (await import('node:os')).hostname();
  const lockText = (pid: number, start: string) => new TextEncoder().encode(`sombra-lock 1\npid=${pid}\nhost=${host}\nstart=${start}\ntoken=abc\n`);
  mem.createExclusive(`${DB_PATH}-lock`, lockText(deadPid, '-'));
  const pager = await openPager(mem);
  await pager.close();

  // A live process (our parent: the test runner) that is not us.
  const livePid = process.ppid;
  mem.createExclusive(`${DB_PATH}-lock`, lockText(livePid, '-'));
  await assert.rejects(openPager(mem), (err: unknown) => {
    assert.equal(codeOf(err), 'LOCKED');
    assert.equal((err as { ownerPid?: number }).ownerPid, livePid);
    assert.match((err as Error).message, new RegExp(`process ${livePid}`));
    return true;
  });
  // A reused pid (same pid, different start time) is stale.
  mem.unlink(`${DB_PATH}-lock`);
  mem.createExclusive(`${DB_PATH}-lock`, lockText(livePid, 'not-its-start-time'));
  const taken = await openPager(mem);
  await taken.close();
});

test('an interrupted creation (empty file, no log) is completed on the next open', async () => {
  const mem = new MemVfs();
  mem.createExclusive(DB_PATH, new Uint8Array(0));
  const pager = await Pager.open(mem, DB_PATH, TEST_PAGER_OPTIONS);
  assert.equal(pager.openInfo.created, true);
  await pager.close();
});

test('stats report counts, sizes and cache figures', async () => {
  const { pager } = await freshPager();
  const t = await pager.beginWrite();
  t.allocatePage();
  await t.commit();
  const s = pager.stats();
  assert.equal(s.pageSizeBytes, 4096);
  assert.equal(s.pageCount, 2);
  assert.equal(s.commits, 1);
  assert.equal(s.walFrames, 2);
  assert.equal(s.synchronous, 'full');
  assert.equal(s.failed, false);
  await pager.close();
});
