// Crash simulation of graph transactions through the public API (DESIGN §3,
// §9): concurrent clients run seeded graph transactions on FaultVfs, the
// power is cut at a seeded sample of operation numbers spread over the whole
// workload (writes, syncs, truncates, directory syncs; with torn writes,
// garbage, and a disk that keeps a random subset of unsynced writes), and the
// database is reopened on what survived. In `full` mode every acknowledged
// transaction is there and no partial one is visible (the state equals the
// model after some commit between the last acknowledged and the last
// submitted); in `normal` mode the state is that of some commit. verify()
// is clean, and the recovered database survives a checkpoint, a write and
// a reopen. A canary proves the check bites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prng } from '../../src/base/prng.js';
import type { FaultVfsOptions } from '../../src/vfs/fault-vfs.js';
import { countGraphWorkloadOps, graphCrashRun, type GraphWorkloadConfig } from '../helpers/graph-crash-workload.js';

const FAULTS: FaultVfsOptions[] = [
  { tear: 'none', unsyncedWrites: 'drop' },
  { tear: 'half', unsyncedWrites: 'drop' },
  { tear: 'garbage', unsyncedWrites: 'random' },
  { tear: 'half', unsyncedWrites: 'random' },
  { tear: 'garbage', unsyncedWrites: 'drop' },
];

function config(seed: number, synchronous: 'full' | 'normal', extra: GraphWorkloadConfig['options'] = {}): GraphWorkloadConfig {
  return { seed, clients: 4, txPerClient: 20, checkpointEvery: 9, options: { synchronous, autocheckpointPages: 24, ...extra } };
}

/** `count` cut points spread over [1, ops + 1]: one seeded point in each of `count` equal slices. */
function cutPoints(ops: number, count: number, seed: number): number[] {
  const prng = new Prng(seed);
  const n = Math.min(count, ops + 1);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const lo = Math.floor((i * (ops + 1)) / n);
    const hi = Math.floor(((i + 1) * (ops + 1)) / n);
    out.push(1 + lo + prng.int(Math.max(1, hi - lo)));
  }
  return out;
}

async function sweep(synchronous: 'full' | 'normal', seeds: number[], cutsPerSeed: number, requireDurable: boolean): Promise<{ runs: number; failures: string[]; opsPerSeed: number[]; acknowledged: number }> {
  let runs = 0;
  let acknowledged = 0;
  const failures: string[] = [];
  const opsPerSeed: number[] = [];
  for (const seed of seeds) {
    const cfg = config(seed, synchronous);
    const ops = await countGraphWorkloadOps(cfg);
    opsPerSeed.push(ops);
    assert.ok(ops > 50, `the workload should perform many file operations (seed ${seed}: ${ops})`);
    for (const cut of cutPoints(ops, cutsPerSeed, seed)) {
      const fault = { ...FAULTS[cut % FAULTS.length]!, seed: seed * 10_000 + cut };
      const outcome = await graphCrashRun(cfg, cut, fault, requireDurable);
      runs++;
      acknowledged += outcome.lastAcknowledged;
      if (!outcome.ok) failures.push(`seed ${seed}, cut at op ${cut} of ${ops}, ${JSON.stringify(fault)}: ${outcome.detail}`);
    }
  }
  return { runs, failures, opsPerSeed, acknowledged };
}

test('full: every acknowledged graph transaction survives a power cut, and none is partial', async () => {
  const { runs, failures, opsPerSeed, acknowledged } = await sweep('full', [3, 17, 29, 41, 53], 180, true);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} failing cut points`);
  assert.ok(runs >= 800, `expected at least 800 cut points, ran ${runs}`);
  assert.ok(acknowledged > runs * 5, 'most runs cut after several acknowledged commits');
  console.log(`# full: ${runs} cut points over workloads of ${opsPerSeed.join(', ')} file operations; no lost or partial transaction`);
});

test('normal: the graph always reopens consistent, at a commit boundary', async () => {
  const { runs, failures, opsPerSeed } = await sweep('normal', [5, 23], 120, false);
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} failing cut points`);
  assert.ok(runs >= 200, `expected at least 200 cut points, ran ${runs}`);
  console.log(`# normal: ${runs} cut points over workloads of ${opsPerSeed.join(', ')} file operations; always consistent`);
});

test('canary: acknowledging graph commits before their sync is reported as lost commits', async () => {
  const cfg = config(7, 'full', { testOnlyAckBeforeSync: true });
  const ops = await countGraphWorkloadOps(cfg);
  let lost = 0;
  let runs = 0;
  for (const cut of cutPoints(ops, 40, 7)) {
    const outcome = await graphCrashRun(cfg, cut, { tear: 'none', unsyncedWrites: 'drop', seed: cut }, true);
    runs++;
    if (!outcome.ok) lost++;
  }
  assert.ok(lost > 0, `the graph crash check must notice acknowledged-but-unsynced commits (0 of ${runs} runs did)`);
  console.log(`# canary: ${lost} of ${runs} runs detected lost acknowledged commits`);
});
