// The sombra command: stats, verify and checkpoint on real files, exit codes,
// and the one-line errors people see when something is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Database } from '../../src/index.js';
import { run } from './cli-helpers.js';

async function withGraph(fn: (file: string) => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-cli-'));
  const file = path.join(dir, 'g.sombra');
  try {
    const db = await Database.open(file, { walPreallocateBytes: 0 });
    await db.transaction((tx) => {
      for (let i = 0; i < 300; i++) tx.createNode('User', { name: `user${i}`, bio: 'x'.repeat(100) });
      tx.createEdge(1, 2, 'KNOWS');
    });
    await db.createIndex('User', 'name');
    await db.close();
    await fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('stats, verify and checkpoint report on a healthy database', async () => {
  await withGraph(async (file) => {
    const stats = await run('stats', file);
    assert.equal(stats.code, 0, stats.err);
    assert.match(stats.out, /nodes\s+300/);
    assert.match(stats.out, /indexes\s+\["User.name"\]/);
    const json = await run('verify', file, '--json');
    assert.equal(json.code, 0, json.err);
    assert.equal(JSON.parse(json.out).ok, true);
    const ckpt = await run('checkpoint', file);
    assert.equal(ckpt.code, 0, ckpt.err);
    assert.match(ckpt.out, /checkpointed/);
  });
});

test('verify exits 2 and names the damaged page when a page is corrupt', async () => {
  await withGraph(async (file) => {
    const bytes = fs.readFileSync(file);
    const pageSize = 8192;
    const victim = Math.floor(bytes.length / pageSize) - 1; // the last page: a tree page
    bytes[victim * pageSize + 100] = bytes[victim * pageSize + 100]! ^ 0x55;
    fs.writeFileSync(file, bytes);
    const r = await run('verify', file);
    assert.equal(r.code, 2, `exit code (out: ${r.out}, err: ${r.err})`);
    assert.match(r.out, new RegExp(`page ${victim}`));
  });
});

test('errors are one line with the code and a hint; usage errors exit 1', async () => {
  const missing = await run('stats', path.join(os.tmpdir(), 'sombra-no-such-file.sombra'));
  assert.equal(missing.code, 1);
  assert.match(missing.err, /^error NOT_FOUND: .*does not exist/);
  assert.match(missing.err, /hint: check the path/);
  await withGraph(async (file) => {
    const db = await Database.open(file);
    try {
      const locked = await run('stats', file);
      assert.equal(locked.code, 1);
      assert.match(locked.err, /^error LOCKED: .*locked by/);
    } finally {
      await db.close();
    }
  });
  assert.equal((await run('frobnicate', 'x')).code, 1);
  assert.equal((await run('stats')).code, 1);
  assert.equal((await run('stats', 'a', 'b')).code, 1);
  const help = await run('--help');
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: sombra/);
});
