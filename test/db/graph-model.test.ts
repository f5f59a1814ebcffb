// Property test of the public graph API against a plain in-memory model
// (DESIGN §9, test/helpers/graph-model.ts). fast-check generates sequences
// of steps:
// - auto-commit writes: createNode (1-3 labels of a small pool, properties of
//   every value type: null, booleans, ints incl. negative and large, bigints
//   beyond 2^53, floats incl. NaN, -0 and the infinities, strings incl. empty,
//   astral and > 300 bytes (index key truncation), bytes, dates, floats
//   boxed as the query engine boxes 1.0 (read back as numbers), lists of
//   scalars (empty, mixed types, NaN, long enough for truncated index keys),
//   and values big enough for overflow pages), updateNode (set/unset), deleteNode with
//   and without cascade (CONSTRAINT on a node with edges, changing nothing),
//   createEdge (self-loops, parallel edges, missing endpoints -> NOT_FOUND),
//   updateEdge, deleteEdge, createIndex/dropIndex/rebuildIndex;
// - transactions (db.transaction and beginWrite; commit, explicit rollback,
//   a throw inside the function; with and without deferIndexes) whose reads
//   are checked against the transaction's own model before they end, while
//   the database outside still shows the old state;
// - mutateMany batches with aliases, valid ones and ones with an op that
//   fails (missing node, CONSTRAINT, a malformed op), which change nothing;
// - bursts of concurrent auto-commit writes (FIFO: ids in call order);
// - bulk transactions of 20-120 nodes and up to 250 edges (page splits);
// - intern, checkpoint, close + reopen.
// Each run starts with up to 6 random property indexes and picks a sync mode
// and a cache size (16 pages: constant eviction). Every step is followed by
// a check of every record and count; "check" steps and the end of each
// sequence compare every read of the API (neighbours with all options, bfs,
// labels, counts, findNodes and findNodesInRange, indexes, names), also
// through a db.read view, and run verify(). At the end every lookup is also
// run with an index on every probed (label, property) pair: the answers must
// be the same with and without indexes.
//
// fast-check prints the seed and the counterexample path on failure; replay
// with SOMBRA_PROPERTY_SEED=<seed> SOMBRA_PROPERTY_PATH=<path>.
// SOMBRA_PROPERTY_RUNS scales the number of runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Database, SombraError, type MutationOp, type Props, type PropValue, type Transaction } from '../../src/index.js';
import type { DatabaseOptions } from '../../src/db/options.js';
import { Prng } from '../../src/base/prng.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { BoxedFloat } from '../../src/graph/boxed-float.js';
import { BIG, LABELS, POOL, POOLS, PROPS, TYPES } from '../helpers/graph-values.js';
import { GraphModel, ModelError, assertReadsMatch, assertRecordsMatch, probeValues, showRange, showValue, rangesAround } from '../helpers/graph-model.js';

const RUNS = Number(process.env['SOMBRA_PROPERTY_RUNS'] ?? 120);
const SEED = process.env['SOMBRA_PROPERTY_SEED'] === undefined ? undefined : Number(process.env['SOMBRA_PROPERTY_SEED']);
const PATH = process.env['SOMBRA_PROPERTY_PATH'];
const DB_PATH = '/model/graph.sombra';


type ListElement = Exclude<PropValue, null | unknown[]>;

const valueArb: fc.Arbitrary<PropValue> = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...POOL) },
  { weight: 1, arbitrary: fc.constantFrom(...BIG) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double()).map((x) => new BoxedFloat(x)) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...POOL.filter((v) => v !== null && !Array.isArray(v))) as fc.Arbitrary<ListElement>, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom<ListElement>('a', 'b', new BoxedFloat(1), NaN)), { maxLength: 14 }) },
);

const propsArb: fc.Arbitrary<Props> = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...PROPS), valueArb), { selector: (t) => t[0], maxLength: 4 })
  .map((entries) => Object.fromEntries(entries));

// ------------------------------------------------------------------ operations

interface Ref {
  pick: number;
  missing: boolean;
}

type GraphOp =
  | { k: 'createNode'; labels: string[]; props: Props }
  | { k: 'updateNode'; node: Ref; set: Props; unset: string[] }
  | { k: 'deleteNode'; node: Ref; cascade: boolean }
  | { k: 'createEdge'; src: Ref; dst: Ref; self: boolean; type: string; props: Props }
  | { k: 'updateEdge'; edge: Ref; set: Props; unset: string[] }
  | { k: 'deleteEdge'; edge: Ref }
  | { k: 'index'; action: 'create' | 'drop' | 'rebuild'; label: string; prop: string };

type Step =
  | { k: 'auto'; op: GraphOp }
  | { k: 'tx'; ops: GraphOp[]; end: 'commit' | 'rollback' | 'throw'; defer: boolean; style: 'fn' | 'begin' }
  | { k: 'batch'; ops: GraphOp[]; malformedAt: number | null }
  | { k: 'concurrent'; ops: GraphOp[] }
  | { k: 'bulk'; nodes: number; edges: number; seed: number; defer: boolean }
  | { k: 'intern'; name: string }
  | { k: 'checkpoint' }
  | { k: 'reopen' }
  | { k: 'check' };

const refArb: fc.Arbitrary<Ref> = fc.record({ pick: fc.nat(1000), missing: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) });
const unsetArb = fc.subarray([...PROPS, 'neverInterned'], { maxLength: 2 });

const createNodeArb = fc.record({ k: fc.constant('createNode' as const), labels: fc.array(fc.constantFrom(...LABELS), { minLength: 1, maxLength: 3 }), props: propsArb });
const createEdgeArb = fc.record({
  k: fc.constant('createEdge' as const),
  src: refArb,
  dst: refArb,
  self: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  type: fc.constantFrom(...TYPES),
  props: propsArb,
});
const graphOpArb: fc.Arbitrary<GraphOp> = fc.oneof(
  { weight: 10, arbitrary: createNodeArb },
  { weight: 9, arbitrary: createEdgeArb },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('updateNode' as const), node: refArb, set: propsArb, unset: unsetArb }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('deleteNode' as const), node: refArb, cascade: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('updateEdge' as const), edge: refArb, set: propsArb, unset: unsetArb }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('deleteEdge' as const), edge: refArb }) },
  {
    weight: 2,
    arbitrary: fc.record({ k: fc.constant('index' as const), action: fc.constantFrom('create' as const, 'create' as const, 'drop' as const, 'rebuild' as const), label: fc.constantFrom(...LABELS), prop: fc.constantFrom(...PROPS) }),
  },
);

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 14, arbitrary: graphOpArb.map((op) => ({ k: 'auto' as const, op })) },
  {
    weight: 5,
    arbitrary: fc.record({
      k: fc.constant('tx' as const),
      ops: fc.array(graphOpArb, { minLength: 1, maxLength: 8 }),
      end: fc.constantFrom('commit' as const, 'commit' as const, 'rollback' as const, 'throw' as const),
      defer: fc.boolean(),
      style: fc.constantFrom('fn' as const, 'begin' as const),
    }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('batch' as const), ops: fc.array(graphOpArb, { minLength: 1, maxLength: 6 }), malformedAt: fc.option(fc.nat(6), { freq: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('concurrent' as const), ops: fc.array(fc.oneof(createNodeArb, createEdgeArb), { minLength: 2, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('bulk' as const), nodes: fc.integer({ min: 20, max: 120 }), edges: fc.integer({ min: 0, max: 250 }), seed: fc.nat(), defer: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('intern' as const), name: fc.constantFrom('Extra', 'extra', '🙂', ...LABELS) }) },
  { weight: 1, arbitrary: fc.constant({ k: 'checkpoint' as const }) },
  { weight: 1, arbitrary: fc.constant({ k: 'reopen' as const }) },
  { weight: 2, arbitrary: fc.constant({ k: 'check' as const }) },
);

const INDEX_PAIRS: Array<[string, string]> = LABELS.flatMap((l) => PROPS.map((p): [string, string] => [l, p]));


// ------------------------------------------------------------------ running

function nodeRef(model: GraphModel, r: Ref): number {
  const ids = [...model.nodes.keys()].sort((a, b) => a - b);
  if (!r.missing && ids.length > 0) return ids[r.pick % ids.length]!;
  const gaps: number[] = [];
  for (let id = 1; id < model.nextNodeId; id++) if (!model.nodes.has(id)) gaps.push(id);
  return gaps.length > 0 && r.pick % 2 === 0 ? gaps[r.pick % gaps.length]! : model.nextNodeId + (r.pick % 3);
}

function edgeRef(model: GraphModel, r: Ref): number {
  const ids = [...model.edges.keys()].sort((a, b) => a - b);
  if (!r.missing && ids.length > 0) return ids[r.pick % ids.length]!;
  return model.nextEdgeId + (r.pick % 3);
}

/** An operation with its refs resolved against the model state it runs on. */
type Resolved =
  | { k: 'createNode'; labels: string[]; props: Props }
  | { k: 'updateNode'; id: number; set: Props; unset: string[] }
  | { k: 'deleteNode'; id: number; cascade: boolean }
  | { k: 'createEdge'; src: number; dst: number; type: string; props: Props }
  | { k: 'updateEdge'; id: number; set: Props; unset: string[] }
  | { k: 'deleteEdge'; id: number }
  | { k: 'index'; action: 'create' | 'drop' | 'rebuild'; label: string; prop: string };

function resolve(model: GraphModel, op: GraphOp): Resolved {
  switch (op.k) {
    case 'createNode':
    case 'index':
      return op;
    case 'updateNode':
      return { k: op.k, id: nodeRef(model, op.node), set: op.set, unset: op.unset };
    case 'deleteNode':
      return { k: op.k, id: nodeRef(model, op.node), cascade: op.cascade };
    case 'createEdge': {
      const src = nodeRef(model, op.src);
      return { k: op.k, src, dst: op.self ? src : nodeRef(model, op.dst), type: op.type, props: op.props };
    }
    case 'updateEdge':
      return { k: op.k, id: edgeRef(model, op.edge), set: op.set, unset: op.unset };
    case 'deleteEdge':
      return { k: op.k, id: edgeRef(model, op.edge) };
  }
}

function show(op: Resolved): string {
  const props = (p: Props): string => `{${Object.entries(p).map(([k, v]) => `${k}: ${showValue(v)}`).join(', ')}}`;
  switch (op.k) {
    case 'createNode':
      return `createNode([${op.labels.join(', ')}], ${props(op.props)})`;
    case 'updateNode':
    case 'updateEdge':
      return `${op.k}(${op.id}, set ${props(op.set)}, unset [${op.unset.join(', ')}])`;
    case 'deleteNode':
      return `deleteNode(${op.id}, cascade ${op.cascade})`;
    case 'createEdge':
      return `createEdge(${op.src}, ${op.dst}, ${op.type}, ${props(op.props)})`;
    case 'deleteEdge':
      return `deleteEdge(${op.id})`;
    case 'index':
      return `${op.action}Index(${op.label}, ${op.prop})`;
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; code: string };

function onModel(model: GraphModel, op: Resolved): Outcome {
  try {
    switch (op.k) {
      case 'createNode':
        return { ok: true, value: model.createNode(op.labels, op.props) };
      case 'updateNode':
        return { ok: true, value: model.updateNode(op.id, op.set, op.unset) };
      case 'deleteNode':
        return { ok: true, value: model.deleteNode(op.id, op.cascade) };
      case 'createEdge':
        return { ok: true, value: model.createEdge(op.src, op.dst, op.type, op.props) };
      case 'updateEdge':
        return { ok: true, value: model.updateEdge(op.id, op.set, op.unset) };
      case 'deleteEdge':
        return { ok: true, value: model.deleteEdge(op.id) };
      case 'index':
        return { ok: true, value: op.action === 'create' ? model.createIndex(op.label, op.prop) : op.action === 'drop' ? model.dropIndex(op.label, op.prop) : model.rebuildIndex(op.label, op.prop) };
    }
  } catch (err) {
    if (err instanceof ModelError) return { ok: false, code: err.code };
    throw err;
  }
}

function onTx(tx: Transaction, op: Resolved): unknown {
  switch (op.k) {
    case 'createNode':
      return tx.createNode(op.labels, op.props);
    case 'updateNode':
      return tx.updateNode(op.id, { set: op.set, unset: op.unset });
    case 'deleteNode':
      return tx.deleteNode(op.id, { cascade: op.cascade });
    case 'createEdge':
      return tx.createEdge(op.src, op.dst, op.type, op.props);
    case 'updateEdge':
      return tx.updateEdge(op.id, { set: op.set, unset: op.unset });
    case 'deleteEdge':
      return tx.deleteEdge(op.id);
    case 'index':
      return op.action === 'create' ? tx.createIndex(op.label, op.prop) : op.action === 'drop' ? tx.dropIndex(op.label, op.prop) : tx.rebuildIndex(op.label, op.prop);
  }
}

function onDb(db: Database, op: Resolved): Promise<unknown> {
  switch (op.k) {
    case 'createNode':
      return db.createNode(op.labels, op.props);
    case 'updateNode':
      return db.updateNode(op.id, { set: op.set, unset: op.unset });
    case 'deleteNode':
      return op.cascade ? db.deleteNode(op.id, { cascade: true }) : db.deleteNode(op.id);
    case 'createEdge':
      return db.createEdge(op.src, op.dst, op.type, op.props);
    case 'updateEdge':
      return db.updateEdge(op.id, { set: op.set, unset: op.unset });
    case 'deleteEdge':
      return db.deleteEdge(op.id);
    case 'index':
      return op.action === 'create' ? db.createIndex(op.label, op.prop) : op.action === 'drop' ? db.dropIndex(op.label, op.prop) : db.rebuildIndex(op.label, op.prop);
  }
}

function codeOf(err: unknown): string {
  return err instanceof SombraError ? err.code : `non-Sombra error ${String(err)}`;
}

function assertOutcome(got: Outcome, want: Outcome, where: string): void {
  if (want.ok) {
    assert.ok(got.ok, `${where}: expected success, got ${got.ok ? '' : got.code}`);
    if (want.value !== undefined) assert.equal(got.value, want.value, `${where}: result`);
  } else {
    assert.deepEqual(got, want, `${where}: expected error ${want.code}`);
  }
}

function runSync(fn: () => unknown): Outcome {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (!(err instanceof SombraError)) throw err;
    return { ok: false, code: err.code };
  }
}

async function runAsync(p: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await p };
  } catch (err) {
    if (!(err instanceof SombraError)) throw err;
    return { ok: false, code: err.code };
  }
}

class Boom extends Error {}

/** A graph op as a mutateMany operation (aliases for ids created earlier in the batch). */
function toMutation(op: Resolved, index: number, created: Map<number, string>, aliasEdges: Map<number, string>): MutationOp | null {
  const ref = (id: number, kind: 'node' | 'edge'): number | { ref: string } => {
    const alias = (kind === 'node' ? created : aliasEdges).get(id);
    return alias !== undefined && (id + index) % 2 === 0 ? { ref: alias } : id;
  };
  switch (op.k) {
    case 'createNode':
      return { op: 'createNode', labels: op.labels, props: op.props, as: `n${index}` };
    case 'updateNode':
      return { op: 'updateNode', id: ref(op.id, 'node'), set: op.set, unset: op.unset };
    case 'deleteNode':
      return { op: 'deleteNode', id: ref(op.id, 'node'), cascade: op.cascade };
    case 'createEdge':
      return { op: 'createEdge', src: ref(op.src, 'node'), dst: ref(op.dst, 'node'), type: op.type, props: op.props, as: `e${index}` };
    case 'updateEdge':
      return { op: 'updateEdge', id: ref(op.id, 'edge'), set: op.set, unset: op.unset };
    case 'deleteEdge':
      return { op: 'deleteEdge', id: ref(op.id, 'edge') };
    case 'index':
      return null;
  }
}

interface RunState {
  mem: MemVfs;
  db: Database;
  model: GraphModel;
  options: DatabaseOptions;
}

async function runStep(s: RunState, step: Step, n: number): Promise<void> {
  const where = `step ${n} (${step.k})`;
  switch (step.k) {
    case 'auto': {
      const op = resolve(s.model, step.op);
      const work = s.model.clone();
      const want = onModel(work, op);
      const got = await runAsync(onDb(s.db, op));
      assertOutcome(got, want, `${where} ${show(op)}`);
      if (want.ok) s.model = work;
      break;
    }
    case 'tx': {
      const work = s.model.clone();
      const committed = s.model;
      const body = (tx: Transaction): void => {
        step.ops.forEach((raw, i) => {
          const op = resolve(work, raw);
          assertOutcome(runSync(() => onTx(tx, op)), onModel(work, op), `${where} op ${i} ${show(op)}`);
        });
        // The transaction reads its own writes; the database does not yet.
        assertReadsMatch(tx, work, POOLS, `${where} inside the transaction`, 6, n * 6);
        assertRecordsMatch(s.db, committed, `${where} outside the open transaction`);
        for (const name of new Set([...work.names, ...LABELS, ...PROPS, ...TYPES])) {
          assert.equal(s.db.idOf(name), committed.idOf(name) ?? null, `${where}: idOf(${name}) outside the open transaction`);
        }
      };
      const options = step.defer ? { deferIndexes: true } : undefined;
      if (step.style === 'fn') {
        const result = await runAsync(
          s.db.transaction((tx) => {
            body(tx);
            if (step.end === 'throw') throw new Boom('rolled back by a throw');
            if (step.end === 'rollback') tx.rollback();
            return 'done';
          }, options),
        ).catch((err: unknown) => {
          if (err instanceof Boom) return { ok: false as const, code: 'BOOM' };
          throw err;
        });
        assert.deepEqual(result, step.end === 'throw' ? { ok: false, code: 'BOOM' } : { ok: true, value: 'done' }, where);
      } else {
        const tx = await s.db.beginWrite(options);
        try {
          body(tx);
        } catch (err) {
          tx.rollback();
          throw err;
        }
        if (step.end === 'commit') await tx.commit();
        else tx.rollback();
        assert.equal(tx.active, false, `${where}: the transaction has ended`);
        assert.throws(() => tx.createNode('User'), (err: unknown) => codeOf(err) === 'TX_CLOSED', `${where}: a write after the end`);
      }
      if (step.end === 'commit') s.model = work;
      break;
    }
    case 'batch': {
      const work = s.model.clone();
      const created = new Map<number, string>();
      const createdEdges = new Map<number, string>();
      const ops: unknown[] = [];
      let firstFailure: { index: number; code: string } | null = null;
      for (const raw of step.ops) {
        const op = resolve(work, raw);
        const index = ops.length;
        const m = toMutation(op, index, created, createdEdges);
        if (m === null) continue;
        ops.push(m);
        const outcome = onModel(work, op);
        if (!outcome.ok) {
          firstFailure ??= { index, code: outcome.code };
          continue;
        }
        if (op.k === 'createNode') created.set(outcome.value as number, `n${index}`);
        if (op.k === 'createEdge') createdEdges.set(outcome.value as number, `e${index}`);
      }
      if (step.malformedAt !== null) {
        const at = step.malformedAt % (ops.length + 1);
        const bad = step.malformedAt % 3 === 0 ? { op: 'createNode', labels: ['User'], colour: 'red' } : step.malformedAt % 3 === 1 ? { op: 'deleteEdge', id: { ref: 'nowhere' } } : { op: 'explode' };
        ops.splice(at, 0, bad);
        firstFailure = { index: at, code: 'INVALID_ARG' }; // validation runs before anything is applied
      }
      try {
        const result = await s.db.mutateMany(ops as MutationOp[]);
        assert.equal(firstFailure, null, `${where}: the batch should have failed`);
        assert.equal(result.ids.length, ops.length, `${where}: one id per op`);
        for (const [id, alias] of [...created, ...createdEdges]) assert.equal(result.aliases[alias], id, `${where}: alias ${alias}`);
        s.model = work;
      } catch (err) {
        if (!(err instanceof SombraError)) throw err;
        assert.ok(firstFailure !== null, `${where}: unexpected ${err.code}: ${err.message}`);
        assert.equal(err.code, firstFailure.code, `${where}: ${err.message}`);
        assert.match(err.message, new RegExp(`^mutateMany op ${firstFailure.index}\\b`), `${where}: the message names the failing op`);
      }
      break;
    }
    case 'concurrent': {
      const work = s.model.clone();
      const pending: Array<{ op: Resolved; want: Outcome; got: Promise<Outcome> }> = [];
      for (const raw of step.ops) {
        const op = resolve(work, raw);
        const want = onModel(work, op);
        pending.push({ op, want, got: runAsync(onDb(s.db, op)) });
      }
      for (const [i, p] of pending.entries()) assertOutcome(await p.got, p.want, `${where} op ${i} ${show(p.op)}`);
      s.model = work;
      break;
    }
    case 'bulk': {
      // Enough nodes and edges in one transaction to split the trees' pages.
      const prng = new Prng(step.seed);
      const work = s.model.clone();
      const ops: Resolved[] = [];
      for (let i = 0; i < step.nodes; i++) {
        const labels = [prng.pick(LABELS), ...(prng.bool(0.3) ? [prng.pick(LABELS)] : [])];
        const props: Props = {};
        for (const k of PROPS) if (prng.bool(0.4)) props[k] = prng.pick(POOL);
        ops.push({ k: 'createNode', labels, props });
        work.createNode(labels, props);
      }
      const ids = [...work.nodes.keys()];
      for (let i = 0; i < step.edges; i++) {
        const op: Resolved = { k: 'createEdge', src: prng.pick(ids), dst: prng.pick(ids), type: prng.pick(TYPES), props: prng.bool(0.2) ? { age: prng.int(100) } : {} };
        ops.push(op);
        work.createEdge(op.src, op.dst, op.type, op.props);
      }
      await s.db.transaction((tx) => {
        for (const op of ops) onTx(tx, op);
      }, step.defer ? { deferIndexes: true } : undefined);
      s.model = work;
      break;
    }
    case 'intern': {
      const id = await s.db.intern(step.name);
      assert.equal(id, s.model.intern(step.name), where);
      break;
    }
    case 'checkpoint':
      await s.db.checkpoint();
      break;
    case 'reopen':
      await s.db.close();
      s.db = await Database.openOn(s.mem, DB_PATH, s.options);
      assertReadsMatch(s.db, s.model, POOLS, `${where} after reopen`, 6, n * 6);
      break;
    case 'check': {
      assertReadsMatch(s.db, s.model, POOLS, where, 6, n * 6);
      s.db.read((view) => assertReadsMatch(view, s.model, POOLS, `${where} in a read view`, 2, n * 6 + 6));
      const report = s.db.verify();
      assert.deepEqual(report.problems, [], `${where}: verify`);
      assert.equal(report.nodes, s.model.nodes.size);
      break;
    }
  }
  if (step.k !== 'check') assertRecordsMatch(s.db, s.model, `after ${where}`);
}

/** Every lookup, answered by scans, then with an index on every probed pair: the same answers, the model's. */
async function assertIndexAgnostic(s: RunState): Promise<void> {
  const probes: Array<{ label: string; prop: string; value?: PropValue; range?: ReturnType<typeof rangesAround>[number] }> = [];
  for (const label of LABELS.slice(0, 3)) {
    for (const prop of PROPS) {
      const values = probeValues(s.model, prop, POOLS.values, 40);
      for (const value of values) probes.push({ label, prop, value });
      for (const range of rangesAround(values)) probes.push({ label, prop, range });
    }
  }
  const ask = (): number[][] => probes.map((p) => (p.range !== undefined ? s.db.findNodesInRange(p.label, p.prop, p.range) : s.db.findNodes(p.label, p.prop, p.value!)));
  const existing = new Set(s.model.indexes);
  const dropped: Array<[string, string]> = [];
  for (const k of existing) {
    const [label, prop] = k.split('\u0000') as [string, string];
    assert.equal(await s.db.dropIndex(label, prop), true);
    dropped.push([label, prop]);
  }
  const withoutIndexes = ask();
  await s.db.transaction((tx) => {
    for (const label of LABELS.slice(0, 3)) for (const prop of PROPS) tx.createIndex(label, prop);
  });
  const withIndexes = ask();
  probes.forEach((p, i) => {
    const what = p.range !== undefined ? `findNodesInRange(${p.label}, ${p.prop}, ${showRange(p.range)})` : `findNodes(${p.label}, ${p.prop}, ${showValue(p.value)})`;
    const want = p.range !== undefined ? s.model.findNodesInRange(p.label, p.prop, p.range) : s.model.findNodes(p.label, p.prop, p.value!);
    assert.deepEqual(withoutIndexes[i], want, `${what} without an index`);
    assert.deepEqual(withIndexes[i], want, `${what} with an index`);
  });
  assert.deepEqual(s.db.verify().problems, []);
  // Back to the indexes the model has.
  await s.db.transaction((tx) => {
    for (const label of LABELS.slice(0, 3)) for (const prop of PROPS) if (!existing.has(`${label}\u0000${prop}`)) tx.dropIndex(label, prop);
    for (const [label, prop] of dropped) if (!(LABELS.slice(0, 3) as readonly string[]).includes(label)) tx.createIndex(label, prop);
  });
  for (const label of LABELS.slice(0, 3)) for (const prop of PROPS) s.model.createIndex(label, prop);
  for (const label of LABELS.slice(0, 3)) for (const prop of PROPS) if (!existing.has(`${label}\u0000${prop}`)) s.model.dropIndex(label, prop);
}

test('random sequences of graph operations match the in-memory model through every read API', async () => {
  let runs = 0;
  let steps = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(stepArb, { minLength: 5, maxLength: 40, size: 'max' }),
      fc.constantFrom<'full' | 'normal' | 'off'>('full', 'full', 'normal', 'off'),
      fc.constantFrom(16, 4096),
      fc.subarray(INDEX_PAIRS, { maxLength: 6 }),
      async (sequence, synchronous, cachePages, initialIndexes) => {
        const mem = new MemVfs();
        const options: DatabaseOptions = { walPreallocateBytes: 0, autocheckpointMs: null, pageSize: 4096, synchronous, cachePages, autocheckpointPages: 64 };
        const s: RunState = { mem, db: await Database.openOn(mem, DB_PATH, options), model: new GraphModel(), options };
        try {
          for (const [label, prop] of initialIndexes) {
            assert.equal(await s.db.createIndex(label, prop), true);
            s.model.createIndex(label, prop);
          }
          for (const [i, step] of sequence.entries()) await runStep(s, step, i);
          assertReadsMatch(s.db, s.model, POOLS, 'end of the sequence');
          await assertIndexAgnostic(s);
          await s.db.close();
          s.db = await Database.openOn(mem, DB_PATH, options);
          assertReadsMatch(s.db, s.model, POOLS, 'after the final reopen', 6);
          assert.deepEqual(s.db.verify().problems, [], 'verify after the final reopen');
        } finally {
          await s.db.close();
        }
        runs++;
        steps += sequence.length;
      },
    ),
    { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) },
  );
  console.log(`# graph model: ${runs} runs, ${steps} steps`);
});
