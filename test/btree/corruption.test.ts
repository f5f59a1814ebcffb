// Corrupt pages (DESIGN §8): bytes of a committed tree are damaged in the
// database file after the checkpoint-on-close, with the page checksum left
// stale (the pager catches it) or resealed (the tree's own validation must
// catch it). Every read and write through the damaged page is a CORRUPTION
// error naming the file and page, never a crash, a hang or a wrong answer;
// `verify` reports each problem with its page, offset and rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readU32, writeU16, writeU32 } from '../../src/base/bytes.js';
import { SombraError } from '../../src/base/errors.js';
import { sealPage } from '../../src/pager/page-format.js';
import type { PageReader } from '../../src/pager/page-store.js';
import type { MemVfs } from '../../src/vfs/mem-vfs.js';
import { BTree } from '../../src/btree/tree.js';
import {
  interiorChild,
  LEAF,
  leafIsOverflow,
  leafOverflowPage,
  nodeCellCount,
  nodeRightChild,
  slotOffset,
} from '../../src/btree/node-format.js';
import { verifyTrees, assertVerified, type VerifyProblem } from '../../src/btree/verify.js';
import { DB_PATH, freshPager, openPager } from '../helpers/storage.js';
import { idKey, makeValue } from '../helpers/btree-model.js';

const PAGE = 4096;
const NAME = 'victim';

interface Layout {
  root: number;
  /** A leaf that is the first child of an interior node. */
  leaf: number;
  /** Its parent. */
  parent: number;
  /** The key of the leaf's first cell (8 bytes, idKey). */
  leafKey: Uint8Array;
  /** A key whose value lives in an overflow chain, and the chain's first page. */
  bigKey: Uint8Array;
  overflowFirst: number;
  /** The leaf holding `bigKey`. */
  bigLeaf: number;
}

/** Builds a committed multi-level tree with overflow values and closes the pager (checkpoint: all pages in the file). */
async function buildVictim(): Promise<{ mem: MemVfs; layout: Layout }> {
  const { mem, pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const tree = BTree.createNamed(txn, NAME);
  for (let i = 0; i < 6000; i++) tree.put(idKey(i), makeValue(i % 97 === 0 ? 9000 : 60, i));
  assert.ok(tree.depth() >= 2);
  const layout = findLayout(txn, tree.rootPageNo);
  await txn.commit();
  await pager.close();
  return { mem, layout };
}

function findLayout(view: PageReader, root: number): Layout {
  let parent = root;
  let page = view.getPage(parent);
  let child = interiorChild(page, slotOffset(page, 0));
  while (view.getPage(child)[0] !== LEAF) {
    parent = child;
    page = view.getPage(parent);
    child = interiorChild(page, slotOffset(page, 0));
  }
  const leafPage = view.getPage(child);
  const first = slotOffset(leafPage, 0);
  const leafKey = leafPage.slice(first + 4, first + 12);
  // Find an overflow value by scanning the tree.
  const c = BTree.open(view, root).cursor();
  let found = false;
  for (let ok = c.first(); ok && !found; ok = c.next()) found = c.valueLengthBytes > 2000;
  if (!found) return { root, leaf: child, parent, leafKey, bigKey: new Uint8Array(0), overflowFirst: 0, bigLeaf: 0 };
  c.prev();
  const bigKey = c.key();
  // Its leaf: descend by walking the cursor's key through the pages again.
  let p = root;
  for (;;) {
    const pg = view.getPage(p);
    const n = nodeCellCount(pg);
    if (pg[0] === LEAF) {
      for (let i = 0; i < n; i++) {
        const off = slotOffset(pg, i);
        if (Buffer.compare(pg.subarray(off + 4, off + 12), bigKey) === 0) {
          assert.ok(leafIsOverflow(pg, off));
          return { root, leaf: child, parent, leafKey, bigKey, overflowFirst: leafOverflowPage(pg, off), bigLeaf: p };
        }
      }
      throw new Error('big key not found');
    }
    let next = nodeRightChild(pg);
    for (let i = 0; i < n; i++) {
      const off = slotOffset(pg, i);
      const klen = (pg[off + 4]! << 8) | pg[off + 5]!;
      if (Buffer.compare(bigKey, pg.subarray(off + 6, off + 6 + klen)) < 0) {
        next = interiorChild(pg, off);
        break;
      }
    }
    p = next;
  }
}

/** Changes page `pageNo` in the database file; reseals its checksum unless `stale`. */
function damage(mem: MemVfs, pageNo: number, edit: (page: Uint8Array) => void, stale = false): void {
  const file = mem.files.get(DB_PATH)!;
  const page = file.bytes.subarray(pageNo * PAGE, (pageNo + 1) * PAGE);
  edit(page);
  if (!stale) sealPage(page, pageNo);
}

function isCorruption(pageNo: number | null) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof SombraError, `expected a SombraError, got ${String(err)}`);
    assert.equal(err.code, 'CORRUPTION', err.message);
    assert.ok(err.message.includes(DB_PATH), `the message names the file: ${err.message}`);
    if (pageNo !== null) assert.ok(err.message.includes(`${pageNo}`), `the message names page ${pageNo}: ${err.message}`);
    return true;
  };
}

/** Opens the damaged file and checks reads, writes and verify through the damaged page. */
async function expectCorruption(mem: MemVfs, layout: Layout, key: Uint8Array, pageNo: number, rule: string): Promise<VerifyProblem[]> {
  const pager = await openPager(mem, { pageSize: PAGE });
  try {
    const view = pager.latest();
    const tree = BTree.openNamed(view, NAME);
    assert.throws(() => tree.get(key), isCorruption(pageNo), 'get');
    assert.throws(() => {
      const c = tree.cursor();
      for (let ok = c.first(); ok; ok = c.next()) c.value();
    }, isCorruption(null), 'full scan');
    const txn = await pager.beginWrite();
    const t = BTree.openNamed(txn, NAME);
    assert.throws(() => t.put(key, makeValue(10, 1)), isCorruption(null), 'put');
    assert.throws(() => t.delete(key), isCorruption(null), 'delete');
    txn.rollback();
    const report = verifyTrees(view, [layout.root], { checkLeaks: true });
    assert.equal(report.ok, false, 'verify notices');
    const mine = report.problems.filter((p) => p.pageNo === pageNo);
    assert.ok(mine.length > 0, `verify names page ${pageNo}: ${JSON.stringify(report.problems)}`);
    assert.ok(mine.some((p) => p.rule === rule), `verify cites rule ${rule}: ${JSON.stringify(mine)}`);
    assert.throws(() => assertVerified(report, DB_PATH), isCorruption(null));
    return mine;
  } finally {
    await pager.close();
  }
}

test('a flipped byte in a leaf fails its page checksum', async () => {
  const { mem, layout } = await buildVictim();
  damage(mem, layout.leaf, (p) => (p[100]! ^= 0x40), true);
  await expectCorruption(mem, layout, layout.leafKey, layout.leaf, 'P3');
});

test('a cell offset outside the cell area is CORRUPTION N3, with the page and slot offset', async () => {
  const { mem, layout } = await buildVictim();
  damage(mem, layout.leaf, (p) => writeU16(p, 16, PAGE - 6)); // slot 0 -> a cell running past the usable area
  const problems = await expectCorruption(mem, layout, layout.leafKey, layout.leaf, 'N3');
  assert.ok(problems.some((p) => p.offsetBytes === 16), 'the problem names the slot offset');
});

test('an unknown page type where a leaf should be is CORRUPTION N1', async () => {
  const { mem, layout } = await buildVictim();
  damage(mem, layout.leaf, (p) => (p[0] = 0x33));
  await expectCorruption(mem, layout, layout.leafKey, layout.leaf, 'N1');
});

test('an impossible cell count is CORRUPTION N2', async () => {
  const { mem, layout } = await buildVictim();
  damage(mem, layout.leaf, (p) => writeU16(p, 2, 0xffff));
  await expectCorruption(mem, layout, layout.leafKey, layout.leaf, 'N2');
});

test('a child pointer back to an ancestor (a cycle) is CORRUPTION, not a hang', async () => {
  const { mem, layout } = await buildVictim();
  damage(mem, layout.parent, (p) => writeU32(p, slotOffset(p, 0), layout.root));
  const pager = await openPager(mem, { pageSize: PAGE });
  const tree = BTree.openNamed(pager.latest(), NAME);
  assert.throws(() => tree.get(layout.leafKey), isCorruption(layout.root));
  assert.throws(() => [...tree.keys()], isCorruption(null));
  const report = verifyTrees(pager.latest(), [layout.root]);
  assert.equal(report.ok, false);
  assert.ok(report.problems.some((p) => p.rule === 'T4' || p.rule === 'T2'), JSON.stringify(report.problems.slice(0, 3)));
  await pager.close();
});

test('an overflow chain with a cycle is CORRUPTION O2 and a delete frees nothing', async () => {
  const { mem, layout } = await buildVictim();
  damage(mem, layout.overflowFirst, (p) => writeU32(p, 4, layout.overflowFirst));
  const pager = await openPager(mem, { pageSize: PAGE });
  const tree = BTree.openNamed(pager.latest(), NAME);
  assert.throws(() => tree.get(layout.bigKey), isCorruption(layout.overflowFirst));
  const txn = await pager.beginWrite();
  const freeBefore = readU32(txn.getPage(0), 24);
  assert.throws(() => BTree.openNamed(txn, NAME).delete(layout.bigKey), isCorruption(null));
  assert.equal(readU32(txn.getPage(0), 24), freeBefore, 'no page reached the freelist');
  txn.rollback();
  const report = verifyTrees(pager.latest(), [layout.root]);
  assert.ok(report.problems.some((p) => (p.rule === 'O2' || p.rule === 'T4') && p.pageNo === layout.overflowFirst), JSON.stringify(report.problems));
  await pager.close();
});

test('an overflow chain cut short is CORRUPTION O2', async () => {
  const { mem, layout } = await buildVictim();
  damage(mem, layout.overflowFirst, (p) => writeU32(p, 4, 0));
  const pager = await openPager(mem, { pageSize: PAGE });
  assert.throws(() => BTree.openNamed(pager.latest(), NAME).get(layout.bigKey), isCorruption(null));
  await pager.close();
});

test('verify reports keys out of order (N5) and outside their parent bounds (T1)', async () => {
  const { mem, layout } = await buildVictim();
  // Swap the first two slots of the leaf: order broken inside the page.
  damage(mem, layout.leaf, (p) => {
    const a = slotOffset(p, 0);
    const b = slotOffset(p, 1);
    writeU16(p, 16, b);
    writeU16(p, 18, a);
  });
  let pager = await openPager(mem, { pageSize: PAGE });
  let report = verifyTrees(pager.latest(), [layout.root], { checkLeaks: true });
  assert.ok(report.problems.some((p) => p.rule === 'N5' && p.pageNo === layout.leaf && p.offsetBytes !== null), JSON.stringify(report.problems));
  await pager.close();
  damage(mem, layout.leaf, (p) => {
    const a = slotOffset(p, 0);
    const b = slotOffset(p, 1);
    writeU16(p, 16, b);
    writeU16(p, 18, a);
    // The last key of the leaf becomes larger than the parent's separator allows.
    const last = slotOffset(p, nodeCellCount(p) - 1);
    p.fill(0xff, last + 4, last + 12);
  });
  pager = await openPager(mem, { pageSize: PAGE });
  report = verifyTrees(pager.latest(), [layout.root], { checkLeaks: true });
  assert.ok(report.problems.some((p) => p.rule === 'T1' && p.pageNo === layout.leaf), JSON.stringify(report.problems));
  await pager.close();
});

test('verify reports a tree page on the freelist (T6) and a page in two trees (T4)', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const a = BTree.create(txn);
  const b = BTree.create(txn);
  for (let i = 0; i < 2000; i++) {
    a.put(idKey(i), makeValue(50, i));
    b.put(idKey(i), makeValue(50, i));
  }
  const layoutA = findLayout(txn, a.rootPageNo);
  txn.freePage(layoutA.leaf); // a bug that frees a live page
  let report = verifyTrees(txn, [a.rootPageNo, b.rootPageNo]);
  assert.ok(report.problems.some((p) => p.rule === 'T6' && p.pageNo === layoutA.leaf), JSON.stringify(report.problems));
  // Point b's first child at a's root: the same pages in two trees.
  const rootB = txn.getWritablePage(b.rootPageNo);
  writeU32(rootB, slotOffset(rootB, 0), a.rootPageNo);
  report = verifyTrees(txn, [a.rootPageNo, b.rootPageNo], { freePages: null });
  assert.ok(report.problems.some((p) => p.rule === 'T4' && p.pageNo === a.rootPageNo), JSON.stringify(report.problems));
  txn.rollback();
  await pager.close();
});

test('an overflow page of the wrong type is O1, an impossible value length is O2, a root past the end is CORRUPTION', async () => {
  const { mem, layout } = await buildVictim();
  damage(mem, layout.overflowFirst, (p) => (p[0] = 0x0a));
  let pager = await openPager(mem, { pageSize: PAGE });
  assert.throws(() => BTree.openNamed(pager.latest(), NAME).get(layout.bigKey), (e) => isCorruption(layout.overflowFirst)(e) && /O1/.test((e as Error).message));
  assert.throws(() => BTree.open(pager.latest(), pager.latest().pageCount() + 5), isCorruption(pager.latest().pageCount() + 5));
  await pager.close();

  // The leaf cell of the big value claims 2 GiB.
  const fresh = await buildVictim();
  damage(fresh.mem, fresh.layout.bigLeaf, (p) => {
    for (let i = 0; i < nodeCellCount(p); i++) {
      const off = slotOffset(p, i);
      if (leafIsOverflow(p, off)) writeU32(p, off + 4 + 8, 0x7fff_ffff);
    }
  });
  pager = await openPager(fresh.mem, { pageSize: PAGE });
  assert.throws(() => BTree.openNamed(pager.latest(), NAME).get(fresh.layout.bigKey), (e) => isCorruption(null)(e) && /O2: a value of 2147483647 bytes/.test((e as Error).message));
  await pager.close();
});
