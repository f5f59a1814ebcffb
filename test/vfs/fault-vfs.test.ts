// FaultVfs itself: the crash suite is only as good as its model of a disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { FaultVfs } from '../../src/vfs/fault-vfs.js';

const bytes = (...v: number[]) => new Uint8Array(v);

function content(mem: MemVfs, path: string): number[] {
  return [...(mem.readAll(path) ?? [])];
}

test('at a power cut, writes covered by a completed sync survive and the rest are lost', async () => {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const f = vfs.open('/d/a', { create: true });
  await vfs.syncDir('/d');
  f.write(bytes(1, 2, 3), 0, 3, 0);
  await f.sync();
  f.write(bytes(9, 9), 0, 2, 1);
  f.write(bytes(7), 0, 1, 5);
  vfs.powerCut();
  assert.deepEqual(content(mem, '/d/a'), [1, 2, 3]);
  assert.throws(() => f.write(bytes(1), 0, 1, 0), (err) => (err as { errno?: string }).errno === 'EPOWERCUT');
  assert.throws(() => vfs.open('/d/a', { create: false }), (err) => (err as { errno?: string }).errno === 'EPOWERCUT');
});

test('a sync in flight at the cut covers nothing; two concurrent syncs each cover what preceded them', async () => {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const f = vfs.open('/a', { create: true });
  await vfs.syncDir('/');
  f.write(bytes(1), 0, 1, 0);
  const s1 = f.sync();
  f.write(bytes(2), 0, 1, 1);
  const s2 = f.sync();
  f.write(bytes(3), 0, 1, 2);
  await s2;
  await s1;
  assert.equal(vfs.unsyncedCount('/a'), 1, 'only the write after both syncs is unsynced');
  const s3 = f.sync();
  vfs.powerCut();
  await assert.rejects(s3);
  assert.deepEqual(content(mem, '/a'), [1, 2]);
});

test('the write the cut lands on can be torn at a sector boundary', async () => {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem, { powerCutAtOp: 3, tear: 'half', seed: 5 });
  const f = vfs.open('/a', { create: true });
  await vfs.syncDir('/'); // op 1
  f.write(new Uint8Array(4096).fill(1), 0, 4096, 0); // op 2
  await f.sync().catch(() => undefined); // would be op 3: the cut, the sync never completes
  // (the first write was never synced, so it is lost; nothing to tear here)
  assert.equal(vfs.crashed, true);
  assert.deepEqual(content(mem, '/a'), []);

  const mem2 = new MemVfs();
  const vfs2 = new FaultVfs(mem2, { powerCutAtOp: 3, tear: 'half', seed: 5 });
  const g = vfs2.open('/b', { create: true });
  await vfs2.syncDir('/'); // op 1
  await g.sync(); // op 2
  assert.throws(() => g.write(new Uint8Array(4096).fill(2), 0, 4096, 0)); // op 3: torn
  const after = mem2.readAll('/b')!;
  assert.ok(after.length > 0 && after.length < 4096 && after.length % 512 === 0, `a sector-aligned prefix survived (${after.length} bytes)`);
  assert.ok(after.every((b) => b === 2), 'after.every((b) => b === 2)');
});

test('a file created without a directory sync disappears at the cut', async () => {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const f = vfs.open('/x/new', { create: true });
  f.write(bytes(1), 0, 1, 0);
  await f.sync();
  vfs.powerCut();
  assert.equal(mem.exists('/x/new'), false);
});

test('failNext fails one chosen operation with EIO and counts every operation', async () => {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem);
  const f = vfs.open('/a', { create: true });
  vfs.failNext('sync', 2);
  await f.sync();
  await assert.rejects(f.sync(), (err) => (err as { errno?: string }).errno === 'EIO' && (err as { code?: string }).code === 'IO');
  await f.sync();
  vfs.failNext('write', 1, 'other-file');
  f.write(bytes(1), 0, 1, 0);
  vfs.failNext('read');
  assert.throws(() => f.read(new Uint8Array(1), 0, 1, 0), (err) => (err as { errno?: string }).errno === 'EIO');
  assert.equal(vfs.stats.syncs, 2, 'the failed sync is not counted as done');
  assert.equal(vfs.stats.writes, 1);
  assert.equal(vfs.stats.bytesWritten, 1);
});

test('random mode keeps an arbitrary subset of unsynced writes (a reordering disk)', async () => {
  const kept = new Set<string>();
  for (let seed = 1; seed <= 20; seed++) {
    const mem = new MemVfs();
    const vfs = new FaultVfs(mem, { unsyncedWrites: 'random', seed });
    const f = vfs.open('/a', { create: true });
    await vfs.syncDir('/');
    f.write(bytes(0, 0), 0, 2, 0);
    await f.sync();
    f.write(bytes(1), 0, 1, 0);
    f.write(bytes(2), 0, 1, 1);
    vfs.powerCut();
    kept.add(content(mem, '/a').join(','));
  }
  // Every combination of the two unsynced writes shows up, including the later one alone.
  assert.deepEqual([...kept].sort(), ['0,0', '0,2', '1,0', '1,2']);
});
