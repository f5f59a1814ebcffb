// Aggregate functions over rows of argument values: the TCK's Aggregation1-7
// expectations, null skipping, empty groups, int64 overflow of sum, and
// the percentile argument checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { orderCompare } from '../../../src/query/values/ordering.js';
import { BoxedFloat, NodeRef, makeFloat, type Value } from '../../../src/query/values/value.js';
import { anyValue } from '../values/value-arbitraries.js';
import { aggregate, aggregateOf, call, cypherError } from './call-function.js';

const f = (x: number): Value => makeFloat(x);
const outOfRange = cypherError('ArgumentError', 'NumberOutOfRange');
const invalidValue = cypherError('TypeError', 'InvalidArgumentValue');

test('count counts non-null values (Aggregation1)', () => {
  assert.equal(aggregateOf('count', [33, null]), 1);
  assert.equal(aggregateOf('count', []), 0);
  assert.equal(aggregateOf('count', [new NodeRef(1), 'a', [], null, null]), 3);
});

test('min and max over numbers, strings, lists and mixed types (Aggregation2)', () => {
  assert.equal(aggregateOf('max', [1, 2, 0, null, -1]), 2);
  assert.equal(aggregateOf('min', [1, 2, 0, null, -1]), -1);
  assert.deepEqual(aggregateOf('max', [f(1), f(2), f(0.5), null]), new BoxedFloat(2));
  assert.deepEqual(aggregateOf('min', [f(1), f(2), f(0.5), null]), 0.5);
  assert.equal(aggregateOf('max', [1, f(2), 5, null, f(3.2), f(0.1)]), 5);
  assert.equal(aggregateOf('min', [1, f(2), 5, null, f(3.2), f(0.1)]), 0.1);
  assert.equal(aggregateOf('max', ['a', 'b', 'B', null, 'abc', 'abc1']), 'b');
  assert.equal(aggregateOf('min', ['a', 'b', 'B', null, 'abc', 'abc1']), 'B');
  assert.deepEqual(aggregateOf('max', [[1], [2], [2, 1]]), [2, 1]);
  assert.deepEqual(aggregateOf('min', [[1], [2], [2, 1]]), [1]);
  assert.equal(aggregateOf('max', [1, 'a', null, [1, 2], f(0.2), 'b']), 1);
  assert.deepEqual(aggregateOf('min', [1, 'a', null, [1, 2], f(0.2), 'b']), [1, 2]);
  assert.equal(aggregateOf('min', []), null);
  assert.equal(aggregateOf('max', [null]), null);
});

test('property: min and max are the ends of the ORDER BY order of the non-null values', () => {
  fc.assert(
    fc.property(fc.array(anyValue, { maxLength: 8 }), (values) => {
      const sorted = values.filter((v) => v !== null).sort(orderCompare);
      const min = aggregateOf('min', values);
      const max = aggregateOf('max', values);
      if (sorted.length === 0) {
        assert.equal(min, null);
        assert.equal(max, null);
      } else {
        assert.equal(orderCompare(min, sorted[0] as Value), 0);
        assert.equal(orderCompare(max, sorted[sorted.length - 1] as Value), 0);
      }
    }),
    { numRuns: 500 },
  );
});

test('sum (Aggregation3): INTEGERs stay INTEGERs, exact past 2^53, overflow past int64', () => {
  assert.equal(aggregateOf('sum', [33, null, 42]), 75);
  const ints: Value[] = [];
  for (let i = 1000000; i < 1003000; i++) ints.push(i);
  assert.equal(aggregateOf('sum', ints), 3004498500);
  assert.equal(aggregateOf('sum', []), 0);
  assert.equal(aggregateOf('sum', [Number.MAX_SAFE_INTEGER, 2]), 2n ** 53n + 1n);
  assert.equal(aggregateOf('sum', [2n ** 62n, 2n ** 62n - 1n]), 2n ** 63n - 1n);
  assert.throws(() => aggregateOf('sum', [2n ** 62n, 2n ** 62n]), cypherError('ArithmeticError', 'IntegerOverflow'));
  assert.deepEqual(aggregateOf('sum', [1, f(0.5)]), 1.5);
  assert.deepEqual(aggregateOf('sum', [1, f(1)]), new BoxedFloat(2));
  assert.throws(() => aggregateOf('sum', [1, 'a']), invalidValue);
});

test('avg (Aggregation4): a FLOAT, null over nothing', () => {
  assert.deepEqual(aggregateOf('avg', [1, 2, null]), 1.5);
  assert.deepEqual(aggregateOf('avg', [1, 3]), new BoxedFloat(2));
  assert.deepEqual(aggregateOf('avg', [f(1.5), 2]), 1.75);
  assert.equal(aggregateOf('avg', []), null);
  assert.equal(aggregateOf('avg', [null]), null);
  assert.deepEqual(aggregateOf('avg', [2n ** 62n, 2n ** 62n - 2n]), 2 ** 62);
  assert.throws(() => aggregateOf('avg', [true]), invalidValue);
});

test('collect skips nulls (Aggregation5)', () => {
  assert.deepEqual(aggregateOf('collect', [null]), []);
  assert.deepEqual(aggregateOf('collect', [42, 43, null, 44]), [42, 43, 44]);
  assert.deepEqual(aggregateOf('collect', [[null], {}]), [[null], {}]);
});

test('percentileDisc and percentileCont (Aggregation6)', () => {
  const prices = [f(10), f(20), f(30)];
  const rows = (p: Value): Value[][] => prices.map((x) => [x, p]);
  for (const [p, want] of [[f(0), 10], [f(0.5), 20], [f(1), 30]] as [Value, number][]) {
    assert.deepEqual(aggregate('percentileDisc', rows(p)), new BoxedFloat(want));
    assert.deepEqual(aggregate('percentileCont', rows(p)), new BoxedFloat(want));
  }
  assert.equal(aggregate('percentileDisc', [[3, f(0.5)], [1, f(0.5)], [2, f(0.5)], [4, f(0.5)]]), 2);
  assert.deepEqual(aggregate('percentileCont', [[3, f(0.5)], [1, f(0.5)], [2, f(0.5)], [4, f(0.5)]]), 2.5);
  assert.deepEqual(aggregate('percentileCont', [[10, f(0.25)], [20, f(0.25)]]), 12.5);
  assert.equal(aggregate('percentileDisc', [[null, f(0.5)]]), null);
  assert.equal(aggregate('percentileDisc', [[1, 0]]), 1, 'an INTEGER percentile is allowed');
  for (const p of [1000, -1, f(1.1)]) {
    assert.throws(() => aggregate('percentileCont', [[f(10), p]]), outOfRange);
    assert.throws(() => aggregate('percentileDisc', [[f(10), p]]), outOfRange);
  }
  // Aggregation6 [5]: percentileDisc(0.90, deg) with deg > 2.
  assert.throws(() => aggregate('percentileDisc', [[f(0.9), 3]]), outOfRange);
  assert.throws(() => aggregate('percentileDisc', [['a', f(0.5)]]), invalidValue);
});

test('stDev and stDevP (Aggregation7)', () => {
  const xs = [2, 4, 4, 4, 5, 5, 7, 9];
  assert.deepEqual(aggregateOf('stDevP', xs), new BoxedFloat(2));
  const sample = aggregateOf('stDev', xs) as number;
  assert.ok(Math.abs(sample - Math.sqrt(32 / 7)) < 1e-12);
  assert.deepEqual(aggregateOf('stDev', [1]), new BoxedFloat(0));
  assert.deepEqual(aggregateOf('stDev', []), new BoxedFloat(0));
  assert.deepEqual(aggregateOf('stDevP', [null]), new BoxedFloat(0));
  assert.deepEqual(aggregateOf('stDevP', [f(1.5), null, f(1.5)]), new BoxedFloat(0));
  assert.throws(() => aggregateOf('stDev', ['x']), invalidValue);
});

test('each create() is a fresh group', () => {
  assert.equal(aggregateOf('count', [1, 2]), 2);
  assert.equal(aggregateOf('count', [1]), 1);
});

test('sum and avg of durations are durations', () => {
  const d = (days: number, hours: number): Value => call('duration', [{ days, hours }]);
  assert.equal(String(aggregateOf('sum', [d(1, 2), null, d(2, 4)])), 'P3DT6H');
  assert.equal(String(aggregateOf('avg', [d(1, 0), d(2, 0)])), 'P1DT12H');
  assert.throws(() => aggregateOf('sum', [d(1, 0), 1]), invalidValue);
  assert.throws(() => aggregateOf('sum', [1, d(1, 0)]), invalidValue);
});
