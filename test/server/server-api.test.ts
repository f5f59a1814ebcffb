// The HTTP API over real sockets on 127.0.0.1: queries (Cypher and builder
// specs), nodes and neighbours, schema, stats, mutate, health and metrics,
// the token, read-only mode, CORS, the limits, and errors as { code, message }.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { auth, get, metricValue, post, startHarness, TOKEN, waitFor, type Harness } from './server-harness.js';

describe('the API of a writable server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ corsOrigins: ['http://allowed.example'], rowsMax: 5, bodyLimitBytes: 4096 });
  });
  after(async () => h.close());

  test('a Cypher read returns columns, rows with tagged nodes and relationships, and needs no token', async () => {
    const r = await post(`${h.url}/api/query`, { cypher: 'MATCH (a:Person {id: $id})-[k:KNOWS]->(b) RETURN a, k, b.name AS name, 2^70 AS big', params: { id: 3 } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.body.columns, ['a', 'k', 'name', 'big']);
    const rows = r.body.rows as Array<Record<string, Record<string, Record<string, unknown>>>>;
    assert.equal(rows.length, 1);
    assert.deepEqual(rows[0]!.a!.$node!.labels, ['Person']);
    assert.deepEqual(rows[0]!.a!.$node!.properties, { id: 3, name: 'p3' });
    assert.equal(rows[0]!.k!.$rel!.type, 'KNOWS');
    assert.equal(rows[0]!.name, 'p4');
    assert.equal(r.body.truncated, false);
  });

  test('bigint parameters travel as {"$int": "..."}', async () => {
    const r = await post(`${h.url}/api/query`, { cypher: 'RETURN $n + 1 AS m', params: { n: { $int: '9007199254740993' } } });
    assert.equal(r.status, 200);
    assert.deepEqual((r.body.rows as unknown[])[0], { m: { $int: '9007199254740994' } });
  });

  test('a builder spec runs like the builder does', async () => {
    const spec = h.db.query().nodes('Person').where('n0', (b) => b.lt('id', 4)).select('n0.id').toSpec();
    const r = await post(`${h.url}/api/query`, { spec });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.rowCount, 3);
    const bad = await post(`${h.url}/api/query`, { spec: { version: 2, nonsense: true } });
    assert.equal(bad.status, 400);
  });

  test('EXPLAIN answers a plan tree without running', async () => {
    const r = await post(`${h.url}/api/query`, { cypher: 'EXPLAIN MATCH (p:Person) RETURN p.name' });
    assert.equal(r.status, 200);
    const plan = r.body.plan as { operator: string; children: unknown[] };
    assert.equal(typeof plan.operator, 'string');
    assert.ok(Array.isArray(plan.children));
    assert.deepEqual(r.body.rows, []);
  });

  test('an empty result still names its columns', async () => {
    const r = await post(`${h.url}/api/query`, { cypher: 'MATCH (p:Nobody) RETURN p.name AS name, p.age AS age' });
    assert.deepEqual({ columns: r.body.columns, rows: r.body.rows }, { columns: ['name', 'age'], rows: [] });
  });

  test('rows beyond rowsMax are cut and flagged', async () => {
    const r = await post(`${h.url}/api/query`, { cypher: 'MATCH (p:Person) RETURN p.id AS id' });
    assert.equal(r.body.rowCount, 5);
    assert.equal(r.body.truncated, true);
    const fewer = await post(`${h.url}/api/query`, { cypher: 'MATCH (p:Person) RETURN p.id AS id', rowsMax: 2 });
    assert.equal(fewer.body.rowCount, 2);
  });

  test('a Cypher syntax error is a 400 with the TCK type, the position and a caret', async () => {
    const r = await post(`${h.url}/api/query`, { cypher: 'MATCH (p:Person RETURN p' });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'CYPHER_SYNTAX');
    assert.equal(r.body.type, 'SyntaxError');
    assert.deepEqual(r.body.position, { offset: 16, line: 1, column: 17 });
    assert.match(String(r.body.message), /\^/);
  });

  test('bad input is a 400: invalid JSON, no query, a bad node id', async () => {
    const badJson = await post(`${h.url}/api/query`, '{"cypher": ');
    assert.equal(badJson.status, 400);
    assert.equal(badJson.body.code, 'INVALID_ARG');
    const empty = await post(`${h.url}/api/query`, {});
    assert.equal(empty.status, 400);
    const badId = await get(`${h.url}/api/nodes/abc`);
    assert.equal(badId.status, 400);
    assert.equal(badId.body.code, 'INVALID_ARG');
  });

  test('a missing node or route is a 404', async () => {
    const n = await get(`${h.url}/api/nodes/99999`);
    assert.equal(n.status, 404);
    assert.equal(n.body.code, 'NOT_FOUND');
    const route = await get(`${h.url}/api/nope`);
    assert.equal(route.status, 404);
    assert.equal(route.body.code, 'ROUTE_NOT_FOUND');
  });

  test('a body over the limit is a 413', async () => {
    const r = await post(`${h.url}/api/query`, { cypher: `RETURN '${'x'.repeat(5000)}' AS s` });
    assert.equal(r.status, 413);
    assert.equal(r.body.code, 'BODY_TOO_LARGE');
  });

  test('writes need the bearer token: 401 without, 403 with a wrong one, nothing written', async () => {
    const before = h.db.nodeCount();
    const none = await post(`${h.url}/api/query`, { cypher: 'CREATE (:Thing)' });
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'UNAUTHORIZED');
    const wrong = await post(`${h.url}/api/query`, { cypher: 'CREATE (:Thing)' }, { authorization: 'Bearer not-the-token-at-all' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.code, 'FORBIDDEN');
    const m = await post(`${h.url}/api/mutate`, { ops: [{ op: 'createNode', labels: 'Thing' }] });
    assert.equal(m.status, 401);
    assert.equal(h.db.nodeCount(), before);
    const ok = await post(`${h.url}/api/query`, { cypher: 'CREATE (t:Thing) RETURN t' }, auth);
    assert.equal(ok.status, 200);
    assert.equal((ok.body.stats as Record<string, number>).nodesCreated, 1);
    assert.equal(h.db.nodeCount(), before + 1);
  });

  test('mutate applies a batch with aliases; a failing batch is a 400 and lands nothing', async () => {
    const ok = await post(`${h.url}/api/mutate`, { ops: [{ op: 'createNode', labels: ['Tag'], props: { n: { $int: '1234567890123456789' } }, as: 't' }, { op: 'createEdge', src: { ref: 't' }, dst: 1, type: 'TAGS' }] }, auth);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const tagId = (ok.body.aliases as Record<string, number>).t!;
    assert.equal(h.db.getNode(tagId)?.props.n, 1234567890123456789n);
    const nodes = h.db.nodeCount();
    const edges = h.db.edgeCount();
    const bad = await post(`${h.url}/api/mutate`, { ops: [{ op: 'createNode', labels: 'Tag' }, { op: 'createEdge', src: 1, dst: 99999, type: 'TAGS' }] }, auth);
    assert.ok(bad.status === 400 || bad.status === 404, `status ${bad.status}`);
    assert.equal(typeof bad.body.code, 'string');
    assert.equal(h.db.nodeCount(), nodes);
    assert.equal(h.db.edgeCount(), edges);
  });

  test('nodes and neighbours by type and direction, with a limit', async () => {
    const n = await get(`${h.url}/api/nodes/1`);
    assert.equal(n.status, 200);
    assert.deepEqual((n.body.node as Record<string, unknown>).labels, ['Person']);
    const out = await get(`${h.url}/api/nodes/1/neighbors?type=KNOWS&direction=out`);
    const outN = out.body.neighbors as Array<{ node: { properties: { id: number } }; edge: { type: string; start: number }; direction: string }>;
    assert.equal(outN.length, 1);
    assert.equal(outN[0]!.node.properties.id, 2);
    assert.equal(outN[0]!.direction, 'out');
    const both = await get(`${h.url}/api/nodes/1/neighbors?type=KNOWS&direction=both`);
    assert.equal((both.body.neighbors as unknown[]).length, 2);
    const limited = await get(`${h.url}/api/nodes/1/neighbors?direction=both&limit=1`);
    assert.equal((limited.body.neighbors as unknown[]).length, 1);
    assert.equal(limited.body.truncated, true);
    const bad = await get(`${h.url}/api/nodes/1/neighbors?direction=sideways`);
    assert.equal(bad.status, 400);
  });

  test('schema lists labels and types with exact counts, and the property keys', async () => {
    const s = await get(`${h.url}/api/schema`);
    const labels = s.body.labels as Array<{ name: string; count: number }>;
    assert.equal(labels.find((l) => l.name === 'Person')?.count, 20);
    assert.equal(labels.find((l) => l.name === 'City')?.count, 2);
    assert.ok((s.body.edgeTypes as Array<{ name: string; count: number }>).some((t) => t.name === 'KNOWS' && t.count === 20));
    assert.ok((s.body.propertyKeys as Array<{ name: string }>).some((k) => k.name === 'name'));
  });

  test('metrics count commits and syncs; stats keep a history for the charts', async () => {
    const before = await (await fetch(`${h.url}/metrics`)).text();
    for (let i = 0; i < 3; i++) assert.equal((await post(`${h.url}/api/mutate`, [{ op: 'createNode', labels: 'M' }], auth)).status, 200);
    const text = await (await fetch(`${h.url}/metrics`)).text();
    assert.equal(metricValue(text, 'sombra_commits_total') - metricValue(before, 'sombra_commits_total'), 3);
    assert.ok(metricValue(text, 'sombra_log_syncs_total') >= 1);
    for (const name of ['sombra_commits_per_sync_count', 'sombra_commit_duration_seconds_count', 'sombra_log_frames', 'sombra_checkpoints_total', 'sombra_cache_hits_total', 'sombra_cache_misses_total', 'sombra_open_snapshots']) {
      assert.ok(text.includes(`\n${name}`), `metric ${name} missing`);
    }
    assert.ok(metricValue(text, 'sombra_queries_total{kind="mutate"}') >= 3);
    assert.ok(await waitFor(async () => ((await get(`${h.url}/api/stats`)).body.history as unknown[]).length >= 2));
    const stats = await get(`${h.url}/api/stats`);
    assert.equal((stats.body.stats as Record<string, number>).nodes, h.db.nodeCount());
  });

  test('health: live and ready', async () => {
    assert.equal((await get(`${h.url}/health/live`)).status, 200);
    const ready = await get(`${h.url}/health/ready`);
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, 'ready');
  });

  test('CORS answers only the listed origins', async () => {
    const ok = await fetch(`${h.url}/api/query`, { method: 'OPTIONS', headers: { origin: 'http://allowed.example', 'access-control-request-method': 'POST' } });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://allowed.example');
    const other = await fetch(`${h.url}/api/stats`, { headers: { origin: 'http://evil.example' } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });

  test('the dashboard page is served at /', async () => {
    const res = await fetch(`${h.url}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await res.text(), /Sombra/);
  });
});

describe('a read-only server', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ readOnly: true });
  });
  after(async () => h.close());

  test('refuses every write with 403 READ_ONLY, even with a token, and still reads', async () => {
    const nodes = h.db.nodeCount();
    const q = await post(`${h.url}/api/query`, { cypher: 'CREATE (:X)' }, { authorization: `Bearer ${TOKEN}` });
    assert.equal(q.status, 403);
    assert.equal(q.body.code, 'READ_ONLY');
    const m = await post(`${h.url}/api/mutate`, { ops: [{ op: 'createNode', labels: 'X' }] }, { authorization: `Bearer ${TOKEN}` });
    assert.equal(m.status, 403);
    assert.equal(h.db.nodeCount(), nodes);
    const r = await post(`${h.url}/api/query`, { cypher: 'MATCH (n) RETURN count(n) AS c' });
    assert.deepEqual(r.body.rows, [{ c: nodes }]);
    assert.equal((await get(`${h.url}/health/ready`)).body.readOnly, true);
  });
});
