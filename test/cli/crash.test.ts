// A killed `import` and a killed `vacuum --in-place` leave the database as it
// was: the child is killed (SIGKILL) at each named step of the atomic
// installation (SOMBRA_TEST_CRASH_AT) and at random moments, then the
// database must open, pass verify, and hold exactly the same graph (vacuum
// keeps ids), or, for an import, the old graph or the fully imported one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Database } from '../../src/index.js';
import { Prng } from '../../src/base/prng.js';
import { MAIN_TS, REPO_ROOT, withTempDir } from './cli-helpers.js';

async function graphText(file: string): Promise<string> {
  const db = await Database.open(file, { createIfMissing: false });
  try {
    assert.deepEqual(db.verify().problems, [], `${file} verifies`);
    const parts: string[] = [];
    for (let id = 1, seen = 0; seen < db.nodeCount(); id++) {
      const n = db.getNode(id);
      if (n) {
        seen++;
        parts.push(JSON.stringify(n));
      }
    }
    for (let id = 1, seen = 0; seen < db.edgeCount(); id++) {
      const e = db.getEdge(id);
      if (e) {
        seen++;
        parts.push(JSON.stringify(e));
      }
    }
    parts.push(JSON.stringify(db.listIndexes()));
    return parts.join('\n');
  } finally {
    await db.close();
  }
}

async function makeGraph(file: string): Promise<void> {
  const db = await Database.open(file, { walPreallocateBytes: 0 });
  await db.transaction((tx) => {
    for (let i = 0; i < 900; i++) tx.createNode(['User'], { name: `u${i}`, bio: 'x'.repeat(300) });
    for (let i = 1; i < 900; i++) tx.createEdge(i, i + 1, 'NEXT', { w: i });
  });
  await db.createIndex('User', 'name');
  await db.transaction((tx) => {
    for (let i = 1; i <= 900; i += 3) tx.deleteNode(i, { cascade: true });
  });
  await db.close();
}

/** Runs sombra argv; kills it after `killAfterMs` (null: let it finish or kill itself). */
function runKilled(argv: string[], killAfterMs: number | null, env: Record<string, string> = {}): Promise<number | string | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN_TS, ...argv], { cwd: REPO_ROOT, stdio: 'ignore', env: { ...process.env, SOMBRA_VERIFY: '0', ...env } });
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve(code ?? signal);
    });
  });
}

const STEPS = ['built', 'staged', 'wal-removed', 'renamed'];

test('vacuum --in-place killed at any point leaves the same graph, intact', async () => {
  await withTempDir(async (dir) => {
    const file = path.join(dir, 'g.sombra');
    await makeGraph(file);
    const before = await graphText(file);
    const prng = new Prng(12);
    const plans: Array<{ step: string | null; ms: number | null }> = [...STEPS.map((step) => ({ step, ms: null })), ...[0].map(() => ({ step: null, ms: 300 + (prng.nextU32() % 1500) }))];
    for (const plan of plans) {
      const outcome = await runKilled(['vacuum', file, '--in-place', '-q'], plan.ms, plan.step ? { SOMBRA_TEST_CRASH_AT: plan.step } : {});
      if (plan.step) assert.equal(outcome, 'SIGKILL', `killed at ${plan.step}`);
      assert.equal(await graphText(file), before, `graph after a kill at ${plan.step ?? `${plan.ms} ms`} (outcome ${outcome})`);
    }
    const done = await runKilled(['vacuum', file, '--in-place', '-q'], null);
    assert.equal(done, 0);
    assert.equal(await graphText(file), before);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['g.sombra', 'g.sombra-wal'], 'no staging file left after a successful run');
  });
});

test('import killed at any point leaves the database as it was, or with the whole import', async () => {
  await withTempDir(async (dir) => {
    const file = path.join(dir, 'g.sombra');
    await makeGraph(file);
    let expected = await graphText(file);
    const csv = path.join(dir, 'n.csv');
    fs.writeFileSync(csv, `id:ID,n:int,:LABEL\n${Array.from({ length: 5000 }, (_, i) => `k${i},${i},Item`).join('\n')}\n`);
    const prng = new Prng(7);
    const plans: Array<{ step: string | null; ms: number | null }> = [...['staged', 'wal-removed', 'renamed'].map((step) => ({ step, ms: null })), { step: null, ms: 300 + (prng.nextU32() % 1500) }];
    let items = 0;
    for (const plan of plans) {
      const outcome = await runKilled(['import', file, '--nodes', csv, '-q', '--batch-rows', '500'], plan.ms, plan.step ? { SOMBRA_TEST_CRASH_AT: plan.step } : {});
      const after = await graphText(file);
      if (after === expected) {
        assert.notEqual(plan.step, 'renamed', 'a kill after the rename keeps the import');
        assert.notEqual(outcome, 0, 'a finished import changed the database');
        continue;
      }
      // The new file was installed: all of the import is there, nothing else changed.
      assert.ok(plan.step === 'renamed' || plan.step === null, `changed after a kill at ${plan.step}`);
      items += 5000;
      const db = await Database.open(file, { readOnly: true });
      try {
        assert.equal(db.countNodesWithLabel('Item'), items, 'all or nothing');
        assert.equal(db.countNodesWithLabel('User'), 600);
      } finally {
        await db.close();
      }
      expected = after;
    }
    assert.equal(items >= 5000, true, 'the kill after the rename kept one import');
  });
});
