// Property tests of the B+-tree against a sorted in-memory model (DESIGN §9):
// random sequences of puts (empty, tiny, near the inline limit, page-sized
// and multi-page overflow values; tiny, 8-byte and maximum-length keys),
// deletes, sequential runs with long shared prefixes (deep trees, many
// splits and merges), gets, seeks, bounded and prefix scans both ways,
// counts, cursor walks that delete under the cursor, clears, commits,
// rollbacks, checkpoints, pager reopens and snapshots held across later
// commits — on two trees in one file (one named in page 0, one found by a
// root number the test stores in a counter). After every commit and at the
// end, each tree equals its model and `verify` passes, leak check included
// (every page is free or in one of the trees).
//
// fast-check prints the seed and the shrunk counterexample on failure;
// replay with SOMBRA_PROPERTY_SEED=<seed>. SOMBRA_PROPERTY_RUNS scales the
// number of runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import type { Pager } from '../../src/pager/pager.js';
import type { WriteTxn } from '../../src/pager/write-txn.js';
import type { ReadSnapshot } from '../../src/pager/read-snapshot.js';
import { BTree } from '../../src/btree/tree.js';
import { nodeGeometry } from '../../src/btree/node-format.js';
import { resolveRange, type KeyRange } from '../../src/btree/key-range.js';
import { openPager } from '../helpers/storage.js';
import { Model, assertTreeEquals, hex, idKey, makeValue } from '../helpers/btree-model.js';

const PAGE_SIZE = 4096;
const MAX_KEY = nodeGeometry(PAGE_SIZE - 4).maxKeyBytes;
const RUNS = Number(process.env['SOMBRA_PROPERTY_RUNS'] ?? 200);
const SEED = process.env['SOMBRA_PROPERTY_SEED'] === undefined ? undefined : Number(process.env['SOMBRA_PROPERTY_SEED']);

type TreeIx = 0 | 1;
interface Bound {
  gte?: Uint8Array;
  gt?: Uint8Array;
  lte?: Uint8Array;
  lt?: Uint8Array;
  prefix?: Uint8Array;
}
type Op =
  | { t: 'put'; tree: TreeIx; key: Uint8Array; vlen: number; vseed: number }
  | { t: 'run'; tree: TreeIx; prefixLen: number; prefixByte: number; start: number; count: number; descending: boolean; vlen: number }
  | { t: 'del'; tree: TreeIx; key: Uint8Array }
  | { t: 'delRange'; tree: TreeIx; from: Uint8Array; fraction: number }
  | { t: 'get'; tree: TreeIx; key: Uint8Array }
  | { t: 'seek'; tree: TreeIx; key: Uint8Array; backward: boolean; steps: number }
  | { t: 'scan'; tree: TreeIx; range: Bound; reverse: boolean; limit: number | undefined }
  | { t: 'count'; tree: TreeIx; range: Bound }
  | { t: 'walkDelete'; tree: TreeIx; every: number; reverse: boolean }
  | { t: 'clear'; tree: TreeIx }
  | { t: 'commit' }
  | { t: 'rollback' }
  | { t: 'reopen' }
  | { t: 'checkpoint' }
  | { t: 'snapshot' };

const treeArb = fc.constantFrom<TreeIx>(0, 1);
const keyArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  // Small key spaces, so that puts replace and deletes hit existing keys.
  { weight: 4, arbitrary: fc.array(fc.constantFrom(0, 1, 2, 0x7f, 0xff), { maxLength: 3 }).map((a) => Uint8Array.from(a)) },
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 400 }).map(idKey) },
  {
    weight: 1,
    arbitrary: fc.record({ len: fc.integer({ min: MAX_KEY - 3, max: MAX_KEY }), b: fc.integer({ min: 0, max: 3 }) }).map(({ len, b }) => new Uint8Array(len).fill(b)),
  },
);
const valueLengthArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 24 }) },
  { weight: 2, arbitrary: fc.integer({ min: 900, max: 1100 }) }, // around the inline limit
  { weight: 2, arbitrary: fc.integer({ min: 3000, max: 13000 }) }, // 1-4 overflow pages
  { weight: 1, arbitrary: fc.integer({ min: 40_000, max: 120_000 }) }, // 10-30 overflow pages
);
const boundArb: fc.Arbitrary<Bound> = fc
  .record({
    lower: fc.option(fc.record({ key: keyArb, inclusive: fc.boolean() }), { nil: undefined }),
    upper: fc.option(fc.record({ key: keyArb, inclusive: fc.boolean() }), { nil: undefined }),
    prefix: fc.option(fc.oneof(fc.array(fc.constantFrom(0, 1, 0xff), { maxLength: 2 }).map((a) => Uint8Array.from(a)), fc.constant(new Uint8Array([0, 0, 0, 0, 0, 0]))), { nil: undefined }),
  })
  .map(({ lower, upper, prefix }) => {
    const b: Bound = {};
    if (lower) b[lower.inclusive ? 'gte' : 'gt'] = lower.key;
    if (upper) b[upper.inclusive ? 'lte' : 'lt'] = upper.key;
    if (prefix) b.prefix = prefix;
    return b;
  });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 14, arbitrary: fc.record({ t: fc.constant('put' as const), tree: treeArb, key: keyArb, vlen: valueLengthArb, vseed: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('run' as const),
      tree: treeArb,
      prefixLen: fc.oneof(fc.constant(0), fc.integer({ min: 100, max: 400 })),
      prefixByte: fc.integer({ min: 0, max: 2 }),
      start: fc.integer({ min: 0, max: 300 }),
      count: fc.integer({ min: 20, max: 400 }),
      descending: fc.boolean(),
      vlen: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 200, max: 700 })),
    }),
  },
  { weight: 6, arbitrary: fc.record({ t: fc.constant('del' as const), tree: treeArb, key: keyArb }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('delRange' as const), tree: treeArb, from: keyArb, fraction: fc.double({ min: 0.05, max: 1, noNaN: true }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('get' as const), tree: treeArb, key: keyArb }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('seek' as const), tree: treeArb, key: keyArb, backward: fc.boolean(), steps: fc.integer({ min: 0, max: 5 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('scan' as const), tree: treeArb, range: boundArb, reverse: fc.boolean(), limit: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('count' as const), tree: treeArb, range: boundArb }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('walkDelete' as const), tree: treeArb, every: fc.integer({ min: 1, max: 4 }), reverse: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('clear' as const), tree: treeArb }) },
  { weight: 2, arbitrary: fc.constant({ t: 'commit' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'rollback' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'reopen' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'checkpoint' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'snapshot' as const }) },
);

function runKey(op: Extract<Op, { t: 'run' }>, i: number): Uint8Array {
  const k = new Uint8Array(op.prefixLen + 4);
  k.fill(op.prefixByte, 0, op.prefixLen);
  new DataView(k.buffer).setUint32(op.prefixLen, op.start + i);
  return k;
}

class Harness {
  readonly mem = new MemVfs();
  pager!: Pager;
  txn!: WriteTxn;
  trees: BTree[] = [];
  models: Model[] = [new Model(), new Model()];
  committed: Model[] = [new Model(), new Model()];
  snapshots: Array<{ snap: ReadSnapshot; models: Model[]; roots: number[] }> = [];
  roots: number[] = [];
  stats = { ops: 0, commits: 0, maxDepth: 0 };

  async start(): Promise<void> {
    this.pager = await openPager(this.mem, { pageSize: PAGE_SIZE, autocheckpointPages: 64 });
    const txn = await this.pager.beginWrite();
    BTree.createNamed(txn, 'prop.tree0');
    const t1 = BTree.create(txn);
    txn.setCounter('prop.tree1', t1.rootPageNo);
    await txn.commit();
    await this.begin();
  }

  async begin(): Promise<void> {
    this.txn = await this.pager.beginWrite();
    this.trees = [BTree.openNamed(this.txn, 'prop.tree0'), BTree.open(this.txn, this.txn.getCounter('prop.tree1'))];
    this.roots = this.trees.map((t) => t.rootPageNo);
  }

  check(context: string): void {
    for (let i = 0; i < 2; i++) {
      assertTreeEquals(this.txn, this.trees[i]!, this.models[i]!, `${context}, tree ${i}`, this.roots);
      this.stats.maxDepth = Math.max(this.stats.maxDepth, this.trees[i]!.depth());
    }
  }

  async commit(): Promise<void> {
    await this.txn.commit();
    this.stats.commits++;
    this.committed = this.models.map((m) => m.clone());
    await this.begin();
    this.check('after commit');
  }

  async apply(op: Op): Promise<void> {
    this.stats.ops++;
    const ctx = JSON.stringify(op, (_k, v: unknown) => (v instanceof Uint8Array ? hex(v) : v));
    switch (op.t) {
      case 'put': {
        const value = makeValue(op.vlen, op.vseed);
        assert.equal(this.trees[op.tree]!.put(op.key, value), this.models[op.tree]!.put(op.key, value), `put returns whether the key was new: ${ctx}`);
        return;
      }
      case 'run': {
        const t = this.trees[op.tree]!;
        const m = this.models[op.tree]!;
        for (let j = 0; j < op.count; j++) {
          const i: number = op.descending ? op.count - 1 - j : j;
          const key = runKey(op, i);
          const value = makeValue(op.vlen, i);
          assert.equal(t.put(key, value), m.put(key, value), `run put ${i}: ${ctx}`);
        }
        return;
      }
      case 'del':
        assert.equal(this.trees[op.tree]!.delete(op.key), this.models[op.tree]!.delete(op.key), `delete: ${ctx}`);
        return;
      case 'delRange': {
        const m = this.models[op.tree]!;
        const keys = m.range(op.from, true, null, false);
        const n = Math.ceil(keys.length * op.fraction);
        for (const k of keys.slice(0, n)) {
          assert.equal(this.trees[op.tree]!.delete(k), true, `delRange delete: ${ctx}`);
          m.delete(k);
        }
        return;
      }
      case 'get': {
        const got = this.trees[op.tree]!.get(op.key);
        const want = this.models[op.tree]!.get(op.key);
        assert.equal(got === null ? null : hex(got), want === null ? null : hex(want), `get: ${ctx}`);
        assert.equal(this.trees[op.tree]!.has(op.key), want !== null, `has: ${ctx}`);
        return;
      }
      case 'seek': {
        const keys = this.models[op.tree]!.sortedKeys();
        const c = this.trees[op.tree]!.cursor();
        let pos: number;
        if (op.backward) {
          c.seekAtOrBefore(op.key);
          pos = keys.findLastIndex((k) => Buffer.compare(k, op.key) <= 0);
        } else {
          c.seek(op.key);
          pos = keys.findIndex((k) => Buffer.compare(k, op.key) >= 0);
          if (pos < 0) pos = keys.length;
        }
        for (let s = 0; ; s++) {
          const expected = pos >= 0 && pos < keys.length ? hex(keys[pos]!) : null;
          assert.equal(c.valid ? hex(c.key()) : null, expected, `seek step ${s}: ${ctx}`);
          if (s === op.steps || expected === null) break;
          if (op.backward) {
            c.prev();
            pos--;
          } else {
            c.next();
            pos++;
          }
        }
        return;
      }
      case 'scan': {
        const b = resolveRange(op.range as KeyRange);
        let want = b.empty ? [] : this.models[op.tree]!.range(b.lower, b.lowerInclusive, b.upper, b.upperInclusive, op.range.prefix ?? null);
        if (op.reverse) want = want.reverse();
        if (op.limit !== undefined) want = want.slice(0, op.limit);
        const got = [...this.trees[op.tree]!.entries(op.range, { reverse: op.reverse, ...(op.limit === undefined ? {} : { limit: op.limit }) })];
        assert.deepEqual(got.map(([k]) => hex(k)), want.map(hex), `scan keys: ${ctx}`);
        for (const [k, v] of got) assert.equal(hex(v), hex(this.models[op.tree]!.get(k)!), `scan value: ${ctx}`);
        return;
      }
      case 'count': {
        const b = resolveRange(op.range as KeyRange);
        const want = b.empty ? 0 : this.models[op.tree]!.range(b.lower, b.lowerInclusive, b.upper, b.upperInclusive, op.range.prefix ?? null).length;
        assert.equal(this.trees[op.tree]!.count(op.range), want, `count: ${ctx}`);
        return;
      }
      case 'walkDelete': {
        // A cursor of the write transaction keeps its place while the tree changes under it.
        const t = this.trees[op.tree]!;
        const m = this.models[op.tree]!;
        const keys = m.sortedKeys();
        if (op.reverse) keys.reverse();
        const c = t.cursor();
        let i = 0;
        for (let ok = op.reverse ? c.last() : c.first(); ok; ok = op.reverse ? c.prev() : c.next(), i++) {
          assert.equal(hex(c.key()), hex(keys[i]!), `walkDelete position ${i}: ${ctx}`);
          if (i % op.every === 0) {
            assert.equal(t.delete(keys[i]!), true);
            m.delete(keys[i]!);
          }
        }
        assert.equal(i, keys.length, `walkDelete visited every key: ${ctx}`);
        return;
      }
      case 'clear':
        this.trees[op.tree]!.clear();
        this.models[op.tree] = new Model();
        return;
      case 'commit':
        await this.commit();
        return;
      case 'rollback':
        this.txn.rollback();
        this.models = this.committed.map((m) => m.clone());
        await this.begin();
        return;
      case 'reopen':
        this.txn.rollback();
        for (const s of this.snapshots) this.checkSnapshot(s);
        this.snapshots = [];
        await this.pager.close();
        this.pager = await openPager(this.mem, { pageSize: PAGE_SIZE, autocheckpointPages: 64 });
        this.models = this.committed.map((m) => m.clone());
        await this.begin();
        this.check('after reopen');
        return;
      case 'checkpoint':
        await this.pager.checkpoint();
        return;
      case 'snapshot': {
        const snap = this.pager.beginRead();
        this.snapshots.push({ snap, models: this.committed.map((m) => m.clone()), roots: [snap.getRoot('prop.tree0')!, snap.getCounter('prop.tree1')] });
        return;
      }
    }
  }

  checkSnapshot(s: { snap: ReadSnapshot; models: Model[]; roots: number[] }): void {
    const trees = [BTree.openNamed(s.snap, 'prop.tree0'), BTree.open(s.snap, s.snap.getCounter('prop.tree1'))];
    for (let i = 0; i < 2; i++) assertTreeEquals(s.snap, trees[i]!, s.models[i]!, `snapshot, tree ${i}`, s.roots);
    s.snap.release();
  }

  async finish(): Promise<void> {
    await this.commit();
    for (const s of this.snapshots) this.checkSnapshot(s);
    this.snapshots = [];
    this.txn.rollback();
    await this.pager.close();
    this.pager = await openPager(this.mem, { pageSize: PAGE_SIZE });
    await this.begin();
    this.check('after the final reopen');
    this.txn.rollback();
    await this.pager.close();
  }

  async abort(): Promise<void> {
    for (const s of this.snapshots) s.snap.release();
    this.txn?.rollback();
    await this.pager?.close().catch(() => undefined);
  }
}

test('random operation sequences match a sorted model, across commits, rollbacks and reopens', async () => {
  let runs = 0;
  let ops = 0;
  let commits = 0;
  const depths = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 60, size: "max" }), async (seq) => {
      const h = new Harness();
      try {
        await h.start();
        for (const op of seq) await h.apply(op);
        await h.finish();
      } catch (err) {
        await h.abort();
        throw err;
      }
      runs++;
      ops += h.stats.ops;
      commits += h.stats.commits;
      depths.set(h.stats.maxDepth, (depths.get(h.stats.maxDepth) ?? 0) + 1);
    }),
    { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }) },
  );
  const depthText = [...depths].sort((a, b) => a[0] - b[0]).map(([d, n]) => `${n} reached depth ${d}`).join(', ');
  console.log(`# ${runs} property runs, ${ops} operations, ${commits} commits checked against the model (${depthText})`);
});
