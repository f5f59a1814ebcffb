// Crash simulation of B+-tree transactions (DESIGN §9): a seeded workload of
// tree transactions (puts of small and overflow values, deletes that merge,
// sequential runs that split, rollbacks, checkpoints, a clean close) runs on
// a FaultVfs that cuts the power at one mutating operation; every operation
// of the run is a cut point, with torn and garbage-filled last writes and a
// disk that keeps a random subset of unsynced writes on some of them. After
// reopening on what survived, the tree must equal the model at the last
// acknowledged commit, or at the commit in flight when the power went (its
// frames may have reached the disk before the acknowledgement): nothing
// else. `verify` must pass with every page either free or in the tree.
// A canary run (acknowledging before the sync) proves the check bites.
// SOMBRA_CRASH_SEEDS=<n> runs more workload seeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prng } from '../../src/base/prng.js';
import type { Pager } from '../../src/pager/pager.js';
import type { PagerOptions } from '../../src/pager/options.js';
import { FaultVfs, type FaultVfsOptions } from '../../src/vfs/fault-vfs.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { BTree } from '../../src/btree/tree.js';
import { formatProblems, verifyTrees } from '../../src/btree/verify.js';
import { abandon, openPager } from '../helpers/storage.js';
import { Model, hex, idKey, makeValue } from '../helpers/btree-model.js';

const TREE = 'crash.tree';
const PAGER: PagerOptions = { pageSize: 4096, autocheckpointPages: 24, synchronous: 'full' };
const TXNS = 9;
/** Workload seeds; every operation of each run is a cut point. SOMBRA_CRASH_SEEDS scales it. */
const SEED_COUNT = Number(process.env['SOMBRA_CRASH_SEEDS'] ?? 7);

interface RunResult {
  /** Model after the last acknowledged commit; null: the tree's creation was never acknowledged. */
  acked: Model | null;
  /** Model of the commit in flight at the cut, if any (null: none, or the creation). */
  inflight: Model | null;
  inflightIsCreation: boolean;
  crashed: boolean;
}

/** One transaction's worth of random tree operations, applied to the tree and a model. */
function applyOps(prng: Prng, tree: BTree, model: Model): void {
  const kind = prng.int(4);
  const n = 10 + prng.int(120);
  let deletable: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    if (kind === 0) {
      // A sequential run (splits at the right edge).
      const k = idKey(1_000_000 + model.size * 7 + i);
      const v = makeValue(prng.int(60), prng.nextU32());
      tree.put(k, v);
      model.put(k, v);
    } else if (kind === 1) {
      // Deletes of existing keys (merges).
      if (i === 0) deletable = model.sortedKeys();
      if (deletable.length === 0) continue;
      const k = deletable.splice(prng.int(deletable.length), 1)[0]!;
      assert.equal(tree.delete(k), true);
      model.delete(k);
    } else {
      const k = idKey(prng.int(3000));
      const size = prng.bool(0.08) ? 3000 + prng.int(20000) : prng.int(300);
      const v = makeValue(size, prng.nextU32());
      tree.put(k, v);
      model.put(k, v);
    }
  }
}

function isPowerLoss(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'IO';
}

async function runWorkload(vfs: FaultVfs, seed: number, options: PagerOptions): Promise<RunResult> {
  const prng = new Prng(seed);
  const r: RunResult = { acked: null, inflight: null, inflightIsCreation: false, crashed: false };
  let pager: Pager | null = null;
  try {
    pager = await openPager(vfs, options);
    let txn = await pager.beginWrite();
    BTree.createNamed(txn, TREE);
    r.inflightIsCreation = true;
    await txn.commit();
    r.inflightIsCreation = false;
    let acked = new Model();
    r.acked = acked;
    for (let t = 0; t < TXNS; t++) {
      txn = await pager.beginWrite();
      const next: Model = acked.clone();
      applyOps(prng, BTree.openNamed(txn, TREE), next);
      if (prng.bool(0.15)) {
        txn.rollback();
        continue;
      }
      r.inflight = next;
      await txn.commit();
      acked = next;
      r.acked = next;
      r.inflight = null;
      if (prng.bool(0.3)) await pager.checkpoint();
    }
    await pager.close();
  } catch (err) {
    if (!isPowerLoss(err)) throw err;
    r.crashed = true;
    if (pager !== null) await abandon(pager);
  }
  return r;
}

/** Reopens what survived and checks it; returns a failure description or null. */
async function checkSurvivor(mem: MemVfs, r: RunResult): Promise<string | null> {
  let pager: Pager;
  try {
    pager = await openPager(mem, PAGER);
  } catch (err) {
    return `reopen failed: ${String(err)}`;
  }
  try {
    const view = pager.latest();
    const root = view.getRoot(TREE);
    if (root === null) {
      if (r.acked === null) return null;
      return 'the tree of an acknowledged commit is gone';
    }
    const report = verifyTrees(view, [root], { checkLeaks: true });
    if (!report.ok) return `verify failed:\n${formatProblems(report.problems)}`;
    const tree = BTree.open(view, root);
    const got = [...tree.entries()];
    const equal = (m: Model | null): boolean => {
      if (m === null || m.size !== got.length) return false;
      return got.every(([k, v]) => {
        const want = m.map.get(hex(k));
        return want !== undefined && Buffer.compare(want, v) === 0;
      });
    };
    if (r.acked === null && r.inflightIsCreation && got.length === 0) return null; // the creation landed
    if (equal(r.acked) || equal(r.inflight)) return null;
    return `the tree (${got.length} entries) is neither the acknowledged state (${r.acked?.size ?? 'none'}) nor the one in flight (${r.inflight?.size ?? 'none'})`;
  } finally {
    await pager.close();
  }
}

const FAULTS: FaultVfsOptions[] = [
  { tear: 'none', unsyncedWrites: 'drop' },
  { tear: 'half', unsyncedWrites: 'drop' },
  { tear: 'garbage', unsyncedWrites: 'random' },
  { tear: 'half', unsyncedWrites: 'random' },
];

async function countOps(seed: number, options: PagerOptions): Promise<number> {
  const vfs = new FaultVfs(new MemVfs());
  const r = await runWorkload(vfs, seed, options);
  assert.equal(r.crashed, false);
  return vfs.stats.mutatingOps;
}

async function sweep(seeds: number[], options: PagerOptions): Promise<{ cutPoints: number; failures: string[]; inflightSeen: number }> {
  let cutPoints = 0;
  let inflightSeen = 0;
  const failures: string[] = [];
  for (const seed of seeds) {
    const ops = await countOps(seed, options);
    for (let cut = 1; cut <= ops; cut++) {
      const fault = { ...FAULTS[(cut + seed) % FAULTS.length]!, seed: seed * 7919 + cut, powerCutAtOp: cut };
      const mem = new MemVfs();
      const r = await runWorkload(new FaultVfs(mem, fault), seed, options);
      cutPoints++;
      if (r.inflight !== null) inflightSeen++;
      const failure = await checkSurvivor(mem, r);
      if (failure !== null) failures.push(`seed ${seed}, cut at op ${cut} of ${ops}, ${JSON.stringify(fault)}: ${failure}`);
    }
  }
  return { cutPoints, failures, inflightSeen };
}

test('after a power cut at any operation the tree is the last acknowledged commit (or the one in flight) and verifies', async () => {
  const { cutPoints, failures, inflightSeen } = await sweep(Array.from({ length: SEED_COUNT }, (_, i) => 101 * (i + 1)), PAGER);
  assert.deepEqual(failures.slice(0, 3), [], `${failures.length} of ${cutPoints} cut points failed`);
  assert.ok(cutPoints >= 700, `expected at least 700 cut points, ran ${cutPoints}`);
  assert.ok(inflightSeen > 0, 'some cuts landed while a commit was in flight');
  console.log(`# ${cutPoints} cut points (${inflightSeen} with a commit in flight), every survivor verified`);
});

test('canary: acknowledging commits before their sync makes the crash check report lost commits', async () => {
  const { cutPoints, failures } = await sweep([101], { ...PAGER, testOnlyAckBeforeSync: true });
  assert.ok(failures.length > 0, `the canary must be caught (${cutPoints} cut points, none failed)`);
  assert.ok(failures.some((f) => /neither the acknowledged state|acknowledged commit is gone/.test(f)), failures[0]);
});
