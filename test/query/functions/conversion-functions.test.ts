// toBoolean, toInteger, toFloat, toString (TypeConversion1-4 of the TCK),
// their OrNull and list forms, and how floats print.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFloat } from '../../../src/query/values/value-text.js';
import { BoxedFloat, NodeRef, PathValue, RelRef, makeFloat, type Value } from '../../../src/query/values/value.js';
import { call, cypherError } from './call-function.js';

const f = (x: number): Value => makeFloat(x);
const n = new NodeRef(0);
const r = new RelRef(0, 0, 1, 0);
const p = new PathValue([n, new NodeRef(1)], [r]);
const invalidValue = cypherError('TypeError', 'InvalidArgumentValue');

test('toBoolean (TypeConversion1)', () => {
  assert.equal(call('toBoolean', [true]), true);
  assert.equal(call('toBoolean', [false]), false);
  assert.equal(call('toBoolean', ['true']), true);
  assert.equal(call('toBoolean', ['false']), false);
  assert.equal(call('toBoolean', ['TRUE']), true);
  for (const s of [null, '', ' tru ', 'f alse']) assert.equal(call('toBoolean', [s]), null);
  assert.equal(call('toBoolean', [0]), false);
  assert.equal(call('toBoolean', [2n ** 62n]), true);
  for (const bad of [[], {}, f(1), n, r, p] as Value[]) assert.throws(() => call('toBoolean', [bad]), invalidValue);
});

test('toInteger (TypeConversion2)', () => {
  assert.equal(call('toInteger', [f(82.9)]), 82);
  assert.equal(call('toInteger', ['foo']), null);
  assert.equal(call('toInteger', ['']), null);
  assert.deepEqual([2, f(2.9), '1.7'].map((x) => call('toInteger', [x])), [2, 2, 1]);
  assert.deepEqual(['2', '2.9', 'foo'].map((x) => call('toInteger', [x])), [2, 2, null]);
  assert.equal(call('toInteger', ['42']), 42);
  assert.equal(call('toInteger', [f(-2.9)]), -2);
  assert.equal(call('toInteger', ['9223372036854775807']), 2n ** 63n - 1n);
  assert.equal(call('toInteger', ['9223372036854775808']), null);
  assert.equal(call('toInteger', [f(2 ** 62)]), 2n ** 62n);
  assert.equal(call('toInteger', [NaN]), null);
  assert.equal(call('toInteger', [true]), 1);
  assert.equal(call('toInteger', ['1e3']), 1000);
  for (const bad of [[], {}, n, r, p] as Value[]) assert.throws(() => call('toInteger', [bad]), invalidValue);
});

test('toFloat (TypeConversion3)', () => {
  assert.deepEqual([f(3.4), 3].map((x) => call('toFloat', [x])), [3.4, new BoxedFloat(3)]);
  assert.equal(call('toFloat', ['foo']), null);
  assert.equal(call('toFloat', ['']), null);
  assert.deepEqual(call('toFloat', ['5']), new BoxedFloat(5));
  assert.deepEqual(['1', '2', 'foo'].map((x) => call('toFloat', [x])), [new BoxedFloat(1), new BoxedFloat(2), null]);
  assert.deepEqual(call('toFloat', [4]), new BoxedFloat(4));
  assert.deepEqual(call('toFloat', ['1.5e3']), new BoxedFloat(1500));
  for (const bad of [true, [], {}, n, r, p] as Value[]) assert.throws(() => call('toFloat', [bad]), invalidValue);
});

test('toString (TypeConversion4)', () => {
  assert.equal(call('toString', [42]), '42');
  assert.equal(call('toString', [true]), 'true');
  assert.equal(call('toString', [false]), 'false');
  assert.deepEqual([1, f(2.3), true, 'apa'].map((x) => call('toString', [x])), ['1', '2.3', 'true', 'apa']);
  assert.equal(call('toString', [f(1)]), '1.0');
  assert.equal(call('toString', [2n ** 62n]), '4611686018427387904');
  assert.equal(call('toString', [null]), null);
  assert.equal(call('coalesce', [call('toString', [null]), 'x']), 'x');
  for (const bad of [[], {}, n, r, p] as Value[]) assert.throws(() => call('toString', [bad]), invalidValue);
});

test('OrNull forms return null where the strict forms fail; list forms convert element-wise', () => {
  for (const bad of [[], {}, n] as Value[]) {
    for (const fn of ['toBooleanOrNull', 'toIntegerOrNull', 'toFloatOrNull', 'toStringOrNull']) assert.equal(call(fn, [bad]), null, fn);
  }
  assert.equal(call('toIntegerOrNull', ['12']), 12);
  assert.equal(call('toFloatOrNull', [true]), null);
  assert.deepEqual(call('toIntegerList', [[1, '2', f(3.7), 'x', null, []]]), [1, 2, 3, null, null, null]);
  assert.deepEqual(call('toFloatList', [[1, '2.5']]), [new BoxedFloat(1), 2.5]);
  assert.deepEqual(call('toStringList', [[1, f(1), true, {}]]), ['1', '1.0', 'true', null]);
  assert.deepEqual(call('toBooleanList', [['true', 0, 'x']]), [true, false, null]);
  assert.equal(call('toIntegerList', [null]), null);
  assert.throws(() => call('toIntegerList', ['1']), invalidValue);
});

test('floats print as Java prints doubles', () => {
  const cases: [number, string][] = [
    [1, '1.0'],
    [-0, '-0.0'],
    [0, '0.0'],
    [2.3, '2.3'],
    [0.001, '0.001'],
    [0.0001, '1.0E-4'],
    [1234567, '1234567.0'],
    [1e7, '1.0E7'],
    [1.5e10, '1.5E10'],
    [-1.25e-7, '-1.25E-7'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [1e300, '1.0E300'],
  ];
  for (const [x, want] of cases) assert.equal(formatFloat(x), want, String(x));
});
