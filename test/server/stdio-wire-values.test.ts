// The stdio wire values (src/server/stdio/wire-values.ts): each row of the
// format table encoded and decoded by hand, the shortest form always written,
// and the rules W1-W3 (one-key tags, $-keyed maps escaped, unknown tags refused).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BoxedFloat } from '../../src/graph/boxed-float.js';
import { Node, Path, Relationship } from '../../src/query/values/public-values.js';
import { decodeValue, encodeValue } from '../../src/server/stdio/wire-values.js';

test('the format table, value to wire', () => {
  const node = new Node(1, ['User'], { name: 'Ada' });
  const rel = new Relationship(7, 'KNOWS', 1, 2, { since: 2020 });
  const rows: Array<[unknown, unknown]> = [
    [null, null],
    [true, true],
    ['text', 'text'],
    [12, 12],
    [-9007199254740991, -9007199254740991],
    [0.5, 0.5],
    [1e300, { $float: '1e+300' }], // integral beyond 2^53: JSON text would read as an integer in Python
    [2 ** 60, { $float: '1152921504606847000' }], // the shortest text of the same double
    [9007199254740993n, { $int: '9007199254740993' }],
    [-(2n ** 63n), { $int: '-9223372036854775808' }],
    [42n, 42],
    [new BoxedFloat(1), { $float: '1' }],
    [new BoxedFloat(-0), { $float: '-0' }],
    [-0, { $float: '-0' }],
    [NaN, { $float: 'NaN' }],
    [Infinity, { $float: 'Infinity' }],
    [-Infinity, { $float: '-Infinity' }],
    [new Uint8Array([0, 1, 2, 255]), { $bytes: 'AAEC/w==' }],
    [new Date('2024-05-01T12:00:00.000Z'), { $date: '2024-05-01T12:00:00.000Z' }],
    [[1, 'a', null], [1, 'a', null]],
    [{ a: 1, b: [2n ** 62n] }, { a: 1, b: [{ $int: '4611686018427387904' }] }],
    [{ $x: 1, y: 2 }, { $map: { $x: 1, y: 2 } }],
    [node, { $node: { id: 1, labels: ['User'], properties: { name: 'Ada' } } }],
    [rel, { $rel: { id: 7, type: 'KNOWS', start: 1, end: 2, properties: { since: 2020 } } }],
    [new Path([node, new Node(2, [], {})], [rel]), { $path: { nodes: [{ id: 1, labels: ['User'], properties: { name: 'Ada' } }, { id: 2, labels: [], properties: {} }], relationships: [{ id: 7, type: 'KNOWS', start: 1, end: 2, properties: { since: 2020 } }] } }],
  ];
  for (const [value, wire] of rows) assert.deepEqual(encodeValue(value), wire, `encode ${String(value)}`);
});

test('the format table, wire to value', () => {
  assert.equal(decodeValue({ $int: '9223372036854775807' }, 'p'), 9223372036854775807n);
  assert.equal(decodeValue({ $int: '12' }, 'p'), 12); // the engine's canonical form: a safe integer is a number
  const one = decodeValue({ $float: '1' }, 'p');
  assert.ok(one instanceof BoxedFloat && one.value === 1, 'an integral float stays a float, boxed');
  const negZero = decodeValue({ $float: '-0.0' }, 'p');
  assert.ok(negZero instanceof BoxedFloat && Object.is(negZero.value, -0));
  assert.equal(decodeValue({ $float: '1e+300' }, 'p'), 1e300);
  assert.ok(Number.isNaN(decodeValue({ $float: 'NaN' }, 'p') as number));
  assert.equal(decodeValue({ $float: 'Infinity' }, 'p'), Infinity);
  assert.deepEqual(decodeValue({ $bytes: 'AAEC/w==' }, 'p'), new Uint8Array([0, 1, 2, 255]));
  assert.deepEqual(decodeValue({ $date: '2024-05-01T14:00:00.000+02:00' }, 'p'), new Date('2024-05-01T12:00:00.000Z'));
  assert.deepEqual(decodeValue({ $map: { $x: { $int: '9007199254740993' } } }, 'p'), { $x: 9007199254740993n });
  assert.deepEqual(decodeValue({ a: [1, { b: null }] }, 'p'), { a: [1, { b: null }] });
  const node = decodeValue({ $node: { id: 3, labels: ['A'], properties: { k: { $bytes: 'AQ==' } } } }, 'p');
  assert.ok(node instanceof Node);
  assert.deepEqual(node.properties, { k: new Uint8Array([1]) });
  const proto = decodeValue(JSON.parse('{"__proto__": {"polluted": 1}}'), 'p') as Record<string, unknown>;
  assert.deepEqual(Object.keys(proto), ['__proto__']);
  assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
});

test('what the encoder writes, the decoder reads back to the same value', () => {
  const values: unknown[] = [0, -1, 0.25, 2n ** 63n - 1n, new Uint8Array([9]), new Date(86_400_000), ['x', [1, 2]], { $k: { z: -3.5 } }];
  for (const v of values) assert.deepEqual(decodeValue(encodeValue(v), 'p'), v);
});

test('bad tags are INVALID_ARG naming their place (W1-W3)', () => {
  const bad: Array<[unknown, RegExp]> = [
    [{ x: { $weird: 1 } }, /p\.x: unknown tag "\$weird"/],
    [{ $int: 12 }, /\{"\$int": \.\.\.\} holds a string/],
    [{ $int: '1.5' }, /is not a decimal integer/],
    [{ $float: 'one' }, /is not a number/],
    [{ $bytes: '***' }, /is not base64/],
    [{ $date: '2024-05-01T12:00:00' }, /with a zone/],
    [{ $x: 1, y: 2 }, /key "\$x" starts with "\$"; send such a map as \{"\$map"/],
    [[{ $map: [1] }], /p\[0\]: \{"\$map": \.\.\.\} holds an object/],
  ];
  for (const [wire, message] of bad) {
    assert.throws(() => decodeValue(wire, 'p'), (err: unknown) => (err as { code?: string }).code === 'INVALID_ARG' && message.test((err as Error).message), JSON.stringify(wire));
  }
});

test('stored dates, times and durations travel as their ISO 8601 text, as query results give them', async () => {
  const { Database } = await import('../../src/db/database.js');
  const db = await Database.open(':memory:');
  try {
    await db.cypher("CREATE (:T {d: date('2024-05-01'), t: localtime('12:30'), p: duration('P1M2DT3S')})");
    const id = (await db.cypher('MATCH (t:T) RETURN id(t) AS id')).rows[0]!['id'] as number;
    const props = db.getNode(id)!.props;
    assert.deepEqual(encodeValue(props), { d: '2024-05-01', t: '12:30', p: 'P1M2DT3S' });
    const row = (await db.cypher('MATCH (t:T) RETURN t.d AS d')).rows[0]!;
    assert.deepEqual(encodeValue(row), { d: '2024-05-01' });
  } finally {
    await db.close();
  }
});
