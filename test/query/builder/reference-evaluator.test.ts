// The reference evaluator itself, on a graph small enough to answer by hand:
// if it were wrong, the engine-versus-reference tests would prove nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSpec } from '../../../src/query/builder/query-spec.js';
import { compareWithReference, evaluateSpec, numCmp, resultKey, type RefGraph } from './reference-evaluator.js';

//   1:User{name:Ada,age:36}  --F-->  2:User{name:Alan,age:41}
//   2 --F--> 1  (mutual)     2 --G--> 3:Post{title:'x'}     3 --F--> 3 (self-loop)
const g: RefGraph = {
  nodes: [
    { id: 1, labels: ['User'], props: { name: 'Ada', age: 36 } },
    { id: 2, labels: ['User'], props: { name: 'Alan', age: 41 } },
    { id: 3, labels: ['Post'], props: { title: 'x', big: 2n ** 55n + 1n } },
  ],
  edges: [
    { id: 1, src: 1, dst: 2, type: 'F', props: {} },
    { id: 2, src: 2, dst: 1, type: 'F', props: {} },
    { id: 3, src: 2, dst: 3, type: 'G', props: { w: 2 } },
    { id: 4, src: 3, dst: 3, type: 'F', props: {} },
  ],
};

function run(spec: unknown, params: Record<string, unknown> = {}): unknown[][] {
  const r = evaluateSpec(g, checkSpec(spec).spec, params);
  return r.rows.slice(r.start, r.end);
}

const ids = (rows: unknown[][]): unknown[] => rows.map((r) => r.map((v) => (typeof v === 'object' && v !== null && 'node' in v ? (v as { node: { id: number } }).node.id : v)));

test('reference: single hops by type and direction, self-loops once when undirected', () => {
  const base = { $schemaVersion: 2, nodes: [{ var: 'a' }, { var: 'b' }], select: [{ id: 'a' }, { id: 'b' }], orderBy: [{ key: 'id(a)' }, { key: 'id(b)' }] };
  assert.deepEqual(run({ ...base, edges: [{ from: 'a', to: 'b', types: ['F'] }] }), [[1, 2], [2, 1], [3, 3]]);
  assert.deepEqual(run({ ...base, edges: [{ from: 'a', to: 'b', types: ['F', 'G'], direction: 'in' }] }), [[1, 2], [2, 1], [3, 2], [3, 3]]);
  assert.deepEqual(run({ ...base, edges: [{ from: 'a', to: 'b', direction: 'both' }] }), [[1, 2], [1, 2], [2, 1], [2, 1], [2, 3], [3, 2], [3, 3]]);
});

test('reference: a cycle needs both edges, and one edge never fills two steps', () => {
  const spec = { $schemaVersion: 2, nodes: [{ var: 'a' }, { var: 'b' }], edges: [{ from: 'a', to: 'b', types: ['F'] }, { from: 'b', to: 'a', types: ['F'] }], select: [{ id: 'a' }, { id: 'b' }], orderBy: [{ key: 'id(a)' }] };
  // the self-loop 3->3 would close the cycle with itself; relationship uniqueness forbids it
  assert.deepEqual(run(spec), [[1, 2], [2, 1]]);
});

test('reference: variable-length trails, zero hops, no edge twice', () => {
  const spec = (min: number, max: number): unknown => ({
    $schemaVersion: 2,
    nodes: [{ var: 'a', label: 'User' }, { var: 'b' }],
    edges: [{ from: 'a', to: 'b', minHops: min, maxHops: max }],
    select: [{ id: 'a' }, { id: 'b' }],
    orderBy: [{ key: 'id(a)' }, { key: 'id(b)' }],
  });
  // from 1: 1->2, 1->2->1, 1->2->3, 1->2->3->3; from 2: 2->1, 2->3, 2->1->2, 2->3->3, 2->1->2->3
  assert.deepEqual(run(spec(1, 3)), [[1, 1], [1, 2], [1, 3], [1, 3], [2, 1], [2, 2], [2, 3], [2, 3], [2, 3]]);
  assert.deepEqual(run(spec(0, 0)), [[1, 1], [2, 2]]);
});

test('reference: three-valued predicates, exact numbers, aggregation, distinct, paging', () => {
  const base = { $schemaVersion: 2, nodes: [{ var: 'n' }] };
  // missing age is null: gt is null, not is null, neither row passes
  assert.deepEqual(ids(run({ ...base, where: { op: 'not', args: [{ op: 'gt', args: [{ var: 'n', prop: 'age' }, { value: 40 }] }] } })), [[1]]);
  assert.deepEqual(ids(run({ ...base, where: { op: 'gt', args: [{ var: 'n', prop: 'big' }, { value: 2 ** 55 }] } })), [[3]], '2^55+1 > 2^55.0 exactly');
  assert.deepEqual(ids(run({ ...base, where: { op: 'eq', args: [{ var: 'n', prop: 'big' }, { value: 2 ** 55 }] } })), []);
  assert.deepEqual(ids(run({ ...base, where: { op: 'inList', args: [{ var: 'n', prop: 'age' }, { value: [1, null] }] } })), [], 'x IN [1, null] is null');
  assert.deepEqual(
    run({ ...base, select: [{ var: 'n', prop: 'name', as: 'name' }, { agg: 'count', as: 'c' }], orderBy: [{ key: 'name', direction: 'desc' }] }),
    [[null, 1], ['Alan', 1], ['Ada', 1]],
    'nulls first when descending',
  );
  assert.deepEqual(run({ ...base, select: [{ agg: 'sum', var: 'n', prop: 'age', as: 's' }, { agg: 'avg', var: 'n', prop: 'age', as: 'a' }, { agg: 'collect', var: 'n', prop: 'name', as: 'c' }] }), [[77, 38.5, ['Ada', 'Alan']]]);
  assert.deepEqual(run({ ...base, where: { op: 'eq', args: [{ id: 'n' }, { value: 99 }] }, select: [{ agg: 'count', as: 'c' }, { agg: 'max', var: 'n', prop: 'age', as: 'm' }] }), [[0, null]], 'no rows, no grouping: one row');
  assert.deepEqual(run({ ...base, select: [{ var: 'n', prop: 'x', as: 'x' }], distinct: true }), [[null]]);
  assert.deepEqual(ids(run({ ...base, select: [{ id: 'n', as: 'i' }], orderBy: [{ key: 'i', direction: 'desc' }], skip: 1, limit: 1 })), [[2]]);
});

test('reference: exact numeric order and result keys tell ints from floats', () => {
  assert.equal(numCmp(2n ** 55n + 1n, 2 ** 55), 1);
  assert.equal(numCmp(2 ** 55, 2n ** 55n), 0);
  assert.equal(numCmp(0.5, 0n), 1);
  assert.equal(numCmp(-0.5, 0n), -1);
  assert.notEqual(resultKey(2 ** 55), resultKey(2n ** 55n));
  assert.equal(resultKey(3), resultKey(3n));
});

test('comparison with the reference accepts any tie-break at a page boundary and nothing else', () => {
  const spec = checkSpec({ $schemaVersion: 2, nodes: [{ var: 'n', label: 'User' }], select: [{ var: 'n', prop: 'name', as: 'name' }, { var: 'n', prop: 'big', as: 'k' }], orderBy: [{ key: 'k' }], limit: 1 }).spec;
  const ref = evaluateSpec(g, spec);
  compareWithReference([{ name: 'Ada', k: null }], ref, 'tie 1');
  compareWithReference([{ name: 'Alan', k: null }], ref, 'tie 2');
  assert.throws(() => compareWithReference([{ name: 'Bob', k: null }], ref, 'not a row'));
  assert.throws(() => compareWithReference([{ name: 'Ada', k: null }, { name: 'Alan', k: null }], ref, 'too many'));
});
