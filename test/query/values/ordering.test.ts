// Comparability (`<` and friends) and orderability (ORDER BY, min, max):
// the TCK's Comparison2 and ReturnOrderBy1 expectations and properties:
// orderCompare is a total order whose ties are exactly valueKey
// equivalence, and compareValues agrees with it wherever it is defined.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { valueKey } from '../../../src/query/values/equality.js';
import { compareStrings, compareValues, comparisonResult, orderCompare, type ComparisonOperator } from '../../../src/query/values/ordering.js';
import { NodeRef, PathValue, RelRef, makeFloat, type Value } from '../../../src/query/values/value.js';
import { anyValue, numberish } from './value-arbitraries.js';

const f = (x: number): Value => makeFloat(x);
const n = new NodeRef(1);
const m = new NodeRef(2);
const r = new RelRef(5, 1, 2, 0);
const p = new PathValue([n, m], [r]);

test('comparing lists (Comparison2 [4]): >=', () => {
  const cases: [Value, Value, boolean | null][] = [
    [[1, 0], [1], true],
    [[1, null], [1], true],
    [[1, 2], [1, null], null],
    [[1, 'a'], [1, null], null],
    [[1, 2], [3, null], false],
  ];
  for (const [a, b, want] of cases) assert.equal(comparisonResult('>=', a, b), want, `${JSON.stringify(a)} >= ${JSON.stringify(b)}`);
});

test('comparing NaN (Comparison2 [5]): every inequality is false, except across types (null)', () => {
  const ops: ComparisonOperator[] = ['>', '>=', '<', '<='];
  for (const rhs of [1, f(1), NaN]) for (const op of ops) assert.equal(comparisonResult(op, NaN, rhs), false, `NaN ${op} ${String(rhs)}`);
  for (const op of ops) assert.equal(comparisonResult(op, NaN, 'a'), null);
  assert.equal(comparisonResult('<', [NaN], [1]), false);
});

test('numbers and strings (Comparison2 [6]) and across types (Comparison2 [3])', () => {
  assert.equal(comparisonResult('<', f(1), f(1)), false);
  assert.equal(comparisonResult('<', 1, f(1)), false);
  assert.equal(comparisonResult('<=', 1, f(1)), true);
  assert.equal(comparisonResult('<', '1.0', f(1)), null);
  assert.equal(comparisonResult('<', '1', 1), null);
  const types: Value[] = [n, r, p, '', 1, f(3.14), true, null, [], {}];
  const truthy: string[] = [];
  for (const op of ['<', '<=', '>=', '>'] as const) {
    for (let i = 0; i < types.length; i++) {
      for (let j = 0; j < types.length; j++) {
        if (i !== j && comparisonResult(op, types[i] as Value, types[j] as Value) === true) truthy.push(`${i}${op}${j}`);
      }
    }
  }
  assert.deepEqual(truthy, ['4<5', '4<=5', '5>=4', '5>4']);
});

test('exact comparison of int64 with floats', () => {
  assert.equal(compareValues(2n ** 63n - 1n, 2 ** 63), -1);
  assert.equal(compareValues(9007199254740993n, 9007199254740992), 1);
  assert.equal(compareValues(-(2n ** 63n), -Infinity), 1);
  assert.equal(compareValues(1, 1.5), -1);
  assert.equal(compareValues('a', 'aa'), -1);
  assert.equal(compareValues(false, true), -1);
  assert.equal(compareValues({ a: 1 }, { a: 2 }), null);
  assert.equal(compareValues(null, null), null);
});

test('strings compare by code point, not UTF-16 unit', () => {
  // U+1F600 is one code point above U+FFFD, though its first UTF-16 unit (0xD83D) is below 0xFFFD.
  assert.ok(compareStrings('\u{1F600}', '\uFFFD') > 0);
  assert.ok(compareStrings('\uE000', '\u{10000}') < 0);
  assert.ok(compareStrings('B', 'a') < 0);
  assert.ok(compareStrings('', ' ') < 0);
});

function sortAsc(values: Value[]): Value[] {
  return values.slice().sort(orderCompare);
}

test('ORDER BY order of values of every type (ReturnOrderBy1 [11], [12])', () => {
  const values: Value[] = [n, r, p, f(1.5), ['list'], 'text', null, false, NaN, { a: 'map' }];
  const want: Value[] = [{ a: 'map' }, n, r, ['list'], p, 'text', false, f(1.5), NaN, null];
  assert.deepEqual(sortAsc(values), want);
  assert.deepEqual(values.slice().sort((a, b) => orderCompare(b, a)), want.slice().reverse());
  // The CIP's example: {}, [2], '', true, 1, 3.14, null.
  assert.deepEqual(sortAsc([1, true, '', f(3.14), {}, [2], null]), [{}, [2], '', true, 1, f(3.14), null]);
});

test('ORDER BY order of lists, strings, booleans, numbers (ReturnOrderBy1 [1]-[10])', () => {
  assert.deepEqual(sortAsc([true, false]), [false, true]);
  assert.deepEqual(sortAsc(['.*', '', ' ', 'one']), ['', ' ', '.*', 'one']);
  assert.deepEqual(sortAsc([1, 3, 2]), [1, 2, 3]);
  assert.deepEqual(sortAsc([1.5, 1.3, 999.99]), [1.3, 1.5, 999.99]);
  const lists: Value[] = [[], ['a'], ['a', 1], [1], [1, 'a'], [1, null], [null, 1], [null, 2]];
  assert.deepEqual(sortAsc(lists.slice().reverse()), lists);
  assert.deepEqual(sortAsc([Infinity, NaN, -Infinity, 2n ** 62n, f(2), 1, -(2n ** 63n)]), [-Infinity, -(2n ** 63n), 1, f(2), 2n ** 62n, Infinity, NaN]);
});

test('property: orderCompare is a total order whose ties are valueKey equivalence', () => {
  fc.assert(
    fc.property(anyValue, anyValue, anyValue, (a, b, c) => {
      const ab = orderCompare(a, b);
      const bc = orderCompare(b, c);
      assert.ok(!Number.isNaN(ab), 'never NaN');
      assert.equal(Math.sign(ab), -Math.sign(orderCompare(b, a)) || 0, 'antisymmetric');
      assert.equal(orderCompare(a, a), 0, 'reflexive');
      assert.equal(ab === 0, valueKey(a) === valueKey(b), 'ties are equivalence');
      if (ab <= 0 && bc <= 0) assert.ok(orderCompare(a, c) <= 0, 'transitive');
    }),
    { numRuns: 4000 },
  );
});

test('property: compareValues agrees with orderCompare wherever it is defined', () => {
  const check = (a: Value, b: Value): void => {
    const c = compareValues(a, b);
    if (c === null || Number.isNaN(c)) return;
    assert.equal(Math.sign(c), Math.sign(orderCompare(a, b)), `${String(a)} vs ${String(b)}`);
  };
  fc.assert(fc.property(anyValue, anyValue, (a, b) => check(a, b)), { numRuns: 3000 });
  fc.assert(fc.property(numberish, numberish, (a, b) => check(a, b)), { numRuns: 3000 });
});

test('property: compareValues is null exactly for null, mixed types other than numbers, and maps', () => {
  fc.assert(
    fc.property(anyValue, anyValue, (a, b) => {
      const c = compareValues(a, b);
      if (a === null || b === null) assert.equal(c, null);
      if (typeof a === 'string' && typeof b !== 'string') assert.equal(c, null);
      if (typeof a === 'string' && typeof b === 'string') assert.equal(Math.sign(c as number), Math.sign(compareStrings(a, b)));
    }),
    { numRuns: 2000 },
  );
});
