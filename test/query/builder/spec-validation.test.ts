// Validation of version 2 specs: every bad spec is refused with INVALID_ARG
// and the path of the offending part, before the runner is called (the
// runner here throws if it ever is).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryBuilder } from '../../../src/query/builder/query-builder.js';
import { QuerySpecError } from '../../../src/query/builder/spec-error.js';
import { QUERY_HOPS_MAX, QUERY_IN_LIST_MAX, QUERY_PREDICATE_DEPTH_MAX, QUERY_SPEC_MAX_BYTES } from '../../../src/base/limits.js';
import type { StatementRunner } from '../../../src/query/exec/statement-runner.js';

const untouchable: StatementRunner = {
  execute() {
    throw new Error('the runner must not be called');
  },
  stream() {
    throw new Error('the runner must not be called');
  },
  explain() {
    throw new Error('the runner must not be called');
  },
};

const base = {
  $schemaVersion: 2,
  nodes: [
    { var: 'a', label: 'User' },
    { var: 'b', label: null },
  ],
  edges: [{ var: 'r', from: 'a', to: 'b', types: ['FOLLOWS'] }],
};

function expectSpecError(spec: unknown, path: string, message: RegExp): void {
  assert.throws(
    () => new QueryBuilder(untouchable, spec),
    (e: unknown) => {
      assert.ok(e instanceof QuerySpecError, `a QuerySpecError, got ${String(e)}`);
      assert.equal(e.code, 'INVALID_ARG');
      assert.equal(e.specPath, path, `path of: ${e.message}`);
      assert.match(e.message, message);
      assert.ok(e.message.startsWith(path === '' ? 'query spec: ' : `${path}: `), `the message starts with the path: ${e.message}`);
      return true;
    },
  );
}

const where = (w: unknown): unknown => ({ ...base, where: w });
const cmp = (op: string, l: unknown, r: unknown): unknown => ({ op, args: [l, r] });
const ap = { var: 'a', prop: 'age' };

test('an unknown variable deep in the predicate is named by its path', () => {
  expectSpecError(
    where({ op: 'and', args: [cmp('eq', ap, { value: 1 }), cmp('eq', ap, { value: 2 }), { op: 'or', args: [cmp('eq', { var: 'c', prop: 'x' }, { value: 1 })] }] }),
    'where.args[2].args[0].args[0].var',
    /unknown variable "c"/,
  );
});

test('structural errors: version, unknown keys (edge_type among them), missing nodes, duplicates', () => {
  expectSpecError({ ...base, $schemaVersion: 3 }, '$schemaVersion', /expected 2/);
  expectSpecError({ ...base, predicate: null }, '', /unknown key "predicate"/);
  expectSpecError({ ...base, edges: [{ from: 'a', to: 'b', edge_type: 'FOLLOWS' }] }, 'edges[0]', /unknown key "edge_type".*"types"/);
  expectSpecError({ $schemaVersion: 2, nodes: [] }, 'nodes', /at least one node/);
  expectSpecError({ $schemaVersion: 2, nodes: [{ var: 'a' }, { var: 'a' }] }, 'nodes[1].var', /declared twice/);
  expectSpecError({ $schemaVersion: 2, nodes: [{ var: '1a' }] }, 'nodes[0].var', /identifier/);
  expectSpecError({ ...base, edges: [{ from: 'a', to: 'zz' }] }, 'edges[0].to', /unknown variable "zz"/);
  expectSpecError({ ...base, edges: [{ from: 'a', to: 'b', direction: 'up' }] }, 'edges[0].direction', /"out", "in" or "both"/);
  expectSpecError({ ...base, edges: [{ from: 'a', to: 'b', types: ['F', ''] }] }, 'edges[0].types[1]', /non-empty string/);
  expectSpecError('MATCH (n) RETURN n', '', /expected a spec object/);
  expectSpecError({ ...base, where: { op: 'eq', args: [ap, { value: 1n }] } }, '', /not plain JSON/);
});

test('unknown ops, wrong arity, bad operands', () => {
  expectSpecError(where({ op: 'like', args: [] }), 'where.op', /unknown op "like"/);
  expectSpecError(where({ op: 'eq', args: [ap] }), 'where.args', /eq takes 2 arguments, got 1/);
  expectSpecError(where({ op: 'and', args: [] }), 'where.args', /at least one/);
  expectSpecError(where(cmp('eq', { column: 'x' }, { value: 1 })), 'where.args[0]', /not an operand/);
  expectSpecError(where(cmp('eq', ap, { value: [1, 2] })), 'where.args[1].value', /only allowed as the second argument of inList/);
  expectSpecError(where(cmp('eq', { type: 'a' }, { value: 'X' })), 'where.args[0].type', /"a" is a node, expected an edge/);
  expectSpecError(where({ op: 'inList', args: [ap, { value: 3 }] }), 'where.args[1]', /list literal/);
  expectSpecError(where({ op: 'hasLabel', args: [ap], label: 'X' }), 'where.args[0]', /hasLabel takes a variable/);
  expectSpecError(where({ op: 'exists', args: [{ id: 'a' }] }), 'where.args[0]', /exists takes a property/);
  expectSpecError(where(cmp('eq', ap, { value: { t: 'Int', v: '99999999999999999999' } })), 'where.args[1].value', /outside the 64-bit/);
  expectSpecError(where(cmp('eq', ap, { value: { t: 'DateTime', v: '2024-05-01T12:00:00' } })), 'where.args[1].value', /with a zone/);
  expectSpecError(where(cmp('eq', ap, { value: { t: 'Bytes', v: '***' } })), 'where.args[1].value', /base64/);
  expectSpecError(where(cmp('eq', ap, { param: 'no-dash' })), 'where.args[1].param', /identifier/);
});

test('type-incompatible comparisons of literals are refused', () => {
  expectSpecError(where(cmp('startsWith', { var: 'a', prop: 'name' }, { value: 3 })), 'where.args[1]', /startsWith compares strings, got INTEGER/);
  expectSpecError(where(cmp('contains', { id: 'a' }, { value: 'x' })), 'where.args[0]', /contains compares strings, got INTEGER/);
  expectSpecError(where(cmp('eq', ap, { value: null })), 'where.args[1]', /never true.*isNull/);
  expectSpecError(where(cmp('lt', ap, { value: null })), 'where.args[1]', /never true.*isNull/);
  expectSpecError(where(cmp('eq', { id: 'a' }, { value: 'seven' })), 'where.args[1]', /compares INTEGER with STRING/);
  expectSpecError(where(cmp('gt', { type: 'r' }, { value: 3 })), 'where.args[1]', /compares STRING with INTEGER/);
  expectSpecError(where(cmp('lt', ap, { value: { t: 'Bytes', v: 'AAE=' } })), 'where.args[1]', /orderable/);
  expectSpecError(where({ op: 'between', args: [ap, { value: 10 }, { value: 1 }] }), 'where.args[1]', /hold no value/);
  expectSpecError(where({ op: 'between', args: [ap, { value: 1 }, { value: 'z' }] }), 'where.args[2]', /types INTEGER and STRING hold no value/);
});

test('limits: spec bytes, predicate depth, inList length, hops', () => {
  const big = 'x'.repeat(QUERY_SPEC_MAX_BYTES);
  expectSpecError(where(cmp('eq', ap, { value: big })), '', /bytes of JSON, more than the limit/);
  let deep: unknown = cmp('eq', ap, { value: 1 });
  for (let i = 0; i < QUERY_PREDICATE_DEPTH_MAX; i++) deep = { op: 'not', args: [deep] };
  const path = `where${'.args[0]'.repeat(QUERY_PREDICATE_DEPTH_MAX)}`;
  expectSpecError(where(deep), path, /nest deeper than/);
  const list = Array.from({ length: QUERY_IN_LIST_MAX + 1 }, (_, i) => i);
  expectSpecError(where({ op: 'inList', args: [ap, { value: list }] }), 'where.args[1].value', /more than the limit/);
  expectSpecError({ ...base, edges: [{ from: 'a', to: 'b', maxHops: QUERY_HOPS_MAX + 1 }] }, 'edges[0].maxHops', /\[0, 16\]/);
  expectSpecError({ ...base, edges: [{ from: 'a', to: 'b', minHops: 3, maxHops: 2 }] }, 'edges[0].minHops', /greater than maxHops/);
  expectSpecError({ ...base, edges: [{ var: 'p', from: 'a', to: 'b', minHops: 1 }] }, 'edges[0].var', /variable-length edge cannot have a variable/);
});

test('select, orderBy, skip and limit', () => {
  expectSpecError({ ...base, select: [{ var: 'a', prop: 'x' }, { var: 'a', prop: 'x' }] }, 'select[1]', /column "a.x" appears twice/);
  expectSpecError({ ...base, select: [{ var: 'a', prop: 'x', as: 'b' }] }, 'select[0].as', /name of a pattern variable/);
  expectSpecError({ ...base, select: [{ agg: 'median', var: 'a', prop: 'x' }] }, 'select[0].agg', /unknown aggregate "median"/);
  expectSpecError({ ...base, select: [{ agg: 'sum', var: 'a' }] }, 'select[0]', /give "prop"/);
  expectSpecError({ ...base, select: [{ agg: 'count', distinct: true }] }, 'select[0].distinct', /count\(\*\)/);
  expectSpecError({ ...base, select: [{ prop: 'x' }] }, 'select[0].prop', /needs "var"/);
  expectSpecError({ ...base, select: [{ var: 'a', id: 'a' }] }, 'select[0]', /one of/);
  expectSpecError({ ...base, select: [{ var: 'a', prop: 'x' }], orderBy: [{ key: 'nope' }] }, 'orderBy[0].key', /neither a column nor/);
  expectSpecError({ ...base, select: [{ var: 'a', prop: 'x' }], distinct: true, orderBy: [{ key: 'b.y' }] }, 'orderBy[0].key', /orders by its columns/);
  expectSpecError({ ...base, orderBy: [{ key: 'a', direction: 'up' }] }, 'orderBy[0].direction', /"asc" or "desc"/);
  expectSpecError({ ...base, skip: -1 }, 'skip', /non-negative integer/);
  expectSpecError({ ...base, limit: 1.5 }, 'limit', /non-negative integer/);
  expectSpecError({ ...base, limit: '10' }, 'limit', /non-negative integer/);
});

test('a builder whose spec is bad fails when run, with the path, before the runner', async () => {
  const b = new QueryBuilder(untouchable).match({ a: 'User' }).where((s) => s.eq('name', 'Ada')).orWhere({ op: 'eq', args: [{ var: 'c', prop: 'x' }, { value: 1 }] });
  await assert.rejects(b.execute(), (e: unknown) => e instanceof QuerySpecError && e.specPath === 'where.args[1].args[0].var');
  assert.throws(() => b.toStatement(), QuerySpecError);
  assert.throws(() => b.stream(), QuerySpecError);
  await assert.rejects(b.explain(), QuerySpecError);
});

test('a valid spec gets its defaults filled in', () => {
  const spec = new QueryBuilder(untouchable, { $schemaVersion: 2, nodes: [{ var: 'a' }], edges: [{ from: 'a', to: 'a', maxHops: 3 }] }).toSpec();
  assert.deepEqual(spec, {
    $schemaVersion: 2,
    nodes: [{ var: 'a', label: null }],
    edges: [{ var: null, from: 'a', to: 'a', types: [], direction: 'out', minHops: 1, maxHops: 3 }],
    where: null,
    select: [],
    distinct: false,
    orderBy: [],
    skip: null,
    limit: null,
  });
});
