// Graph, list, string, math and null functions: the TCK's expectations
// (Graph2-4, Graph8-9, Map3, Path2-3, List6-10, String1-5, Mathematical11,
// Conditional1) and the edges openCypher defines (null in, null out; wrong
// types are TypeError/InvalidArgumentValue; domains are ArgumentError).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CypherError } from '../../../src/base/errors.js';
import { RANGE_LENGTH_MAX } from '../../../src/query/functions/list-functions.js';
import { BoxedFloat, NodeRef, PathValue, RelRef, makeFloat, type Value } from '../../../src/query/values/value.js';
import { fakeGraph } from '../values/fake-graph.js';
import { call, cypherError } from './call-function.js';

const f = (x: number): Value => makeFloat(x);
const invalidValue = cypherError('TypeError', 'InvalidArgumentValue');
const outOfRange = cypherError('ArgumentError', 'NumberOutOfRange');

const graph = fakeGraph({
  nodes: { 1: { labels: ['Foo', 'Bar'], props: { name: 'Popeye', level: 9001 } }, 2: {}, 3: { labels: ['Person'] } },
  rels: { 10: { type: 'T1', props: { name: 'Popeye', level: 9001 } }, 11: { type: 'T2' } },
});
const a = new NodeRef(1);
const b = new NodeRef(2);
const r = new RelRef(10, 1, 2, 0);
const r2 = new RelRef(11, 2, 1, 1);
const path = new PathValue([a, b, a], [r, r2]);

test('graph functions: id, labels, type, keys, properties, startNode, endNode, nodes, relationships, length', () => {
  assert.equal(call('id', [a], graph), 1);
  assert.equal(call('id', [r], graph), 10);
  assert.deepEqual(call('labels', [a], graph), ['Foo', 'Bar']);
  assert.deepEqual(call('labels', [b], graph), []);
  assert.equal(call('type', [r], graph), 'T1');
  assert.equal(call('type', [r2], graph), 'T2');
  assert.deepEqual(call('keys', [a], graph), ['name', 'level']);
  assert.deepEqual(call('keys', [r2], graph), []);
  assert.deepEqual(call('keys', [{ name: 'Alice', age: 38, address: { city: 'London' } }], graph), ['name', 'age', 'address']);
  assert.deepEqual(call('keys', [{ k: null, l: 1 }], graph), ['k', 'l']);
  assert.deepEqual(call('properties', [a], graph), { name: 'Popeye', level: 9001 });
  assert.deepEqual(call('properties', [r], graph), { name: 'Popeye', level: 9001 });
  assert.deepEqual(call('properties', [{ name: 'Popeye', level: 9001 }], graph), { name: 'Popeye', level: 9001 });
  assert.deepEqual(call('startNode', [r], graph), a);
  assert.deepEqual(call('endNode', [r], graph), b);
  assert.deepEqual(call('nodes', [path], graph), [a, b, a]);
  assert.deepEqual(call('relationships', [path], graph), [r, r2]);
  assert.equal(call('length', [path], graph), 2);
  assert.equal(call('length', [new PathValue([a], [])], graph), 0);
  for (const name of ['id', 'labels', 'type', 'keys', 'properties', 'startNode', 'endNode', 'nodes', 'relationships', 'length']) {
    assert.equal(call(name, [null], graph), null, `${name}(null)`);
  }
});

test('graph functions reject other types with InvalidArgumentValue (Graph3 [8], Graph4 [6])', () => {
  assert.throws(() => call('labels', [r], graph), invalidValue);
  assert.throws(() => call('labels', [path], graph), invalidValue);
  for (const bad of [0, f(1), true, '', [], a] as Value[]) assert.throws(() => call('type', [bad], graph), invalidValue);
  for (const bad of [1, 'Cypher', [true, false]] as Value[]) assert.throws(() => call('properties', [bad], graph), invalidValue);
  assert.throws(() => call('length', [a], graph), invalidValue);
  assert.throws(() => call('length', [r], graph), invalidValue);
  assert.throws(() => call('startNode', [a], graph), invalidValue);
  assert.throws(() => call('nodes', [[a]], graph), invalidValue);
  assert.throws(() => call('id', [{}], graph), invalidValue);
});

test('size, head, last, tail, reverse (List6-10, String3)', () => {
  assert.equal(call('size', [[1, 2, 3]]), 3);
  assert.equal(call('size', [[[], [], []]]), 3);
  assert.equal(call('size', ['abc']), 3);
  assert.equal(call('size', ['\u{1F600}a']), 2, 'code points');
  assert.equal(call('size', [null]), null);
  assert.throws(() => call('size', [path]), invalidValue);
  assert.throws(() => call('size', [1]), invalidValue);
  assert.equal(call('head', [[1, 2]]), 1);
  assert.equal(call('head', [[]]), null);
  assert.equal(call('last', [[1, 2]]), 2);
  assert.equal(call('last', [[]]), null);
  assert.deepEqual(call('tail', [call('tail', [[1, 2, 3, 4, 5]])]), [3, 4, 5]);
  assert.deepEqual(call('tail', [[]]), []);
  assert.deepEqual(call('reverse', [[4923, 'abc', 521, null, 487]]), [487, null, 521, 'abc', 4923]);
  assert.equal(call('reverse', ['raksO']), 'Oskar');
  assert.equal(call('reverse', ['a\u{1F600}b']), 'b\u{1F600}a');
  for (const name of ['head', 'last', 'tail', 'reverse']) assert.equal(call(name, [null]), null);
  assert.throws(() => call('head', ['abc']), invalidValue);
  assert.equal(call('isEmpty', [[]]), true);
  assert.equal(call('isEmpty', [{ a: 1 }]), false);
});

test('range: inclusive bounds, any step sign, zero step is NumberOutOfRange', () => {
  assert.deepEqual(call('range', [0, 5]), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(call('range', [2, 18, 3]), [2, 5, 8, 11, 14, 17]);
  assert.deepEqual(call('range', [5, 1, -2]), [5, 3, 1]);
  assert.deepEqual(call('range', [5, 1]), []);
  assert.deepEqual(call('range', [0, 0]), [0]);
  assert.deepEqual(call('range', [2n ** 63n - 3n, 2n ** 63n - 1n]), [2n ** 63n - 3n, 2n ** 63n - 2n, 2n ** 63n - 1n]);
  assert.deepEqual(call('range', [-(2n ** 63n), 2n ** 63n - 1n, 2n ** 63n - 1n]), [-(2n ** 63n), -1, 2n ** 63n - 2n]);
  assert.throws(() => call('range', [1, 5, 0]), outOfRange);
  assert.throws(() => call('range', [0, RANGE_LENGTH_MAX]), outOfRange);
  // A non-INTEGER argument is ArgumentError/InvalidArgumentType (openCypher's List11), null too.
  const rangeArgument = (e: unknown): boolean => e instanceof CypherError && e.type === 'ArgumentError' && e.detail === 'InvalidArgumentType';
  assert.throws(() => call('range', [f(1.5), 5]), rangeArgument);
  assert.throws(() => call('range', [true, 5]), rangeArgument);
  assert.throws(() => call('range', [null, 5]), rangeArgument);
});

test('string functions (String1-5, String12)', () => {
  assert.equal(call('substring', ['0123456789', 1]), '123456789');
  assert.equal(call('substring', ['0123456789', 1, 3]), '123');
  assert.equal(call('substring', ['abc', 5]), '');
  assert.equal(call('substring', ['\u{1F600}ab', 1, 1]), 'a');
  assert.throws(() => call('substring', ['abc', -1]), outOfRange);
  assert.throws(() => call('substring', ['abc', 0, -1]), outOfRange);
  assert.equal(call('left', ['Hello', 3]), 'Hel');
  assert.equal(call('left', ['Hello', 10]), 'Hello');
  assert.equal(call('right', ['Hello', 3]), 'llo');
  assert.equal(call('right', ['Hello', 0]), '');
  assert.deepEqual(call('split', ['one1two', '1']), ['one', 'two']);
  assert.deepEqual(call('split', ['a,b,', ',']), ['a', 'b', '']);
  assert.deepEqual(call('split', ['abc', '']), ['a', 'b', 'c']);
  assert.deepEqual(call('split', ['a-b_c', ['-', '_']]), ['a', 'b', 'c']);
  assert.equal(call('toLower', ['ABC def']), 'abc def');
  assert.equal(call('TOUPPER', ['abc']), 'ABC');
  assert.equal(call('trim', ['  a b  ']), 'a b');
  assert.equal(call('ltrim', ['  a  ']), 'a  ');
  assert.equal(call('rtrim', ['  a  ']), '  a');
  assert.equal(call('btrim', ['xxaxx', 'x']), 'a');
  assert.equal(call('replace', ['hello', 'l', 'w']), 'hewwo');
  assert.equal(call('replace', ['a$b', '$', '$$']), 'a$$b', 'no replacement patterns');
  assert.equal(call('replace', ['ab', '', '-']), '-a-b-');
  for (const [name, args] of [
    ['substring', [null, 1]],
    ['substring', ['abc', null]],
    ['left', [null, 1]],
    ['right', ['a', null]],
    ['split', [null, ',']],
    ['split', ['a', null]],
    ['toLower', [null]],
    ['trim', [null]],
    ['replace', ['a', null, 'b']],
  ] as [string, Value[]][]) {
    assert.equal(call(name, args), null, `${name}(${args.map(String).join(', ')})`);
  }
  assert.throws(() => call('toUpper', [1]), invalidValue);
  assert.throws(() => call('split', ['a', 1]), invalidValue);
  assert.throws(() => call('substring', ['abc', f(1)]), invalidValue);
});

test('math functions (Mathematical11 and the rest)', () => {
  assert.equal(call('abs', [-1]), 1);
  assert.deepEqual(call('abs', [f(-1.5)]), 1.5);
  assert.deepEqual(call('abs', [f(-2)]), new BoxedFloat(2));
  assert.equal(call('abs', [-(2n ** 62n)]), 2n ** 62n);
  assert.throws(() => call('abs', [-(2n ** 63n)]), cypherError('ArithmeticError', 'IntegerOverflow'));
  assert.deepEqual(call('ceil', [f(1.2)]), new BoxedFloat(2));
  assert.deepEqual(call('ceil', [1]), new BoxedFloat(1));
  assert.deepEqual(call('floor', [f(-1.2)]), new BoxedFloat(-2));
  assert.deepEqual(call('round', [f(2.5)]), new BoxedFloat(3));
  assert.deepEqual(call('round', [f(-2.5)]), new BoxedFloat(-2));
  assert.deepEqual(call('round', [f(3.141592), 3]), 3.142);
  assert.deepEqual(call('round', [f(2.675), 2]), 2.68);
  assert.deepEqual(call('round', [f(-1.5), 0]), new BoxedFloat(-2));
  assert.deepEqual(call('round', [f(1234.5), -2]), new BoxedFloat(1200));
  assert.deepEqual(call('round', [f(2.5), 0, 'HALF_EVEN']), new BoxedFloat(2));
  assert.deepEqual(call('round', [f(3.5), 0, 'HALF_EVEN']), new BoxedFloat(4));
  assert.deepEqual(call('round', [f(1.21), 1, 'UP']), 1.3);
  assert.deepEqual(call('round', [f(-1.21), 1, 'UP']), -1.3);
  assert.deepEqual(call('round', [f(-1.29), 1, 'DOWN']), -1.2);
  assert.deepEqual(call('round', [f(-1.21), 1, 'CEILING']), -1.2);
  assert.deepEqual(call('round', [f(-1.21), 1, 'FLOOR']), -1.3);
  assert.deepEqual(call('round', [f(1.25), 1, 'HALF_DOWN']), 1.2);
  assert.deepEqual(call('round', [f(0.0006), 2, 'UP']), 0.01);
  assert.throws(() => call('round', [f(1.5), 0, 'SIDEWAYS']), invalidValue);
  assert.equal(call('sign', [-5]), -1);
  assert.equal(call('sign', [f(0.5)]), 1);
  assert.equal(call('sign', [0]), 0);
  assert.equal(call('sign', [-(2n ** 62n)]), -1);
  assert.deepEqual(call('sqrt', [16]), new BoxedFloat(4));
  assert.ok(Number.isNaN(call('sqrt', [-1]) as number));
  assert.ok(Number.isNaN(call('log', [-1]) as number));
  assert.deepEqual(call('log10', [100]), new BoxedFloat(2));
  assert.deepEqual(call('exp', [0]), new BoxedFloat(1));
  assert.equal(call('e', []), Math.E);
  assert.equal(call('pi', []), Math.PI);
  assert.deepEqual(call('degrees', [f(Math.PI)]), new BoxedFloat(180));
  assert.equal(call('radians', [180]), Math.PI);
  assert.deepEqual(call('haversin', [0]), new BoxedFloat(0));
  assert.equal(call('atan2', [1, 1]), Math.PI / 4);
  assert.equal(call('cot', [f(0.5)]), 1 / Math.tan(0.5));
  assert.equal(call('isNaN', [NaN]), true);
  for (const name of ['abs', 'ceil', 'floor', 'round', 'sign', 'sqrt', 'sin', 'log']) {
    assert.equal(call(name, [null]), null, `${name}(null)`);
    assert.throws(() => call(name, ['1']), invalidValue, `${name}('1')`);
  }
});

test('rand() is a volatile FLOAT in [0, 1)', () => {
  for (let i = 0; i < 100; i++) {
    const x = call('rand', []);
    const v = x instanceof BoxedFloat ? x.value : (x as number);
    assert.ok(v >= 0 && v < 1);
  }
});

test('coalesce and nullIf (Conditional1)', () => {
  assert.equal(call('coalesce', [null, null, 'x', 'y']), 'x');
  assert.equal(call('coalesce', [null]), null);
  assert.deepEqual(call('coalesce', [null, [1]]), [1]);
  assert.equal(call('nullIf', [1, f(1)]), null);
  assert.equal(call('nullIf', [1, 2]), 1);
  assert.equal(call('nullIf', [null, 2]), null);
});
