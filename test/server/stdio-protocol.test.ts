// The stdio protocol (src/server/stdio/protocol.ts) driven in this process
// over PassThrough pipes: greeting, one answer per request, malformed lines
// answered without stopping the server, pipelined writes sharing syncs,
// tagged values both ways, streamed results through cursors, transactions,
// and the end of input closing the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { Database } from '../../src/db/database.js';
import { startStdioServer, type StdioServer } from '../../src/server/stdio/stdio-server.js';

interface Response {
  id: number | string | null;
  result?: unknown;
  error?: { code: string; name: string; message: string; type?: string; detail?: string; phase?: string; position?: { line: number; column: number } | null };
}

/** A client of one server: send raw lines or requests, await responses by id. */
class Client {
  readonly input = new PassThrough();
  readonly output = new PassThrough();
  readonly server: StdioServer;
  readonly responses: Response[] = [];
  #waiters = new Map<number | string | null, Array<(r: Response) => void>>();
  #buffer = '';
  #nextId = 1;

  constructor(dbPath: string, options: Record<string, unknown> = {}) {
    this.server = startStdioServer(dbPath, options, this.input, this.output);
    this.output.setEncoding('utf8');
    this.output.on('data', (chunk: string) => {
      this.#buffer += chunk;
      for (let nl = this.#buffer.indexOf('\n'); nl >= 0; nl = this.#buffer.indexOf('\n')) {
        const r = JSON.parse(this.#buffer.slice(0, nl)) as Response;
        this.#buffer = this.#buffer.slice(nl + 1);
        this.responses.push(r);
        const w = this.#waiters.get(r.id)?.shift();
        if (w !== undefined) w(r);
      }
    });
  }

  /** The next response with `id` (responses already received are not replayed). */
  response(id: number | string | null): Promise<Response> {
    return new Promise((resolve) => {
      const list = this.#waiters.get(id) ?? [];
      list.push(resolve);
      this.#waiters.set(id, list);
    });
  }

  raw(line: string): void {
    this.input.write(`${line}\n`);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<Response> {
    const id = this.#nextId++;
    const p = this.response(id);
    this.raw(JSON.stringify({ id, method, params }));
    return p;
  }

  async call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const r = await this.send(method, params);
    if (r.error !== undefined) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.result;
  }

  async end(): Promise<void> {
    this.input.end();
    await this.server.done;
  }
}

function tempDb(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sombra-stdio-'));
  return { dir, file: path.join(dir, 'g.sombra') };
}

async function started(file: string, options: Record<string, unknown> = {}): Promise<{ c: Client; greeting: Response }> {
  const c = new Client(file, options);
  const greeting = await c.response(0);
  return { c, greeting };
}

test('the first line is the greeting with the protocol version; the end of input closes the database', async () => {
  const { dir, file } = tempDb();
  try {
    const { c, greeting } = await started(file);
    assert.equal((greeting.result as { protocol: number }).protocol, 1);
    assert.equal(await c.call('createNode', { labels: ['User'], props: { name: 'Ada' } }), 1);
    await c.end();
    assert.equal((await c.server.done).reason, 'stdin-end');
    // The lock is released: the file opens again and holds the node.
    const db = await Database.open(file);
    assert.deepEqual(db.getNode(1), { id: 1, labels: ['User'], props: { name: 'Ada' } });
    await db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a database that cannot open gets an error greeting and exit code 1', async () => {
  const { dir, file } = tempDb();
  try {
    const { c, greeting } = await started(file, { createIfMissing: false });
    assert.equal(greeting.error?.code, 'NOT_FOUND');
    const outcome = await c.server.done;
    assert.deepEqual(outcome, { exitCode: 1, reason: 'open-failed' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('malformed requests get an error answer and the server keeps serving', async () => {
  const { c } = await started(':memory:');
  const nullAnswers = (): Response[] => c.responses.filter((r) => r.id === null);
  c.raw('this is not json');
  c.raw('[1, 2, 3]');
  c.raw('{"method": "nodeCount"}');
  c.raw('{"id": -4, "method": "nodeCount"}');
  const noMethod = c.response(7);
  c.raw('{"id": 7}');
  const badParams = c.response(8);
  c.raw('{"id": 8, "method": "nodeCount", "params": [1]}');
  const unknown = await c.send('dropEverything');
  const badTag = await c.send('createNode', { labels: 'User', props: { x: { $weird: 1 } } });
  const badField = await c.send('getNode', { id: 'one' });
  assert.equal((await noMethod).error?.name, 'ProtocolError');
  assert.equal((await badParams).error?.code, 'INVALID_ARG');
  assert.match(unknown.error!.message, /unknown method "dropEverything"/);
  assert.equal(badTag.error?.code, 'INVALID_ARG');
  assert.match(badTag.error!.message, /params\.props\.x: unknown tag "\$weird"/);
  assert.match(badField.error!.message, /params\.id must be an integer/);
  assert.equal(nullAnswers().length, 4);
  for (const r of nullAnswers()) assert.equal(r.error?.code, 'INVALID_ARG');
  // Still serving, and nothing was written by the bad requests.
  assert.equal(await c.call('nodeCount'), 0);
  await c.end();
});

test('pipelined requests are each answered once, and concurrent writes share syncs', async () => {
  const { dir, file } = tempDb();
  try {
    const { c } = await started(file, { synchronous: 'full' });
    const count = 300;
    const answers = await Promise.all(Array.from({ length: count }, (_, i) => c.send('createNode', { labels: ['N'], props: { i } })));
    const ids = answers.map((r) => r.result as number);
    assert.equal(new Set(ids).size, count);
    for (const r of answers) assert.equal(r.error, undefined);
    // Each id answered exactly once.
    const seen = c.responses.filter((r) => typeof r.id === 'number' && r.id >= 1 && r.id <= count).map((r) => r.id);
    assert.equal(seen.length, count);
    assert.equal(new Set(seen).size, count);
    // Every request's node holds that request's value.
    const rows = (await c.call('cypher', { text: 'MATCH (n:N) RETURN id(n) AS id, n.i AS i', chunkRows: 1000 })) as { rows: number[][] };
    const byId = new Map(rows.rows.map(([id, i]) => [id, i]));
    answers.forEach((r, i) => assert.equal(byId.get(r.result as number), i));
    const stats = (await c.call('stats')) as { commits: number; logSyncs: number };
    assert.ok(stats.commits >= count, `commits ${stats.commits}`);
    assert.ok(stats.logSyncs < stats.commits, `${stats.logSyncs} syncs for ${stats.commits} commits: writes did not share syncs`);
    await c.end();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('tagged values round-trip: int64 beyond 2^53, integral and special floats, bytes, dates, $-keyed maps', async () => {
  const { c } = await started(':memory:');
  const props = {
    big: { $int: '9223372036854775807' },
    neg: { $int: '-9223372036854775808' },
    safe: 9007199254740991,
    half: 0.5,
    nan: { $float: 'NaN' },
    inf: { $float: '-Infinity' },
    bytes: { $bytes: 'AAEC/w==' },
    when: { $date: '2024-05-01T12:00:00.000Z' },
    list: ['a', 'b'],
  };
  const id = (await c.call('createNode', { labels: ['V'], props })) as number;
  const node = (await c.call('getNode', { id })) as { props: Record<string, unknown> };
  assert.deepEqual(node.props, props);
  const r = (await c.call('cypher', {
    text: 'RETURN $p AS p, 1.0 AS f, -0.0 AS z, 2 AS i, {`$x`: 1, y: [1, 2.5]} AS m',
    params: { p: { $int: '-9223372036854775807' } },
  })) as { columns: string[]; rows: unknown[][] };
  assert.deepEqual(r.columns, ['p', 'f', 'z', 'i', 'm']);
  assert.deepEqual(r.rows, [[{ $int: '-9223372036854775807' }, { $float: '1' }, { $float: '-0' }, 2, { $map: { $x: 1, y: [1, 2.5] } }]]);
  // An integral float parameter stays a float: 3.0 / 2 is 1.5, 3 / 2 is 1.
  const div = (await c.call('cypher', { text: 'RETURN $a / 2 AS x, $b / 2 AS y', params: { a: { $float: '3' }, b: 3 } })) as { rows: unknown[][] };
  assert.deepEqual(div.rows, [[1.5, 1]]);
  await c.end();
});

test('nodes, relationships and paths come back tagged', async () => {
  const { c } = await started(':memory:');
  await c.call('cypher', { text: "CREATE (:P {name: 'a'})-[:R {w: 1}]->(:P {name: 'b'})" });
  const r = (await c.call('cypher', { text: 'MATCH p = (a)-[r]->(b) RETURN a, r, p' })) as { rows: unknown[][] };
  const a = { id: 1, labels: ['P'], properties: { name: 'a' } };
  const b = { id: 2, labels: ['P'], properties: { name: 'b' } };
  const rel = { id: 1, type: 'R', start: 1, end: 2, properties: { w: 1 } };
  assert.deepEqual(r.rows, [[{ $node: a }, { $rel: rel }, { $path: { nodes: [a, b], relationships: [rel] } }]]);
  await c.end();
});

test('large results stream through a cursor in chunks, in order; closeCursor ends one early', async () => {
  const { c } = await started(':memory:');
  await c.call('cypher', { text: 'UNWIND range(1, 2500) AS i CREATE (:Row {i: i})' });
  const first = (await c.call('cypher', { text: 'MATCH (n:Row) RETURN n.i AS i ORDER BY i', chunkRows: 1000 })) as { columns: string[]; rows: number[][]; cursor: number | null };
  assert.deepEqual(first.columns, ['i']);
  assert.equal(first.rows.length, 1000);
  assert.notEqual(first.cursor, null);
  const all = [...first.rows];
  for (;;) {
    const chunk = (await c.call('fetch', { cursor: first.cursor, maxRows: 700 })) as { rows: number[][]; done: boolean };
    assert.ok(chunk.rows.length <= 700);
    all.push(...chunk.rows);
    if (chunk.done) break;
  }
  assert.deepEqual(all.map((r) => r[0]), Array.from({ length: 2500 }, (_, i) => i + 1));
  const gone = await c.send('fetch', { cursor: first.cursor });
  assert.match(gone.error!.message, /cursor \d+ is not open/);

  const second = (await c.call('cypher', { text: 'MATCH (n:Row) RETURN n.i AS i', chunkRows: 10 })) as { cursor: number };
  assert.equal(await c.call('closeCursor', { cursor: second.cursor }), null);
  assert.match((await c.send('fetch', { cursor: second.cursor })).error!.message, /is not open/);

  // The builder's spec streams the same way.
  const spec = { $schemaVersion: 2, nodes: [{ var: 'n', label: 'Row' }], edges: [], where: null, select: [{ var: 'n', prop: 'i', as: 'i' }], distinct: false, orderBy: [{ key: 'i', direction: 'desc' }], skip: null, limit: 3 };
  const q = (await c.call('query', { spec })) as { columns: string[]; rows: number[][]; cursor: null };
  assert.deepEqual([q.columns, q.rows, q.cursor], [['i'], [[2500], [2499], [2498]], null]);
  await c.end();
});

test('transactions: reads inside see their writes, rollback discards, commit publishes, a closed one is TX_CLOSED', async () => {
  const { c } = await started(':memory:');
  const { tx } = (await c.call('beginWrite')) as { tx: number };
  const id = (await c.call('createNode', { labels: ['T'], props: { n: 1 }, tx })) as number;
  assert.deepEqual(await c.call('getNode', { id, tx }), { id, labels: ['T'], props: { n: 1 } });
  assert.equal(await c.call('getNode', { id }), null);
  const inside = (await c.call('cypher', { text: 'MATCH (t:T) RETURN count(t) AS n', tx })) as { rows: number[][] };
  assert.deepEqual(inside.rows, [[1]]);
  await c.call('rollback', { tx });
  assert.equal(await c.call('nodeCount'), 0);
  const again = await c.send('createNode', { labels: ['T'], tx });
  assert.equal(again.error?.code, 'TX_CLOSED');

  const t2 = ((await c.call('beginWrite')) as { tx: number }).tx;
  await c.call('createNode', { labels: ['T'], tx: t2 });
  await c.call('commit', { tx: t2 });
  assert.equal(await c.call('countNodesWithLabel', { label: 'T' }), 1);
  await c.end();
});

test('an open transaction is rolled back when the input ends', async () => {
  const { dir, file } = tempDb();
  try {
    const { c } = await started(file);
    const { tx } = (await c.call('beginWrite')) as { tx: number };
    await c.call('createNode', { labels: ['Lost'], tx });
    await c.end();
    const db = await Database.open(file);
    assert.equal(db.nodeCount(), 0);
    await db.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('errors carry the engine code and message; Cypher errors add type, detail, phase and position', async () => {
  const { c } = await started(':memory:');
  const syntax = await c.send('cypher', { text: 'MATCH (n RETURN n' });
  assert.equal(syntax.error?.code, 'CYPHER_SYNTAX');
  assert.equal(syntax.error?.type, 'SyntaxError');
  assert.equal(syntax.error?.phase, 'compile');
  assert.equal(syntax.error?.position?.line, 1);
  const arith = await c.send('cypher', { text: 'RETURN 1 / 0 AS x' });
  assert.equal(arith.error?.code, 'CYPHER_ARITHMETIC');
  assert.equal(arith.error?.phase, 'runtime');
  const missing = await c.send('deleteNode', { id: 99 });
  assert.equal(missing.error?.code, 'NOT_FOUND');
  assert.equal(missing.error?.name, 'NotFoundError');
  await c.end();
});

test('close answers, then ends the server', async () => {
  const { c } = await started(':memory:');
  const closed = c.send('close');
  assert.equal((await closed).result, null);
  assert.equal((await c.server.done).reason, 'close');
});
