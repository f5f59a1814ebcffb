// Golden bytes of the B+-tree page formats (DESIGN §9): pages built by hand
// from the format comments of node-format.ts and overflow.ts, decoded, read
// through a tree, and re-encoded byte for byte by the encoder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkNode,
  initNode,
  insertCellSpace,
  interiorSearch,
  childAt,
  LEAF,
  INTERIOR,
  leafCellChecked,
  leafIsOverflow,
  leafOverflowPage,
  leafSearch,
  leafValueLength,
  nodeGeometry,
  setNodeRightChild,
  shortestSeparator,
  writeInteriorCell,
  writeLeafCell,
} from '../../src/btree/node-format.js';
import { overflowCapacity, writeOverflowChain } from '../../src/btree/overflow.js';
import { BTree } from '../../src/btree/tree.js';
import { verifyTrees } from '../../src/btree/verify.js';
import { freshPager } from '../helpers/storage.js';
import { makeValue } from '../helpers/btree-model.js';

const PAGE = 4096;
const USABLE = PAGE - 4;
const site = { fileName: 'golden' };
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Bytes of a page: header fields, slots and cells placed at explicit offsets. */
function handBuilt(parts: Array<[number, number[]]>): Uint8Array {
  const page = new Uint8Array(PAGE);
  for (const [off, bytes] of parts) page.set(bytes, off);
  return page;
}

// A leaf with two cells, written "a" first then "b":
//   cell "a" (inline "xy"):      00 01 | 00 02 | 61 | 78 79              7 bytes at 4085 (0x0ff5)
//   cell "b" (overflow, 5000 B):  00 01 | 80 00 | 62 | 00 00 13 88 | 00 00 00 02   13 bytes at 4072 (0x0fe8)
const LEAF_BYTES = handBuilt([
  [0, [0x0a, 0x00, 0x00, 0x02, 0x0f, 0xe8, 0x00, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]],
  [16, [0x0f, 0xf5, 0x0f, 0xe8]],
  [0x0fe8, [0x00, 0x01, 0x80, 0x00, 0x62, 0x00, 0x00, 0x13, 0x88, 0x00, 0x00, 0x00, 0x02]],
  [0x0ff5, [0x00, 0x01, 0x00, 0x02, 0x61, 0x78, 0x79]],
]);

// An interior node: one cell (child 5, separator "m") at 4085 (0x0ff5), rightmost child 9, level 1.
const INTERIOR_BYTES = handBuilt([
  [0, [0x0b, 0x01, 0x00, 0x01, 0x0f, 0xf5, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, 0, 0, 0, 0]],
  [16, [0x0f, 0xf5]],
  [0x0ff5, [0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 0x6d]],
]);

test('geometry: four cells fit every node, and the key limit follows from the page size', () => {
  assert.equal(nodeGeometry(4092).maxCellBytes, 1017);
  assert.equal(nodeGeometry(4092).maxKeyBytes, 1005);
  assert.equal(nodeGeometry(8188).maxKeyBytes, 2029);
  assert.equal(nodeGeometry(65532).maxKeyBytes, 16365);
  for (const usable of [4092, 8188, 16380, 32764, 65532]) {
    const g = nodeGeometry(usable);
    assert.ok(16 + 4 * (g.maxCellBytes + 2) <= usable, `four max cells fit a ${usable}-byte node`);
    assert.ok(g.maxCellBytes < 0x8000, 'inline lengths stay below the overflow marker');
  }
});

test('a hand-built leaf decodes as the format comment says', () => {
  const g = nodeGeometry(USABLE);
  assert.equal(checkNode(site, LEAF_BYTES, 1, USABLE, -1, 10), 2);
  const a = leafCellChecked(site, LEAF_BYTES, 1, 0, g, 10);
  const b = leafCellChecked(site, LEAF_BYTES, 1, 1, g, 10);
  assert.equal(a, 0x0ff5);
  assert.equal(b, 0x0fe8);
  assert.equal(leafIsOverflow(LEAF_BYTES, a), false);
  assert.equal(leafValueLength(LEAF_BYTES, a), 2);
  assert.equal(leafIsOverflow(LEAF_BYTES, b), true);
  assert.equal(leafValueLength(LEAF_BYTES, b), 5000);
  assert.equal(leafOverflowPage(LEAF_BYTES, b), 2);
  assert.equal(leafSearch(site, LEAF_BYTES, 1, 2, ascii('a'), USABLE), 0);
  assert.equal(leafSearch(site, LEAF_BYTES, 1, 2, ascii('b'), USABLE), 1);
  assert.equal(leafSearch(site, LEAF_BYTES, 1, 2, ascii(''), USABLE), -1);
  assert.equal(leafSearch(site, LEAF_BYTES, 1, 2, ascii('ab'), USABLE), -2);
  assert.equal(leafSearch(site, LEAF_BYTES, 1, 2, ascii('c'), USABLE), -3);
});

test('the encoder rebuilds the hand-built leaf byte for byte', () => {
  const page = new Uint8Array(PAGE);
  initNode(page, LEAF, 0, USABLE);
  const offA = insertCellSpace(site, page, 1, 0, 0, 7, USABLE);
  writeLeafCell(page, offA, ascii('a'), ascii('xy'), 0);
  const offB = insertCellSpace(site, page, 1, 1, 1, 13, USABLE);
  writeLeafCell(page, offB, ascii('b'), new Uint8Array(5000), 2);
  assert.deepEqual(page, LEAF_BYTES);
});

test('a hand-built interior node decodes and re-encodes byte for byte', () => {
  const g = nodeGeometry(USABLE);
  assert.equal(checkNode(site, INTERIOR_BYTES, 3, USABLE, -1, 10), 1);
  assert.equal(interiorSearch(site, INTERIOR_BYTES, 3, 1, ascii('a'), USABLE), 0);
  assert.equal(interiorSearch(site, INTERIOR_BYTES, 3, 1, ascii('m'), USABLE), 1, 'a key equal to the separator goes right');
  assert.equal(interiorSearch(site, INTERIOR_BYTES, 3, 1, ascii('z'), USABLE), 1);
  assert.equal(childAt(site, INTERIOR_BYTES, 3, 1, 0, g, 10), 5);
  assert.equal(childAt(site, INTERIOR_BYTES, 3, 1, 1, g, 10), 9);

  const page = new Uint8Array(PAGE);
  initNode(page, INTERIOR, 1, USABLE);
  setNodeRightChild(page, 9);
  const off = insertCellSpace(site, page, 3, 0, 0, 7, USABLE);
  const m = ascii('m');
  writeInteriorCell(page, off, 5, m, 0, m.length);
  assert.deepEqual(page, INTERIOR_BYTES);
});

test('separators are the shortest key between two neighbours, the smallest or (for ascending runs) the largest such', () => {
  const sep = (a: number[], b: number[], high = false): number[] => [...shortestSeparator(Uint8Array.from(a), 0, a.length, Uint8Array.from(b), 0, b.length, high)];
  assert.deepEqual(sep([1, 2, 3], [1, 5, 0]), [1, 3]);
  assert.deepEqual(sep([1, 2, 3], [1, 3]), [1, 3], 'may equal the right key');
  assert.deepEqual(sep([1, 2], [1, 2, 0]), [1, 2, 0], 'a prefix of the right key gets a 0x00');
  assert.deepEqual(sep([], [0]), [0]);
  assert.deepEqual(sep([0x41, 0xff], [0x42]), [0x42]);
  assert.deepEqual(sep([1, 2, 3], [1, 5, 0], true), [1, 5]);
  assert.deepEqual(sep([1, 2], [1, 2, 7, 9], true), [1, 2, 7]);
});

test('a hand-built leaf and overflow chain read back through a tree and verify', async () => {
  const { pager } = await freshPager({ pageSize: PAGE });
  const txn = await pager.beginWrite();
  const pages = [txn.allocatePage(), txn.allocatePage(), txn.allocatePage()];
  assert.deepEqual(pages.map((p) => p.pageNo), [1, 2, 3]);
  const value = makeValue(5000, 1);
  const capacity = overflowCapacity(USABLE);
  assert.equal(capacity, 4084);
  pages[0]!.page.set(LEAF_BYTES);
  // Overflow page: 0c 00 00 00 | next (u32) | value bytes.
  pages[1]!.page.set([0x0c, 0, 0, 0, 0, 0, 0, 3]);
  pages[1]!.page.set(value.subarray(0, capacity), 8);
  pages[2]!.page.set([0x0c, 0, 0, 0, 0, 0, 0, 0]);
  pages[2]!.page.set(value.subarray(capacity), 8);
  const tree = BTree.open(txn, 1);
  assert.deepEqual(tree.get(ascii('a')), ascii('xy'));
  assert.deepEqual(tree.get(ascii('b')), value);
  assert.equal(tree.get(ascii('c')), null);
  const report = verifyTrees(txn, [1], { checkLeaks: true });
  assert.ok(report.ok, JSON.stringify(report.problems));
  assert.equal(report.trees[0]!.overflowPageCount, 2);

  // The writer produces the same chain layout.
  const first = writeOverflowChain(txn, value);
  assert.equal(first, 4);
  const p4 = txn.getPage(4);
  const p5 = txn.getPage(5);
  assert.deepEqual([...p4.subarray(0, 8)], [0x0c, 0, 0, 0, 0, 0, 0, 5]);
  assert.deepEqual([...p5.subarray(0, 8)], [0x0c, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(p4.subarray(8, 8 + capacity), pages[1]!.page.subarray(8, 8 + capacity));
  assert.deepEqual(p5.subarray(8, 8 + 5000 - capacity), pages[2]!.page.subarray(8, 8 + 5000 - capacity));
  txn.rollback();
  await pager.close();
});
