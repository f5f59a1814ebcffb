/**
 * A seeded graph workload for crash simulation through the public API, and
 * the checker that decides whether what survived a power cut is acceptable
 * (the graph counterpart of page-crash-workload.ts).
 *
 * Several async clients run graph transactions (db.transaction and
 * beginWrite/commit; nodes with properties of every type, edges, updates,
 * cascading deletes, index changes; some roll back) while checkpoints run.
 * Each transaction computes its effect on a model while it holds the writer
 * lock, so models[j] is the state after the j-th commit in commit order.
 * After the cut the reopened database must equal models[j] for some j with
 * lastAcknowledged <= j <= lastSubmitted (full: nothing acknowledged is
 * lost; never a partial transaction), verify() must be clean, and the
 * recovered state must survive a checkpoint and another reopen.
 */
import assert from 'node:assert/strict';
import { Database, type Props, type Transaction } from '../../src/index.js';
import type { DatabaseOptions } from '../../src/db/options.js';
import { Prng } from '../../src/base/prng.js';
import { FaultVfs, type FaultVfsOptions } from '../../src/vfs/fault-vfs.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { GraphModel, assertRecordsMatch, type Reads } from './graph-model.js';
import { BIG, LABELS, POOL, PROPS, TYPES } from './graph-values.js';

export const CRASH_DB_PATH = '/crash/graph.sombra';

export interface GraphWorkloadConfig {
  seed: number;
  clients: number;
  txPerClient: number;
  /** Every this many commits a client also runs a checkpoint. */
  checkpointEvery: number;
  options: DatabaseOptions & { testOnlyAckBeforeSync?: boolean };
}

export interface GraphWorkloadResult {
  /** models[j] = state after commit j (models[0]: the empty database, models[1]: after setup). */
  models: GraphModel[];
  lastAcknowledged: number;
  lastSubmitted: number;
}

class PlannedRollback extends Error {}

/** Applies 1-4 random valid operations to both the transaction and the model. */
function plan(prng: Prng, tx: Transaction, m: GraphModel): void {
  const count = 1 + prng.int(4);
  for (let k = 0; k < count; k++) {
    const nodes = [...m.nodes.keys()];
    const edges = [...m.edges.keys()];
    const r = prng.next();
    if (nodes.length < 2 || r < 0.35) {
      const labels = [prng.pick(LABELS), ...(prng.bool(0.3) ? [prng.pick(LABELS)] : [])];
      const props: Props = {};
      for (const p of PROPS) if (prng.bool(0.35)) props[p] = prng.bool(0.05) ? prng.pick(BIG) : prng.pick(POOL);
      assert.equal(tx.createNode(labels, props), m.createNode(labels, props));
    } else if (r < 0.65) {
      const src = prng.pick(nodes);
      const dst = prng.bool(0.1) ? src : prng.pick(nodes);
      const type = prng.pick(TYPES);
      const props: Props = prng.bool(0.3) ? { age: prng.pick(POOL) } : {};
      assert.equal(tx.createEdge(src, dst, type, props), m.createEdge(src, dst, type, props));
    } else if (r < 0.8) {
      const id = prng.pick(nodes);
      const set = { [prng.pick(PROPS)]: prng.pick(POOL) };
      const unset = prng.bool(0.3) ? [prng.pick(PROPS)] : [];
      tx.updateNode(id, { set, unset });
      m.updateNode(id, set, unset);
    } else if (r < 0.9 && edges.length > 0) {
      const id = prng.pick(edges);
      tx.deleteEdge(id);
      m.deleteEdge(id);
    } else if (r < 0.96) {
      const id = prng.pick(nodes);
      tx.deleteNode(id, { cascade: true });
      m.deleteNode(id, true);
    } else {
      const label = prng.pick(LABELS);
      const prop = prng.pick(PROPS);
      if (prng.bool()) assert.equal(tx.createIndex(label, prop), m.createIndex(label, prop));
      else assert.equal(tx.dropIndex(label, prop), m.dropIndex(label, prop));
    }
  }
}

/** The state every run starts from: committed and acknowledged before the cut is armed. */
async function setup(db: Database): Promise<GraphModel> {
  const m = new GraphModel();
  await db.transaction((tx) => {
    for (let i = 0; i < 4; i++) assert.equal(tx.createNode(['User'], { name: `user${i}`, age: i }), m.createNode(['User'], { name: `user${i}`, age: i }));
    assert.equal(tx.createEdge(1, 2, 'KNOWS'), m.createEdge(1, 2, 'KNOWS'));
    assert.equal(tx.createIndex('User', 'name'), m.createIndex('User', 'name'));
  });
  return m;
}

export async function runGraphWorkload(db: Database, vfs: FaultVfs, cfg: GraphWorkloadConfig, setupModel: GraphModel): Promise<GraphWorkloadResult> {
  const prng = new Prng(cfg.seed);
  const models: GraphModel[] = [new GraphModel(), setupModel];
  let current = setupModel;
  let lastAcknowledged = 1;
  let lastSubmitted = 1;
  let stop = false;

  /** Runs inside the transaction, with the writer lock held: commit order = submission order. */
  const body = (tx: Transaction): number => {
    const next = current.clone();
    plan(prng, tx, next);
    if (prng.bool(0.1)) throw new PlannedRollback();
    current = next;
    models.push(next);
    lastSubmitted = models.length - 1;
    return lastSubmitted;
  };

  const client = async (): Promise<void> => {
    for (let i = 0; i < cfg.txPerClient && !stop; i++) {
      try {
        let j: number;
        if (prng.bool(0.7)) {
          j = await db.transaction(body);
        } else {
          const tx = await db.beginWrite();
          try {
            j = body(tx);
          } catch (err) {
            tx.rollback();
            throw err;
          }
          await tx.commit();
        }
        if (j > lastAcknowledged) lastAcknowledged = j;
        if (j % cfg.checkpointEvery === 0) await db.checkpoint();
      } catch (err) {
        if (err instanceof PlannedRollback) continue;
        if (vfs.crashed) {
          stop = true;
          return;
        }
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: cfg.clients }, () => client()));
  return { models, lastAcknowledged, lastSubmitted };
}

/** Why `db` does not hold the state `model`, or null when it does. */
export function graphMismatch(db: Reads, model: GraphModel): string | null {
  try {
    assertRecordsMatch(db, model, 'state');
    for (const name of [...LABELS, ...TYPES, ...PROPS]) assert.equal(db.idOf(name), model.idOf(name) ?? null, `idOf(${name})`);
    for (const label of LABELS) assert.deepEqual([...db.nodesWithLabel(label)], model.nodesWithLabel(label), `nodesWithLabel(${label})`);
    for (const label of LABELS) assert.equal(db.countNodesWithLabel(label), model.nodesWithLabel(label).length, `countNodesWithLabel(${label})`);
    for (const type of TYPES) assert.equal(db.countEdgesWithType(type), model.countEdgesWithType(type), `countEdgesWithType(${type})`);
    assert.deepEqual(db.listIndexes(), model.listIndexes(), 'listIndexes');
    for (const id of model.nodes.keys()) {
      assert.deepEqual(db.neighbors(id, { direction: 'both', distinct: false }), model.neighbors(id, { direction: 'both', distinct: false }), `neighbors(${id})`);
    }
    for (const index of model.listIndexes()) {
      for (const v of model.valuesOf(index.property).slice(0, 5)) {
        assert.deepEqual(db.findNodes(index.label, index.property, v), model.findNodes(index.label, index.property, v), `findNodes(${index.label}, ${index.property})`);
      }
    }
    return null;
  } catch (err) {
    if (err instanceof assert.AssertionError) return err.message.split('\n')[0] ?? err.message;
    throw err;
  }
}

export interface GraphCrashOutcome {
  ok: boolean;
  detail: string;
  matchedCommit: number;
  lastAcknowledged: number;
  lastSubmitted: number;
}

function dbOptions(cfg: GraphWorkloadConfig): GraphWorkloadConfig['options'] {
  return { walPreallocateBytes: 0, autocheckpointMs: null, pageSize: 4096, ...cfg.options };
}

/** Mutating file operations of the workload after setup, measured on a run without a cut. */
export async function countGraphWorkloadOps(cfg: GraphWorkloadConfig): Promise<number> {
  const vfs = new FaultVfs(new MemVfs());
  const db = await Database.openOn(vfs, CRASH_DB_PATH, dbOptions(cfg));
  try {
    const model = await setup(db);
    const base = vfs.stats.mutatingOps;
    await runGraphWorkload(db, vfs, cfg, model);
    return vfs.stats.mutatingOps - base;
  } finally {
    await db.close();
  }
}

/**
 * One crash run: set up, arm the cut `cutAfterOps` operations later, run the
 * workload until the power goes, reopen on what survived and check it.
 * `requireDurable` (full mode) demands every acknowledged commit.
 */
export async function graphCrashRun(cfg: GraphWorkloadConfig, cutAfterOps: number, fault: FaultVfsOptions, requireDurable: boolean): Promise<GraphCrashOutcome> {
  const mem = new MemVfs();
  const vfs = new FaultVfs(mem, fault);
  const options = dbOptions(cfg);
  const db = await Database.openOn(vfs, CRASH_DB_PATH, options);
  let result: GraphWorkloadResult;
  try {
    const model = await setup(db);
    vfs.armPowerCut(vfs.stats.mutatingOps + cutAfterOps);
    result = await runGraphWorkload(db, vfs, cfg, model);
    if (!vfs.crashed) vfs.powerCut();
  } finally {
    if (!vfs.crashed) vfs.powerCut();
    await db.close().catch(() => undefined);
  }

  const counts = { lastAcknowledged: result.lastAcknowledged, lastSubmitted: result.lastSubmitted };
  let reopened = await Database.openOn(mem, CRASH_DB_PATH, options);
  try {
    const lo = requireDurable ? result.lastAcknowledged : 0;
    const reasons: string[] = [];
    for (let j = result.lastSubmitted; j >= lo; j--) {
      const model = result.models[j]!;
      const why = graphMismatch(reopened, model);
      if (why !== null) {
        reasons.push(`commit ${j}: ${why}`);
        continue;
      }
      const report = reopened.verify();
      if (!report.ok) return { ok: false, detail: `matches commit ${j}, but verify: ${report.problems.slice(0, 3).join('; ')}`, matchedCommit: j, ...counts };
      // Commits that differ only in the id counters (a node created and deleted
      // in one transaction) look alike: every such earlier commit down to `lo`
      // is a candidate, told apart by the next node id below.
      const candidates = [model];
      for (let k = j - 1; k >= lo && graphMismatch(reopened, result.models[k]!) === null; k--) candidates.push(result.models[k]!);
      // The recovered state must survive its own checkpoint, a write and a reopen.
      await reopened.checkpoint();
      const id = await reopened.createNode('Post', { name: 'after recovery' });
      const after = (candidates.find((c) => c.nextNodeId === id) ?? model).clone();
      assert.equal(id, after.createNode(['Post'], { name: 'after recovery' }), 'the next node id after recovery');
      await reopened.close();
      reopened = await Database.openOn(mem, CRASH_DB_PATH, options);
      const again = graphMismatch(reopened, after);
      if (again !== null) return { ok: false, detail: `after checkpoint, write and reopen: ${again}`, matchedCommit: j, ...counts };
      const report2 = reopened.verify();
      if (!report2.ok) return { ok: false, detail: `after checkpoint, write and reopen, verify: ${report2.problems.slice(0, 3).join('; ')}`, matchedCommit: j, ...counts };
      return { ok: true, detail: '', matchedCommit: j, ...counts };
    }
    return { ok: false, detail: `matches no commit in [${lo}, ${result.lastSubmitted}]: ${reasons.slice(0, 3).join('; ')}`, matchedCommit: -1, ...counts };
  } finally {
    await reopened.close();
  }
}
