// Cursors: seeks and steps in key order, bounded and prefix ranges both ways,
// range counts, copies versus views, a write transaction's cursor that keeps
// its place while the tree changes between steps, and a snapshot's cursor
// that sees exactly its snapshot while a writer commits splits and merges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Prng } from '../../src/base/prng.js';
import { BTree } from '../../src/btree/tree.js';
import { resolveRange, type KeyRange } from '../../src/btree/key-range.js';
import { freshPager } from '../helpers/storage.js';
import { Model, assertTreeEquals, hex, idKey, makeValue } from '../helpers/btree-model.js';

const PAGE = 4096;
const b = (...bytes: number[]): Uint8Array => Uint8Array.from(bytes);

test('seek, seekExact, seekAtOrBefore, first/last and next/prev follow unsigned byte order', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  const keys = [b(), b(0), b(0, 0), b(0, 1), b(1), b(0x7f), b(0x80), b(0xff), b(0xff, 0xff)];
  for (const k of [...keys].reverse()) tree.put(k, k);
  const c = tree.cursor();
  const seen: string[] = [];
  for (let ok = c.first(); ok; ok = c.next()) seen.push(hex(c.key()));
  assert.deepEqual(seen, keys.map(hex), 'unsigned byte order, shorter first on a tie');
  assert.equal(c.valid, false);
  assert.equal(c.next(), false, 'an exhausted cursor stays exhausted');

  assert.equal(c.seek(b(0, 0, 5)), true);
  assert.equal(hex(c.key()), hex(b(0, 1)));
  assert.equal(c.prev(), true);
  assert.equal(hex(c.key()), hex(b(0, 0)));
  assert.equal(c.seek(b(0xff, 0xff, 0)), false, 'nothing at or after the last key');
  assert.equal(c.seekExact(b(0x7f)), true);
  assert.deepEqual(c.value(), b(0x7f));
  assert.equal(c.seekExact(b(0x7e)), false);
  assert.equal(c.valid, false);
  assert.equal(c.seekAtOrBefore(b(0x7e)), true);
  assert.equal(hex(c.key()), hex(b(1)));
  assert.equal(c.seekAtOrBefore(b()), true);
  assert.equal(hex(c.key()), '');
  assert.equal(c.prev(), false);
  assert.equal(c.last(), true);
  assert.equal(hex(c.key()), hex(b(0xff, 0xff)));
  txn.rollback();
  await pager.close();
});

test('bounded and prefix ranges, both directions, with limits, match the model exhaustively', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  const model = new Model();
  const alphabet = [0, 1, 0xfe, 0xff];
  const all: Uint8Array[] = [b()];
  for (const x of alphabet) {
    all.push(b(x));
    for (const y of alphabet) {
      all.push(b(x, y));
      for (const z of alphabet) all.push(b(x, y, z));
    }
  }
  // Big values spread the keys over many leaves.
  all.forEach((k, i) => {
    if (i % 3 === 0) return;
    tree.put(k, makeValue(300, i));
    model.put(k, makeValue(300, i));
  });
  assert.ok(tree.depth() >= 2);
  const probes = all.filter((_, i) => i % 2 === 0);
  const ranges: KeyRange[] = [{}];
  for (const lo of probes) {
    ranges.push({ gte: lo }, { gt: lo }, { lte: lo }, { lt: lo }, { prefix: lo });
    for (const hi of probes.filter((_, i) => i % 5 === 0)) ranges.push({ gte: lo, lt: hi }, { gt: lo, lte: hi }, { prefix: lo.subarray(0, 1), lte: hi });
  }
  let checked = 0;
  for (const range of ranges) {
    const bounds = resolveRange(range);
    const want = bounds.empty ? [] : model.range(bounds.lower, bounds.lowerInclusive, bounds.upper, bounds.upperInclusive, range.prefix ?? null);
    const fwd = [...tree.keys(range)].map(hex);
    const bwd = [...tree.keys(range, { reverse: true })].map(hex);
    const what = JSON.stringify(range, (_k, v: unknown) => (v instanceof Uint8Array ? hex(v) : v));
    assert.deepEqual(fwd, want.map(hex), `forward ${what}`);
    assert.deepEqual(bwd, want.map(hex).reverse(), `backward ${what}`);
    assert.equal(tree.count(range), want.length, `count ${what}`);
    assert.deepEqual([...tree.keys(range, { limit: 3 })].map(hex), want.slice(0, 3).map(hex), `limit ${what}`);
    checked++;
  }
  assert.ok(checked > 1000);
  // A cursor's seek never leaves its bounds.
  const inRange = model.range(b(1), true, b(0xfe), false);
  const c = tree.cursor({ gte: b(1), lt: b(0xfe) });
  assert.equal(c.seek(b(0)), true);
  assert.equal(hex(c.key()), hex(inRange[0]!), 'a seek below the range lands on its first key');
  assert.equal(c.seek(b(0xfe)), false, 'a seek past the range finds nothing');
  assert.equal(c.seekAtOrBefore(b(0xff)), true);
  assert.equal(hex(c.key()), hex(inRange[inRange.length - 1]!), 'seekAtOrBefore above the range lands on its last key');
  txn.rollback();
  await pager.close();
});

test('counts of ranges over a many-leaf tree equal the number of keys in them', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  for (let i = 0; i < 30000; i++) tree.put(idKey(i * 2), makeValue(4, i));
  const prng = new Prng(5);
  for (let r = 0; r < 300; r++) {
    const lo = prng.int(62000);
    const hi = lo + prng.int(20000);
    const loIn = prng.bool();
    const hiIn = prng.bool();
    let want = 0;
    for (let k = lo; k <= hi; k++) {
      if (k % 2 !== 0 || k >= 60000) continue;
      if ((k === lo && !loIn) || (k === hi && !hiIn)) continue;
      want++;
    }
    const range: KeyRange = { [loIn ? 'gte' : 'gt']: idKey(lo), [hiIn ? 'lte' : 'lt']: idKey(hi) };
    assert.equal(tree.count(range), want, `count [${lo}, ${hi}] ${loIn} ${hiIn}`);
  }
  assert.equal(tree.count(), 30000);
  assert.equal(tree.count({ gt: idKey(59998) }), 0);
  txn.rollback();
  await pager.close();
});

test('get, key() and value() are copies; keyView and valueView read the page in place', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  tree.put(b(1), b(10, 11, 12));
  tree.put(b(2), makeValue(20000, 2));
  const got = tree.get(b(1))!;
  got[0] = 99;
  assert.deepEqual(tree.get(b(1)), b(10, 11, 12), 'changing a returned value changes nothing stored');
  const c = tree.cursor();
  c.first();
  const k = c.key();
  const v = c.value();
  k[0] = 77;
  v[0] = 77;
  assert.deepEqual(c.keyView(), b(1));
  assert.deepEqual(c.valueView(), b(10, 11, 12));
  assert.equal(c.keyView().buffer, c.valueView().buffer, 'inline key and value views share the page image');
  assert.equal(c.valueLengthBytes, 3);
  c.next();
  assert.equal(c.valueLengthBytes, 20000);
  assert.deepEqual(c.valueView(), makeValue(20000, 2), 'an overflow value is assembled');
  txn.rollback();
  await pager.close();
});

test('a write transaction cursor keeps its place by key while the tree changes between steps', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.create(txn);
  const other = BTree.open(txn, tree.rootPageNo); // a second handle of the same tree
  for (let i = 0; i < 3000; i += 10) tree.put(idKey(i), makeValue(200, i));
  const c = tree.cursor();
  assert.equal(c.seek(idKey(500)), true);
  const keyNum = (): number => new DataView(c.key().buffer).getUint32(4);
  assert.equal(keyNum(), 500);
  other.put(idKey(505), makeValue(5, 0));
  assert.equal(c.next(), true);
  assert.equal(keyNum(), 505, 'an entry inserted right after the current one is next');
  other.delete(idKey(505));
  assert.equal(keyNum(), 510, 'the current entry was deleted: the cursor is on its successor');
  assert.equal(c.prev(), true);
  assert.equal(keyNum(), 500);
  // Delete a wide range around the cursor (merges), then insert many keys (splits).
  for (let i = 0; i < 3000; i += 10) if (i !== 500 && i >= 100 && i < 2500) other.delete(idKey(i));
  for (let i = 501; i < 600; i++) other.put(idKey(i), makeValue(300, i));
  const seen: number[] = [];
  while (c.next()) seen.push(keyNum());
  const expected = [...Array.from({ length: 99 }, (_, j) => 501 + j), ...Array.from({ length: 50 }, (_, j) => 2500 + 10 * j)];
  assert.deepEqual(seen, expected);
  // Walking backwards while deleting every visited entry.
  const model = new Model();
  for (let ok = c.last(); ok; ok = c.prev()) {
    const k = c.key();
    if (keyNum() % 2 === 0) tree.delete(k);
    else model.put(k, c.value());
  }
  assertTreeEquals(txn, tree, model, 'after deleting while walking backwards');
  txn.rollback();
  await pager.close();
});

test('a cursor on a snapshot sees exactly the snapshot while a writer splits, merges and checkpoints', async () => {
  const { pager } = await freshPager({ pageSize: PAGE, autocheckpointPages: 32 });
  let txn = await pager.beginWrite();
  const setup = BTree.createNamed(txn, 'snap');
  const model = new Model();
  for (let i = 0; i < 4000; i++) {
    setup.put(idKey(i * 4), makeValue(i % 20 === 0 ? 6000 : 40, i));
    model.put(idKey(i * 4), makeValue(i % 20 === 0 ? 6000 : 40, i));
  }
  await txn.commit();

  const snap = pager.beginRead();
  const snapTree = BTree.openNamed(snap, 'snap');
  const c = snapTree.cursor();
  const keys = model.sortedKeys();
  let i = 0;
  const step = (n: number): void => {
    for (let s = 0; s < n; s++, i++) {
      assert.equal(i === 0 ? c.first() : c.next(), true, `snapshot entry ${i} exists`);
      assert.equal(hex(c.key()), hex(keys[i]!), `snapshot entry ${i}`);
      assert.equal(hex(c.value()), hex(model.get(keys[i]!)!));
    }
  };
  step(1000);
  for (let round = 0; round < 4; round++) {
    txn = await pager.beginWrite();
    const t = BTree.openNamed(txn, 'snap');
    for (let k = round; k < 16000; k += 3) t.delete(idKey(k)); // merges
    for (let k = 0; k < 3000; k++) t.put(idKey(100_000 + round * 3000 + k), makeValue(50, k)); // splits
    for (let k = 0; k < 200; k++) t.put(idKey(k * 4), makeValue(7000, k)); // replaced values, new overflow chains
    await txn.commit();
    await pager.checkpoint();
    step(700);
  }
  while (i < keys.length) step(1);
  assert.equal(c.next(), false, 'the snapshot has no more entries');
  assertTreeEquals(snap, BTree.openNamed(snap, 'snap'), model, 'a new cursor on the old snapshot');
  snap.release();
  const now = pager.beginRead();
  assert.notEqual(BTree.openNamed(now, 'snap').count(), model.size, 'a new snapshot sees the writes');
  now.release();
  await pager.close();
});
