// String predicates (String9-11: STARTS WITH, ENDS WITH, CONTAINS, and =~),
// IN (every row of List5), indexing (List1, Map2) and slicing (List2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CypherError } from '../../../src/base/errors.js';
import { inList, indexValue, propertyValue, sliceList } from '../../../src/query/values/list-ops.js';
import { contains, endsWith, regexMatch, startsWith } from '../../../src/query/values/string-ops.js';
import { NodeRef, RelRef, makeFloat, type Value } from '../../../src/query/values/value.js';
import { fakeGraph } from './fake-graph.js';

function cypherError(type: string, detail: string): (err: unknown) => boolean {
  return (err) => err instanceof CypherError && err.type === type && err.detail === detail && err.phase === 'runtime';
}

const names = ['ABCDEF', 'AB', 'abcdef', 'ab', ''];

test('STARTS WITH, ENDS WITH, CONTAINS on strings (String9, String10, String11)', () => {
  assert.deepEqual(names.filter((s) => endsWith(s, 'AB')), ['AB']);
  assert.deepEqual(names.filter((s) => endsWith(s, 'DEF')), ['ABCDEF']);
  assert.deepEqual(names.filter((s) => endsWith(s, '')), names);
  assert.deepEqual(names.filter((s) => contains(s, 'CD')), ['ABCDEF']);
  assert.deepEqual(names.filter((s) => contains(s, '')), names);
  assert.deepEqual(names.filter((s) => contains(s, 'b') === false), ['ABCDEF', 'AB', '']);
  assert.deepEqual(names.filter((s) => startsWith(s, 'a') && endsWith(s, 'f')), ['abcdef']);
  assert.equal(contains('Foo\nFoo', '\n'), true);
});

test('string predicates are null for null or non-string operands (String9 [8], String10 [8])', () => {
  const operands: Value[] = [1, makeFloat(3.14), true, [], {}, null];
  for (const op of [startsWith, endsWith, contains, regexMatch]) {
    for (const a of operands) for (const b of operands) assert.equal(op(a, b), null);
    assert.equal(op('abc', null), null);
    assert.equal(op(null, 'abc'), null);
  }
});

test('=~ matches the whole string, with Java-style inline flags', () => {
  assert.equal(regexMatch('abc', 'a.c'), true);
  assert.equal(regexMatch('abcd', 'a.c'), false);
  assert.equal(regexMatch('xabc', 'abc'), false);
  assert.equal(regexMatch('ab|c', 'ab\\|c'), true);
  assert.equal(regexMatch('a', 'a|b'), true);
  assert.equal(regexMatch('ABC', '(?i)abc'), true);
  assert.equal(regexMatch('ABC', 'abc'), false);
  assert.equal(regexMatch('\u{1F600}', '.'), true, 'a code point is one character');
  assert.equal(regexMatch('a\nb', 'a.b'), false);
  assert.equal(regexMatch('a\nb', '(?s)a.b'), true);
  assert.equal(regexMatch('a-b', 'a\\-b'), true, 'escapes Java allows outside classes');
  assert.equal(regexMatch('a.b*', '\\Qa.b*\\E'), true, 'Java quoting');
  assert.equal(regexMatch('axbb', '\\Qa.b*\\E'), false);
  assert.equal(regexMatch('abc', '\\Aabc\\z'), true);
  assert.throws(() => regexMatch('a', '('), cypherError('ArgumentError', 'InvalidArgumentValue'));
});

test('IN: every expectation of List5', () => {
  const cases: [Value, Value, boolean | null][] = [
    [3, [1, 2, 3], true],
    [3, [1, 2], false],
    [1, ['1', 2], false],
    [[1, 2], [1, [1, '2']], false],
    [[1], [1, 2], false],
    [[1, 2], [1, 2], false],
    [[1], [1, 2, [1]], true],
    [[1, 2], [1, [1, 2]], true],
    [[1, 2], [1, [2, 1]], false],
    [[1, 2], [1, [1, 2, 3]], false],
    [[1, 2], [1, [[1, 2]]], false],
    [[[1, 2], [3, 4]], [5, [[1, 2], [3, 4]]], true],
    [[[1, 2], 3], [1, [[1, 2], 3]], true],
    [[[1]], [2, [[1]]], true],
    [[[1, 3]], [2, [[1, 3]]], true],
    [[[1]], [2, [1]], false],
    [[[1, 3]], [2, [1, 3]], false],
    [null, [null], null],
    [[null], [[null]], null],
    [[null], [null], null],
    [[1], [[1, null]], false],
    [3, [1, null, 3], true],
    [4, [1, null, 3], null],
    [[1, 2], [[null, 'foo'], [1, 2]], true],
    [[1, 2], [1, [1, 2], null], true],
    [[1, 2], [[null, 'foo']], false],
    [[1, 2], [[null, 2]], null],
    [[1, 2], [1, [1, 2, null]], false],
    [[1, 2, null], [1, [1, 2, null]], null],
    [[1, 2], [[null, 2], [1, 2]], true],
    [[[1, 2], [3, 4]], [5, [[1, 2], [3, 4], null]], false],
    [[1, 2], [[null, 2], [1, 3]], null],
    [[], [[]], true],
    [[], [], false],
    [[], [1, []], true],
    [[], [1, 2], false],
    [[[]], [1, [[]]], true],
    [[], [1, 2, null], null],
    [[[], []], [1, [[], []]], true],
    [null, [], false],
    [1, null, null],
  ];
  for (const [v, list, want] of cases) assert.equal(inList(v, list), want, `${JSON.stringify(v)} IN ${JSON.stringify(list)}`);
  for (const bad of [true, 123, makeFloat(123.4), 'foo', { x: [] }] as Value[]) {
    assert.throws(() => inList(1, bad), cypherError('TypeError', 'InvalidArgumentType'));
  }
});

const graph = fakeGraph({ nodes: { 1: { props: { name: 'Apa' } } }, rels: { 2: { type: 'T', props: { since: 1999 } } } });

test('list indexing (List1): negative from the end, out of range is null, non-INTEGER index is TypeError', () => {
  assert.equal(indexValue([1, 2, 3], 0, graph), 1);
  assert.deepEqual(indexValue([[1]], 0, graph), [1]);
  assert.equal(indexValue([1, 2, 3], -1, graph), 3);
  assert.equal(indexValue([1, 2, 3], -3, graph), 1);
  assert.equal(indexValue([1, 2, 3], -4, graph), null);
  assert.equal(indexValue([1, 2, 3], 3, graph), null);
  assert.equal(indexValue([1, 2, 3], 2n ** 62n, graph), null);
  assert.equal(indexValue([1, 2, 3], null, graph), null);
  assert.equal(indexValue(null, 0, graph), null);
  for (const idx of [true, makeFloat(4.7), '1', [1], { x: 3 }] as Value[]) {
    assert.throws(() => indexValue([1, 2, 3, 4, 5], idx, graph), cypherError('TypeError', 'InvalidArgumentType'));
  }
  for (const container of [true, 123, makeFloat(4.7), '1'] as Value[]) {
    assert.throws(() => indexValue(container, 0, graph), cypherError('TypeError', 'InvalidArgumentType'));
  }
});

test('map, node and relationship access by key (Map2, Graph7)', () => {
  assert.equal(indexValue({ name: 'Apa' }, 'name', graph), 'Apa');
  assert.equal(indexValue({ name: 'Mats', Name: 'Pontus' }, 'Name', graph), 'Pontus');
  assert.equal(indexValue({ name: 'Mats', Name: 'Pontus' }, 'nAMe', graph), null);
  assert.equal(indexValue({ null: 'Mats', NULL: 'Pontus' }, 'null', graph), 'Mats');
  assert.equal(indexValue({ name: 'Mats' }, 'toString', graph), null, 'no prototype keys');
  assert.equal(indexValue(null, 'x', graph), null);
  assert.equal(indexValue({ name: 'Mats' }, null, graph), null);
  assert.equal(indexValue(new NodeRef(1), 'name', graph), 'Apa');
  assert.equal(indexValue(new NodeRef(1), 'missing', graph), null);
  assert.equal(indexValue(new RelRef(2, 1, 1, 0), 'since', graph), 1999);
  assert.throws(() => indexValue({ name: 'Apa' }, 0, graph), cypherError('TypeError', 'MapElementAccessByNonString'));
  assert.throws(() => indexValue({ name: 'Apa' }, makeFloat(12.3), graph), cypherError('TypeError', 'MapElementAccessByNonString'));
  assert.throws(() => indexValue(new NodeRef(1), 1, graph), cypherError('TypeError', 'MapElementAccessByNonString'));
  assert.throws(() => indexValue(100, 0, graph), cypherError('TypeError', 'InvalidArgumentType'));
  assert.equal(propertyValue({ a: 1 }, 'a', graph), 1);
  assert.equal(propertyValue(null, 'a', graph), null);
  assert.throws(() => propertyValue(1, 'a', graph), cypherError('TypeError', 'InvalidArgumentType'));
});

test('list slicing (List2)', () => {
  const l: Value = [1, 2, 3];
  assert.deepEqual(sliceList([1, 2, 3, 4, 5], 1, 3), [2, 3]);
  assert.deepEqual(sliceList(l, 1, undefined), [2, 3]);
  assert.deepEqual(sliceList(l, undefined, 2), [1, 2]);
  assert.deepEqual(sliceList(l, 0, 1), [1]);
  assert.deepEqual(sliceList(l, 0, 0), []);
  assert.deepEqual(sliceList(l, -3, -1), [1, 2]);
  assert.deepEqual(sliceList(l, 3, 1), []);
  assert.deepEqual(sliceList(l, -5, 5), [1, 2, 3]);
  assert.deepEqual(sliceList(l, -(2n ** 62n), 2n ** 62n), [1, 2, 3]);
  for (const [a, b] of [[null, null], [1, null], [null, 3], [undefined, null], [null, undefined]] as [Value | undefined, Value | undefined][]) {
    assert.equal(sliceList(l, a, b), null, `[${String(a)}..${String(b)}]`);
  }
  assert.equal(sliceList(null, 0, 1), null);
  assert.throws(() => sliceList(l, makeFloat(1.5), 2), cypherError('TypeError', 'InvalidArgumentType'));
  assert.throws(() => sliceList('abc', 0, 1), cypherError('TypeError', 'InvalidArgumentType'));
});
