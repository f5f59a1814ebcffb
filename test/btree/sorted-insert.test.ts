// BTree.putSorted, the batch insert of ascending keys (sorted-insert.ts):
// random batches (empty, one key, runs, appends, interleaved, replacing
// existing keys, values from empty to multi-page overflow, keys from 1 byte
// to the key limit) into random existing trees, across commits and
// rollbacks, each checked against a sorted model, with `verify` (leak check
// included) after every batch; cursors of the transaction keeping their
// place; bad input changing nothing; and the fill of the leaves it builds.
//
// fast-check prints the seed and the shrunk counterexample on failure;
// replay with SOMBRA_PROPERTY_SEED=<seed>. SOMBRA_PROPERTY_RUNS scales the
// number of runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Prng } from '../../src/base/prng.js';
import type { Pager } from '../../src/pager/pager.js';
import type { WriteTxn } from '../../src/pager/write-txn.js';
import { BTree } from '../../src/btree/tree.js';
import { bulkBuild } from '../../src/btree/bulk-build.js';
import { nodeGeometry } from '../../src/btree/node-format.js';
import type { SortedEntries } from '../../src/btree/sorted-insert.js';
import { formatProblems, verifyTree, verifyTrees } from '../../src/btree/verify.js';
import { freshPager, openPager } from '../helpers/storage.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import { Model, assertTreeEquals, codeOf, hex, idKey, makeValue } from '../helpers/btree-model.js';

const PAGE = 4096;
const G = nodeGeometry(PAGE - 4);
const RUNS = Number(process.env['SOMBRA_PROPERTY_RUNS'] ?? 200);
const SEED = process.env['SOMBRA_PROPERTY_SEED'] === undefined ? undefined : Number(process.env['SOMBRA_PROPERTY_SEED']);

/**
 * A source over arrays that, like the graph layer's buffers, hands out one
 * reused buffer per key length (so the tree must copy before asking again),
 * and counts its reads.
 */
function reusingSource(keys: readonly Uint8Array[], values?: readonly Uint8Array[]): SortedEntries & { reads: number } {
  const scratch = new Map<number, Uint8Array>();
  const src = {
    count: keys.length,
    reads: 0,
    keyAt(i: number): Uint8Array {
      src.reads++;
      const k = keys[i]!;
      let b = scratch.get(k.length);
      if (b === undefined) scratch.set(k.length, (b = new Uint8Array(k.length)));
      b.set(k);
      return b;
    },
    ...(values === undefined ? {} : { valueAt: (i: number): Uint8Array => values[i]! }),
  };
  return src;
}

// ------------------------------------------------------------------ key spaces

/** Key spaces: 8-byte ids; 200-byte shared prefixes (long separators, deep trees); short variable-length keys; keys at the length limit. */
type Space = 0 | 1 | 2 | 3;
function keyIn(space: Space, id: number): Uint8Array {
  switch (space) {
    case 0:
      return idKey(id);
    case 1: {
      const k = new Uint8Array(204).fill(0x41);
      new DataView(k.buffer).setUint32(200, id);
      return k;
    }
    case 2:
      return new TextEncoder().encode(String((id * 7919) % 100_003));
    case 3: {
      const k = new Uint8Array(G.maxKeyBytes).fill(0x5a);
      new DataView(k.buffer).setUint32(G.maxKeyBytes - 4, id);
      return k;
    }
  }
}

function sortedUnique(keys: Uint8Array[]): Uint8Array[] {
  keys.sort((a, b) => Buffer.compare(a, b));
  return keys.filter((k, i) => i === 0 || Buffer.compare(keys[i - 1]!, k) !== 0);
}

const valueLengthArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 24 }) },
  { weight: 2, arbitrary: fc.integer({ min: 900, max: 1100 }) }, // around the inline limit
  { weight: 2, arbitrary: fc.integer({ min: 3000, max: 13000 }) }, // 1-4 overflow pages
  { weight: 1, arbitrary: fc.integer({ min: 40_000, max: 90_000 }) }, // 10-22 overflow pages
);

const idsArb: fc.Arbitrary<number[]> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<number[]>([]) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 3000 }).map((i) => [i]) },
  // Interleaved: random ids over the same space as the existing keys (replacements included).
  { weight: 5, arbitrary: fc.uniqueArray(fc.integer({ min: 0, max: 3000 }), { maxLength: 300 }) },
  // Runs: contiguous or strided, anywhere (appends past the end, blocks inside, overlaps).
  {
    weight: 5,
    arbitrary: fc
      .record({ start: fc.integer({ min: 0, max: 4000 }), count: fc.integer({ min: 2, max: 900 }), step: fc.integer({ min: 1, max: 3 }) })
      .map(({ start, count, step }) => Array.from({ length: count }, (_, i) => start + i * step)),
  },
);

type TreeIx = 0 | 1;
type Op =
  | { t: 'puts'; tree: TreeIx; space: Space; ids: number[]; vlen: number }
  | { t: 'batch'; tree: TreeIx; space: Space; ids: number[]; vlens: number[]; vseed: number; cursorAt: number }
  | { t: 'delRange'; tree: TreeIx; fromFraction: number; fraction: number }
  | { t: 'commit' }
  | { t: 'rollback' };

const treeArb = fc.constantFrom<TreeIx>(0, 1);
const spaceArb = fc.constantFrom<Space>(0, 0, 1, 2, 3);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('puts' as const), tree: treeArb, space: spaceArb, ids: fc.uniqueArray(fc.integer({ min: 0, max: 3000 }), { maxLength: 150 }), vlen: valueLengthArb }) },
  {
    weight: 10,
    arbitrary: fc.record({
      t: fc.constant('batch' as const),
      tree: treeArb,
      space: spaceArb,
      ids: idsArb,
      vlens: fc.array(valueLengthArb, { minLength: 1, maxLength: 3 }),
      vseed: fc.nat(),
      cursorAt: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delRange' as const), tree: treeArb, fromFraction: fc.double({ min: 0, max: 1, noNaN: true }), fraction: fc.double({ min: 0.1, max: 1, noNaN: true }) }) },
  { weight: 2, arbitrary: fc.constant({ t: 'commit' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'rollback' as const }) },
);

class Harness {
  readonly mem = new MemVfs();
  pager!: Pager;
  txn!: WriteTxn;
  trees: BTree[] = [];
  roots: number[] = [];
  models: Model[] = [new Model(), new Model()];
  committed: Model[] = [new Model(), new Model()];
  stats = { batches: 0, keys: 0, maxDepth: 0 };

  async start(): Promise<void> {
    this.pager = await openPager(this.mem, { pageSize: PAGE, autocheckpointPages: 64 });
    const txn = await this.pager.beginWrite();
    BTree.createNamed(txn, 'sorted.tree0');
    txn.setCounter('sorted.tree1', BTree.create(txn).rootPageNo);
    await txn.commit();
    await this.begin();
  }

  async begin(): Promise<void> {
    this.txn = await this.pager.beginWrite();
    this.trees = [BTree.openNamed(this.txn, 'sorted.tree0'), BTree.open(this.txn, this.txn.getCounter('sorted.tree1'))];
    this.roots = this.trees.map((t) => t.rootPageNo);
  }

  check(context: string, which: TreeIx[] = [0, 1]): void {
    for (const i of which) {
      assertTreeEquals(this.txn, this.trees[i]!, this.models[i]!, `${context}, tree ${i}`, this.roots);
      this.stats.maxDepth = Math.max(this.stats.maxDepth, this.trees[i]!.depth());
    }
  }

  async apply(op: Op): Promise<void> {
    const ctx = JSON.stringify(op, (_k, v: unknown) => (Array.isArray(v) && v.length > 12 ? `[${v.length} items from ${String(v[0])}]` : v));
    switch (op.t) {
      case 'puts': {
        for (const id of op.ids) {
          const k = keyIn(op.space, id);
          const v = makeValue(op.vlen, id);
          this.trees[op.tree]!.put(k, v);
          this.models[op.tree]!.put(k, v);
        }
        return;
      }
      case 'batch': {
        const t = this.trees[op.tree]!;
        const m = this.models[op.tree]!;
        const keys = sortedUnique(op.ids.map((id) => keyIn(op.space, id)));
        const values = keys.map((_, i) => makeValue(op.vlens[(i + op.vseed) % op.vlens.length]!, op.vseed + i));
        // A cursor positioned before the batch must keep its place (S1).
        const before = m.sortedKeys();
        const at = before.length === 0 ? -1 : Math.min(before.length - 1, Math.floor(op.cursorAt * before.length));
        const c = t.cursor();
        if (at >= 0) assert.equal(c.seek(before[at]!), true, `cursor seek: ${ctx}`);
        let fresh = 0;
        for (let i = 0; i < keys.length; i++) if (m.put(keys[i]!, values[i]!)) fresh++;
        const src = reusingSource(keys, values);
        assert.equal(t.putSorted(src), fresh, `putSorted returns the number of new keys: ${ctx}`);
        assert.equal(src.reads, 2 * keys.length, `each key is read twice (validation, insertion): ${ctx}`);
        this.stats.batches++;
        this.stats.keys += keys.length;
        if (at >= 0) {
          // The successor: the next old key or the first batch key above the cursor's, whichever is lower.
          const mine = before[at]!;
          const batchNext = keys.find((k) => Buffer.compare(k, mine) > 0);
          const oldNext = before[at + 1];
          const successor = batchNext === undefined ? oldNext : oldNext === undefined || Buffer.compare(batchNext, oldNext) < 0 ? batchNext : oldNext;
          assert.equal(c.valid, true, `cursor still valid: ${ctx}`);
          assert.equal(hex(c.key()), hex(mine), `cursor keeps its key: ${ctx}`);
          assert.equal(c.next(), successor !== undefined, `cursor next: ${ctx}`);
          if (successor !== undefined) assert.equal(hex(c.key()), hex(successor), `cursor moves to the model's successor: ${ctx}`);
        }
        this.check(`after batch ${ctx}`, [op.tree]);
        return;
      }
      case 'delRange': {
        const keys = this.models[op.tree]!.sortedKeys();
        const from = Math.floor(op.fromFraction * keys.length);
        for (const k of keys.slice(from, from + Math.ceil((keys.length - from) * op.fraction))) {
          assert.equal(this.trees[op.tree]!.delete(k), true, `delRange: ${ctx}`);
          this.models[op.tree]!.delete(k);
        }
        return;
      }
      case 'commit':
        await this.txn.commit();
        this.committed = this.models.map((m) => m.clone());
        await this.begin();
        this.check('after commit');
        return;
      case 'rollback':
        this.txn.rollback();
        this.models = this.committed.map((m) => m.clone());
        await this.begin();
        this.check('after rollback');
        return;
    }
  }

  async finish(): Promise<void> {
    await this.txn.commit();
    this.committed = this.models.map((m) => m.clone());
    await this.pager.close();
    this.pager = await openPager(this.mem, { pageSize: PAGE });
    await this.begin();
    this.check('after commit and reopen');
    this.txn.rollback();
    await this.pager.close();
  }

  async abort(): Promise<void> {
    this.txn?.rollback();
    await this.pager?.close().catch(() => undefined);
  }
}

test('random sorted batches into random trees match the model and verify, across commits and rollbacks', async () => {
  let runs = 0;
  let batches = 0;
  let keys = 0;
  const depths = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 10 }), async (seq) => {
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
      batches += h.stats.batches;
      keys += h.stats.keys;
      depths.set(h.stats.maxDepth, (depths.get(h.stats.maxDepth) ?? 0) + 1);
    }),
    { numRuns: Math.max(1, Math.round(RUNS / 5)), ...(SEED === undefined ? {} : { seed: SEED }) },
  );
  const depthText = [...depths].sort((a, b) => a[0] - b[0]).map(([d, n]) => `${n} reached depth ${d}`).join(', ');
  console.log(`# ${runs} runs, ${batches} batches, ${keys} keys checked against the model (${depthText})`);
});

test('a huge batch (appends, interleaved keys and replacements) into a deep tree, with long separators', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.createNamed(txn, 'huge');
  const model = new Model();
  const prng = new Prng(11);
  for (let i = 0; i < 4000; i++) {
    const id = prng.int(40_000);
    tree.put(keyIn(1, id), makeValue(id % 40, id));
    model.put(keyIn(1, id), makeValue(id % 40, id));
  }
  const depthBefore = tree.depth();
  // Every third id of [0, 60000): interleaved below 40000 (some replacing), appended above.
  const keys = Array.from({ length: 20_000 }, (_, i) => keyIn(1, i * 3));
  const values = keys.map((_, i) => makeValue(i % 97 === 0 ? 5000 : i % 30, i + 1));
  let fresh = 0;
  for (let i = 0; i < keys.length; i++) if (model.put(keys[i]!, values[i]!)) fresh++;
  assert.equal(tree.putSorted(reusingSource(keys, values)), fresh);
  assert.ok(tree.depth() > depthBefore, `the tree grew (depth ${depthBefore} -> ${tree.depth()})`);
  assertTreeEquals(txn, tree, model, 'after the huge batch', [tree.rootPageNo]);
  await txn.commit();
  await pager.close();
});

test('cursors of the transaction re-find their place after a batch that splits their leaf', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  const other = BTree.open(txn, tree.rootPageNo); // a second handle: same TreeState
  for (let i = 0; i < 3000; i += 10) tree.put(idKey(i), makeValue(40, i));
  const c = tree.cursor();
  assert.equal(c.seek(idKey(500)), true);
  const view = c.keyView(); // a view taken before the batch: the next cursor call re-finds the key
  assert.equal(hex(view), hex(idKey(500)));
  const keys = Array.from({ length: 2000 }, (_, i) => idKey(400 + i)).filter((k) => new DataView(k.buffer).getUint32(4) % 10 !== 0);
  assert.equal(other.putSorted(reusingSource(keys)), keys.length);
  const num = (): number => new DataView(c.key().buffer).getUint32(4);
  assert.equal(c.valid, true, 'the cursor is still on an entry');
  assert.equal(num(), 500, 'on the same key');
  assert.equal(c.next(), true);
  assert.equal(num(), 501, 'next is the inserted successor');
  assert.equal(c.prev() && c.prev(), true);
  assert.equal(num(), 499, 'prev goes back over inserted keys');
  // Counts and scans through other cursors see the batch.
  assert.equal(tree.count({ gte: idKey(400), lt: idKey(2400) }), 2000);
  txn.rollback();
  await pager.close();
});

test('bad input is INVALID_ARG, names the entry, and changes nothing', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const setup = await pager.beginWrite();
  const tree0 = BTree.createNamed(setup, 'bad');
  const model = new Model();
  for (let i = 0; i < 3000; i += 2) {
    tree0.put(idKey(i), makeValue(i % 300 === 0 ? 6000 : 10, i));
    model.put(idKey(i), makeValue(i % 300 === 0 ? 6000 : 10, i));
  }
  await setup.commit();
  const txn = await pager.beginWrite();
  const tree = BTree.openNamed(txn, 'bad');
  const good = Array.from({ length: 2500 }, (_, i) => idKey(i + 1000));
  const vals = good.map((_, i) => makeValue(i % 500 === 0 ? 9000 : 7, i));
  const c = tree.cursor();
  c.seek(idKey(1500));
  const version = tree.state.version;
  const dirtyBefore = txn.dirtyPageCount;
  const pagesBefore = txn.pageCount();
  const cases: Array<[string, SortedEntries, RegExp]> = [
    ['a key out of order at the end', reusingSource([...good, idKey(5)], [...vals, new Uint8Array(1)]), /strictly ascending: key #2500 \(0000000000000005\) is not above key #2499/],
    ['a duplicate key in the middle', reusingSource([...good.slice(0, 1200), good[1199]!, ...good.slice(1200)]), /strictly ascending: key #1200/],
    ['an over-long key', reusingSource([...good.slice(0, 100), new Uint8Array(G.maxKeyBytes + 1).fill(0xff)]), /putSorted key #100 is 1006 bytes; keys are limited to 1005/],
    ['a key that is not a Uint8Array', { count: 2, keyAt: (i) => (i === 0 ? idKey(1) : ('x' as unknown as Uint8Array)) }, /putSorted key #1 must be a Uint8Array, got string/],
    ['a value that is not a Uint8Array', { count: 3, keyAt: (i) => idKey(i), valueAt: (i) => (i === 2 ? (null as unknown as Uint8Array) : new Uint8Array(1)) }, /putSorted value #2 must be a Uint8Array, got null/],
    ['a negative count', { count: -1, keyAt: () => idKey(1) }, /count must be a non-negative integer, got -1/],
    ['a fractional count', { count: 1.5, keyAt: () => idKey(1) }, /count must be a non-negative integer/],
    ['no keyAt', { count: 1 } as unknown as SortedEntries, /keyAt\(i\) function/],
    ['a valueAt that is not a function', { count: 1, keyAt: () => idKey(1), valueAt: 3 } as unknown as SortedEntries, /valueAt must be a function/],
    ['not an object', null as unknown as SortedEntries, /needs an object/],
  ];
  for (const [what, src, pattern] of cases) {
    assert.throws(() => tree.putSorted(src), (e) => codeOf(e) === 'INVALID_ARG' && pattern.test((e as Error).message), what);
    assert.equal(tree.state.version, version, `${what}: the tree's version is unchanged`);
    assert.equal(txn.dirtyPageCount, dirtyBefore, `${what}: no page was written`);
    assert.equal(txn.pageCount(), pagesBefore, `${what}: no page was allocated`);
  }
  assert.equal(hex(c.key()), hex(idKey(1500)), 'the cursor did not move');
  assertTreeEquals(txn, tree, model, 'after the rejected batches', [tree.rootPageNo]);
  txn.rollback();
  // A read-only view cannot take a batch.
  const snap = pager.beginRead();
  assert.throws(() => BTree.openNamed(snap, 'bad').putSorted(reusingSource(good)), (e) => codeOf(e) === 'INVALID_ARG' && /read-only/.test(String(e)));
  snap.release();
  await pager.close();
});

test('a source that returns other keys on its second read is an internal error, not silent corruption', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  for (let i = 0; i < 500; i++) tree.put(idKey(i * 4), new Uint8Array(20));
  let reads = 0;
  // Ascending when validated; on the second read key #300 jumps back below key #299.
  const src: SortedEntries = { count: 400, keyAt: (i) => idKey(reads++ >= 400 && i === 300 ? 1 : i * 3 + 1) };
  assert.throws(() => tree.putSorted(src), (e) => codeOf(e) === 'INTERNAL' && /entry #300 differs/.test(String(e)));
  txn.rollback();
  await pager.close();
});

test('the batch is an empty-value insert without valueAt, and empty batches change nothing', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  assert.equal(tree.putSorted({ count: 0, keyAt: () => idKey(0) }), 0);
  assert.equal(tree.isEmpty(), true);
  assert.equal(tree.state.version, 0, 'an empty batch is no change');
  assert.equal(tree.putSorted(reusingSource([idKey(1), idKey(2)])), 2);
  assert.equal(tree.get(idKey(2))?.length, 0);
  assert.equal(tree.putSorted(reusingSource([idKey(2)], [new Uint8Array([9])])), 0, 'a replacement is not new');
  assert.deepEqual([...tree.get(idKey(2))!], [9]);
  txn.rollback();
  await pager.close();
});

test('leaves built by batches: appends pack them nearly full, interleaved batches leave room', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  // Appends in batches of 500 keys of 16 bytes (a cell and its slot: 22 bytes; at most 184 per leaf).
  const appended = BTree.create(txn);
  const perLeafMax = Math.floor((G.usableSizeBytes - 16) / 22);
  for (let b = 0; b < 40; b++) {
    const keys = Array.from({ length: 500 }, (_, i) => { const k = new Uint8Array(16); new DataView(k.buffer).setUint32(12, b * 500 + i); return k; });
    assert.equal(appended.putSorted(reusingSource(keys)), 500);
  }
  const a = verifyTree(txn, appended.rootPageNo, { freePages: null });
  assert.ok(a.ok, formatProblems(a.problems));
  const minimal = Math.ceil(20_000 / perLeafMax);
  assert.ok(a.leafPageCount <= minimal + 2, `appends use ${a.leafPageCount} leaves for 20000 keys; ${minimal} is the minimum`);
  // A batch as large as the tree, interleaved with it: leaves end between half and 7/8 full on average.
  const mixed = BTree.create(txn);
  for (let i = 0; i < 20_000; i += 2) mixed.put(idKey(i * 1000), new Uint8Array(8));
  const before = verifyTree(txn, mixed.rootPageNo, { freePages: null });
  const keys = Array.from({ length: 10_000 }, (_, i) => idKey((2 * i + 1) * 1000));
  assert.equal(mixed.putSorted(reusingSource(keys, keys.map(() => new Uint8Array(8)))), 10_000);
  const after = verifyTree(txn, mixed.rootPageNo, { freePages: null });
  assert.ok(after.ok, formatProblems(after.problems));
  const cellBytes = 2 + 4 + 8 + 8;
  const fill = (after.entryCount * cellBytes) / (after.leafPageCount * (G.usableSizeBytes - 16));
  assert.ok(fill >= 0.6 && fill <= 0.9, `interleaved batch: average leaf fill ${fill.toFixed(2)} (${after.leafPageCount} leaves, ${before.leafPageCount} before)`);
  txn.rollback();
  await pager.close();
});

test('batches into an empty tree, a bulk-built tree and a one-leaf tree grow the root in place', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const built = BTree.createNamed(txn, 'built');
  const root = built.rootPageNo;
  const model = new Model();
  const base = Array.from({ length: 3000 }, (_, i) => [idKey(i * 2), makeValue(i % 20, i)] as [Uint8Array, Uint8Array]);
  bulkBuild(built, base);
  for (const [k, v] of base) model.put(k, v);
  const odd = Array.from({ length: 3000 }, (_, i) => idKey(i * 2 + 1));
  assert.equal(built.putSorted(reusingSource(odd)), 3000);
  for (const k of odd) model.put(k, new Uint8Array(0));
  assert.equal(built.rootPageNo, root);
  assert.equal(txn.getRoot('built'), root, 'the root page never moves');
  assertTreeEquals(txn, built, model, 'bulk-built tree plus a batch', [root]);
  // A root leaf that a batch overflows deepens (B1), and collapses again when the merged run fits one leaf.
  const one = BTree.create(txn);
  const m2 = new Model();
  for (const id of [10, 20, 30, 40]) {
    one.put(idKey(id), makeValue(1000, id));
    m2.put(idKey(id), makeValue(1000, id));
  }
  // 11 fits; 12 does not, and 20 (a replacement by an empty value) follows in the same leaf: a merge that fits one leaf.
  assert.equal(one.putSorted(reusingSource([idKey(11), idKey(12), idKey(20)], [new Uint8Array(0), new Uint8Array(0), new Uint8Array(0)])), 2);
  for (const id of [11, 12, 20]) m2.put(idKey(id), new Uint8Array(0));
  assert.equal(one.depth(), 1, 'the root collapsed back to a leaf');
  assertTreeEquals(txn, one, m2, 'after a merge that fit the root', [root, one.rootPageNo]);
  const vals = [13, 14, 15].map((id) => makeValue(900, id));
  assert.equal(one.putSorted(reusingSource([idKey(13), idKey(14), idKey(15)], vals)), 3);
  [13, 14, 15].forEach((id, i) => m2.put(idKey(id), vals[i]!));
  assert.equal(one.depth(), 2, 'the root split');
  assertTreeEquals(txn, one, m2, 'after the root split', [root, one.rootPageNo]);
  txn.rollback();
  await pager.close();
});
