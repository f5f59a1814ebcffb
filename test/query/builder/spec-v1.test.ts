// The original's QuerySpec v1 is translated into a version 2 spec. The
// original read only `edgeType` while every binding sent `edge_type`, so edge
// type filters were silently dropped: here both spellings are read, and
// several steps with different types each keep their own type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryBuilder } from '../../../src/query/builder/query-builder.js';
import { QuerySpecError } from '../../../src/query/builder/spec-error.js';
import type { StatementRunner } from '../../../src/query/exec/statement-runner.js';
import { emptyStats } from '../../../src/query/exec/query-result.js';

const runner: StatementRunner = {
  async execute() {
    return { columns: [], rows: [], stats: emptyStats() };
  },
  stream() {
    throw new Error('not used');
  },
  async explain() {
    return { operator: 'Fake', details: '', estimatedRows: 0, children: [] };
  },
};

const v1 = {
  $schemaVersion: 1,
  request_id: 'r1',
  matches: [
    { var: 'a', label: 'User' },
    { var: 'b', label: 'User' },
    { var: 'c', label: 'Post' },
  ],
  edges: [
    { from: 'a', to: 'b', edge_type: 'FOLLOWS', direction: 'out' },
    { from: 'b', to: 'c', edgeType: 'LIKES', direction: 'in' },
    { from: 'a', to: 'c' },
  ],
  predicate: {
    op: 'and',
    args: [
      { op: 'eq', var: 'a', prop: 'name', value: { t: 'String', v: 'Ada' } },
      { op: 'between', var: 'b', prop: 'age', low: { t: 'Int', v: 18 }, high: { t: 'Int', v: '65' }, inclusive: [true, false] },
      { op: 'in', var: 'c', prop: 'tag', values: [{ t: 'String', v: 'x' }, { t: 'Null' }, { t: 'Int', v: '9223372036854775807' }] },
      { op: 'not', args: [{ op: 'isnull', var: 'b', prop: 'email' }] },
      { op: 'eq', var: 'c', prop: 'deleted', value: { t: 'Null', v: null } },
      { op: 'ne', var: 'c', prop: 'title', value: { t: 'Null' } },
      { op: 'ge', var: 'c', prop: 'at', value: { t: 'DateTime', v: '1714564800000000000' } },
      { op: 'lt', var: 'c', prop: 'score', value: { t: 'Float', v: 2 } },
      { op: 'exists', var: 'c', prop: 'body' },
      { op: 'eq', var: 'c', prop: 'blob', value: { t: 'Bytes', v: 'AAE=' } },
      { op: 'isNotNull', var: 'a', prop: 'x' },
    ],
  },
  projections: [
    { kind: 'var', var: 'a' },
    { kind: 'prop', var: 'b', prop: 'name', alias: 'bname' },
  ],
  distinct: true,
};

test('a v1 spec becomes the equivalent v2 spec: edge_type and edgeType both kept, tagged literals decoded, eq null as isNull', () => {
  const spec = new QueryBuilder(runner, v1).toSpec();
  assert.deepEqual(spec.nodes, [
    { var: 'a', label: 'User' },
    { var: 'b', label: 'User' },
    { var: 'c', label: 'Post' },
  ]);
  assert.deepEqual(
    spec.edges.map((e) => [e.from, e.to, e.types, e.direction]),
    [
      ['a', 'b', ['FOLLOWS'], 'out'],
      ['b', 'c', ['LIKES'], 'in'],
      ['a', 'c', [], 'out'],
    ],
  );
  assert.deepEqual(spec.where, {
    op: 'and',
    args: [
      { op: 'eq', args: [{ var: 'a', prop: 'name' }, { value: 'Ada' }] },
      { op: 'between', args: [{ var: 'b', prop: 'age' }, { value: 18 }, { value: 65 }], inclusive: [true, false] },
      { op: 'inList', args: [{ var: 'c', prop: 'tag' }, { value: ['x', { t: 'Int', v: '9223372036854775807' }] }] },
      { op: 'not', args: [{ op: 'isNull', args: [{ var: 'b', prop: 'email' }] }] },
      { op: 'isNull', args: [{ var: 'c', prop: 'deleted' }] },
      { op: 'isNotNull', args: [{ var: 'c', prop: 'title' }] },
      { op: 'ge', args: [{ var: 'c', prop: 'at' }, { value: { t: 'DateTime', v: '2024-05-01T12:00:00.000Z' } }] },
      { op: 'lt', args: [{ var: 'c', prop: 'score' }, { value: { t: 'Float', v: 2 } }] },
      { op: 'exists', args: [{ var: 'c', prop: 'body' }] },
      { op: 'eq', args: [{ var: 'c', prop: 'blob' }, { value: { t: 'Bytes', v: 'AAE=' } }] },
      { op: 'isNotNull', args: [{ var: 'a', prop: 'x' }] },
    ],
  });
  assert.deepEqual(spec.select, [{ var: 'a' }, { var: 'b', prop: 'name', as: 'bname' }]);
  assert.equal(spec.distinct, true);
  const st = new QueryBuilder(runner, v1).toStatement();
  const match = st.queries[0]!.clauses[0]!;
  assert.ok(match.kind === 'match');
  const rels = match.pattern.flatMap((p) => p.element.rels.map((r) => r.types));
  assert.deepEqual(rels, [['FOLLOWS'], ['LIKES'], []], 'every step keeps its own type filter in the AST');
});

test('v1 edge types may also be a list; edge_type and edgeType that disagree are refused', () => {
  const two = { $schemaVersion: 1, matches: [{ var: 'a', label: 'U' }, { var: 'b', label: 'U' }], edges: [{ from: 'a', to: 'b', edgeType: ['F', 'G'] }] };
  assert.deepEqual(new QueryBuilder(runner, two).toSpec().edges[0]!.types, ['F', 'G']);
  const clash = { ...two, edges: [{ from: 'a', to: 'b', edgeType: 'F', edge_type: 'G' }] };
  assert.throws(() => new QueryBuilder(runner, clash), (e: unknown) => e instanceof QuerySpecError && e.specPath === 'edges[0]' && /disagree/.test(e.message));
});

test('bad v1 specs name the v1 path', () => {
  const bad = (spec: unknown, path: string, re: RegExp): void => {
    assert.throws(
      () => new QueryBuilder(runner, spec),
      (e: unknown) => e instanceof QuerySpecError && e.code === 'INVALID_ARG' && e.specPath === path && re.test(e.message),
    );
  };
  const m = { $schemaVersion: 1, matches: [{ var: 'a', label: 'U' }] };
  bad({ ...m, predicate: { op: 'like', var: 'a', prop: 'x' } }, 'predicate.op', /unknown op "like"/);
  bad({ ...m, predicate: { op: 'eq', var: 'a', prop: 'x', value: { t: 'Decimal', v: '1' } } }, 'predicate.value.t', /unknown literal tag/);
  bad({ ...m, predicate: { op: 'eq', var: 'a', prop: 'x', value: { t: 'DateTime', v: '1714564800000000001' } } }, 'predicate.value.v', /not a whole millisecond/);
  bad({ ...m, predicate: { op: 'eq', var: 'a', prop: 'x', value: { t: 'Int', v: 1.5 } } }, 'predicate.value.v', /integer/);
  bad({ ...m, projections: [{ kind: 'expr', var: 'a' }] }, 'projections[0].kind', /"var" or "prop"/);
  bad({ ...m, bogus: 1 }, '', /unknown key "bogus"/);
  // a v1 spec that translates fine but is semantically wrong fails in v2 validation
  bad({ ...m, predicate: { op: 'eq', var: 'z', prop: 'x', value: 1 } }, 'where.args[0].var', /unknown variable "z"/);
});
