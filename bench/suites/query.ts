/**
 * Query workloads (`npm run bench -- --workload Q`): the query layer on the
 * W5 graph (bench/suites/graph.ts: User nodes with name and age, random
 * KNOWS edges), each query three ways on Sombra — Cypher text
 * (`db.cypher` with parameters), the builder (built once, run with
 * `params`), and for Q1/Q2 a hand-written loop over the graph API — beside
 * the equivalent SQL (joins, the same indexes) on better-sqlite3, in the
 * same run. Every query's answer is compared across engines.
 *
 *   Q1  1-hop of a random node with a property filter (b.age > 30)
 *   Q2  distinct 2-hop neighbours (count)
 *   Q3  mutual follows of a node (a->b and b->a)
 *   Q4  top 10 by age among 2-hop neighbours
 *   Q5  count of relationships by type (a whole-graph aggregate)
 *   Q6  indexed equality plus a range filter
 *   Q7  distinct nodes reachable in 1..3 hops (variable length)
 *   Q0  parse + plan of a 3-line query, uncached and cached (no SQLite side)
 */
import SqliteDatabase from '../sqlite-driver.js';
import { Database } from '../../src/index.js';
import { gt, idOf, param } from '../../src/query/builder/predicates.js';
import { QueryEngine } from '../../src/db/query-engine.js';
import { GraphReader } from '../../src/graph/graph-reader.js';
import { nowMs, perSecond, summarize, type BenchContext, type BenchSuite, type Measurement, type ResultRow } from '../harness.js';
import { graphData, queryIndexes, sizes, sombraLoad, sqliteLoad, type GraphData } from './graph.js';

type Sqlite = SqliteDatabase.Database;
/** One query run: its numeric answer (compared across engines). */
type QueryFn = (id: number, name: string) => Promise<number> | number;

interface QueryCase {
  id: string;
  name: string;
  count: number;
  cypher: string;
  builder: ((db: Database) => QueryFn) | null;
  hand: ((db: Database) => QueryFn) | null;
  sql: (db: Sqlite) => QueryFn;
  sombraAnswer: (rows: Array<Record<string, unknown>>) => number;
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : (v as number));

function cases(n: number): QueryCase[] {
  const countRows = (rows: Array<Record<string, unknown>>): number => rows.length;
  const firstN = (rows: Array<Record<string, unknown>>): number => num(rows[0]?.['n'] ?? 0);
  return [
    {
      id: 'Q1',
      name: '1-hop with a property filter (b.age > 30)',
      count: Math.min(10_000, n),
      cypher: 'MATCH (a:User)-[:KNOWS]->(b:User)\nWHERE id(a) = $id AND b.age > 30\nRETURN b.name AS name',
      builder: (db) => {
        const q = db.query().match({ a: 'User', b: 'User' }).edge('a', 'b', 'KNOWS').where('a', (s) => s.eq(idOf('a'), param('id'))).andWhere(gt('b.age', 30)).select({ var: 'b', prop: 'name', as: 'name' });
        return async (id) => (await q.execute({ params: { id } })).length;
      },
      hand: (db) => (id) => {
        let c = 0;
        for (const b of db.neighborIds(id, { edgeType: 'KNOWS', distinct: false })) {
          const node = db.getNode(b);
          if (node !== null && node.labels.includes('User') && (node.props['age'] as number) > 30) c++;
        }
        return c;
      },
      sql: (db) => {
        const st = db.prepare("SELECT n.name FROM edges e JOIN nodes n ON n.id = e.dst WHERE e.src = ? AND e.type = 'KNOWS' AND n.label = 'User' AND n.age > 30");
        return (id) => st.all(id).length;
      },
      sombraAnswer: countRows,
    },
    {
      id: 'Q2',
      name: 'distinct 2-hop neighbours (count)',
      count: Math.min(2_000, n),
      cypher: 'MATCH (a)-[:KNOWS]->()-[:KNOWS]->(c)\nWHERE id(a) = $id\nRETURN count(DISTINCT c) AS n',
      builder: (db) => {
        const q = db.query().match({ a: null, b: null, c: null }).edge('a', 'b', 'KNOWS').edge('b', 'c', 'KNOWS').where('a', (s) => s.eq(idOf('a'), param('id'))).aggregate('count', 'c', { distinct: true, as: 'n' });
        return async (id) => num((await q.execute({ params: { id } }))[0]?.['n']);
      },
      hand: (db) => (id) => {
        const seen = new Set<number>();
        for (const first of db.neighbors(id, { edgeType: 'KNOWS', distinct: false })) {
          for (const second of db.neighbors(first.nodeId, { edgeType: 'KNOWS', distinct: false })) if (second.edgeId !== first.edgeId) seen.add(second.nodeId);
        }
        return seen.size;
      },
      sql: (db) => {
        const st = db.prepare('SELECT count(DISTINCT e2.dst) FROM edges e1 JOIN edges e2 ON e2.src = e1.dst AND e2.type = e1.type AND e2.id <> e1.id WHERE e1.src = ? AND e1.type = \'KNOWS\'').pluck();
        return (id) => st.get(id) as number;
      },
      sombraAnswer: firstN,
    },
    {
      id: 'Q3',
      name: 'mutual follows of a node (a->b and b->a)',
      count: Math.min(10_000, n),
      cypher: 'MATCH (a)-[:KNOWS]->(b)-[:KNOWS]->(a)\nWHERE id(a) = $id\nRETURN count(*) AS n',
      builder: (db) => {
        const q = db.query().match({ a: null, b: null }).edge('a', 'b', 'KNOWS').edge('b', 'a', 'KNOWS').where('a', (s) => s.eq(idOf('a'), param('id'))).aggregate('count', undefined, { as: 'n' });
        return async (id) => num((await q.execute({ params: { id } }))[0]?.['n']);
      },
      hand: null,
      sql: (db) => {
        const st = db.prepare("SELECT count(*) FROM edges e1 JOIN edges e2 ON e2.src = e1.dst AND e2.dst = e1.src AND e2.type = 'KNOWS' AND e2.id <> e1.id WHERE e1.src = ? AND e1.type = 'KNOWS'").pluck();
        return (id) => st.get(id) as number;
      },
      sombraAnswer: firstN,
    },
    {
      id: 'Q4',
      name: 'top 10 by age among 2-hop neighbours',
      count: Math.min(2_000, n),
      cypher: 'MATCH (a)-[:KNOWS]->()-[:KNOWS]->(c)\nWHERE id(a) = $id\nRETURN c.name AS name, c.age AS age ORDER BY age DESC, name LIMIT 10',
      builder: (db) => {
        const q = db.query().match({ a: null, b: null, c: null }).edge('a', 'b', 'KNOWS').edge('b', 'c', 'KNOWS').where('a', (s) => s.eq(idOf('a'), param('id'))).select({ var: 'c', prop: 'name', as: 'name' }, { var: 'c', prop: 'age', as: 'age' }).orderBy('age', 'desc').orderBy('name').limit(10);
        return async (id) => digestTop(await q.execute({ params: { id } }));
      },
      hand: null,
      sql: (db) => {
        const st = db.prepare<[number], { name: string; age: number }>("SELECT n.name AS name, n.age AS age FROM edges e1 JOIN edges e2 ON e2.src = e1.dst AND e2.type = 'KNOWS' AND e2.id <> e1.id JOIN nodes n ON n.id = e2.dst WHERE e1.src = ? AND e1.type = 'KNOWS' ORDER BY n.age DESC, n.name LIMIT 10");
        return (id) => digestTop(st.all(id));
      },
      sombraAnswer: (rows) => digestTop(rows),
    },
    {
      id: 'Q5',
      name: 'count of relationships by type (whole graph)',
      count: 5,
      cypher: 'MATCH ()-[r]->()\nRETURN type(r) AS type, count(*) AS n',
      builder: (db) => {
        const q = db.query().match({ a: null, b: null }).edge('a', 'b', null, { var: 'r' }).select({ type: 'r', as: 'type' }).aggregate('count', undefined, { as: 'n' });
        return async () => sumN(await q.execute());
      },
      hand: null,
      sql: (db) => {
        const st = db.prepare<[], { type: string; n: number }>('SELECT type, count(*) AS n FROM edges GROUP BY type');
        return () => sumN(st.all());
      },
      sombraAnswer: (rows) => sumN(rows),
    },
    {
      id: 'Q6',
      name: 'indexed name equality plus an age range',
      count: Math.min(10_000, n),
      cypher: 'MATCH (n:User)\nWHERE n.name = $name AND n.age >= 20 AND n.age < 60\nRETURN id(n) AS id',
      builder: (db) => {
        const q = db.query().match({ var: 'n', label: 'User' }).where('n', (s) => s.eq('name', param('name')).ge('age', 20).lt('age', 60)).select({ id: 'n', as: 'id' });
        return async (_id, name) => sumIds(await q.execute({ params: { name } }));
      },
      hand: null,
      sql: (db) => {
        const st = db.prepare<[string], { id: number }>("SELECT id FROM nodes WHERE label = 'User' AND name = ? AND age >= 20 AND age < 60");
        return (_id, name) => sumIds(st.all(name));
      },
      sombraAnswer: (rows) => sumIds(rows),
    },
    {
      id: 'Q7',
      name: 'distinct nodes reachable in 1..3 hops',
      count: Math.min(300, n),
      cypher: 'MATCH (a)-[:KNOWS*1..3]->(b)\nWHERE id(a) = $id\nRETURN count(DISTINCT b) AS n',
      builder: (db) => {
        const q = db.query().match({ a: null, b: null }).edge('a', 'b', 'KNOWS', { minHops: 1, maxHops: 3 }).where('a', (s) => s.eq(idOf('a'), param('id'))).aggregate('count', 'b', { distinct: true, as: 'n' });
        return async (id) => num((await q.execute({ params: { id } }))[0]?.['n']);
      },
      hand: null,
      sql: (db) => {
        const st = db
          .prepare(
            "WITH RECURSIVE r(n, d) AS (SELECT ?, 0 UNION SELECT e.dst, r.d + 1 FROM r JOIN edges e ON e.src = r.n AND e.type = 'KNOWS' WHERE r.d < 3) SELECT count(DISTINCT n) FROM r WHERE d > 0",
          )
          .pluck();
        return (id) => st.get(id) as number;
      },
      sombraAnswer: firstN,
    },
  ];
}

function digestTop(rows: ReadonlyArray<Record<string, unknown>>): number {
  let d = 0;
  rows.forEach((r, i) => (d += (i + 1) * (num(r['age']) * 1000 + String(r['name']).length)));
  return d;
}

function sumN(rows: ReadonlyArray<Record<string, unknown>>): number {
  return rows.reduce((s, r) => s + num(r['n']), 0);
}

function sumIds(rows: ReadonlyArray<Record<string, unknown>>): number {
  return rows.reduce((s, r) => s + num(r['id']) + 1, 0);
}

async function timeRun(fn: QueryFn, ids: Uint32Array, g: GraphData): Promise<{ ms: number; answers: number[] }> {
  const answers: number[] = new Array<number>(ids.length);
  const t0 = nowMs();
  for (let i = 0; i < ids.length; i++) answers[i] = await fn(ids[i]! + 1, g.names[ids[i]!]!);
  return { ms: nowMs() - t0, answers };
}

function checkSame(id: string, what: string, a: number[], b: number[]): void {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) throw new Error(`query bench ${id}: query ${i} answered ${a[i]} by ${what}, ${b[i]} by SQLite`);
  }
}

/** Parse + plan time of a 3-line query: uncached (a new text each time) and cached (the same text). */
function planTimes(db: Database, reps: number): { uncached: Measurement; cached: Measurement } {
  const engine = new QueryEngine();
  const text = (i: number) => `MATCH (a:User)-[:KNOWS]->(b:User)\nWHERE a.name = 'user${i}' AND b.age > 30\nRETURN b.name AS name ORDER BY name LIMIT 10`;
  return db.read((view) => {
    const reader = (view as unknown as { reader(): GraphReader }).reader();
    const uncached: number[] = [];
    const cached: number[] = [];
    const n = 2_000;
    for (let r = 0; r < reps; r++) {
      let t0 = nowMs();
      for (let i = 0; i < n; i++) engine.plan(engine.parse(text(r * n + i)), reader);
      uncached.push(((nowMs() - t0) * 1000) / n);
      const same = text(0);
      t0 = nowMs();
      for (let i = 0; i < n * 10; i++) engine.plan(engine.parse(same), reader);
      cached.push(((nowMs() - t0) * 1000) / (n * 10));
    }
    return { uncached: summarize(uncached), cached: summarize(cached) };
  });
}

export const querySuite: BenchSuite = {
  ids: ['Q'],
  title: 'Query layer: Cypher and the builder vs SQL on the W5 graph',
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const s = sizes(ctx);
    const g = graphData(s);
    ctx.log(`loading the W5 graph (${s.nodes} nodes, ${s.edges} edges) into both engines`);
    const sombraFile = `${ctx.dir}/query-sombra.db`;
    const sqliteFile = `${ctx.dir}/query-sqlite.db`;
    await sombraLoad(sombraFile, g);
    sqliteLoad(sqliteFile, g);
    const db = await Database.open(sombraFile);
    const sq = new SqliteDatabase(sqliteFile);
    const rows: ResultRow[] = [];
    try {
      for (const c of cases(s.nodes)) {
        ctx.log(`${c.id} ${c.name}`);
        const sql = c.sql(sq);
        const cypher: QueryFn = async (id, name) => c.sombraAnswer((await db.cypher(c.cypher, { id, name })).rows);
        const variants: Array<[string, QueryFn]> = [['Cypher', cypher]];
        if (c.builder !== null) variants.push(['builder', c.builder(db)]);
        if (c.hand !== null) variants.push(['hand-written API loop', c.hand(db)]);
        const samples = new Map<string, number[]>(variants.map(([k]) => [k, []]));
        const sqlSamples: number[] = [];
        // Warm-up, checking every variant against SQLite.
        const warm = queryIndexes(0x9000 + c.count, Math.min(200, c.count), s.nodes);
        const expect = await timeRun(sql, warm, g);
        for (const [k, fn] of variants) checkSame(c.id, k, (await timeRun(fn, warm, g)).answers, expect.answers);
        // Each repetition runs the engines in a rotated order, so that warm-up and
        // garbage left by the previous pass do not always fall on the same one.
        const runners: Array<[string, QueryFn]> = [['SQLite', sql], ...variants];
        for (let rep = 0; rep < ctx.reps; rep++) {
          const ids = queryIndexes(0xa000 + rep * 7919 + c.count, c.count, s.nodes);
          const answers = new Map<string, number[]>();
          for (let j = 0; j < runners.length; j++) {
            const [k, fn] = runners[(rep + j) % runners.length]!;
            const r = await timeRun(fn, ids, g);
            answers.set(k, r.answers);
            (k === 'SQLite' ? sqlSamples : samples.get(k)!).push(perSecond(c.count, r.ms));
          }
          for (const [k] of variants) checkSame(c.id, k, answers.get(k)!, answers.get('SQLite')!);
        }
        const sqlite = summarize(sqlSamples);
        for (const [k] of variants) {
          rows.push({
            id: k === 'Cypher' ? c.id : `${c.id}${k === 'builder' ? 'b' : 'h'}`,
            name: `${c.name} — ${k}`,
            unit: 'queries/s',
            sombra: summarize(samples.get(k)!),
            sqlite,
            ...(k === 'Cypher' ? { note: c.cypher.replace(/\n/g, ' ') } : {}),
          });
        }
      }
      ctx.log('Q0 parse + plan');
      const p = planTimes(db, ctx.reps);
      rows.push({ id: 'Q0a', name: 'parse + plan a 3-line query, uncached', unit: 'us/query', sombra: p.uncached, sqlite: null });
      rows.push({ id: 'Q0b', name: 'parse + plan a 3-line query, cached', unit: 'us/query', sombra: p.cached, sqlite: null });
    } finally {
      await db.close();
      sq.close();
    }
    return rows;
  },
};
