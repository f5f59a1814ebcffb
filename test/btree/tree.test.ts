// The B+-tree API: reads and writes on deep trees, the fixed root page, named
// trees in page 0, values of every size and the pages they free, bad input,
// sequential-insert fill and the append path, clear, drop and bulk build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prng } from '../../src/base/prng.js';
import type { PageWriter } from '../../src/pager/page-store.js';
import { readFreelistCount } from '../../src/pager/file-header.js';
import { BTree } from '../../src/btree/tree.js';
import { bulkBuild } from '../../src/btree/bulk-build.js';
import { nodeGeometry } from '../../src/btree/node-format.js';
import { overflowPageCount } from '../../src/btree/overflow.js';
import { formatProblems, verifyTree, verifyTrees } from '../../src/btree/verify.js';
import { freshPager, openPager } from '../helpers/storage.js';
import { Model, assertTreeEquals, codeOf, hex, idKey, makeValue } from '../helpers/btree-model.js';

const PAGE = 4096;
const G = nodeGeometry(PAGE - 4);

function shuffle<T>(items: T[], seed: number): T[] {
  const prng = new Prng(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function assertOk(report: { ok: boolean; problems: Parameters<typeof formatProblems>[0] }, what: string): void {
  assert.ok(report.ok, `${what}:\n${formatProblems(report.problems)}`);
}

test('puts, gets and deletes in random order keep a deep tree equal to the model', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.createNamed(txn, 'basic');
  const model = new Model();
  const ids = shuffle(Array.from({ length: 6000 }, (_, i) => i), 1);
  for (const i of ids) assert.equal(tree.put(idKey(i), makeValue(i % 50, i)), model.put(idKey(i), makeValue(i % 50, i)));
  assert.ok(tree.depth() >= 2, 'the tree grew interior levels');
  assertTreeEquals(txn, tree, model, 'after inserts');
  for (const i of shuffle(ids.slice(), 2).slice(0, 3000)) assert.equal(tree.put(idKey(i), makeValue(7, i)), model.put(idKey(i), makeValue(7, i)), 'a replace returns false');
  for (let i = 0; i < 6100; i++) {
    const want = model.get(idKey(i));
    const got = tree.get(idKey(i));
    assert.equal(got === null ? null : hex(got), want === null ? null : hex(want), `get ${i}`);
  }
  for (const i of shuffle(ids.slice(), 3).slice(0, 5900)) assert.equal(tree.delete(idKey(i)), model.delete(idKey(i)));
  assert.equal(tree.delete(idKey(999_999)), false);
  assertTreeEquals(txn, tree, model, 'after deletes');
  await txn.commit();
  await pager.close();
});

test('the root page never moves: root splits and collapses leave the root table as it was', async () => {
  const { mem, pager } = await freshPager({ pageSize: PAGE });
  let txn = await pager.beginWrite();
  const root = BTree.createNamed(txn, 'stable').rootPageNo;
  await txn.commit();
  txn = await pager.beginWrite();
  const tree = BTree.openNamed(txn, 'stable');
  const depths = new Set<number>();
  for (let i = 0; i < 20000; i++) {
    tree.put(idKey(i), makeValue(40, i));
    if (i % 500 === 0) depths.add(tree.depth());
  }
  assert.ok(Math.max(...depths) >= 3, `the root split at least twice (depths ${[...depths]})`);
  assert.equal(tree.rootPageNo, root);
  assert.equal(txn.getRoot('stable'), root);
  for (let i = 0; i < 20000; i++) tree.delete(idKey(i));
  assert.equal(tree.depth(), 1, 'deleting everything collapses the root back to a leaf');
  assert.equal(txn.getRoot('stable'), root);
  assertOk(verifyTrees(txn, [root], { checkLeaks: true }), 'empty tree');
  assert.equal(readFreelistCount(txn.getPage(0)), txn.pageCount() - 2, 'every page but page 0 and the root is free');
  await txn.commit();
  await pager.close();
  const reopened = await openPager(mem, { pageSize: PAGE });
  assert.equal(BTree.openNamed(reopened.latest(), 'stable').isEmpty(), true);
  await reopened.close();
});

test('named trees: create, open, open-or-create, duplicate and missing names, drop', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const a = BTree.createNamed(txn, 'graph.a');
  const b = BTree.openOrCreateNamed(txn, 'graph.b');
  assert.equal(BTree.openOrCreateNamed(txn, 'graph.b').rootPageNo, b.rootPageNo);
  const loose = BTree.create(txn);
  for (let i = 0; i < 3000; i++) {
    a.put(idKey(i), makeValue(i % 3 === 0 ? 5000 : 30, i));
    b.put(idKey(i), makeValue(20, i));
    loose.put(idKey(i), makeValue(10, i));
  }
  assert.throws(() => BTree.createNamed(txn, 'graph.a'), (e) => codeOf(e) === 'INVALID_ARG' && /already exists/.test(String(e)));
  assert.throws(() => BTree.openNamed(txn, 'graph.none'), (e) => codeOf(e) === 'NOT_FOUND');
  assertOk(verifyTrees(txn, [a.rootPageNo, b.rootPageNo, loose.rootPageNo], { checkLeaks: true }), 'three trees');
  assert.equal(BTree.dropNamed(txn, 'graph.a'), true);
  assert.equal(BTree.dropNamed(txn, 'graph.a'), false);
  assert.equal(txn.getRoot('graph.a'), null);
  assert.throws(() => a.get(idKey(1)), (e) => codeOf(e) === 'INVALID_ARG' && /dropped/.test(String(e)), 'a handle of a dropped tree refuses work');
  assertOk(verifyTrees(txn, [b.rootPageNo, loose.rootPageNo], { checkLeaks: true }), 'after dropping a');
  loose.drop();
  BTree.dropNamed(txn, 'graph.b');
  assertOk(verifyTrees(txn, [], { checkLeaks: true }), 'after dropping everything');
  assert.equal(readFreelistCount(txn.getPage(0)), txn.pageCount() - 1, 'every page but page 0 is free');
  await txn.commit();
  await pager.close();
});

test('values of every size round-trip and their overflow pages are freed on replace and delete', async () => {
  const { mem, pager } = await freshPager({ pageSize: PAGE });
  const inlineMax = G.maxCellBytes - 4 - 8; // with an 8-byte key
  const sizes = [0, 1, 100, inlineMax, inlineMax + 1, 4084, 4085, 3 * 4084, 3 * 4084 + 1, 300_000];
  let txn = await pager.beginWrite();
  const tree = BTree.createNamed(txn, 'sizes');
  const model = new Model();
  sizes.forEach((n, i) => {
    tree.put(idKey(i), makeValue(n, i));
    model.put(idKey(i), makeValue(n, i));
  });
  const report = verifyTree(txn, tree.rootPageNo);
  assertOk(report, 'after puts');
  const expectedOverflow = sizes.filter((n) => n > inlineMax).reduce((sum, n) => sum + overflowPageCount(n, PAGE - 4), 0);
  assert.equal(report.overflowPageCount, expectedOverflow, 'each large value has exactly ceil(v / capacity) overflow pages');
  await txn.commit();
  await pager.close();

  const p2 = await openPager(mem, { pageSize: PAGE });
  txn = await p2.beginWrite();
  const t2 = BTree.openNamed(txn, 'sizes');
  assertTreeEquals(txn, t2, model, 'after reopen', [t2.rootPageNo]);
  // Replace large by small, small by large, large by large; then delete all.
  sizes.forEach((n, i) => {
    const v = makeValue(sizes[sizes.length - 1 - i]!, 100 + i);
    t2.put(idKey(i), v);
    model.put(idKey(i), v);
    void n;
  });
  assertTreeEquals(txn, t2, model, 'after replacing', [t2.rootPageNo]);
  sizes.forEach((_n, i) => t2.delete(idKey(i)));
  assertOk(verifyTrees(txn, [t2.rootPageNo], { checkLeaks: true }), 'after deleting');
  assert.equal(readFreelistCount(txn.getPage(0)), txn.pageCount() - 2, 'all overflow pages went back to the freelist');
  await txn.commit();
  await p2.close();
});

test('a 16 MiB value is stored in an overflow chain and survives a reopen', async () => {
  const { mem, pager } = await freshPager({ pageSize: 8192 });
  const big = makeValue(16 * 1024 * 1024, 42);
  let txn = await pager.beginWrite();
  BTree.createNamed(txn, 'big').put(new Uint8Array([1]), big);
  await txn.commit();
  await pager.close();
  const p2 = await openPager(mem, { pageSize: 8192 });
  const got = BTree.openNamed(p2.latest(), 'big').get(new Uint8Array([1]))!;
  assert.equal(got.length, big.length);
  assert.equal(Buffer.compare(got, big), 0);
  txn = await p2.beginWrite();
  BTree.openNamed(txn, 'big').delete(new Uint8Array([1]));
  assertOk(verifyTrees(txn, [txn.getRoot('big')!], { checkLeaks: true }), 'after delete');
  await txn.commit();
  await p2.close();
});

test('bad input is INVALID_ARG, names the problem, and changes nothing', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  let txn = await pager.beginWrite();
  const tree = BTree.createNamed(txn, 'strict');
  const model = new Model();
  for (let i = 0; i < 500; i++) {
    tree.put(idKey(i), makeValue(30, i));
    model.put(idKey(i), makeValue(30, i));
  }
  await txn.commit();
  txn = await pager.beginWrite();
  const t = BTree.openNamed(txn, 'strict');
  const tooLong = new Uint8Array(G.maxKeyBytes + 1);
  const notBytes: unknown[] = ['key', 7, null, undefined, [1, 2], new DataView(new ArrayBuffer(4)), { length: 3 }];
  const invalid = (fn: () => unknown, pattern: RegExp, what: string): void => {
    assert.throws(fn, (e) => codeOf(e) === 'INVALID_ARG' && pattern.test((e as Error).message), what);
  };
  invalid(() => t.put(tooLong, new Uint8Array(1)), new RegExp(`${G.maxKeyBytes + 1} bytes.*limited to ${G.maxKeyBytes}`), 'over-long key');
  invalid(() => t.get(tooLong), /limited to/, 'over-long key in get');
  invalid(() => t.delete(tooLong), /limited to/, 'over-long key in delete');
  for (const bad of notBytes) {
    invalid(() => t.put(bad as Uint8Array, new Uint8Array(1)), /key must be a Uint8Array/, `put key ${String(bad)}`);
    invalid(() => t.put(idKey(1), bad as Uint8Array), /value must be a Uint8Array/, `put value ${String(bad)}`);
    invalid(() => t.get(bad as Uint8Array), /key must be a Uint8Array/, `get ${String(bad)}`);
    invalid(() => t.has(bad as Uint8Array), /key must be a Uint8Array/, `has ${String(bad)}`);
    invalid(() => t.delete(bad as Uint8Array), /key must be a Uint8Array/, `delete ${String(bad)}`);
    invalid(() => t.cursor().seek(bad as Uint8Array), /must be a Uint8Array/, `seek ${String(bad)}`);
    if (bad !== undefined) invalid(() => t.count({ gte: bad as Uint8Array }), /range.gte must be a Uint8Array/, `range ${String(bad)}`);
  }
  invalid(() => t.count({ gte: idKey(1), gt: idKey(2) }), /both gte and gt/, 'two lower bounds');
  invalid(() => t.count({ from: idKey(1) } as never), /unknown field "from"/, 'unknown range field');
  invalid(() => [...t.entries(undefined, { limit: -1 })], /limit/, 'negative limit');
  invalid(() => BTree.open(txn, 0), /positive integer/, 'root 0');
  invalid(() => BTree.open(txn, 1.5), /positive integer/, 'fractional root');
  assert.equal(txn.dirtyPageCount, 0, 'no rejected call wrote a page');
  assertTreeEquals(txn, t, model, 'after rejected calls', [t.rootPageNo]);
  txn.rollback();

  const snap = pager.beginRead();
  const readOnly = BTree.openNamed(snap, 'strict');
  invalid(() => readOnly.put(idKey(1), new Uint8Array(1)), /read-only view/, 'write through a snapshot');
  invalid(() => readOnly.delete(idKey(1)), /read-only view/, 'delete through a snapshot');
  invalid(() => readOnly.cursor().key(), /not on an entry/, 'key of an unpositioned cursor');
  snap.release();
  await pager.close();
});

test('sequential runs (ascending, descending, at the end and in the middle) leave leaves nearly full', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const perLeaf = (tree: BTree): number => {
    const r = verifyTree(txn, tree.rootPageNo, { freePages: null });
    assertOk(r, 'fill tree');
    return r.entryCount / r.leafPageCount;
  };
  const bulk = BTree.create(txn);
  bulkBuild(bulk, (function* () {
    for (let i = 0; i < 20000; i++) yield [idKey(i), makeValue(8, i)] as const;
  })());
  const full = perLeaf(bulk);

  const asc = BTree.create(txn);
  for (let i = 0; i < 20000; i++) asc.put(idKey(i), makeValue(8, i));
  const desc = BTree.create(txn);
  for (let i = 20000; i > 0; i--) desc.put(idKey(i), makeValue(8, i));
  const middle = BTree.create(txn);
  for (let i = 0; i < 20000; i++) middle.put(idKey(i * 1000), makeValue(8, i));
  for (let i = 1; i < 20000; i++) middle.put(idKey(5_000_000 + i), makeValue(8, i)); // a run inside the key range
  for (let i = 20000; i > 0; i--) middle.put(idKey(12_000_000 + i), makeValue(8, i)); // and a descending one
  const random = BTree.create(txn);
  for (const i of shuffle(Array.from({ length: 20000 }, (_, i) => i), 9)) random.put(idKey(i), makeValue(8, i));

  assert.ok(perLeaf(asc) >= 0.97 * full, `ascending: ${perLeaf(asc)} per leaf vs ${full} packed`);
  assert.ok(perLeaf(desc) >= 0.97 * full, `descending: ${perLeaf(desc)} per leaf vs ${full} packed`);
  assert.ok(perLeaf(middle) >= 0.9 * full, `runs in the middle: ${perLeaf(middle)} per leaf vs ${full} packed`);
  assert.ok(perLeaf(random) < 0.85 * full && perLeaf(random) > 0.5 * full, `random inserts split evenly: ${perLeaf(random)} per leaf`);
  txn.rollback();
  await pager.close();
});

/** A transaction view that counts reads of one page (to see how often a descent starts at the root). */
function countingWriter(txn: PageWriter, watched: () => number): { view: PageWriter; reads: () => number } {
  let count = 0;
  const view: PageWriter = {
    pageSizeBytes: txn.pageSizeBytes,
    usableSizeBytes: txn.usableSizeBytes,
    fileName: txn.fileName,
    getPage: (p) => {
      if (p === watched()) count++;
      return txn.getPage(p);
    },
    pageCount: () => txn.pageCount(),
    getRoot: (n) => txn.getRoot(n),
    listRoots: () => txn.listRoots(),
    getCounter: (n) => txn.getCounter(n),
    getWritablePage: (p) => txn.getWritablePage(p),
    allocatePage: () => txn.allocatePage(),
    freePage: (p) => txn.freePage(p),
    setRoot: (n, p) => txn.setRoot(n, p),
    deleteRoot: (n) => txn.deleteRoot(n),
    setCounter: (n, v) => txn.setCounter(n, v),
  };
  return { view, reads: () => count };
}

test('appends and clustered writes reuse the cached path instead of descending from the root', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  let root = 0;
  const { view, reads } = countingWriter(txn, () => root);
  const tree = BTree.create(view);
  root = tree.rootPageNo;
  for (let i = 0; i < 2000; i++) tree.put(idKey(i), makeValue(8, i)); // grow a few levels first
  const before = reads();
  const n = 20000;
  for (let i = 2000; i < 2000 + n; i++) tree.put(idKey(i), makeValue(8, i));
  const rootReads = reads() - before;
  const leaves = verifyTree(txn, root, { freePages: null }).leafPageCount;
  assert.ok(rootReads < n / 20, `${rootReads} root reads for ${n} appends (${leaves} leaves): about one per split, not one per insert`);
  // Updates of keys in one leaf, one after another, reuse the path too.
  const before2 = reads();
  for (let r = 0; r < 100; r++) for (let i = 5000; i < 5010; i++) tree.put(idKey(i), makeValue(8, r));
  assert.ok(reads() - before2 < 10, `${reads() - before2} root reads for 1000 clustered updates`);
  assertOk(verifyTree(txn, root, { freePages: null }), 'append tree');
  txn.rollback();
  await pager.close();
});

test('clear removes every entry, frees every page but the root, and the tree stays usable', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.createNamed(txn, 'clear');
  for (let i = 0; i < 5000; i++) tree.put(idKey(i), makeValue(i % 10 === 0 ? 9000 : 20, i));
  const root = tree.rootPageNo;
  tree.clear();
  assert.equal(tree.isEmpty(), true);
  assert.equal(tree.count(), 0);
  assert.equal(tree.rootPageNo, root);
  assertOk(verifyTrees(txn, [root], { checkLeaks: true }), 'after clear');
  tree.put(idKey(1), makeValue(3, 1));
  assert.deepEqual(tree.get(idKey(1)), makeValue(3, 1));
  txn.rollback();
  await pager.close();
});

test('bulk build packs pages, equals the same puts, and handles overflow values', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const model = new Model();
  const entries: Array<[Uint8Array, Uint8Array]> = [];
  for (let i = 0; i < 30000; i++) {
    const v = makeValue(i % 1000 === 0 ? 10_000 : i % 7, i);
    entries.push([idKey(i * 3), v]);
    model.put(idKey(i * 3), v);
  }
  const tree = BTree.createNamed(txn, 'bulk');
  assert.equal(bulkBuild(tree, entries), entries.length);
  assertTreeEquals(txn, tree, model, 'bulk-built tree', [tree.rootPageNo]);
  const packed = verifyTree(txn, tree.rootPageNo);
  // Writes after a bulk build work as usual.
  for (let i = 0; i < 2000; i++) {
    tree.put(idKey(i * 3 + 1), makeValue(5, i));
    model.put(idKey(i * 3 + 1), makeValue(5, i));
    tree.delete(idKey(i * 6));
    model.delete(idKey(i * 6));
  }
  assertTreeEquals(txn, tree, model, 'after writes', [tree.rootPageNo]);

  const loose = BTree.create(txn);
  bulkBuild(loose, entries, { fillFraction: 0.7 });
  const r = verifyTree(txn, loose.rootPageNo, { freePages: null });
  assertOk(r, 'loose bulk build');
  assert.ok(r.leafPageCount > packed.leafPageCount * 1.3, `fillFraction 0.7 leaves room: ${r.leafPageCount} vs ${packed.leafPageCount} leaves`);

  const tiny = BTree.create(txn);
  const pagesBefore = txn.pageCount();
  bulkBuild(tiny, [[new Uint8Array([1]), new Uint8Array([2])]]);
  assert.equal(txn.pageCount(), pagesBefore, 'a one-leaf build writes straight into the root');
  assert.deepEqual(tiny.get(new Uint8Array([1])), new Uint8Array([2]));
  txn.rollback();
  await pager.close();
});

test('bulk build rejects bad input and leaves the tree empty with every page freed', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.createNamed(txn, 'bulk');
  const sorted = Array.from({ length: 5000 }, (_, i) => [idKey(i), makeValue(i % 500 === 0 ? 9000 : 8, i)] as [Uint8Array, Uint8Array]);
  const cases: Array<[string, Iterable<readonly [Uint8Array, Uint8Array]>, RegExp]> = [
    ['a key out of order', [...sorted.slice(0, 4000), sorted[10]!, ...sorted.slice(4000)], /strictly ascending.*entry #4000/],
    ['a duplicate key', [...sorted.slice(0, 3000), sorted[2999]!], /strictly ascending/],
    ['an over-long key', [...sorted.slice(0, 100), [new Uint8Array(G.maxKeyBytes + 1).fill(0xff), new Uint8Array(1)]], /limited to/],
    ['a bad value', [...sorted.slice(0, 2500), [idKey(9_999_999), 'x' as unknown as Uint8Array]], /entry #2500 value must be a Uint8Array/],
  ];
  for (const [what, input, pattern] of cases) {
    assert.throws(() => bulkBuild(tree, input), (e) => codeOf(e) === 'INVALID_ARG' && pattern.test((e as Error).message), what);
    assert.equal(tree.isEmpty(), true, `${what}: the tree is still empty`);
    assertOk(verifyTrees(txn, [tree.rootPageNo], { checkLeaks: true }), `${what}: every page written was freed`);
  }
  const failing = (function* () {
    for (let i = 0; i < 3000; i++) yield sorted[i]!;
    throw new Error('source failed');
  })();
  assert.throws(() => bulkBuild(tree, failing), /source failed/);
  assert.equal(tree.isEmpty(), true);
  assertOk(verifyTrees(txn, [tree.rootPageNo], { checkLeaks: true }), 'after a failing source');
  assert.throws(() => bulkBuild(tree, sorted, { fillFraction: 0.2 }), (e) => codeOf(e) === 'INVALID_ARG' && /fillFraction/.test(String(e)));
  tree.put(idKey(1), new Uint8Array(1));
  assert.throws(() => bulkBuild(tree, sorted), (e) => codeOf(e) === 'INVALID_ARG' && /empty tree/.test(String(e)));
  txn.rollback();
  await pager.close();
});

test('long keys of mixed lengths: separators of very different sizes survive splits, merges and redistributions', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  const model = new Model();
  const prng = new Prng(77);
  // Keys share long prefixes, so separators stay long; their lengths vary from 1 byte to the limit.
  const makeKey = (): Uint8Array => {
    const len = prng.bool(0.3) ? 1 + prng.int(8) : G.maxKeyBytes - prng.int(600);
    const k = new Uint8Array(len);
    k.fill(prng.int(3));
    for (let j = Math.max(0, len - 3); j < len; j++) k[j] = prng.int(256);
    return k;
  };
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < 400; i++) {
      const k = makeKey();
      const v = makeValue(prng.int(40), i);
      tree.put(k, v);
      model.put(k, v);
    }
    const keys = model.sortedKeys();
    for (let i = 0; i < keys.length; i++) {
      if (!prng.bool(0.6)) continue;
      assert.equal(tree.delete(keys[i]!), true);
      model.delete(keys[i]!);
    }
    assertTreeEquals(txn, tree, model, `round ${round}`, [tree.rootPageNo]);
  }
  for (const k of model.sortedKeys()) tree.delete(k);
  assertTreeEquals(txn, tree, new Model(), 'emptied', [tree.rootPageNo]);
  txn.rollback();
  await pager.close();
});

test('bulk build with separators near the key limit keeps at least two children per interior node', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  for (const fillFraction of [0.5, 0.75, 1]) {
    for (const count of [9, 10, 11, 57, 300]) {
      const entries = Array.from({ length: count }, (_, i) => {
        const k = new Uint8Array(G.maxKeyBytes);
        new DataView(k.buffer).setUint32(G.maxKeyBytes - 4, i);
        return [k, makeValue(i % 5, i)] as [Uint8Array, Uint8Array];
      });
      const tree = BTree.create(txn);
      bulkBuild(tree, entries, { fillFraction });
      const model = new Model();
      for (const [k, v] of entries) model.put(k, v);
      assertTreeEquals(txn, tree, model, `bulk build of ${count} long keys at fill ${fillFraction}`);
      tree.drop();
    }
  }
  txn.rollback();
  await pager.close();
});
