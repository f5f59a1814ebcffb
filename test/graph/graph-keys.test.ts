// The ordered compact encoding of ids in graph keys (src/graph/graph-keys.ts):
// golden bytes, byte order equals numeric order, no encoding is a prefix of
// another, and malformed keys are CORRUPTION.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compareKeys } from '../../src/base/bytes.js';
import { adjKey, adjPrefix, idKey, labelKey, readAdjKey, readAdjKeyAt, readIdKey, readLabelKeyNode, readOce, type AdjFields } from '../../src/graph/graph-keys.js';

test('golden bytes: a length byte, then the minimal big-endian bytes', () => {
  assert.deepEqual([...idKey(0)], [0x00]);
  assert.deepEqual([...idKey(1)], [0x01, 0x01]);
  assert.deepEqual([...idKey(255)], [0x01, 0xff]);
  assert.deepEqual([...idKey(256)], [0x02, 0x01, 0x00]);
  assert.deepEqual([...idKey(0x1234_5678)], [0x04, 0x12, 0x34, 0x56, 0x78]);
  assert.deepEqual([...idKey(2 ** 53 - 1)], [0x07, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
  assert.deepEqual([...adjKey(5, 2, 300, 7)], [0x01, 5, 0x01, 2, 0x02, 0x01, 0x2c, 0x01, 7]);
  assert.deepEqual([...labelKey(3, 65_536)], [0x01, 3, 0x03, 0x01, 0x00, 0x00]);
});

const id = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 2 ** 32 + 10 }), fc.maxSafeInteger().filter((n) => n >= 0));

test('byte order of encodings equals numeric order, and they round-trip', () => {
  fc.assert(
    fc.property(id, id, (a, b) => {
      const ka = idKey(a);
      const kb = idKey(b);
      assert.equal(Math.sign(compareKeys(ka, kb)), Math.sign(a - b), `${a} vs ${b}`);
      assert.equal(readIdKey(ka), a, `${a} round-trips`);
    }),
    { numRuns: 2000 },
  );
});

test('composite adjacency keys sort field by field and prefixes select one node (and type)', () => {
  const f: AdjFields = { node: 0, type: 0, other: 0, edge: 0 };
  fc.assert(
    fc.property(fc.tuple(id, fc.integer({ min: 1, max: 2 ** 32 - 1 }), id, id), fc.tuple(id, fc.integer({ min: 1, max: 2 ** 32 - 1 }), id, id), (x, y) => {
      const kx = adjKey(...x);
      const ky = adjKey(...y);
      const logical = x[0] - y[0] || x[1] - y[1] || x[2] - y[2] || x[3] - y[3];
      assert.equal(Math.sign(compareKeys(kx, ky)), Math.sign(logical), `${x} vs ${y}`);
      assert.deepEqual({ ...readAdjKey(kx, f) }, { node: x[0], type: x[1], other: x[2], edge: x[3] });
      const inPage = new Uint8Array(kx.length + 7).fill(0xee);
      inPage.set(kx, 3);
      assert.deepEqual({ ...readAdjKeyAt(inPage, 3, 3 + kx.length, f) }, { node: x[0], type: x[1], other: x[2], edge: x[3] }, 'the same key read in place among other bytes');
      const p = adjPrefix(y[0], y[1]);
      const startsWith = kx.length >= p.length && p.every((b, i) => kx[i] === b);
      assert.equal(startsWith, x[0] === y[0] && x[1] === y[1], 'a (node, type) prefix matches exactly its keys');
    }),
    { numRuns: 2000 },
  );
});

test('malformed keys are CORRUPTION, not garbage', () => {
  const isCorruption = (err: unknown) => (err as { code?: string }).code === 'CORRUPTION';
  assert.throws(() => readOce(new Uint8Array([0x09, 1]), 0), isCorruption);
  assert.throws(() => readIdKey(new Uint8Array([0x02, 1])), isCorruption);
  assert.throws(() => readIdKey(new Uint8Array([0x01, 1, 9])), isCorruption);
  assert.throws(() => readLabelKeyNode(new Uint8Array([0x01, 3])), isCorruption);
  assert.throws(() => readAdjKey(new Uint8Array([0x01, 5, 0x01]), { node: 0, type: 0, other: 0, edge: 0 }), isCorruption);
  const f = { node: 0, type: 0, other: 0, edge: 0 };
  const key = adjKey(300, 2, 70_000, 9);
  const page = new Uint8Array([...key, 0x00, 0x00]);
  assert.throws(() => readAdjKeyAt(page, 0, key.length - 1, f), isCorruption, 'a field that runs past the key end, even though the page goes on');
  assert.throws(() => readAdjKeyAt(page, 0, key.length + 1, f), isCorruption, 'bytes after the edge id (K3)');
  assert.throws(() => readAdjKeyAt(new Uint8Array([0x08, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0]), 0, 12, f), isCorruption, 'a length byte over 7 (K1)');
});
