// NodeVfs on real files, and a pager on it end to end (preallocated log).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeVfs } from '../../src/vfs/node-vfs.js';
import { Pager } from '../../src/pager/pager.js';
import { patternOf, writePattern } from '../helpers/storage.js';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-vfs-'));
}

test('NodeVfs reads and writes at offsets, syncs, truncates and creates files exclusively', async () => {
  const dir = tempDir();
  try {
    const vfs = new NodeVfs();
    const p = path.join(dir, 'f');
    const f = vfs.open(p, { create: true });
    f.write(new Uint8Array([1, 2, 3, 4]), 1, 3, 10);
    assert.equal(f.sizeBytes(), 13);
    const buf = new Uint8Array(5);
    assert.equal(f.read(buf, 0, 5, 9), 4);
    assert.deepEqual([...buf], [0, 2, 3, 4, 0]);
    await f.sync();
    f.truncate(11);
    assert.equal(f.sizeBytes(), 11);
    f.close();
    await vfs.syncDir(dir);
    assert.equal(vfs.createExclusive(path.join(dir, 'lock'), new TextEncoder().encode('a')), true);
    assert.equal(vfs.createExclusive(path.join(dir, 'lock'), new TextEncoder().encode('b')), false);
    assert.equal(new TextDecoder().decode(vfs.readAll(path.join(dir, 'lock'))!), 'a');
    assert.equal(vfs.readAll(path.join(dir, 'nope')), null);
    vfs.unlink(path.join(dir, 'lock'));
    vfs.unlink(path.join(dir, 'lock'));
    assert.equal(vfs.exists(path.join(dir, 'lock')), false);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['f'], 'no temporary file is left behind');
    assert.throws(() => vfs.open(path.join(dir, 'missing'), { create: false }), (err) => (err as { code?: string }).code === 'IO' && /open failed/.test((err as Error).message));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a pager on real files preallocates its log, commits durably and reopens', async () => {
  const dir = tempDir();
  try {
    const file = path.join(dir, 'g.sombra');
    const pager = await Pager.open(new NodeVfs(), file, { walPreallocateBytes: 1 << 20, autocheckpointMs: null });
    assert.equal(fs.statSync(`${file}-wal`).size, 1 << 20);
    assert.ok(fs.existsSync(`${file}-lock`), 'fs.existsSync(`${file}-lock`)');
    const t = await pager.beginWrite();
    const { pageNo } = t.allocatePage();
    writePattern(t, pageNo, 3, 3);
    await t.commit();
    await pager.close();
    assert.equal(fs.existsSync(`${file}-lock`), false);
    assert.equal(fs.statSync(`${file}-wal`).size, 32, 'a clean close cuts the log back to its header');
    const again = await Pager.open(new NodeVfs(), file, { autocheckpointMs: null, walPreallocateBytes: 1 << 20 });
    assert.equal(fs.statSync(`${file}-wal`).size, 1 << 20, 'reopening preallocates the log again');
    assert.deepEqual(patternOf(again.latest(), pageNo), { tag: 3, version: 3 });
    await again.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
