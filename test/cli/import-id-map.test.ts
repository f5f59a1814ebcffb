// ImportIdMap (src/cli/import-id-map.ts): canonical decimal ids go to the
// dense array, every other id to the Map, and no two distinct ids ever meet:
// "1" and "01" are different ids as text, huge and non-numeric ids work, a
// node id of 0 is a value like any other, and bigint keys (--id-type integer)
// are their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ImportIdMap } from '../../src/cli/import-id-map.js';

test('dense and sparse ids, text and bigint, never collide', () => {
  const m = new ImportIdMap();
  const ids: Array<[string | bigint, number]> = [
    ['1', 10],
    ['01', 11],
    ['0', 0],
    ['00', 12],
    ['+1', 13],
    [' 1', 14],
    ['16777215', 15],
    ['16777216', 16],
    ['99999999999999999999', 17],
    ['alice', 18],
    ['', 19],
    [1n, 20],
    ['5000', 2 ** 40],
  ];
  for (const [k, v] of ids) {
    assert.equal(m.get(k), undefined, `${String(k)} is not there before`);
    m.set(k, v);
  }
  for (const [k, v] of ids) assert.equal(m.get(k), v, `${JSON.stringify(String(k))} -> ${v}`);
  assert.equal(m.has('2'), false);
  assert.equal(m.has('1'), true);
  assert.equal(m.get('0001'), undefined);
  m.set('1', 99);
  assert.equal(m.get('1'), 99, 'a second set replaces');
  m.set('1', 2 ** 40);
  assert.equal(m.get('1'), 2 ** 40, 'also with a node id too large for the array');
  m.set('1', 7);
  assert.equal(m.get('1'), 7, 'and back');
});

test('a million sequential ids read back', () => {
  const m = new ImportIdMap();
  for (let i = 1; i <= 1_000_000; i++) m.set(String(i), i * 3);
  for (let i = 1; i <= 1_000_000; i += 997) assert.equal(m.get(String(i)), i * 3);
  assert.equal(m.get('1000001'), undefined);
});

test('sparse numeric ids go to the map instead of a huge array, and read back the same', () => {
  const m = new ImportIdMap();
  const ids = ['3', '9000000', '15000000', '2', '16777215'];
  ids.forEach((k, i) => m.set(k, i));
  ids.forEach((k, i) => assert.equal(m.get(k), i));
  assert.equal(m.get('9000001'), undefined);
});

test('integer keys (--id-type integer): numbers in range index the array, the rest go to the map', () => {
  const m = new ImportIdMap();
  const ids: Array<[number | bigint, number]> = [[1, 10], [0, 11], [-1, 12], [2 ** 40, 13], [9007199254740993n, 14], [16777215, 15]];
  for (const [k, v] of ids) m.set(k, v);
  for (const [k, v] of ids) assert.equal(m.get(k), v, String(k));
  assert.equal(m.get(2), undefined);
  assert.equal(m.has(1), true);
});
