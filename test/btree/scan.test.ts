// BTree.scan and BTree.forEachInPrefix, the callback scans of hot paths
// (scan.ts): random ranges and prefixes over random many-leaf trees visit
// exactly the model's entries, in order, with their values (inline, empty
// or in overflow chains), stopping where the visitor says; on write
// transactions and snapshots; bad arguments and a visitor that writes to
// the tree it scans are INVALID_ARG.
//
// fast-check prints the seed and the shrunk counterexample on failure;
// replay with SOMBRA_PROPERTY_SEED=<seed>. SOMBRA_PROPERTY_RUNS scales the
// number of runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Prng } from '../../src/base/prng.js';
import { BTree } from '../../src/btree/tree.js';
import { verifyTree } from '../../src/btree/verify.js';
import { resolveRange, type KeyRange } from '../../src/btree/key-range.js';
import { freshPager } from '../helpers/storage.js';
import { Model, codeOf, hex, idKey, makeValue } from '../helpers/btree-model.js';

const PAGE = 4096;
const RUNS = Number(process.env['SOMBRA_PROPERTY_RUNS'] ?? 200);
const SEED = process.env['SOMBRA_PROPERTY_SEED'] === undefined ? undefined : Number(process.env['SOMBRA_PROPERTY_SEED']);

/**
 * `count` keys with shared prefixes of every length: 0-3 bytes from {0, 1,
 * 2, 0xff}, then a 2-byte counter or nothing (duplicates collapse).
 */
function makeKeys(count: number, seed: number): Uint8Array[] {
  const prng = new Prng(seed);
  const bytes = [0, 1, 2, 0xff];
  const out: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const head = Array.from({ length: prng.int(4) }, () => bytes[prng.int(4)]!);
    const n = prng.int(800);
    out.push(Uint8Array.from(prng.int(10) === 0 ? head : [...head, n >> 8, n & 0xff]));
  }
  return out;
}
const boundKeyArb: fc.Arbitrary<Uint8Array> = fc.array(fc.constantFrom(0, 1, 2, 3, 0xfe, 0xff), { maxLength: 4 }).map((a) => Uint8Array.from(a));
const rangeArb: fc.Arbitrary<KeyRange | undefined> = fc.option(
  fc
    .record({
      lower: fc.option(fc.record({ key: boundKeyArb, inclusive: fc.boolean() }), { nil: undefined }),
      upper: fc.option(fc.record({ key: boundKeyArb, inclusive: fc.boolean() }), { nil: undefined }),
      prefix: fc.option(fc.array(fc.constantFrom(0, 1, 2, 0xff), { maxLength: 3 }).map((a) => Uint8Array.from(a)), { nil: undefined }),
    })
    .map(({ lower, upper, prefix }) => {
      const r: KeyRange = {};
      if (lower) r[lower.inclusive ? 'gte' : 'gt'] = lower.key;
      if (upper) r[upper.inclusive ? 'lte' : 'lt'] = upper.key;
      if (prefix) r.prefix = prefix;
      return r;
    }),
  { nil: undefined },
);

/** The keys of `sorted` (ascending) in `range`, as the tree resolves ranges. */
function expected(sorted: readonly Uint8Array[], range: KeyRange | undefined): Uint8Array[] {
  const b = resolveRange(range);
  if (b.empty) return [];
  const prefix = range?.prefix;
  return sorted.filter((k) => {
    if (b.lower !== null) {
      const c = Buffer.compare(k, b.lower);
      if (c < 0 || (c === 0 && !b.lowerInclusive)) return false;
    }
    if (b.upper !== null) {
      const c = Buffer.compare(k, b.upper);
      if (c > 0 || (c === 0 && !b.upperInclusive)) return false;
    }
    return prefix === undefined || (k.length >= prefix.length && prefix.every((x, i) => k[i] === x));
  });
}

/** Visits with `scan`, copying what it sees, stopping after `stopAfter` entries (never when undefined). */
function collect(tree: BTree, range: KeyRange | undefined, stopAfter?: number): { keys: string[]; values: string[]; returned: number } {
  const keys: string[] = [];
  const values: string[] = [];
  const returned = tree.scan(range, (k, v) => {
    keys.push(hex(k));
    values.push(hex(v));
    return stopAfter === undefined || keys.length < stopAfter;
  });
  return { keys, values, returned };
}

test('scans of random ranges and prefixes visit exactly the model entries in order, and stop when told', async () => {
  let scans = 0;
  let entries = 0;
  let multiLeaf = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.record({ count: fc.integer({ min: 0, max: 2000 }), seed: fc.nat() }),
      fc.array(fc.record({ range: rangeArb, stop: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }) }), { minLength: 1, maxLength: 12 }),
      fc.constantFrom(0, 8, 300, 2000),
      async ({ count, seed }, queries, vlen) => {
        const keys = makeKeys(count, seed);
        const { pager } = await freshPager({ pageSize: PAGE });
        try {
          const txn = await pager.beginWrite();
          const tree = BTree.createNamed(txn, 'scan');
          const model = new Model();
          for (const [i, k] of keys.entries()) {
            const v = makeValue(i % 7 === 0 ? 0 : vlen, i);
            tree.put(k, v);
            model.put(k, v);
          }
          await txn.commit();
          const sorted = model.sortedKeys();
          const snap = pager.beginRead();
          const writer = await pager.beginWrite();
          try {
            for (const view of [snap, writer]) {
              const t = BTree.openNamed(view, 'scan');
              for (const { range, stop } of queries) {
                const want = expected(sorted, range);
                const wantShown = stop === undefined ? want : want.slice(0, stop);
                const got = collect(t, range, stop);
                assert.deepEqual(got.keys, wantShown.map(hex), `keys of ${JSON.stringify(range, (_k, v: unknown) => (v instanceof Uint8Array ? hex(v) : v))} stop ${stop}`);
                assert.deepEqual(got.values, wantShown.map((k) => hex(model.get(k)!)), 'values');
                assert.equal(got.returned, wantShown.length, 'scan returns the number of entries visited');
                if (range?.prefix !== undefined && Object.keys(range).length === 1) {
                  const viaPrefix: string[] = [];
                  t.forEachInPrefix(range.prefix, (k) => void viaPrefix.push(hex(k)));
                  assert.deepEqual(viaPrefix, want.map(hex), 'forEachInPrefix equals scan({ prefix })');
                  const viaOffsets: string[] = [];
                  t.forEachKeyInPrefix(range.prefix, (page, start, end) => void viaOffsets.push(hex(page.subarray(start, end))));
                  assert.deepEqual(viaOffsets, want.map(hex), 'forEachKeyInPrefix hands out the same keys as offsets');
                }
                scans++;
                entries += got.keys.length;
                if (want.length > 100) multiLeaf++;
              }
            }
          } finally {
            writer.rollback();
            snap.release();
          }
        } finally {
          await pager.close();
        }
      },
    ),
    { numRuns: Math.max(1, Math.round(RUNS / 8)), ...(SEED === undefined ? {} : { seed: SEED }) },
  );
  console.log(`# ${scans} scans, ${entries} entries compared with the model, ${multiLeaf} of them over 100+ entries (many leaves)`);
});

test('a scan across hundreds of leaves of a deep tree, from inside a leaf, with overflow and empty values', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  const model = new Model();
  for (let i = 0; i < 30_000; i++) {
    const v = i % 1000 === 0 ? makeValue(9000, i) : i % 3 === 0 ? new Uint8Array(0) : makeValue(30, i);
    tree.put(idKey(i * 2), v);
    model.put(idKey(i * 2), v);
  }
  const shape = verifyTree(txn, tree.rootPageNo, { freePages: null });
  assert.ok(tree.depth() >= 2 && shape.leafPageCount >= 200, `a tree of ${shape.leafPageCount} leaves, depth ${tree.depth()}`);
  const want = expected(model.sortedKeys(), { gt: idKey(1000), lt: idKey(50_001) });
  const got = collect(tree, { gt: idKey(1000), lt: idKey(50_001) });
  assert.equal(got.keys.length, want.length);
  assert.deepEqual(got.keys, want.map(hex));
  assert.deepEqual(got.values, want.map((k) => hex(model.get(k)!)));
  // The whole tree, and early stops at every thousandth entry.
  assert.equal(tree.scan(undefined, () => true), 30_000);
  for (const stop of [1, 999, 1000, 1001, 29_999, 30_000]) {
    let n = 0;
    let last = '';
    assert.equal(tree.scan({ gte: idKey(0) }, (k) => { last = hex(k); return ++n < stop; }), stop, `a visitor returning false at entry ${stop} stops there`);
    assert.equal(n, stop, `visited ${stop} entries`);
    assert.equal(last, hex(idKey((stop - 1) * 2)), `the last entry visited is number ${stop}`);
  }
  // Empty values are one shared empty array; views are as long as the entry.
  const empties = new Set<Uint8Array>();
  tree.scan({ lt: idKey(60) }, (k, v) => {
    assert.equal(k.length, 8, 'key view length');
    if (v.length === 0) empties.add(v);
  });
  assert.equal(empties.size, 1, 'every empty value is the same shared array');
  txn.rollback();
  await pager.close();
});

test('a visitor that writes to the tree it scans is INVALID_ARG; writes elsewhere are fine', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  const other = BTree.create(txn);
  for (let i = 0; i < 2000; i++) tree.put(idKey(i), new Uint8Array(4));
  let seen = 0;
  assert.throws(
    () => tree.scan(undefined, (k) => { seen++; if (seen === 10) BTree.open(txn, tree.rootPageNo).put(idKey(99_999), new Uint8Array(1)); void k; }),
    (e) => codeOf(e) === 'INVALID_ARG' && /changed during a scan/.test(String(e)),
  );
  assert.equal(seen, 10, 'the scan stopped at the callback that wrote');
  let copied = 0;
  tree.scan({ lt: idKey(500) }, (k, v) => { other.put(k, v); copied++; });
  assert.equal(copied, 500);
  assert.equal(other.count(), 500);
  txn.rollback();
  await pager.close();
});

test('scan arguments are checked: INVALID_ARG naming the problem', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  tree.put(idKey(1), new Uint8Array(1));
  const visit = (): boolean => true;
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['a range that is not an object', () => tree.scan(5 as unknown as KeyRange, visit), /range must be an object/],
    ['an unknown range field', () => tree.scan({ gtee: idKey(1) } as unknown as KeyRange, visit), /unknown field "gtee"/],
    ['two lower bounds', () => tree.scan({ gte: idKey(1), gt: idKey(1) }, visit), /both gte and gt/],
    ['two upper bounds', () => tree.scan({ lte: idKey(1), lt: idKey(1) }, visit), /both lte and lt/],
    ['a bound that is not bytes', () => tree.scan({ lt: 'z' as unknown as Uint8Array }, visit), /range.lt must be a Uint8Array, got string/],
    ['a visitor that is not a function', () => tree.scan(undefined, null as unknown as () => boolean), /visitor must be a function, got null/],
    ['a prefix that is not bytes', () => tree.forEachInPrefix([1] as unknown as Uint8Array, visit), /range.prefix must be a Uint8Array, got Array/],
    ['a key-offset scan with a prefix that is not bytes', () => tree.forEachKeyInPrefix('a' as unknown as Uint8Array, visit), /range.prefix must be a Uint8Array, got string/],
    ['a key-offset visitor that is not a function', () => tree.forEachKeyInPrefix(idKey(1), 7 as unknown as () => boolean), /visitor must be a function, got number/],
  ];
  for (const [what, f, pattern] of cases) assert.throws(f, (e) => codeOf(e) === 'INVALID_ARG' && pattern.test(String(e)), what);
  assert.equal(tree.scan({ gt: idKey(5), lt: idKey(2) }, visit), 0, 'an empty range visits nothing');
  assert.equal(tree.forEachInPrefix(new Uint8Array(0), visit), 1, 'the empty prefix is every key');
  assert.equal(tree.forEachKeyInPrefix(new Uint8Array(0), () => false), 1, 'a key-offset scan stops when its visitor returns false');
  tree.drop();
  assert.throws(() => tree.scan(undefined, visit), (e) => codeOf(e) === 'INVALID_ARG' && /dropped/.test(String(e)));
  txn.rollback();
  await pager.close();
});

test('a scan on a snapshot sees the snapshot while a writer changes the tree and commits', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  let txn = await pager.beginWrite();
  const t = BTree.createNamed(txn, 'snap');
  for (let i = 0; i < 5000; i++) t.put(idKey(i), makeValue(16, i));
  await txn.commit();
  const snap = pager.beginRead();
  const reader = BTree.openNamed(snap, 'snap');
  const seen: number[] = [];
  let commits = 0;
  // Between callbacks (synchronous) nothing can run, so write and commit between two scans of the same snapshot.
  reader.scan({ lt: idKey(2500) }, (k) => void seen.push(new DataView(k.buffer, k.byteOffset).getUint32(4)));
  txn = await pager.beginWrite();
  const w = BTree.openNamed(txn, 'snap');
  for (let i = 0; i < 5000; i += 2) w.delete(idKey(i));
  w.putSorted({ count: 3000, keyAt: (i) => idKey(10_000 + i) });
  await txn.commit();
  commits++;
  reader.scan({ gte: idKey(2500) }, (k) => void seen.push(new DataView(k.buffer, k.byteOffset).getUint32(4)));
  assert.equal(commits, 1);
  assert.deepEqual(seen, Array.from({ length: 5000 }, (_, i) => i), 'the snapshot still holds every original key and nothing else');
  snap.release();
  await pager.close();
});
