// openCypher equality (`=`, ternary) and equivalence keys (DISTINCT,
// grouping): the TCK's List3, Comparison2 and List5 expectations, the CIP's
// examples, and properties: valueKey is reflexive, agrees with equality
// wherever equality is true, and treats null/NaN as equivalent to themselves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cypherEquals, valueKey } from '../../../src/query/values/equality.js';
import { BoxedFloat, NodeRef, PathValue, RelRef, makeFloat, type Value } from '../../../src/query/values/value.js';
import { anyValue, numberish } from './value-arbitraries.js';

const f = (x: number): Value => makeFloat(x);
const n1 = new NodeRef(1);
const n2 = new NodeRef(2);
const r1 = new RelRef(7, 1, 2, 0);

test('equality of lists follows the TCK (List3)', () => {
  const cases: [Value, Value, boolean | null][] = [
    [[1, 2], 'foo', false],
    [[1], [1, null], false],
    [[1, 2], [null, 'foo'], false],
    [[1, 2], [null, 2], null],
    [[[1]], [[1], [null]], false],
    [[[1, 2], [1, 3]], [[1, 2], [null, 'foo']], false],
    [[[1, 2], ['foo', 'bar']], [[1, 2], [null, 'bar']], null],
    [[], [], true],
    [[null], [1], null],
    [['a'], [1], false],
  ];
  for (const [a, b, want] of cases) {
    assert.equal(cypherEquals(a, b), want, `${JSON.stringify(a)} = ${JSON.stringify(b)}`);
    assert.equal(cypherEquals(b, a), want, `symmetric: ${JSON.stringify(b)} = ${JSON.stringify(a)}`);
  }
});

test('scalars: null is unknown, numbers compare across types exactly, NaN equals nothing', () => {
  assert.equal(cypherEquals(null, null), null);
  assert.equal(cypherEquals(1, null), null);
  assert.equal(cypherEquals(1, f(1)), true);
  assert.equal(cypherEquals(f(0), f(-0)), true);
  assert.equal(cypherEquals(NaN, NaN), false);
  assert.equal(cypherEquals(NaN, 1), false);
  assert.equal(cypherEquals('1', 1), false);
  assert.equal(cypherEquals(true, 1), false);
  assert.equal(cypherEquals('a', 'a'), true);
  // 2^63 is a float; INT64_MAX = 2^63 - 1 is not equal to it, though Number(INT64_MAX) would be.
  assert.equal(cypherEquals(2n ** 63n - 1n, 2 ** 63), false);
  assert.equal(cypherEquals(-(2n ** 63n), -(2 ** 63)), true);
  assert.equal(cypherEquals(2n ** 53n + 1n, 2 ** 53), false);
  assert.equal(cypherEquals(9007199254740993n, 9007199254740992), false);
});

test('maps compare key-wise; nodes, relationships and paths by identity', () => {
  assert.equal(cypherEquals({ a: 1, b: 'x' }, { b: 'x', a: f(1) }), true);
  assert.equal(cypherEquals({ a: 1 }, { a: 1, b: null }), false);
  assert.equal(cypherEquals({ a: null }, { a: null }), null);
  assert.equal(cypherEquals({ a: 1, b: null }, { a: 2, b: null }), false);
  assert.equal(cypherEquals({}, {}), true);
  assert.equal(cypherEquals(n1, new NodeRef(1)), true);
  assert.equal(cypherEquals(n1, n2), false);
  assert.equal(cypherEquals(n1, r1), false);
  assert.equal(cypherEquals(n1, { id: 1 }), false);
  assert.equal(cypherEquals(r1, new RelRef(7, 1, 2, 0)), true);
  const p = new PathValue([n1, n2], [r1]);
  assert.equal(cypherEquals(p, new PathValue([new NodeRef(1), new NodeRef(2)], [r1])), true);
  assert.equal(cypherEquals(p, new PathValue([n1], [])), false);
  assert.equal(cypherEquals(p, [n1, r1, n2]), false);
});

test('valueKey: equivalence treats null as null and NaN as NaN, 1 as 1.0, maps regardless of key order', () => {
  const same: [Value, Value][] = [
    [null, null],
    [NaN, NaN],
    [1, f(1)],
    [0, f(-0)],
    [[null], [null]],
    [[NaN, 1], [NaN, f(1)]],
    [{ a: 1, b: [null] }, { b: [null], a: f(1) }],
    [2n ** 63n - 1n, 9223372036854775807n],
    [-(2n ** 63n), -(2 ** 63)],
    [new NodeRef(3), new NodeRef(3)],
    ['x', 'x'],
  ];
  for (const [a, b] of same) assert.equal(valueKey(a), valueKey(b), `${String(a)} ~ ${String(b)}`);
  const different: [Value, Value][] = [
    [null, NaN],
    [null, 'n'],
    ['1', 1],
    ['s1', 1],
    [1, true],
    [[1, 2], [[1, 2]]],
    [['a,b'], ['a', 'b']],
    [{ a: null }, {}],
    [new NodeRef(1), new RelRef(1, 0, 0, 0)],
    [new NodeRef(1), 1],
    [2n ** 63n - 1n, 2 ** 63],
    [1.5, 1],
    [[], {}],
    ['', []],
    [new PathValue([n1], []), [n1]],
  ];
  for (const [a, b] of different) assert.notEqual(valueKey(a), valueKey(b), `${String(a)} !~ ${String(b)}`);
});

test('property: equality true implies the same key; same key implies not unequal', () => {
  fc.assert(
    fc.property(anyValue, anyValue, (a, b) => {
      const eq = cypherEquals(a, b);
      const sameKey = valueKey(a) === valueKey(b);
      if (eq === true) assert.ok(sameKey, 'equal values are equivalent');
      if (sameKey) assert.notEqual(eq, false, 'equivalent values are never unequal');
    }),
    { numRuns: 3000 },
  );
});

test('property: every value is equivalent to itself and to a deep copy; equality is symmetric', () => {
  const copy = (v: Value): Value => {
    if (Array.isArray(v)) return v.map(copy);
    if (v instanceof BoxedFloat) return new BoxedFloat(v.value);
    if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x as Value)]).reverse()) as Value;
    }
    return v;
  };
  fc.assert(
    fc.property(anyValue, anyValue, (a, b) => {
      assert.equal(valueKey(a), valueKey(copy(a)));
      assert.equal(cypherEquals(a, b), cypherEquals(b, a));
    }),
    { numRuns: 2000 },
  );
});

test('property: numbers are equal exactly when their mathematical values are', () => {
  fc.assert(
    fc.property(numberish, numberish, (a, b) => {
      const exact = (v: Value): string => {
        const x = v instanceof BoxedFloat ? v.value : (v as number | bigint);
        if (typeof x === 'bigint') return x.toString();
        if (Number.isNaN(x)) return 'NaN' + Math.random(); // NaN is equal to nothing
        if (!Number.isFinite(x)) return String(x);
        return Number.isInteger(x) ? BigInt(x).toString() : String(x);
      };
      assert.equal(cypherEquals(a, b), exact(a) === exact(b));
    }),
    { numRuns: 3000 },
  );
});
