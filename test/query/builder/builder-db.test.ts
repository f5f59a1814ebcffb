// The builder against a real database (db.query()): the original's defects
// each pinned by a regression test, spec round trips, parameters, streams,
// explain, and every kind of column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Database } from '../../../src/index.js';
import { and, eq, gt, hasLabel, idOf, inList, isNull, lt, not, or, param, startsWith, typeOf } from '../../../src/query/builder/predicates.js';
import { QuerySpecError } from '../../../src/query/builder/spec-error.js';
import { Node, Relationship } from '../../../src/query/values/public-values.js';
import { MemVfs } from '../../../src/vfs/mem-vfs.js';
import { buildExampleGraph } from './docs/example-graph.js';

interface Social {
  db: Database;
  ada: number;
  alan: number;
  grace: number;
  linus: number;
  post: number;
}

/**
 * ada <-FOLLOWS-> alan (mutual), ada -FOLLOWS-> grace (one way),
 * grace -LIKES-> post, alan -BLOCKS-> linus, linus -FOLLOWS-> ada.
 */
async function withSocial(fn: (s: Social) => Promise<void>): Promise<void> {
  const db = await Database.openOn(new MemVfs(), '/builder/social.sombra', { walPreallocateBytes: 0, autocheckpointMs: null });
  try {
    const s = await db.transaction((tx) => buildExampleGraph(tx));
    await fn({ db, ...s });
  } finally {
    await db.close();
  }
}

const names = (rows: Array<Record<string, unknown>>, col = 'name'): unknown[] => rows.map((r) => r[col]);

test('regression: several edge types in one step each count, and no other type does', async () => {
  // The original read only `edgeType` while its bindings sent `edge_type`, so
  // every type matched; and a step could name only one type.
  await withSocial(async ({ db }) => {
    const rows = await db.query().match({ a: 'User', b: null }).where(eq('a.name', 'Grace')).edge('a', 'b', ['FOLLOWS', 'LIKES']).select('b.title').execute();
    assert.deepEqual(names(rows, 'b.title'), ['Hello']);
    const out = await db.query().match({ a: 'User', b: null }).where(eq('a.name', 'Alan')).edge('a', 'b', ['FOLLOWS', 'LIKES']).select('b.name').execute();
    assert.deepEqual(names(out, 'b.name'), ['Ada'], 'BLOCKS is not FOLLOWS or LIKES');
    const v1 = { $schemaVersion: 1, matches: [{ var: 'a', label: 'User' }, { var: 'b', label: 'User' }], edges: [{ from: 'a', to: 'b', edge_type: 'BLOCKS' }], projections: [{ kind: 'prop', var: 'b', prop: 'name', alias: 'name' }] };
    assert.deepEqual(names(await db.query(v1).execute()), ['Linus'], 'a v1 edge_type filter is honoured');
  });
});

test('regression: a cycle (mutual follows) needs both edges', async () => {
  // The original's planner stopped once every variable was bound and dropped
  // the edge closing the cycle, so one-way follows came back as mutual.
  await withSocial(async ({ db }) => {
    const rows = await db
      .query()
      .match({ a: 'User', b: 'User' })
      .where(eq('a.name', 'Ada'))
      .edge('a', 'b', 'FOLLOWS')
      .edge('b', 'a', 'FOLLOWS')
      .select('b.name')
      .execute();
    assert.deepEqual(names(rows, 'b.name'), ['Alan']);
  });
});

test('regression: orderBy with limit gives the top rows, not the first found', async () => {
  // The original had neither orderBy nor limit (its README promised both).
  await withSocial(async ({ db }) => {
    const q = db.query().nodes('User').select({ var: 'n0', prop: 'name', as: 'name' }, { var: 'n0', prop: 'age', as: 'age' });
    assert.deepEqual(names(await q.orderBy('age', 'desc').limit(2).execute()), ['Linus', 'Grace'], 'nulls first when descending');
    assert.deepEqual(names(await q.orderBy('age').limit(2).execute()), ['Ada', 'Alan']);
    assert.deepEqual(names(await q.orderBy('age').skip(2).limit(5).execute()), ['Grace', 'Linus'], 'nulls last when ascending');
    assert.deepEqual(names(await q.orderBy('n0.name', 'desc').limit(1).execute()), ['Linus'], 'a var.prop key need not be a column');
  });
});

test('toSpec round trip: db.query(JSON of the spec) gives the same rows', async () => {
  await withSocial(async ({ db }) => {
    const builders = [
      db.query().match({ a: 'User', b: 'User' }).edge('a', 'b', 'FOLLOWS').where('b', (s) => s.gt('age', 40)).select('a.name', 'b.name').orderBy('a.name').orderBy('b.name'),
      db.query().match({ a: 'User', b: null }).edge('a', 'b', null, { var: 'r', direction: 'both' }).select({ type: 'r', as: 't' }, { agg: 'count', as: 'n' }).orderBy('t'),
      db.query().match({ a: null }).where(or(hasLabel('a', 'Post'), and(startsWith('a.name', 'A'), not(isNull('a.age'))))).select({ id: 'a', as: 'id' }).orderBy('id'),
    ];
    for (const b of builders) {
      const json = JSON.parse(JSON.stringify(b.toSpec())) as unknown;
      const expected = await b.execute();
      assert.ok(expected.length > 0, 'the query returns rows');
      assert.deepEqual(await db.query(json).execute(), expected);
    }
  });
});

test('columns: nodes and edges as objects, properties, ids, types, and every aggregate with grouping', async () => {
  await withSocial(async ({ db, ada, alan }) => {
    const [row] = await db.query().match({ a: 'User', b: 'User' }).where(and(eq(idOf('a'), ada), eq(idOf('b'), alan))).edge('a', 'b', 'FOLLOWS', { var: 'r' }).select('a', 'r', { type: 'r', as: 't' }).execute();
    assert.ok(row !== undefined);
    assert.ok(row['a'] instanceof Node);
    assert.deepEqual({ ...row['a'] }, { id: ada, labels: ['User'], properties: { name: 'Ada', age: 36 } });
    assert.ok(row['r'] instanceof Relationship);
    assert.equal(row['r'].type, 'FOLLOWS');
    assert.equal(row['r'].startNodeId, ada);
    assert.deepEqual(row['r'].properties, { since: 2001 });
    assert.equal(row['t'], 'FOLLOWS');
    const agg = await db
      .query()
      .match({ a: 'User', b: 'User' })
      .edge('a', 'b', 'FOLLOWS')
      .select(
        { var: 'a', prop: 'name', as: 'name' },
        { agg: 'count', as: 'n' },
        { agg: 'count', var: 'b', prop: 'age', as: 'withAge' },
        { agg: 'count', var: 'b', prop: 'age', distinct: true, as: 'ages' },
        { agg: 'min', var: 'b', prop: 'age', as: 'min' },
        { agg: 'max', var: 'b', prop: 'age', as: 'max' },
        { agg: 'sum', var: 'b', prop: 'age', as: 'sum' },
        { agg: 'avg', var: 'b', prop: 'age', as: 'avg' },
        { agg: 'collect', var: 'b', prop: 'name', as: 'all' },
      )
      .orderBy('name')
      .execute();
    assert.deepEqual(
      agg.map((r) => ({ ...r, all: [...(r['all'] as string[])].sort() })),
      [
        { name: 'Ada', n: 2, withAge: 2, ages: 2, min: 41, max: 45, sum: 86, avg: 43, all: ['Alan', 'Grace'] },
        { name: 'Alan', n: 1, withAge: 1, ages: 1, min: 36, max: 36, sum: 36, avg: 36, all: ['Ada'] },
        { name: 'Linus', n: 1, withAge: 1, ages: 1, min: 36, max: 36, sum: 36, avg: 36, all: ['Ada'] },
      ],
    );
  });
});

test('distinct, variable-length steps, directions and unlabelled nodes', async () => {
  await withSocial(async ({ db }) => {
    const two = await db.query().match({ a: 'User', b: null }).where(eq('a.name', 'Linus')).edge('a', 'b', 'FOLLOWS', { minHops: 2, maxHops: 2 }).select('b.name').distinct().orderBy('b.name').execute();
    assert.deepEqual(names(two, 'b.name'), ['Alan', 'Grace']);
    const upTo3 = await db.query().match({ a: 'User', b: null }).where(eq('a.name', 'Linus')).edge('a', 'b', 'FOLLOWS', { maxHops: 3 }).select({ var: 'b', prop: 'name', as: 'name' }).distinct().orderBy('name').execute();
    assert.deepEqual(names(upTo3), ['Ada', 'Alan', 'Grace']);
    const incoming = await db.query().match({ a: 'User', b: null }).where(eq('a.name', 'Ada')).direction('in').edge('a', 'b').select('b.name').orderBy('b.name').execute();
    assert.deepEqual(names(incoming, 'b.name'), ['Alan', 'Linus']);
    const any = await db.query().match({ var: 'x' }).where(eq('x.title', 'Hello')).select({ id: 'x', as: 'id' }).execute();
    assert.equal(any.length, 1);
  });
});

test('edge variables filter by type and properties', async () => {
  await withSocial(async ({ db }) => {
    const rows = await db
      .query()
      .match({ a: 'User', b: null })
      .edge('a', 'b', null, { var: 'r' })
      .where(and(eq(typeOf('r'), 'FOLLOWS'), lt('r.since', 2005)))
      .select('a.name', 'b.name')
      .orderBy('a.name')
      .execute();
    assert.deepEqual(
      rows.map((r) => `${String(r['a.name'])}->${String(r['b.name'])}`),
      ['Ada->Alan', 'Alan->Ada', 'Linus->Ada'],
    );
  });
});

test('parameters: one builder, many runs, many values', async () => {
  await withSocial(async ({ db }) => {
    const q = db.query().nodes('User').where(gt('n0.age', param('min'))).select({ var: 'n0', prop: 'name', as: 'name' }).orderBy('name');
    assert.deepEqual(names(await q.execute({ params: { min: 40 } })), ['Alan', 'Grace']);
    assert.deepEqual(names(await q.execute({ params: { min: 42n } })), ['Grace']);
    const inq = db.query().nodes('User').where(inList('n0.name', param('names'))).select({ var: 'n0', prop: 'age', as: 'age' }).orderBy('age');
    assert.deepEqual(names(await inq.execute({ params: { names: ['Grace', 'Ada'] } }), 'age'), [36, 45]);
    const paged = db.query().nodes('User').select({ var: 'n0', prop: 'name', as: 'name' }).orderBy('name').skip(param('s')).limit(param('l'));
    assert.deepEqual(names(await paged.execute({ params: { s: 1, l: 2 } })), ['Alan', 'Grace']);
  });
});

test('stream yields the rows and can stop early; explain describes the plan', async () => {
  await withSocial(async ({ db }) => {
    const q = db.query().nodes('User').select({ var: 'n0', prop: 'name', as: 'name' }).orderBy('name');
    const streamed: unknown[] = [];
    for await (const row of q.stream()) streamed.push(row['name']);
    assert.deepEqual(streamed, ['Ada', 'Alan', 'Grace', 'Linus']);
    let first: unknown = null;
    for await (const row of q.stream()) {
      first = row['name'];
      break;
    }
    assert.equal(first, 'Ada');
    assert.equal(db.pager.stats().readersOpen, 0, 'an abandoned stream released its snapshot');
    const plan = await q.explain();
    assert.equal(typeof plan.operator, 'string');
    assert.ok(JSON.stringify(plan).includes('User'), 'the plan mentions the label it scans');
    const analyzed = await q.explain({ analyze: true });
    assert.equal(typeof analyzed.actualRows, 'number');
  });
});

test('a bad spec is refused by db.query before the database is read', async () => {
  await withSocial(async ({ db }) => {
    assert.throws(
      () => db.query({ $schemaVersion: 2, nodes: [{ var: 'a' }], where: { op: 'eq', args: [{ var: 'c', prop: 'x' }, { value: 1 }] } }),
      (e: unknown) => e instanceof QuerySpecError && e.code === 'INVALID_ARG' && e.specPath === 'where.args[0].var',
    );
    await assert.rejects(db.query().nodes('User').where(eq('n0.name', 'x')).orderBy('nope').execute(), (e: unknown) => e instanceof QuerySpecError && e.specPath === 'orderBy[0].key');
  });
});

test('a signal cancels the query with CANCELLED', async () => {
  await withSocial(async ({ db }) => {
    const q = db.query().match({ a: 'User', b: null }).edge('a', 'b', null, { maxHops: 4 }).select('b');
    await assert.rejects(q.execute({ signal: AbortSignal.abort() }), (e: unknown) => (e as { code?: string }).code === 'CANCELLED');
    const controller = new AbortController();
    const rows: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const row of q.stream({ signal: controller.signal })) {
          rows.push(row);
          controller.abort();
        }
      })(),
      (e: unknown) => (e as { code?: string }).code === 'CANCELLED',
    );
    assert.equal(rows.length, 1, 'no row after the abort');
    assert.equal(db.pager.stats().readersOpen, 0, 'the cancelled stream released its snapshot');
  });
});
