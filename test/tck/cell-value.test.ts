// The TCK cell-value parser: every kind of value the TCK writes in its tables,
// integers apart from floats, and rejection of text that is not one value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTckValue, TckValueSyntaxError, type TckValue } from './cell-value.js';

const int = (n: number | bigint): TckValue => ({ kind: 'integer', value: BigInt(n) });
const float = (x: number): TckValue => ({ kind: 'float', value: x });
const str = (s: string): TckValue => ({ kind: 'string', value: s });

test('integers stay integers, exactly, beyond 2^53', () => {
  assert.deepEqual(parseTckValue('1'), int(1));
  assert.deepEqual(parseTckValue('-42'), int(-42));
  assert.deepEqual(parseTckValue('9223372036854775807'), int(9223372036854775807n));
  assert.deepEqual(parseTckValue('-9223372036854775808'), int(-9223372036854775808n));
});

test('a dot or an exponent makes a float; NaN and Inf are floats', () => {
  assert.deepEqual(parseTckValue('1.0'), float(1));
  assert.deepEqual(parseTckValue('-0.000001'), float(-0.000001));
  assert.deepEqual(parseTckValue('1e-305'), float(1e-305));
  assert.deepEqual(parseTckValue('-1.2635418652381264e305'), float(-1.2635418652381264e305));
  assert.deepEqual(parseTckValue('.5'), float(0.5));
  assert.ok(Object.is((parseTckValue('-0.0') as { value: number }).value, -0));
  assert.ok(Number.isNaN((parseTckValue('NaN') as { value: number }).value));
  assert.deepEqual(parseTckValue('Inf'), float(Infinity));
  assert.deepEqual(parseTckValue('-Inf'), float(-Infinity));
});

test('strings: single quotes, escaped quotes and backslashes, unknown escapes kept', () => {
  assert.deepEqual(parseTckValue("''"), str(''));
  assert.deepEqual(parseTckValue("'a b'"), str('a b'));
  assert.deepEqual(parseTckValue("'it\\'s'"), str("it's"));
  assert.deepEqual(parseTckValue("'a\\\\b'"), str('a\\b'));
  assert.deepEqual(parseTckValue("'\\tx'"), str('\tx'));
  assert.deepEqual(parseTckValue("'\\u00e9'"), str('é'));
  assert.deepEqual(parseTckValue("'\\d'"), str('\\d'));
  assert.deepEqual(parseTckValue("'\nFoo\n'"), str('\nFoo\n'));
  assert.deepEqual(parseTckValue('"double"'), str('double'));
});

test('null and booleans are words, not prefixes', () => {
  assert.deepEqual(parseTckValue('null'), { kind: 'null' });
  assert.deepEqual(parseTckValue(' true '), { kind: 'boolean', value: true });
  assert.deepEqual(parseTckValue('false'), { kind: 'boolean', value: false });
  assert.throws(() => parseTckValue('nullx'), TckValueSyntaxError);
  assert.throws(() => parseTckValue('truex'), TckValueSyntaxError);
});

test('lists and maps nest, map keys may be backquoted', () => {
  assert.deepEqual(parseTckValue('[]'), { kind: 'list', items: [] });
  assert.deepEqual(parseTckValue("[1, 'a', [2.5, null]]"), {
    kind: 'list',
    items: [int(1), str('a'), { kind: 'list', items: [float(2.5), { kind: 'null' }] }],
  });
  assert.deepEqual(parseTckValue('{}'), { kind: 'map', entries: new Map() });
  assert.deepEqual(
    parseTckValue("{a: 1, `b c`: {d: 'x'}, ``: true}"),
    {
      kind: 'map',
      entries: new Map<string, TckValue>([
        ['a', int(1)],
        ['b c', { kind: 'map', entries: new Map([['d', str('x')]]) }],
        ['', { kind: 'boolean', value: true }],
      ]),
    },
  );
});

test('nodes: labels and properties, both optional', () => {
  assert.deepEqual(parseTckValue('()'), { kind: 'node', labels: [], properties: new Map() });
  assert.deepEqual(parseTckValue('(:A:B {name: 1})'), { kind: 'node', labels: ['A', 'B'], properties: new Map([['name', int(1)]]) });
  assert.deepEqual(parseTckValue("({p: 'x'})"), { kind: 'node', labels: [], properties: new Map([['p', str('x')]]) });
  assert.deepEqual(parseTckValue('(n:A)'), { kind: 'node', labels: ['A'], properties: new Map() });
});

test('relationships are told apart from lists by the colon', () => {
  assert.deepEqual(parseTckValue('[:T]'), { kind: 'relationship', type: 'T', properties: new Map() });
  assert.deepEqual(parseTckValue('[:T {w: 1.5}]'), { kind: 'relationship', type: 'T', properties: new Map([['w', float(1.5)]]) });
  assert.deepEqual(parseTckValue('[r:T]'), { kind: 'relationship', type: 'T', properties: new Map() });
  assert.deepEqual(parseTckValue('[[:T], 1]'), {
    kind: 'list',
    items: [{ kind: 'relationship', type: 'T', properties: new Map() }, int(1)],
  });
});

test('paths: hops in both directions, a single node path, paths in lists', () => {
  const node = (label: string | null): TckValue => ({ kind: 'node', labels: label === null ? [] : [label], properties: new Map() });
  const rel = (type: string) => ({ kind: 'relationship' as const, type, properties: new Map<string, TckValue>() });
  assert.deepEqual(parseTckValue('<(:A)-[:T]->(:B)<-[:U]-()>'), {
    kind: 'path',
    start: node('A'),
    steps: [
      { relationship: rel('T'), forward: true, node: node('B') },
      { relationship: rel('U'), forward: false, node: node(null) },
    ],
  });
  assert.deepEqual(parseTckValue('<()>'), { kind: 'path', start: node(null), steps: [] });
  const inList = parseTckValue('[<(:A)-[:T]->(:B)>]');
  assert.equal(inList.kind, 'list');
});

test('text that is not exactly one value is rejected with the offset', () => {
  for (const bad of ['', '1 2', "'open", '[1, 2', '{a 1}', '(:A', '[:T', '<(:A)-[:T]-(:B)>', '1.', 'abc', '{a: 1, a: 2}']) {
    assert.throws(() => parseTckValue(bad), TckValueSyntaxError, bad);
  }
  const err = (() => {
    try {
      parseTckValue('[1, ?]');
    } catch (e) {
      return e;
    }
    return null;
  })();
  assert.ok(err instanceof TckValueSyntaxError);
  assert.equal(err.offset, 4);
});
