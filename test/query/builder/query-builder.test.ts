// The builder on its own, over a recording runner (no database): immutability,
// the spec each call produces, the AST the spec becomes, one Statement object
// per builder (the engine caches plans by its identity), parameters, and the
// JSON round trip of toSpec().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryBuilder } from '../../../src/query/builder/query-builder.js';
import { and, eq, gt, idOf, inList, isNull, or, param, startsWith } from '../../../src/query/builder/predicates.js';
import type { Expr, MatchClause, ReturnClause, Statement } from '../../../src/query/cypher/ast.js';
import type { StatementRunner } from '../../../src/query/exec/statement-runner.js';
import type { QueryResult, QueryRow } from '../../../src/query/exec/query-result.js';
import { emptyStats } from '../../../src/query/exec/query-result.js';
import type { Value } from '../../../src/query/values/value.js';
import { BoxedFloat } from '../../../src/query/values/value.js';

interface Call {
  method: 'execute' | 'stream' | 'explain';
  statement: Statement;
  params: Record<string, Value>;
}

function recordingRunner(rows: QueryRow[] = []): StatementRunner & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async execute(statement, params): Promise<QueryResult> {
      calls.push({ method: 'execute', statement, params });
      return { columns: [], rows, stats: emptyStats() };
    },
    stream(statement, params) {
      calls.push({ method: 'stream', statement, params });
      return (async function* () {
        yield* rows;
      })();
    },
    async explain(statement, params) {
      calls.push({ method: 'explain', statement, params });
      return { operator: 'Fake', details: '', estimatedRows: 0, children: [] };
    },
  };
}

function parts(st: Statement): { match: MatchClause; ret: ReturnClause } {
  const [match, ret] = st.queries[0]!.clauses;
  assert.equal(match?.kind, 'match', 'first clause is MATCH');
  assert.equal(ret?.kind, 'return', 'second clause is RETURN');
  return { match: match as MatchClause, ret: ret as ReturnClause };
}

/** Every node of the tree, for checks that hold everywhere. */
function* walk(v: unknown): Generator<Record<string, unknown>> {
  if (v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v) yield* walk(x);
    return;
  }
  const o = v as Record<string, unknown>;
  if ('span' in o) yield o;
  for (const [k, x] of Object.entries(o)) if (k !== 'value') yield* walk(x);
}

test('every builder call returns a new builder and leaves the old one and its spec unchanged', () => {
  const runner = recordingRunner();
  const base = new QueryBuilder(runner).match({ a: 'User', b: 'User' });
  const before = JSON.stringify(base.toSpec());
  const derived = [
    base.where('a', (b) => b.eq('name', 'Ada')),
    base.orWhere(eq('b.name', 'Alan')),
    base.edge('a', 'b', ['FOLLOWS', 'KNOWS'], { var: 'r' }),
    base.direction('in'),
    base.select('a', 'b.name'),
    base.distinct(),
    base.orderBy('a.name', 'desc'),
    base.skip(2),
    base.limit(3),
    base.nodes('Post'),
  ];
  for (const d of derived) assert.notEqual(d, base, 'a call returns a new builder');
  assert.equal(JSON.stringify(base.toSpec()), before, 'the original builder is unchanged');
  assert.ok(Object.isFrozen(base.toSpec()), 'the spec is frozen');
  assert.ok(Object.isFrozen(base.toSpec().nodes), 'its arrays are frozen');
  const w = base.where('a', (b) => b.eq('name', 'Ada'));
  assert.ok(Object.isFrozen(w.toSpec().where), 'predicates are frozen');
  assert.throws(() => {
    (w.toSpec().nodes as unknown[]).push({ var: 'x', label: null });
  }, TypeError);
});

test('a direction applies to the next edge step only', () => {
  const spec = new QueryBuilder(recordingRunner())
    .match({ a: 'U', b: 'U', c: 'U' })
    .direction('in')
    .edge('a', 'b')
    .edge('b', 'c')
    .toSpec();
  assert.deepEqual(
    spec.edges.map((e) => e.direction),
    ['in', 'out'],
  );
});

test('nodes() numbers its variables n0, n1, ... and where(fn) applies to the last declared one', () => {
  const spec = new QueryBuilder(recordingRunner())
    .nodes('User')
    .where((b) => b.gt('age', 30))
    .nodes('Post')
    .toSpec();
  assert.deepEqual(spec.nodes, [
    { var: 'n0', label: 'User' },
    { var: 'n1', label: 'Post' },
  ]);
  assert.deepEqual(spec.where, { op: 'gt', args: [{ var: 'n0', prop: 'age' }, { value: 30 }] });
});

test('where ANDs (one flat and), orWhere ORs with everything before, scopes build nested and/or/not', () => {
  const spec = new QueryBuilder(recordingRunner())
    .match({ var: 'a', label: 'User' })
    .where('a', (b) => b.eq('name', 'Ada').or((s) => s.gt('age', 30).isNull('age')))
    .andWhere(startsWith('a.name', 'A'))
    .orWhere('a', (b) => b.not((s) => s.eq(s.id, 7)))
    .toSpec();
  assert.deepEqual(spec.where, {
    op: 'or',
    args: [
      {
        op: 'and',
        args: [
          { op: 'eq', args: [{ var: 'a', prop: 'name' }, { value: 'Ada' }] },
          { op: 'or', args: [{ op: 'gt', args: [{ var: 'a', prop: 'age' }, { value: 30 }] }, { op: 'isNull', args: [{ var: 'a', prop: 'age' }] }] },
          { op: 'startsWith', args: [{ var: 'a', prop: 'name' }, { value: 'A' }] },
        ],
      },
      { op: 'not', args: [{ op: 'eq', args: [{ id: 'a' }, { value: 7 }] }] },
    ],
  });
});

test('literals JSON cannot hold are tagged in the spec and decoded exactly in the AST', () => {
  const bytes = new Uint8Array([0, 1, 255]);
  const when = new Date('2024-05-01T12:00:00.000Z');
  const b = new QueryBuilder(recordingRunner())
    .match({ var: 'a' })
    .where(and(eq('a.big', 2n ** 60n), eq('a.small', 5n), eq('a.bin', bytes), eq('a.when', when), eq('a.neg0', -0), gt('a.x', -Infinity)));
  const args = (b.toSpec().where as { args: Array<{ args: [unknown, { value: unknown }] }> }).args.map((p) => p.args[1].value);
  assert.deepEqual(args, [
    { t: 'Int', v: '1152921504606846976' },
    5,
    { t: 'Bytes', v: 'AAH/' },
    { t: 'DateTime', v: '2024-05-01T12:00:00.000Z' },
    { t: 'Float', v: '-0' },
    { t: 'Float', v: '-Infinity' },
  ]);
  const { match } = parts(b.toStatement());
  let where = match.where!;
  const values: Value[] = [];
  while (where.kind === 'binary' && where.op === 'and') {
    const right = where.right as Expr & { kind: 'comparison' };
    values.unshift((right.operands[1] as Expr & { kind: 'literal' }).value);
    where = where.left;
  }
  values.unshift(((where as Expr & { kind: 'comparison' }).operands[1] as Expr & { kind: 'literal' }).value);
  assert.equal(values[0], 2n ** 60n);
  assert.equal(values[1], 5);
  assert.deepEqual(values[2], bytes);
  assert.deepEqual(values[3], when);
  assert.ok(values[4] instanceof BoxedFloat && Object.is(values[4].value, -0), '-0 is the float -0.0');
  assert.equal(values[5], -Infinity);
});

test('the AST: one MATCH with chained pattern parts, WHERE, and an aliased RETURN with ORDER BY, SKIP, LIMIT', () => {
  const st = new QueryBuilder(recordingRunner())
    .match({ a: 'User', b: 'User', c: null, d: 'Tag' })
    .edge('a', 'b', ['FOLLOWS', 'KNOWS'], { var: 'r' })
    .edge('b', 'c', null, { minHops: 1, maxHops: 3, direction: 'both' })
    .edge('d', 'c', 'TAGS')
    .where(gt('r.since', 2000))
    .select('a.name', { var: 'r', as: 'rel' }, { agg: 'count', as: 'n' })
    .orderBy('n', 'desc')
    .orderBy('a.name')
    .skip(1)
    .limit(param('lim'))
    .toStatement();
  const { match, ret } = parts(st);
  assert.equal(match.pattern.length, 1, 'the three edges chain into one path');
  const el = match.pattern[0]!.element;
  assert.deepEqual(
    el.nodes.map((n) => [n.variable, n.labels]),
    [
      ['a', ['User']],
      ['b', ['User']],
      ['c', []],
      ['d', ['Tag']],
    ],
  );
  assert.deepEqual(
    el.rels.map((r) => [r.variable, r.types, r.direction, r.length]),
    [
      ['r', ['FOLLOWS', 'KNOWS'], 'out', null],
      [null, [], 'both', { min: 1, max: 3 }],
      [null, ['TAGS'], 'in', null],
    ],
  );
  assert.deepEqual(
    ret.projection.items.map((i) => [i.alias, i.text, i.expr.kind]),
    [
      ['a.name', 'a.name', 'property'],
      ['rel', 'rel', 'variable'],
      ['n', 'n', 'count-star'],
    ],
  );
  assert.deepEqual(
    ret.projection.orderBy.map((o) => [o.expr.kind, o.descending]),
    [
      ['variable', true],
      ['variable', false],
    ],
  );
  assert.deepEqual(ret.projection.skip, { kind: 'literal', span: { start: 0, end: 0 }, specPath: 'skip', value: 1 });
  assert.equal(ret.projection.limit?.kind, 'parameter');
  for (const node of walk(st)) {
    assert.deepEqual(node['span'], { start: 0, end: 0 }, 'every AST node has the empty span');
    assert.equal(typeof node['specPath'], 'string', `every AST node has a spec path: ${JSON.stringify(node).slice(0, 80)}`);
  }
  const comparison = match.where as Expr & { kind: 'comparison' };
  assert.equal(comparison.specPath, 'where');
  assert.equal(comparison.operands[1]!.specPath, 'where.args[1]');
});

test('a cycle (a->b and b->a) keeps both edges, and an unconnected node is its own pattern part', () => {
  const st = new QueryBuilder(recordingRunner()).match({ a: 'User', b: 'User', z: null }).edge('a', 'b', 'FOLLOWS').edge('b', 'a', 'FOLLOWS').toStatement();
  const { match, ret } = parts(st);
  assert.equal(match.pattern.length, 2);
  assert.deepEqual(
    match.pattern[0]!.element.nodes.map((n) => n.variable),
    ['a', 'b', 'a'],
  );
  assert.equal(match.pattern[0]!.element.rels.length, 2);
  assert.deepEqual(
    match.pattern[1]!.element.nodes.map((n) => n.variable),
    ['z'],
  );
  assert.deepEqual(
    ret.projection.items.map((i) => i.alias),
    ['a', 'b', 'z'],
    'no select: every variable',
  );
});

test('between, inList, hasLabel, id and type become Cypher expressions', () => {
  const st = new QueryBuilder(recordingRunner())
    .match({ a: null, b: null })
    .edge('a', 'b', null, { var: 'r' })
    .where('a', (s) => s.between('age', 18, 65, [true, false]).inList('tag', ['x', 'y']).hasLabel('User'))
    .where(or(eq(idOf('b'), 3), eq({ type: 'r' }, 'KNOWS')))
    .toStatement();
  const { match } = parts(st);
  const w = match.where as Expr & { kind: 'binary' };
  const left = w.left as Expr & { kind: 'binary' };
  const conj = (left.left as Expr & { kind: 'binary' });
  const between = conj.left as Expr & { kind: 'comparison' };
  assert.deepEqual(between.ops, ['<=', '<']);
  assert.deepEqual(
    between.operands.map((o) => o.kind),
    ['literal', 'property', 'literal'],
  );
  const inl = conj.right as Expr & { kind: 'binary' };
  assert.equal(inl.op, 'in');
  assert.equal(inl.right.kind, 'list');
  assert.equal(left.right.kind, 'label-check');
  const alt = w.right as Expr & { kind: 'binary' };
  assert.equal(alt.op, 'or');
  const idCmp = alt.left as Expr & { kind: 'comparison' };
  assert.deepEqual(idCmp.operands[0], {
    kind: 'call',
    span: { start: 0, end: 0 },
    specPath: 'where.args[3].args[0].args[0]',
    name: 'id',
    distinct: false,
    args: [{ kind: 'variable', span: { start: 0, end: 0 }, specPath: 'where.args[3].args[0].args[0]', name: 'b' }],
  });
});

test('one Statement object per builder, handed to the runner on every run, with the params', async () => {
  const runner = recordingRunner([{ x: 1 }]);
  const b = new QueryBuilder(runner).match({ var: 'a', label: 'User' }).where(gt('a.age', param('min'))).select('a.name');
  const st = b.toStatement();
  assert.deepEqual(await b.execute({ params: { min: 30 } }), [{ x: 1 }]);
  await b.execute({ params: { min: 2n } });
  const streamed: QueryRow[] = [];
  for await (const row of b.stream({ params: { min: 1 } })) streamed.push(row);
  assert.deepEqual(streamed, [{ x: 1 }]);
  await b.explain({ params: { min: 1 }, analyze: true });
  assert.equal(runner.calls.length, 4);
  for (const c of runner.calls) assert.equal(c.statement, st, 'the same Statement object every time');
  assert.deepEqual(
    runner.calls.map((c) => c.params['min']),
    [30, 2, 1, 1],
    'bigints in the safe range become numbers',
  );
  await assert.rejects(b.execute(), (e: Error & { code?: string }) => e.code === 'INVALID_ARG' && /missing parameter "min"/.test(e.message));
  assert.equal(runner.calls.length, 4, 'nothing ran');
});

test('a frozen spec handed back to a new builder reuses its Statement (and so the plan cache)', () => {
  const runner = recordingRunner();
  const b = new QueryBuilder(runner).match({ var: 'a', label: 'User' }).where(gt('a.age', param('min'))).limit({ param: 'n' });
  const again = new QueryBuilder(runner, b.toSpec());
  assert.equal(again.toStatement(), b.toStatement());
  assert.equal(new QueryBuilder(runner, again.toSpec()).toStatement(), b.toStatement());
  assert.ok(Object.isFrozen(b.toSpec().limit), 'an operand object given to limit() is frozen with the spec');
  const copy = JSON.parse(JSON.stringify(b.toSpec())) as unknown;
  assert.notEqual(new QueryBuilder(runner, copy).toStatement(), b.toStatement(), 'a plain JSON copy is validated and compiled anew');
});

test('toSpec is plain JSON: db.query(JSON.parse(JSON.stringify(spec))) builds the same AST', () => {
  const runner = recordingRunner();
  const builders = [
    new QueryBuilder(runner).nodes('User').where((b) => b.eq('name', 'Ada').gt('age', 2n ** 60n)),
    new QueryBuilder(runner)
      .match({ a: 'User', b: null })
      .edge('a', 'b', ['F', 'G'], { var: 'r', direction: 'both' })
      .where(and(inList('b.x', [1, 'two', null, 2.5]), isNull('r.w')))
      .select('a', { var: 'b', prop: 'x', as: 'bx' }, { agg: 'avg', var: 'r', prop: 'w', as: 'w' })
      .orderBy('bx', 'desc')
      .skip(1)
      .limit(5),
    new QueryBuilder(runner).match({ a: null, b: null }).edge('a', 'b', null, { minHops: 2 }).distinct().select('b').limit(param('n')),
  ];
  for (const b of builders) {
    const json = JSON.parse(JSON.stringify(b.toSpec())) as unknown;
    const again = new QueryBuilder(runner, json);
    assert.deepEqual(again.toStatement(), b.toStatement());
    assert.deepEqual(again.toSpec(), b.toSpec());
  }
});

test('a builder made from a spec continues like any other', () => {
  const runner = recordingRunner();
  const b = new QueryBuilder(runner, { $schemaVersion: 2, nodes: [{ var: 'a', label: 'User' }] });
  const spec = b.where((s) => s.eq('name', 'Ada')).limit(1).toSpec();
  assert.deepEqual(spec.where, { op: 'eq', args: [{ var: 'a', prop: 'name' }, { value: 'Ada' }] });
  assert.equal(spec.limit, 1);
});

test('bad builder calls fail at once with INVALID_ARG', () => {
  const b = new QueryBuilder(recordingRunner()).match({ var: 'a' });
  const invalid = (e: Error & { code?: string }): boolean => e.code === 'INVALID_ARG';
  assert.throws(() => b.match({ var: 'a' }), invalid);
  assert.throws(() => b.where('a', (s) => s), invalid);
  assert.throws(() => new QueryBuilder(recordingRunner()).where((s) => s.eq('x', 1)), invalid);
  assert.throws(() => b.direction('up' as 'out'), invalid);
  assert.throws(() => b.where(eq('a.x', undefined as unknown as null)), invalid);
});
