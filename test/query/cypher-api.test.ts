// db.cypher, db.cypherStream and tx.cypher as a user meets them: results,
// values, parameters, counters, transactions, errors with where they are,
// EXPLAIN / PROFILE, cancellation and snapshots released by streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CypherError, Database, Node, Path, Relationship, SombraError } from '../../src/index.js';
import type { PlanDescription } from '../../src/query/plan/plan-description.js';

async function withDb(fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await Database.open(':memory:');
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

function operators(p: PlanDescription): string[] {
  return [p.operator, ...p.children.flatMap(operators)];
}

test('rows come keyed by column in RETURN order, with nodes, relationships and paths as class instances', async () => {
  await withDb(async (db) => {
    await db.cypher("CREATE (:User {name: 'Ada', age: 36})-[:FOLLOWS {since: 2020}]->(:User {name: 'Bob'})");
    const r = await db.cypher('MATCH p = (a:User)-[f:FOLLOWS]->(b) RETURN b.name AS name, a, f, p');
    assert.deepEqual(r.columns, ['name', 'a', 'f', 'p']);
    assert.equal(r.rows.length, 1);
    const row = r.rows[0]!;
    assert.deepEqual(Object.keys(row), ['name', 'a', 'f', 'p']);
    assert.equal(row['name'], 'Bob');
    assert.ok(row['a'] instanceof Node);
    assert.deepEqual((row['a'] as Node).labels, ['User']);
    assert.deepEqual((row['a'] as Node).properties, { name: 'Ada', age: 36 });
    assert.ok(row['f'] instanceof Relationship);
    assert.equal((row['f'] as Relationship).type, 'FOLLOWS');
    assert.equal((row['f'] as Relationship).startNodeId, (row['a'] as Node).id);
    assert.ok(row['p'] instanceof Path);
    assert.equal((row['p'] as Path).length, 1);
    assert.deepEqual(
      (row['p'] as Path).nodes.map((n) => n.properties['name']),
      ['Ada', 'Bob'],
    );
    // A map is never mistaken for a node.
    const m = await db.cypher("RETURN {id: 1, labels: ['User'], properties: {}} AS m");
    assert.ok(!(m.rows[0]!['m'] instanceof Node));
  });
});

test('integers are 64-bit: numbers when safe, bigints beyond, overflow is an error', async () => {
  await withDb(async (db) => {
    const r = await db.cypher('RETURN 9007199254740991 + 1 AS big, 2 ^ 3 AS f, 7 / 2 AS i, 7.0 / 2 AS x');
    assert.equal(r.rows[0]!['big'], 9007199254740992n);
    assert.equal(r.rows[0]!['f'], 8);
    assert.equal(r.rows[0]!['i'], 3);
    assert.equal(r.rows[0]!['x'], 3.5);
    await assert.rejects(db.cypher('RETURN 9223372036854775807 + 1 AS x'), (e: unknown) => e instanceof CypherError && e.type === 'ArithmeticError' && e.phase === 'runtime');
    const p = await db.cypher('RETURN $v + 1 AS v', { v: 2n ** 62n });
    assert.equal(p.rows[0]!['v'], 2n ** 62n + 1n);
  });
});

test('parameters accept every API value and reject what is not one, naming it', async () => {
  await withDb(async (db) => {
    const bytes = new Uint8Array([1, 2, 3]);
    const when = new Date('2020-01-02T03:04:05Z');
    const r = await db.cypher('CREATE (n:T {b: $b, d: $d, s: $s, l: $l}) RETURN n.b AS b, n.d AS d, n.s AS s, $m.k AS k', { b: bytes, d: when, s: 'x', l: [1, 2], m: { k: true } });
    assert.deepEqual(r.rows[0]!['b'], bytes);
    assert.equal((r.rows[0]!['d'] as Date).getTime(), when.getTime());
    assert.equal(r.rows[0]!['k'], true);
    await assert.rejects(db.cypher('RETURN $f AS f', { f: () => 1 }), (e: unknown) => e instanceof SombraError && e.code === 'INVALID_ARG' && /\$f/.test(e.message));
    await assert.rejects(db.cypher('RETURN $x AS x', {}), (e: unknown) => e instanceof CypherError && /\$x/.test(e.message));
  });
});

test('stats are the difference between the graph before and after the query', async () => {
  await withDb(async (db) => {
    const c = await db.cypher("CREATE (a:A:B {x: 1, y: 'z'})-[:R {w: 2}]->(b:A) RETURN a");
    assert.deepEqual(
      { ...c.stats },
      { nodesCreated: 2, nodesDeleted: 0, relationshipsCreated: 1, relationshipsDeleted: 0, labelsAdded: 2, labelsRemoved: 0, propertiesSet: 3, propertiesRemoved: 0 },
    );
    const u = await db.cypher("MATCH (a:B) SET a.y = 'w', a.x = 1, a:A");
    assert.deepEqual([u.stats.propertiesSet, u.stats.propertiesRemoved, u.stats.labelsAdded], [1, 1, 0], 'a changed value is one set and one removed; an unchanged one is neither');
    const t = await db.cypher('CREATE (n:Temp) DELETE n');
    assert.deepEqual([t.stats.nodesCreated, t.stats.nodesDeleted, t.stats.labelsAdded], [0, 0, 0], 'created and deleted by one query: no net change');
    const d = await db.cypher('MATCH (a:B) REMOVE a:B SET a.x = null DETACH DELETE a');
    assert.equal(d.stats.labelsRemoved, 1, 'B is gone, A is still carried by the other node');
    assert.equal(d.stats.propertiesRemoved, 3);
    assert.equal(d.stats.nodesDeleted, 1);
    assert.equal(d.stats.relationshipsDeleted, 1);
    assert.equal((await db.cypher('MATCH (n) RETURN count(n) AS c')).rows[0]!['c'], 1);
  });
});

test('a write query that fails part way changes nothing', async () => {
  await withDb(async (db) => {
    await db.cypher('CREATE (:Keep)');
    await assert.rejects(db.cypher('UNWIND [1, 2, 0] AS d CREATE (:Temp {v: 10 / d})'), (e: unknown) => e instanceof CypherError && e.detail === 'DivisionByZero');
    assert.equal(db.nodeCount(), 1);
    await assert.rejects(db.cypher('MATCH (k:Keep) CREATE (k)-[:R]->(:X) WITH k DELETE k'), (e: unknown) => e instanceof CypherError && e.detail === 'DeleteConnectedNode');
    assert.equal(db.nodeCount(), 1);
    assert.equal(db.edgeCount(), 0);
    assert.ok(db.verify().ok);
  });
});

test('tx.cypher sees the transaction’s writes; a failed statement spoils the transaction', async () => {
  await withDb(async (db) => {
    await db.transaction(async (tx) => {
      tx.createNode('User', { name: 'Ada' });
      const r = await tx.cypher('MATCH (u:User) RETURN u.name AS name');
      assert.deepEqual(r.rows, [{ name: 'Ada' }]);
      await tx.cypher("MATCH (u:User) SET u.seen = true CREATE (:Log {msg: 'seen'})");
    });
    assert.equal((await db.cypher('MATCH (u:User {seen: true}) RETURN count(*) AS c')).rows[0]!['c'], 1);
    const tx = await db.beginWrite();
    await tx.cypher('CREATE (:Half)');
    await assert.rejects(tx.cypher('CREATE (:Half) WITH 1 AS one RETURN one / 0 AS boom'));
    await assert.rejects(tx.commit());
    assert.equal((await db.cypher('MATCH (h:Half) RETURN count(h) AS c')).rows[0]!['c'], 0);
  });
});

test('syntax errors say where, with line, column and a caret; semantic errors name the variable', async () => {
  await withDb(async (db) => {
    const err = await db.cypher('MATCH (n)\nRETRUN n').then(
      () => null,
      (e: unknown) => e,
    );
    assert.ok(err instanceof CypherError);
    assert.equal(err.code, 'CYPHER_SYNTAX');
    assert.equal(err.type, 'SyntaxError');
    assert.equal(err.phase, 'compile');
    assert.equal(err.position?.line, 2);
    assert.equal(err.position?.column, 1);
    assert.match(err.message, /RETRUN n\n\^/);
    await assert.rejects(db.cypher('MATCH (n) RETURN m'), (e: unknown) => e instanceof CypherError && e.detail === 'UndefinedVariable' && /m/.test(e.message));
    await assert.rejects(db.cypher(42 as unknown as string), (e: unknown) => e instanceof SombraError && e.code === 'INVALID_ARG');
  });
});

test('EXPLAIN plans without running; PROFILE runs and reports actual rows', async () => {
  await withDb(async (db) => {
    const e = await db.cypher("EXPLAIN CREATE (:Never {x: 1})");
    assert.equal(db.nodeCount(), 0);
    assert.ok(e.plan !== undefined && operators(e.plan).includes('Create'));
    await db.cypher('UNWIND range(1, 20) AS i CREATE (:N {i: i})');
    const p = await db.cypher('PROFILE MATCH (n:N) WHERE n.i > 15 RETURN n.i AS i');
    assert.equal(p.rows.length, 5);
    const find = (d: PlanDescription, op: string): PlanDescription | null => (d.operator === op ? d : d.children.map((c) => find(c, op)).find((x) => x !== null) ?? null);
    const scan = find(p.plan!, 'NodeByLabelScan');
    assert.equal(scan?.details, 'n:N');
    assert.equal(scan?.actualRows, 20);
    assert.equal(find(p.plan!, 'Filter')?.actualRows, 5);
    assert.equal(typeof scan?.timeMs, 'number');
  });
});

test('the planner seeks an index when one exists, and re-plans when indexes change', async () => {
  await withDb(async (db) => {
    await db.cypher("UNWIND range(1, 50) AS i CREATE (:User {name: 'u' + toString(i), age: i})");
    const q = "MATCH (u:User) WHERE u.name = 'u7' RETURN u.age AS age";
    assert.ok(operators((await db.cypher(`EXPLAIN ${q}`)).plan!).includes('NodeByLabelScan'));
    await db.createIndex('User', 'name');
    const plan = (await db.cypher(`EXPLAIN ${q}`)).plan!;
    assert.ok(operators(plan).includes('NodeIndexSeek'), JSON.stringify(plan));
    assert.deepEqual((await db.cypher(q)).rows, [{ age: 7 }]);
    await db.createIndex('User', 'age');
    assert.ok(operators((await db.cypher('EXPLAIN MATCH (u:User) WHERE u.age > 45 RETURN u')).plan!).includes('NodeIndexSeekByRange'));
    assert.equal((await db.cypher('MATCH (u:User) WHERE u.age > 45 RETURN count(*) AS c')).rows[0]!['c'], 5);
    assert.ok(operators((await db.cypher('EXPLAIN MATCH (n:User) RETURN count(n)')).plan!).includes('NodeCountFromCountStore'));
  });
});

test('a cycle in a pattern must close: mutual follows only', async () => {
  await withDb(async (db) => {
    await db.cypher("CREATE (a:U {n: 'a'}), (b:U {n: 'b'}), (c:U {n: 'c'}), (a)-[:F]->(b), (b)-[:F]->(a), (a)-[:F]->(c)");
    const r = await db.cypher('MATCH (x:U)-[:F]->(y)-[:F]->(x) RETURN x.n AS x, y.n AS y ORDER BY x');
    assert.deepEqual(r.rows, [
      { x: 'a', y: 'b' },
      { x: 'b', y: 'a' },
    ]);
  });
});

test('cypherStream yields rows as they come; an abandoned stream pins no snapshot', async () => {
  await withDb(async (db) => {
    await db.cypher('UNWIND range(1, 500) AS i CREATE (:N {i: i})');
    assert.deepEqual(db.cypherStream('MATCH (n:Nothing) RETURN n.i AS i, n AS n').columns, ['i', 'n'], 'columns are known before the first row, even with none');
    const seen: number[] = [];
    for await (const row of db.cypherStream('MATCH (n:N) RETURN n.i AS i')) {
      seen.push(row['i'] as number);
      if (seen.length === 3) break;
    }
    assert.equal(seen.length, 3);
    await db.cypher('CREATE (:After)');
    const cp = await db.checkpoint();
    assert.equal(db.stats().walFrames, 0, `the log restarted after the stream ended early: ${JSON.stringify(cp)}`);
  });
});

test('an AbortSignal cancels a query, before it starts or mid-stream', async () => {
  await withDb(async (db) => {
    await db.cypher('UNWIND range(1, 2000) AS i CREATE (:N {i: i})');
    const before = new AbortController();
    before.abort();
    await assert.rejects(db.cypher('MATCH (n) RETURN n', {}, { signal: before.signal }), (e: unknown) => e instanceof SombraError && e.code === 'CANCELLED');
    const mid = new AbortController();
    const stream = db.cypherStream('MATCH (n:N) RETURN n.i AS i', {}, { signal: mid.signal });
    let got = 0;
    await assert.rejects(
      (async () => {
        for await (const _row of stream) {
          if (++got === 10) mid.abort();
        }
      })(),
      (e: unknown) => e instanceof SombraError && e.code === 'CANCELLED',
    );
    assert.equal(got, 10);
    const w = new AbortController();
    w.abort();
    await assert.rejects(db.cypher('CREATE (:Cancelled)', {}, { signal: w.signal }));
    assert.equal((await db.cypher('MATCH (c:Cancelled) RETURN count(c) AS c')).rows[0]!['c'], 0);
  });
});
