// Recovery on open (src/wal/recovery.ts): the log ends at the last valid
// commit frame; torn tails, broken chains and frames of an older generation
// are never replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { FaultVfs } from '../../src/vfs/fault-vfs.js';
import { frameOffsetBytes, frameSizeBytes, WAL_HEADER_SIZE_BYTES, encodeWalHeader, decodeWalHeader } from '../../src/wal/format.js';
import { DB_PATH, abandon, flipByte, openPager, patternOf, writePattern } from '../helpers/storage.js';
import type { Pager } from '../../src/pager/pager.js';

const PAGE = 4096;
const WAL = `${DB_PATH}-wal`;

/** Commits `versions.length` transactions that each rewrite page `pageNo`; returns the pager (not closed). */
async function commitVersions(vfs: FaultVfs, versions: number[]): Promise<{ pager: Pager; pageNo: number }> {
  const pager = await openPager(vfs);
  const t0 = await pager.beginWrite();
  const { pageNo } = t0.allocatePage();
  writePattern(t0, pageNo, 1, 0);
  await t0.commit();
  for (const v of versions) {
    const t = await pager.beginWrite();
    writePattern(t, pageNo, 1, v);
    await t.commit();
  }
  return { pager, pageNo };
}

/** Cuts the power (everything was synced), so the log stays as it is on "disk". */
async function crash(vfs: FaultVfs, pager: Pager): Promise<void> {
  vfs.powerCut();
  await abandon(pager);
}

function walBytes(mem: MemVfs): Uint8Array {
  return mem.files.get(WAL)!.bytes;
}

test('a torn last frame is ignored: the log ends at the previous commit', async () => {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const { pager, pageNo } = await commitVersions(vfs, [1, 2, 3]);
  const frames = pager.stats().walFrames;
  await crash(vfs, pager);
  // Tear the last frame: its second half is replaced by zeros.
  const at = frameOffsetBytes(frames - 1, PAGE);
  walBytes(mem).fill(0, at + 24 + PAGE / 2, at + frameSizeBytes(PAGE));
  const reopened = await openPager(mem);
  assert.deepEqual(patternOf(reopened.latest(), pageNo), { tag: 1, version: 2 });
  assert.equal(reopened.openInfo.recovered.frameCount, frames - 1);
  await reopened.close();
});

test('a bad checksum in the middle ends the log there: later commits are not replayed', async () => {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const { pager, pageNo } = await commitVersions(vfs, [1, 2, 3, 4]);
  // Frames: [page 0, page p] (creation), then one frame per version: v2 is 3rd from the end.
  const frames = pager.stats().walFrames;
  assert.equal(frames, 6);
  await crash(vfs, pager);
  flipByte(walBytes(mem), frameOffsetBytes(frames - 3, PAGE) + 24 + 100);
  const reopened = await openPager(mem);
  assert.deepEqual(patternOf(reopened.latest(), pageNo), { tag: 1, version: 1 });
  assert.equal(reopened.openInfo.recovered.frameCount, 3);
  assert.match(reopened.openInfo.recovered.stopReason, /V2/);
  await reopened.close();
});

test('frames of an older log generation are never replayed (salts differ after a restart)', async () => {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const { pager, pageNo } = await commitVersions(vfs, [1, 2, 3, 4, 5, 6]);
  const oldFrames = pager.stats().walFrames;
  const ckpt = await pager.checkpoint();
  assert.equal(ckpt.restarted, true);
  // New generation: one commit, far fewer frames than the old one left behind.
  const t = await pager.beginWrite();
  writePattern(t, pageNo, 1, 7);
  await t.commit();
  await crash(vfs, pager);
  const reopened = await openPager(mem);
  assert.equal(reopened.openInfo.recovered.frameCount, 1, 'only the new generation frame is valid');
  assert.ok(oldFrames > 1, 'oldFrames > 1');
  assert.deepEqual(patternOf(reopened.latest(), pageNo), { tag: 1, version: 7 });
  await reopened.close();
});

test('a log header rewritten with new salts invalidates every old frame', async () => {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const { pager, pageNo } = await commitVersions(vfs, [1, 2]);
  await pager.checkpoint(); // the database file now holds version 2
  const t = await pager.beginWrite();
  writePattern(t, pageNo, 1, 3);
  await t.commit();
  await crash(vfs, pager);
  const bytes = walBytes(mem);
  const header = decodeWalHeader(bytes.subarray(0, WAL_HEADER_SIZE_BYTES));
  assert.ok(header.ok, 'header.ok');
  encodeWalHeader(bytes, { ...header.header, salt2: header.header.salt2 ^ 0x5a5a });
  const reopened = await openPager(mem);
  assert.equal(reopened.openInfo.recovered.frameCount, 0);
  assert.deepEqual(patternOf(reopened.latest(), pageNo), { tag: 1, version: 2 });
  await reopened.close();
});

test('valid frames of an unfinished record (no commit frame) are ignored', async () => {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const pager = await openPager(vfs);
  const t0 = await pager.beginWrite();
  const a = t0.allocatePage().pageNo;
  const b = t0.allocatePage().pageNo;
  writePattern(t0, a, 1, 0);
  writePattern(t0, b, 2, 0);
  await t0.commit();
  const framesAfterFirst = pager.stats().walFrames;
  const t1 = await pager.beginWrite();
  writePattern(t1, a, 1, 1);
  writePattern(t1, b, 2, 1);
  await t1.commit();
  await crash(vfs, pager);
  // Cut the file right after the first frame of the second record: that frame is valid but not a commit.
  mem.files.get(WAL)!.sizeBytes = frameOffsetBytes(framesAfterFirst + 1, PAGE);
  const reopened = await openPager(mem);
  assert.equal(reopened.openInfo.recovered.ignoredTailFrames, 1);
  assert.deepEqual(patternOf(reopened.latest(), a), { tag: 1, version: 0 });
  assert.deepEqual(patternOf(reopened.latest(), b), { tag: 2, version: 0 });
  await reopened.close();
});
