// Checkpoint (DESIGN §5): copies the log into the database file, restarts the
// log reusing the file, runs beside commits and readers, and survives a crash
// at every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { FaultVfs } from '../../src/vfs/fault-vfs.js';
import type { Pager } from '../../src/pager/pager.js';
import { decodeWalHeader } from '../../src/wal/format.js';
import { DB_PATH, abandon, freshPager, openPager, patternOf, sleep, until, writePattern } from '../helpers/storage.js';

async function writeAll(pager: Pager, pages: number[], version: number): Promise<void> {
  const t = await pager.beginWrite();
  pages.forEach((p, i) => writePattern(t, p, i, version));
  await t.commit();
}

async function makePages(pager: Pager, n: number): Promise<number[]> {
  const t = await pager.beginWrite();
  const pages = Array.from({ length: n }, () => t.allocatePage().pageNo);
  pages.forEach((p, i) => writePattern(t, p, i, 1));
  await t.commit();
  return pages;
}

function walHeaderSeq(mem: MemVfs): number {
  const h = decodeWalHeader(mem.readAll(`${DB_PATH}-wal`)!.subarray(0, 32));
  assert.ok(h.ok, 'h.ok');
  return h.header.checkpointSeq;
}

test('a checkpoint copies every page into the file and restarts the log in place', async () => {
  const { mem, pager } = await freshPager({ walPreallocateBytes: 256 * 1024 });
  const pages = await makePages(pager, 20);
  await writeAll(pager, pages, 2);
  const walSize = mem.files.get(`${DB_PATH}-wal`)!.sizeBytes;
  const seq = walHeaderSeq(mem);
  const result = await pager.checkpoint();
  assert.equal(result.restarted, true);
  assert.equal(result.pagesCopied, 21, 'the newest frame of each of 20 pages and page 0');
  assert.equal(pager.pragma('wal_frames'), 0);
  assert.equal(walHeaderSeq(mem), seq + 1);
  assert.equal(mem.files.get(`${DB_PATH}-wal`)!.sizeBytes, walSize, 'the preallocated log is reused, not truncated');
  pages.forEach((p, i) => assert.deepEqual(patternOf(pager.latest(), p), { tag: i, version: 2 }));
  // New commits go to the start of the restarted log.
  await writeAll(pager, pages, 3);
  assert.equal(pager.pragma('wal_frames'), 20);
  await pager.close();
  const reopened = await openPager(mem);
  pages.forEach((p, i) => assert.deepEqual(patternOf(reopened.latest(), p), { tag: i, version: 3 }));
  await reopened.close();
});

test('commits proceed while a long checkpoint copies pages (it yields after every page)', async () => {
  const { pager } = await freshPager();
  const pages = await makePages(pager, 500);
  const running = pager.checkpoint();
  // A commit started after the checkpoint is acknowledged before the checkpoint ends.
  await writeAll(pager, pages.slice(0, 3), 2);
  assert.equal(pager.stats().checkpoints, 0, 'the checkpoint is still copying');
  const result = await running;
  assert.ok(result.pagesCopied >= 500, 'result.pagesCopied >= 500');
  pages.slice(0, 3).forEach((p, i) => assert.deepEqual(patternOf(pager.latest(), p), { tag: i, version: 2 }));
  await pager.close();
});

test('a writer blocked by log backpressure makes the running checkpoint copy without yielding', async () => {
  // `off`: commits need no I/O wait, so a loop of them never lets the
  // event loop turn and the checkpoint (which yields after each page) falls
  // behind until the log reaches twice autocheckpointPages and writers wait.
  const { pager } = await freshPager({ synchronous: 'off', autocheckpointPages: 200 });
  const pages = await makePages(pager, 300);
  assert.ok(pager.stats().checkpoints === 0 && (pager.pragma('wal_frames') as number) >= 200, 'a checkpoint of 300+ pages has started');
  await writeAll(pager, pages, 2);
  assert.ok((pager.pragma('wal_frames') as number) >= 400, 'the log is past twice the threshold');
  let turns = 0;
  let counting = true;
  const tick = (): void => {
    if (!counting) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const t = await pager.beginWrite();
  counting = false;
  assert.ok(pager.stats().checkpoints >= 1, 'the writer waited for the checkpoint');
  // Yielding after each of its 300 pages would have taken 300 turns of the loop.
  assert.ok(turns <= 5, `the checkpoint finished within ${turns} turns of the event loop once a writer waited`);
  t.rollback();
  pages.forEach((p, i) => assert.deepEqual(patternOf(pager.latest(), p), { tag: i, version: 2 }));
  await pager.close();
});

test('checkpoints interleaved with commits and readers keep every reader on its snapshot', async () => {
  const { mem, pager } = await freshPager();
  const pages = await makePages(pager, 40);
  const readers: Array<{ version: number; snap: ReturnType<Pager['beginRead']> }> = [];
  const work: Promise<unknown>[] = [];
  for (let v = 2; v <= 12; v++) {
    work.push(writeAll(pager, pages, v));
    if (v % 3 === 0) work.push(pager.checkpoint());
    if (v % 4 === 0) {
      await work[work.length - 1];
      readers.push({ version: v, snap: pager.beginRead() });
    }
  }
  await Promise.all(work);
  await pager.checkpoint();
  for (const { version, snap } of readers) {
    pages.forEach((p, i) => assert.deepEqual(patternOf(snap, p), { tag: i, version }, `reader at v${version}, page ${p}`));
  }
  assert.ok((pager.pragma('wal_frames') as number) > 0, 'readers on old snapshots hold part of the log back');
  for (const { snap } of readers) snap.release();
  const final = await pager.checkpoint();
  assert.equal(final.restarted, true);
  await pager.close();
  const reopened = await openPager(mem);
  pages.forEach((p, i) => assert.deepEqual(patternOf(reopened.latest(), p), { tag: i, version: 12 }));
  await reopened.close();
});

test('the log is checkpointed automatically past autocheckpointPages', async () => {
  const { pager } = await freshPager({ autocheckpointPages: 30 });
  const pages = await makePages(pager, 10);
  for (let v = 2; v <= 8; v++) await writeAll(pager, pages, v);
  await until(() => pager.stats().checkpoints > 0 && !((pager.pragma('wal_frames') as number) >= 30));
  assert.ok(pager.stats().checkpoints >= 1, 'pager.stats().checkpoints >= 1');
  assert.ok((pager.pragma('wal_frames') as number) < 30, '(pager.pragma(\'wal_frames\') as number) < 30');
  await pager.close();
});

test('the log is checkpointed on the autocheckpointMs timer', async () => {
  const { pager } = await freshPager({ autocheckpointMs: 20 });
  await makePages(pager, 5);
  // Wait for the timer (this asserts that it fires, not how fast).
  for (let i = 0; i < 250 && pager.stats().checkpoints === 0; i++) await sleep(10);
  assert.ok(pager.stats().checkpoints >= 1, 'pager.stats().checkpoints >= 1');
  assert.equal(pager.pragma('wal_frames'), 0);
  await pager.close();
});

test('closing checkpoints: the next open finds an empty log', async () => {
  const { mem, pager } = await freshPager();
  const pages = await makePages(pager, 8);
  await pager.close();
  const reopened = await openPager(mem);
  assert.equal(reopened.openInfo.recovered.frameCount, 0);
  pages.forEach((p, i) => assert.deepEqual(patternOf(reopened.latest(), p), { tag: i, version: 1 }));
  await reopened.close();
});

test('a crash at any step of a checkpoint loses nothing', async () => {
  const prepare = async (vfs: FaultVfs) => {
    const pager = await openPager(vfs, { synchronous: 'full' });
    const pages = await makePages(pager, 12);
    await writeAll(pager, pages, 2);
    await pager.checkpoint();
    await writeAll(pager, pages.slice(0, 6), 3); // log: a few frames on top of a checkpointed file
    return { pager, pages };
  };
  // Count the checkpoint's operations on a dry run.
  const dry = new FaultVfs(new MemVfs());
  const { pager: dryPager } = await prepare(dry);
  const before = dry.stats.mutatingOps;
  await dryPager.checkpoint();
  const steps = dry.stats.mutatingOps - before;
  await dryPager.close();
  assert.ok(steps >= 5, `a checkpoint has several steps (${steps})`);

  for (let cut = 1; cut <= steps; cut++) {
    for (const tear of ['none', 'half', 'garbage'] as const) {
      const mem = new MemVfs();
      const vfs = new FaultVfs(mem, { tear, unsyncedWrites: 'random', seed: cut });
      const { pager, pages } = await prepare(vfs);
      vfs.armPowerCut(vfs.stats.mutatingOps + cut);
      await pager.checkpoint().catch(() => undefined);
      await abandon(pager);
      const reopened = await openPager(mem);
      pages.forEach((p, i) => assert.deepEqual(patternOf(reopened.latest(), p), { tag: i, version: i < 6 ? 3 : 2 }, `cut ${cut} (${tear}), page ${p}`));
      await reopened.checkpoint();
      assert.equal(reopened.pragma('wal_frames'), 0, 'the recovered log folds in completely');
      await reopened.close();
    }
  }
});

// Regression: in off and normal modes a commit never waits for I/O, so a loop
// of `await commit()` never yields to the event loop; the checkpoint (which
// yields between page copies) and the background sync starved and the log
// grew without bound. Writers now wait for a running checkpoint once the log
// holds twice autocheckpointPages.
for (const synchronous of ['off', 'normal'] as const) {
  test(`${synchronous}: a commit loop that never yields still keeps the log bounded`, async () => {
    const { pager } = await freshPager({ synchronous, autocheckpointPages: 20 });
    const pages = await makePages(pager, 3);
    let maxFrames = 0;
    for (let v = 2; v < 400; v++) {
      await writeAll(pager, pages.slice(v % 3, (v % 3) + 1), v);
      maxFrames = Math.max(maxFrames, pager.pragma('wal_frames') as number);
    }
    assert.ok(maxFrames <= 2 * 20 + 2, `the log reached ${maxFrames} frames`);
    assert.ok(pager.stats().checkpoints >= 5, 'pager.stats().checkpoints >= 5');
    await pager.close();
  });
}

test('a clean close cuts the log back to its header; reopening preallocates it again and keeps every page', async () => {
  const { mem, pager } = await freshPager({ walPreallocateBytes: 256 * 1024 });
  const pages = await makePages(pager, 20);
  await writeAll(pager, pages, 2);
  assert.ok(mem.files.get(`${DB_PATH}-wal`)!.sizeBytes >= 256 * 1024, 'preallocated while open');
  const seq = walHeaderSeq(mem);
  await pager.close();
  assert.equal(mem.files.get(`${DB_PATH}-wal`)!.sizeBytes, 32, 'only the header of the restarted log is left');
  assert.equal(walHeaderSeq(mem), seq + 1, 'the header kept is the restarted one');
  const reopened = await openPager(mem, { walPreallocateBytes: 256 * 1024 });
  assert.equal(reopened.openInfo.recovered.frameCount, 0);
  assert.equal(mem.files.get(`${DB_PATH}-wal`)!.sizeBytes, 256 * 1024, 'preallocated again at open');
  pages.forEach((p, i) => assert.deepEqual(patternOf(reopened.latest(), p), { tag: i, version: 2 }));
  await writeAll(reopened, pages.slice(0, 2), 3);
  await reopened.close();
  const third = await openPager(mem);
  pages.forEach((p, i) => assert.deepEqual(patternOf(third.latest(), p), { tag: i, version: i < 2 ? 3 : 2 }));
  await third.close();
});

test('a crash at any step of a clean close (checkpoint, restart, cut of the log) loses nothing', async () => {
  const prepare = async (vfs: FaultVfs) => {
    const pager = await openPager(vfs, { synchronous: 'full', walPreallocateBytes: 64 * 1024 });
    const pages = await makePages(pager, 12);
    await writeAll(pager, pages, 2);
    await pager.checkpoint();
    await writeAll(pager, pages.slice(0, 6), 3);
    return { pager, pages };
  };
  const dry = new FaultVfs(new MemVfs());
  const { pager: dryPager } = await prepare(dry);
  const before = dry.stats.mutatingOps;
  await dryPager.close();
  const steps = dry.stats.mutatingOps - before;
  assert.ok(steps >= 6, `a close has several steps (${steps})`);

  for (let cut = 1; cut <= steps + 1; cut++) {
    for (const tear of ['none', 'half', 'garbage'] as const) {
      const mem = new MemVfs();
      const vfs = new FaultVfs(mem, { tear, unsyncedWrites: 'random', seed: cut * 7 });
      const { pager, pages } = await prepare(vfs);
      vfs.armPowerCut(vfs.stats.mutatingOps + cut);
      await abandon(pager);
      if (!vfs.crashed) vfs.powerCut(); // past the last step: the cut lands after close
      const reopened = await openPager(mem, { walPreallocateBytes: 64 * 1024 });
      pages.forEach((p, i) => assert.deepEqual(patternOf(reopened.latest(), p), { tag: i, version: i < 6 ? 3 : 2 }, `cut ${cut} (${tear}), page ${p}`));
      await writeAll(reopened, pages.slice(0, 1), 4);
      await reopened.close();
      const again = await openPager(mem);
      assert.deepEqual(patternOf(again.latest(), pages[0]!), { tag: 0, version: 4 }, `cut ${cut} (${tear}): a commit after recovery survives`);
      await again.close();
    }
  }
});
