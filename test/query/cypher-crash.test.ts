// Crash simulation of Cypher write statements (DESIGN §3, §9): three clients
// run `MATCH (c:Counter) SET c.n = c.n + 1 WITH c CREATE (:Item {seq: c.n})-[:OF]->(c)`
// as auto-commit statements on FaultVfs, the power is cut at a seeded sample
// of file operations (torn and garbage writes, a disk keeping a random subset
// of unsynced writes), and the reopened database must hold a whole number
// of statements: the counter, the items and the relationships agree, the
// items are numbered 1..n, n is at least the number of acknowledged
// statements (full) and at most the number submitted, and verify() is clean.
// A canary (acknowledge before sync) proves the check bites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prng } from '../../src/base/prng.js';
import { Database } from '../../src/index.js';
import { FaultVfs, type FaultVfsOptions } from '../../src/vfs/fault-vfs.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';

const PATH = '/crash/cypher.sombra';
const CLIENTS = 3;
const STATEMENTS_PER_CLIENT = 8;
const STEP = 'MATCH (c:Counter) SET c.n = c.n + 1 WITH c CREATE (:Item {seq: c.n, tag: $tag})-[:OF]->(c) RETURN c.n AS n';
const FAULTS: FaultVfsOptions[] = [
  { tear: 'none', unsyncedWrites: 'drop' },
  { tear: 'half', unsyncedWrites: 'random' },
  { tear: 'garbage', unsyncedWrites: 'drop' },
];

interface Outcome {
  ok: boolean;
  detail: string;
  acked: number;
}

async function workload(db: Database, vfs: FaultVfs): Promise<{ acked: number; submitted: number }> {
  let acked = 0;
  let submitted = 0;
  const client = async (k: number): Promise<void> => {
    for (let i = 0; i < STATEMENTS_PER_CLIENT && !vfs.crashed; i++) {
      submitted++;
      try {
        await db.cypher(STEP, { tag: `client ${k} statement ${i}` });
        acked++;
      } catch {
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, (_, k) => client(k)));
  return { acked, submitted };
}

async function crashRun(cut: number | null, fault: FaultVfsOptions, ackBeforeSync = false): Promise<Outcome & { ops: number }> {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem, fault);
  const options = { synchronous: 'full' as const, autocheckpointPages: 16, testOnlyAckBeforeSync: ackBeforeSync };
  const db = await Database.openOn(vfs, PATH, options);
  let counts: { acked: number; submitted: number };
  const start = vfs.stats.mutatingOps;
  try {
    await db.cypher('CREATE (:Counter {n: 0})');
    if (cut !== null) vfs.armPowerCut(vfs.stats.mutatingOps + cut);
    counts = await workload(db, vfs);
  } finally {
    if (!vfs.crashed) vfs.powerCut();
    await db.close().catch(() => undefined);
  }
  const ops = vfs.stats.mutatingOps - start;
  const reopened = await Database.openOn(mem, PATH, { synchronous: 'full' });
  try {
    const counter = (await reopened.cypher('MATCH (c:Counter) RETURN c.n AS n')).rows;
    if (counter.length !== 1) return { ok: false, detail: `${counter.length} counters`, acked: counts.acked, ops };
    const n = counter[0]!['n'] as number;
    const items = (await reopened.cypher('MATCH (i:Item) RETURN i.seq AS seq ORDER BY seq')).rows.map((r) => r['seq'] as number);
    const rels = (await reopened.cypher('MATCH (:Item)-[r:OF]->(:Counter) RETURN count(r) AS c')).rows[0]!['c'];
    const expected = Array.from({ length: n }, (_, i) => i + 1);
    if (JSON.stringify(items) !== JSON.stringify(expected)) return { ok: false, detail: `counter ${n} but items ${JSON.stringify(items)}`, acked: counts.acked, ops };
    if (rels !== n) return { ok: false, detail: `counter ${n} but ${String(rels)} relationships`, acked: counts.acked, ops };
    if (n < counts.acked) return { ok: false, detail: `${counts.acked} statements acknowledged, ${n} survived`, acked: counts.acked, ops };
    if (n > counts.submitted) return { ok: false, detail: `${n} statements survived but ${counts.submitted} were submitted`, acked: counts.acked, ops };
    const report = reopened.verify();
    if (!report.ok) return { ok: false, detail: `verify: ${report.problems.slice(0, 3).join('; ')}`, acked: counts.acked, ops };
    return { ok: true, detail: '', acked: counts.acked, ops };
  } finally {
    await reopened.close();
  }
}

test('full: every acknowledged Cypher write statement survives a power cut, and none is partial', async () => {
  const clean = await crashRun(null, {});
  assert.ok(clean.ok, clean.detail);
  assert.equal(clean.acked, CLIENTS * STATEMENTS_PER_CLIENT, 'without a cut every statement is acknowledged');
  const failures: string[] = [];
  let runs = 0;
  let acked = 0;
  // Every cut point of the workload, each with one of the fault kinds.
  for (let cut = 1; cut <= clean.ops + 1; cut++) {
    const fault = { ...FAULTS[cut % FAULTS.length]!, seed: 1000 + cut };
    const r = await crashRun(cut, fault);
    runs++;
    acked += r.acked;
    if (!r.ok) failures.push(`cut at op ${cut} of ${clean.ops}, ${JSON.stringify(fault)}: ${r.detail}`);
  }
  assert.deepEqual(failures.slice(0, 5), [], `${failures.length} failing cut points`);
  assert.ok(runs > 20 && acked > runs * 3, `most of ${runs} runs cut after several acknowledged statements`);
  console.log(`# cypher crash: ${runs} cut points over a workload of ${clean.ops} file operations; no lost or partial statement`);
});

test('canary: acknowledging Cypher statements before their sync is reported as lost statements', async () => {
  const clean = await crashRun(null, {}, true);
  const prng = new Prng(0xca7a);
  let lost = 0;
  for (let i = 0; i < 24; i++) {
    const r = await crashRun(1 + prng.int(clean.ops + 1), { tear: 'none', unsyncedWrites: 'drop', seed: i }, true);
    if (!r.ok) lost++;
  }
  assert.ok(lost > 0, 'the check must notice acknowledged-but-unsynced statements');
});
