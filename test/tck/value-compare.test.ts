// TCK value comparison: integers vs floats, NaN, lists in and out of order,
// maps in any key order, nodes, relationships and paths without ids, and the
// TCK-syntax formatting of result values used in reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Node, Path, Relationship } from '../../src/query/values/public-values.js';
import { DurationValue, TemporalValue } from '../../src/graph/temporal-value.js';
import { BoxedFloat } from '../../src/query/values/value.js';
import { parseTckValue } from './cell-value.js';
import { formatPublicValue, matchesAsMultiset, matchesTckValue, type ResultValue } from './value-compare.js';

const ordered = { ignoreListOrder: false };
const unordered = { ignoreListOrder: true };
const matches = (cell: string, actual: ResultValue, options = ordered): boolean => matchesTckValue(parseTckValue(cell), actual, options);

test('1 matches only an integer, 1.0 only a float', () => {
  assert.ok(matches('1', 1));
  assert.ok(matches('1', 1n));
  assert.ok(!matches('1', new BoxedFloat(1)));
  assert.ok(!matches('1', 1.5));
  assert.ok(matches('1.0', new BoxedFloat(1)));
  assert.ok(!matches('1.0', 1));
  assert.ok(matches('1.5', 1.5));
  assert.ok(!matches('1.5', 1.50001));
  assert.ok(matches('9223372036854775807', 9223372036854775807n));
  assert.ok(!matches('9223372036854775807', 9223372036854775806n));
  assert.ok(matches('9007199254740993.0', 9007199254740992));
});

test('floats: NaN matches NaN, -0.0 and 0.0 are equal, -0 is a float', () => {
  assert.ok(matches('NaN', Number.NaN));
  assert.ok(!matches('NaN', 1.5));
  assert.ok(matches('-0.0', -0));
  assert.ok(matches('0.0', -0));
  assert.ok(matches('-0.0', new BoxedFloat(0)));
  assert.ok(!matches('0', -0));
  assert.ok(matches('Inf', Infinity));
  assert.ok(matches('1e308', 1e308));
});

test('strings, booleans and null compare exactly and never across types', () => {
  assert.ok(matches("'a'", 'a'));
  assert.ok(!matches("'1'", 1));
  assert.ok(!matches('1', '1'));
  assert.ok(matches('true', true));
  assert.ok(!matches('true', 1));
  assert.ok(matches('null', null));
  assert.ok(!matches('null', 'null'));
  assert.ok(!matches("''", null));
});

test('temporal values match the string of their ISO text, as the TCK writes them', () => {
  const date = new TemporalValue('DATE', 0, 0, 0);
  assert.equal(date.toString(), '1970-01-01');
  assert.ok(matches("'1970-01-01'", date));
  assert.ok(!matches("'1970-01-02'", date));
  assert.ok(matches('[\'1970-01-01\']', [date]));
  const duration = new DurationValue(14, 3, 0, 0);
  assert.ok(matches(`'${duration.toString()}'`, duration));
  assert.ok(!matches("'PT0S'", duration));
  assert.equal(formatPublicValue([date]), "['1970-01-01']");
});

test('lists compare in order unless element order is ignored, at every depth', () => {
  assert.ok(matches('[1, 2]', [1, 2]));
  assert.ok(!matches('[1, 2]', [2, 1]));
  assert.ok(matches('[1, 2]', [2, 1], unordered));
  assert.ok(matches('[[1, 2], 3]', [3, [2, 1]], unordered));
  assert.ok(!matches('[1, 1, 2]', [1, 2, 2], unordered));
  assert.ok(!matches('[1, 2]', [1, 2, 3], unordered));
  assert.ok(!matches('[]', {}));
});

test('maps compare by keys and values in any key order; a node is not a map', () => {
  assert.ok(matches('{a: 1, b: [true]}', { b: [true], a: 1 }));
  assert.ok(!matches('{a: 1}', { a: 1, b: 2 }));
  assert.ok(!matches('{a: 1, b: 2}', { a: 1 }));
  assert.ok(matches('{a: null}', { a: null }));
  assert.ok(!matches('{a: null}', {}));
  assert.ok(!matches('{}', new Node(1, [], {})));
  assert.ok(!matches('()', {}));
});

test('nodes: labels as a set and properties, never ids', () => {
  assert.ok(matches('(:A:B {p: 1})', new Node(7, ['B', 'A'], { p: 1 })));
  assert.ok(matches('()', new Node(0, [], {})));
  assert.ok(!matches('(:A)', new Node(0, ['A', 'B'], {})));
  assert.ok(!matches('(:A {p: 1})', new Node(0, ['A'], { p: new BoxedFloat(1) })));
  assert.ok(!matches('(:A)', new Node(0, ['A'], { p: 1 })));
});

test('relationships: type and properties', () => {
  assert.ok(matches("[:T {name: 'x'}]", new Relationship(3, 'T', 1, 2, { name: 'x' })));
  assert.ok(!matches('[:T]', new Relationship(3, 'U', 1, 2, {})));
  assert.ok(!matches('[:T]', new Relationship(3, 'T', 1, 2, { w: 1 })));
});

test('paths: nodes, relationships and the direction of every hop', () => {
  const a = new Node(1, ['A'], {});
  const b = new Node(2, ['B'], {});
  const c = new Node(3, [], {});
  const ab = new Relationship(10, 'T', 1, 2, {});
  const cb = new Relationship(11, 'U', 3, 2, {});
  const path = new Path([a, b, c], [ab, cb]);
  assert.ok(matches('<(:A)-[:T]->(:B)<-[:U]-()>', path));
  assert.ok(!matches('<(:A)-[:T]->(:B)-[:U]->()>', path));
  assert.ok(!matches('<(:A)-[:T]->(:B)>', path));
  assert.ok(matches('<(:A)>', new Path([a], [])));
  const loop = new Relationship(12, 'L', 1, 1, {});
  assert.ok(matches('<(:A)-[:L]->(:A)>', new Path([a, a], [loop])));
  assert.ok(matches('<(:A)<-[:L]-(:A)>', new Path([a, a], [loop])));
});

test('multiset matching finds a pairing where a greedy one would not', () => {
  // Expected 'x' matches both actuals, 'y' only the first: greedy would pair x with the first and fail.
  const ok = matchesAsMultiset(['x', 'y'], ['xy', 'x'], (e, a) => a.includes(e));
  assert.ok(ok);
  assert.ok(!matchesAsMultiset(['y', 'y'], ['xy', 'x'], (e, a) => a.includes(e)));
});

test('result values format in TCK syntax', () => {
  assert.equal(formatPublicValue(1), '1');
  assert.equal(formatPublicValue(new BoxedFloat(1)), '1.0');
  assert.equal(formatPublicValue(-0), '-0.0');
  assert.equal(formatPublicValue(1e305), '1e305');
  assert.equal(formatPublicValue(2n ** 62n), '4611686018427387904');
  assert.equal(formatPublicValue("it's"), "'it\\'s'");
  assert.equal(formatPublicValue([1, null, { a: true, 'b c': 'x' }]), "[1, null, {a: true, `b c`: 'x'}]");
  const a = new Node(1, ['A'], { p: 1 });
  const b = new Node(2, [], {});
  const r = new Relationship(5, 'T', 2, 1, { w: 0.5 });
  assert.equal(formatPublicValue(a), '(:A {p: 1})');
  assert.equal(formatPublicValue(r), '[:T {w: 0.5}]');
  assert.equal(formatPublicValue(new Path([a, b], [r])), '<(:A {p: 1})<-[:T {w: 0.5}]-()>');
  for (const text of ['(:A {p: 1})', '[:T {w: 0.5}]', '<(:A {p: 1})<-[:T {w: 0.5}]-()>']) {
    assert.doesNotThrow(() => parseTckValue(text));
  }
});
