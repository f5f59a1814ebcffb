// Crash simulation of the storage core (DESIGN §9): seeded page workloads
// with concurrent clients, group commit and checkpoints; the power is cut at
// every mutating operation of each run (writes, syncs, truncates, directory
// syncs), with and without torn writes and with a disk that keeps a random
// subset of unsynced writes. After reopen, every acknowledged `full` commit
// is there, no partial transaction is visible, every page verifies, and the
// freelist accounts for every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FaultVfsOptions } from '../../src/vfs/fault-vfs.js';
import { countWorkloadOps, crashRun, type WorkloadConfig } from '../helpers/page-crash-workload.js';

const SEEDS = Array.from({ length: 26 }, (_, i) => 11 + i * 12);

function config(seed: number, synchronous: 'full' | 'normal', extra: Partial<WorkloadConfig['pagerOptions']> = {}): WorkloadConfig {
  return {
    seed,
    clients: 3,
    txPerClient: 6,
    checkpointEvery: 5,
    pagerOptions: { synchronous, autocheckpointPages: 12, ...extra },
  };
}

const FAULTS: FaultVfsOptions[] = [
  { tear: 'none', unsyncedWrites: 'drop' },
  { tear: 'half', unsyncedWrites: 'drop' },
  { tear: 'garbage', unsyncedWrites: 'random' },
  { tear: 'half', unsyncedWrites: 'random' },
];

async function sweep(synchronous: 'full' | 'normal', requireDurable: boolean): Promise<{ cutPoints: number; failures: string[] }> {
  let cutPoints = 0;
  const failures: string[] = [];
  for (const seed of SEEDS) {
    const cfg = config(seed, synchronous);
    const ops = await countWorkloadOps(cfg);
    assert.ok(ops > 20, `the workload should perform many operations (seed ${seed}: ${ops})`);
    for (let cut = 1; cut <= ops + 1; cut++) {
      const fault = { ...FAULTS[cut % FAULTS.length]!, seed: seed * 1000 + cut };
      const outcome = await crashRun(cfg, cut, fault, requireDurable);
      cutPoints++;
      if (!outcome.ok) failures.push(`seed ${seed}, cut at op ${cut}, ${JSON.stringify(fault)}: ${outcome.detail}`);
    }
  }
  return { cutPoints, failures };
}

test('full: every acknowledged commit survives a power cut at every operation', async () => {
  const { cutPoints, failures } = await sweep('full', true);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} failing cut points`);
  assert.ok(cutPoints >= 1000, `expected at least 1000 cut points, ran ${cutPoints}`);
  console.log(`# full: ${cutPoints} cut points, no lost or partial commit`);
});

test('normal: the database always reopens consistent at a commit boundary', async () => {
  const { cutPoints, failures } = await sweep('normal', false);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} failing cut points`);
  console.log(`# normal: ${cutPoints} cut points, always consistent`);
});

test('canary: acknowledging before the sync makes the crash simulation report lost commits', async () => {
  let lost = 0;
  let runs = 0;
  for (const seed of SEEDS.slice(0, 2)) {
    const cfg = config(seed, 'full', { testOnlyAckBeforeSync: true });
    const ops = await countWorkloadOps(cfg);
    for (let cut = 1; cut <= ops; cut++) {
      const outcome = await crashRun(cfg, cut, { tear: 'none', unsyncedWrites: 'drop', seed: cut }, true);
      runs++;
      if (!outcome.ok) lost++;
    }
  }
  assert.ok(lost > 0, `the crash suite must notice acknowledged-but-unsynced commits (0 of ${runs} runs did)`);
  console.log(`# canary: ${lost} of ${runs} runs detected lost acknowledged commits`);
});
