// Arithmetic over the value model: INTEGER results checked against exact
// bigint arithmetic with int64 overflow detected exactly at the edges,
// INTEGER/FLOAT mixing, division and modulo by zero, concatenation of
// strings and lists, null propagation and type errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CypherError } from '../../../src/base/errors.js';
import { add, divide, modulo, multiply, negate, power, subtract } from '../../../src/query/values/arithmetic.js';
import { BoxedFloat, isFloat, isInt, makeFloat, normInt, type Value } from '../../../src/query/values/value.js';
import { INT64_MAX, INT64_MIN, intValue, floatValue } from './value-arbitraries.js';

const f = (x: number): Value => makeFloat(x);

function cypherError(type: string, detail: string): (err: unknown) => boolean {
  return (err) => err instanceof CypherError && err.type === type && err.detail === detail && err.phase === 'runtime';
}

const overflow = cypherError('ArithmeticError', 'IntegerOverflow');

test('integer overflow is detected exactly at the int64 edges', () => {
  assert.equal(add(INT64_MAX - 1n, 1), INT64_MAX);
  assert.throws(() => add(INT64_MAX, 1), overflow);
  assert.equal(subtract(INT64_MIN + 1n, 1), INT64_MIN);
  assert.throws(() => subtract(INT64_MIN, 1), overflow);
  assert.throws(() => negate(INT64_MIN), overflow);
  assert.equal(negate(INT64_MAX), INT64_MIN + 1n);
  assert.equal(multiply(2n ** 62n, -2), INT64_MIN);
  assert.throws(() => multiply(2n ** 62n, 2), overflow);
  assert.throws(() => divide(INT64_MIN, -1), overflow);
  assert.equal(modulo(INT64_MIN, -1), 0);
  assert.throws(() => multiply(3037000500, 3037000500), overflow);
  assert.equal(multiply(3037000499, 3037000499), 9223372030926249001n);
  // Safe-integer results stay numbers; past 2^53 they become exact bigints.
  assert.equal(add(Number.MAX_SAFE_INTEGER, 1), 2n ** 53n);
  assert.equal(subtract(2n ** 53n, 1), Number.MAX_SAFE_INTEGER);
});

test('division and modulo: INTEGER truncates, by zero is an error; FLOAT follows IEEE 754', () => {
  assert.equal(divide(7, 2), 3);
  assert.equal(divide(-7, 2), -3);
  assert.equal(divide(7, -2), -3);
  assert.equal(modulo(-7, 2), -1);
  assert.equal(modulo(7, -2), 1);
  assert.equal(Object.is(divide(-1, 2), 0), true, 'INTEGER 0, never -0');
  assert.deepEqual(divide(f(1), 2), 0.5);
  assert.deepEqual(divide(1, f(2)), 0.5);
  assert.throws(() => divide(1, 0), cypherError('ArithmeticError', 'DivisionByZero'));
  assert.throws(() => modulo(1, 0), cypherError('ArithmeticError', 'DivisionByZero'));
  assert.equal(divide(f(1), 0), Infinity);
  assert.equal(divide(-1, f(0)), -Infinity);
  assert.ok(Number.isNaN(divide(f(0), f(0)) as number));
  assert.deepEqual(modulo(f(7.5), 2), 1.5);
  // TCK Mathematical8: 12 / 4 * 3 - 2 * 4 = 1 and 12 / 4 * (3 - 2 * 4) = -15
  assert.equal(subtract(multiply(divide(12, 4), 3), multiply(2, 4)), 1);
  assert.equal(multiply(divide(12, 4), subtract(3, multiply(2, 4))), -15);
});

test('mixed INTEGER and FLOAT give a FLOAT; ^ is always a FLOAT', () => {
  assert.deepEqual(add(1, f(1)), new BoxedFloat(2));
  assert.deepEqual(add(f(0.5), 1), 1.5);
  assert.deepEqual(multiply(2, f(1.5)), new BoxedFloat(3));
  assert.deepEqual(power(2, 3), new BoxedFloat(8));
  assert.deepEqual(power(2, -1), 0.5);
  assert.deepEqual(subtract(f(1), f(1)), new BoxedFloat(0));
  assert.deepEqual(negate(f(0)), new BoxedFloat(-0));
  assert.equal(negate(0), 0);
  assert.deepEqual(add(2n ** 60n, f(0.5)), 2 ** 60 + 0.5);
});

test('+ concatenates strings and lists', () => {
  assert.equal(add('a', 'b'), 'ab');
  assert.equal(add('a', 1), 'a1');
  assert.equal(add(1, 'a'), '1a');
  assert.equal(add('a', f(1)), 'a1.0');
  assert.equal(add('a', true), 'atrue');
  assert.deepEqual(add([1, 10, 100], [4, 5]), [1, 10, 100, 4, 5]);
  assert.deepEqual(add([false, true], false), [false, true, false]);
  assert.deepEqual(add(1, [2]), [1, 2]);
  assert.deepEqual(add([[], []], [[]]), [[], [], []]);
  assert.deepEqual(add([[1], [2, 3], [4, 5]], [8, 9]), [[1], [2, 3], [4, 5], 8, 9]);
  assert.deepEqual(add([], [1]), [1]);
});

test('null in, null out; other type combinations are TypeError/InvalidArgumentType', () => {
  for (const op of [add, subtract, multiply, divide, modulo, power]) {
    assert.equal(op(null, 1), null);
    assert.equal(op(1, null), null);
    assert.equal(op(null, null), null);
  }
  assert.equal(negate(null), null);
  const typeError = cypherError('TypeError', 'InvalidArgumentType');
  assert.throws(() => add(1, true), typeError);
  assert.throws(() => add({}, 1), typeError);
  assert.throws(() => add('a', {}), typeError);
  assert.throws(() => subtract('a', 'b'), typeError);
  assert.throws(() => subtract([1], 1), typeError);
  assert.throws(() => multiply('a', 2), typeError);
  assert.throws(() => divide(true, 1), typeError);
  assert.throws(() => modulo(1, '1'), typeError);
  assert.throws(() => power('2', 2), typeError);
  assert.throws(() => negate('1'), typeError);
  assert.throws(() => add(1, true), /INTEGER and BOOLEAN/);
});

type IntOp = [string, (a: Value, b: Value) => Value, (a: bigint, b: bigint) => bigint | undefined];
const intOps: IntOp[] = [
  ['+', add, (a, b) => a + b],
  ['-', subtract, (a, b) => a - b],
  ['*', multiply, (a, b) => a * b],
  ['/', divide, (a, b) => (b === 0n ? undefined : a / b)],
  ['%', modulo, (a, b) => (b === 0n ? undefined : a % b)],
];

test('property: INTEGER operations equal exact bigint arithmetic, or overflow exactly when it leaves int64', () => {
  for (const [name, op, exact] of intOps) {
    fc.assert(
      fc.property(intValue, intValue, (a, b) => {
        const want = exact(BigInt(a), BigInt(b));
        if (want === undefined) {
          assert.throws(() => op(a, b), cypherError('ArithmeticError', 'DivisionByZero'));
        } else if (want < INT64_MIN || want > INT64_MAX) {
          assert.throws(() => op(a, b), overflow, `${a} ${name} ${b}`);
        } else {
          const got = op(a, b);
          assert.ok(isInt(got), `${a} ${name} ${b} is an INTEGER`);
          assert.equal(got, normInt(want), `${a} ${name} ${b}`);
        }
      }),
      { numRuns: 2000 },
    );
  }
});

test('property: add and subtract round-trip', () => {
  fc.assert(
    fc.property(intValue, intValue, (a, b) => {
      let sum: Value;
      try {
        sum = add(a, b);
      } catch (err) {
        assert.ok(overflow(err));
        return;
      }
      assert.equal(subtract(sum, b), a);
    }),
    { numRuns: 3000 },
  );
  fc.assert(
    fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -1000, max: 1000 }), (x, k) => {
      const back = subtract(add(makeFloat(x), k), k);
      assert.ok(isFloat(back));
      const y = back instanceof BoxedFloat ? back.value : (back as number);
      assert.ok(Math.abs(y - x) <= 1e-9 * Math.max(1, Math.abs(x)), `${x} + ${k} - ${k} = ${y}`);
    }),
  );
});

test('property: any FLOAT operand gives a FLOAT result', () => {
  fc.assert(
    fc.property(floatValue, fc.oneof(intValue, floatValue), (x, y) => {
      for (const op of [add, subtract, multiply, divide, modulo, power]) {
        assert.ok(isFloat(op(x, y)), `${op.name}`);
        assert.ok(isFloat(op(y, x)), `${op.name} swapped`);
      }
    }),
    { numRuns: 1000 },
  );
});

test('property: INTEGER division and modulo satisfy a = b * (a / b) + a % b, the remainder taking the sign of a', () => {
  fc.assert(
    fc.property(intValue, intValue, (a, b) => {
      if (BigInt(b) === 0n || (BigInt(a) === INT64_MIN && BigInt(b) === -1n)) return;
      const q = BigInt(divide(a, b) as number | bigint);
      const r = BigInt(modulo(a, b) as number | bigint);
      assert.equal(BigInt(b) * q + r, BigInt(a));
      assert.ok((r < 0n ? -r : r) < (BigInt(b) < 0n ? -BigInt(b) : BigInt(b)));
      assert.ok(r === 0n || r < 0n === BigInt(a) < 0n);
    }),
    { numRuns: 3000 },
  );
});
