/**
 * Graph workloads through the public API (`Database` from src/index.ts),
 * beside SQLite (better-sqlite3, WAL mode, prepared statements) in the same
 * process run. docs/benchmarks.md describes each workload in prose.
 *
 * SQLite schema (every workload): nodes(id INTEGER PRIMARY KEY, label TEXT,
 * name TEXT, age INTEGER), edges(id INTEGER PRIMARY KEY, src INTEGER,
 * dst INTEGER, type TEXT), indexes edges(src,type,dst), edges(dst,type,src),
 * nodes(name). `synchronous` is always set explicitly after
 * `journal_mode = WAL` (this better-sqlite3 build defaults to NORMAL in WAL
 * mode). Sombra: the (User, name) property index exists in every workload, so
 * both engines maintain the same indexes; nodes have label User and
 * properties name (string) and age (integer).
 *
 *   W1   sequential one-node transactions, Sombra full vs SQLite FULL
 *   W2   64 concurrent async callers x one-node transactions, full vs FULL
 *   W3   W1 (row W3a) and W2 (row W3b) with normal vs NORMAL
 *   W4   nodes in transactions of 1 (W4a, capped), 100 (W4b), 10,000 (W4c), full vs FULL
 *   W5   bulk load of nodes and seeded random edges (one big transaction each side)
 *   W6   random point reads of a node with its properties
 *   W7   equality lookups by the indexed name property
 *   W8   1-hop distinct out-neighbours (W8a) and distinct 2-hop counts (W8b)
 *
 * The read workloads (W6-W8) run on one data set that each engine loaded
 * with the W5 loader from the same seeded generator (the last W5 repetition's
 * files when W5 ran, else a load made for them), so both answer the same
 * queries on the same graph; every read workload checks that both engines
 * returned the same answers (a broken query cannot look fast).
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from '../sqlite-driver.js';
import { Prng } from '../../src/base/prng.js';
import { Database } from '../../src/index.js';
import { frameSizeBytes } from '../../src/wal/format.js';
import { nowMs, perSecond, summarize, type BenchContext, type BenchSuite, type Measurement, type ResultRow } from '../harness.js';

type Sqlite = SqliteDatabase.Database;
type Durability = 'full' | 'normal' | 'off';

const CONCURRENCY = 64;
const SQLITE_SYNC: Record<Durability, string> = { full: 'FULL', normal: 'NORMAL', off: 'OFF' };
/** The W4 batch sizes (operations per transaction). */
const W4_BATCHES = [1, 100, 10_000] as const;
/** PRNG seeds of the generated data (bench/profile-graph.ts reuses them). */
const SEED = { seqNodes: 0x5eed_0001, concurrentNodes: 0x5eed_0002, batchNodes: 0x5eed_0004, graphNodes: 0x5eed_0005, graphEdges: 0x5eed_0e05 } as const;
/** Distinct names of the write workloads' nodes. */
const WRITE_NAMES = 1_000_000;
/** Most edges Sombra puts in one load transaction (bounds its private dirty pages). */
const LOAD_EDGES_PER_TXN = 1_000_000;

export interface Sizes {
  /** W1, W3a: sequential one-node transactions. */
  seqCommits: number;
  /** W2, W3b: transactions per caller (64 callers). */
  perCaller: number;
  /** W4: nodes per run. */
  w4Nodes: number;
  /** W4a: most transactions of size 1. */
  w4SingleMax: number;
  /** W5 and the read data set. */
  nodes: number;
  edges: number;
  /** W6, W7, W8a, W8b: queries per repetition. */
  gets: number;
  lookups: number;
  hop1: number;
  hop2: number;
}

export function sizes(ctx: BenchContext): Sizes {
  if (ctx.scale === 'small') {
    return { seqCommits: 200, perCaller: 10, w4Nodes: 20_000, w4SingleMax: 400, nodes: 20_000, edges: 200_000, gets: 50_000, lookups: 10_000, hop1: 10_000, hop2: 1_000 };
  }
  if (ctx.scale === 'large') {
    return { seqCommits: 5_000, perCaller: 100, w4Nodes: 300_000, w4SingleMax: 5_000, nodes: 300_000, edges: 3_000_000, gets: 300_000, lookups: 30_000, hop1: 30_000, hop2: 3_000 };
  }
  return { seqCommits: 1_000, perCaller: 50, w4Nodes: 100_000, w4SingleMax: 2_000, nodes: 100_000, edges: 1_000_000, gets: 100_000, lookups: 10_000, hop1: 10_000, hop2: 1_000 };
}

const fmtCount = (n: number): string => n.toLocaleString('en-US');
const fmtMiB = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

// ------------------------------------------------------------------ files

let fileCounter = 0;
function freshPath(ctx: BenchContext, stem: string): string {
  return path.join(ctx.dir, `${stem}-${++fileCounter}.db`);
}

function removeFiles(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-lock`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

interface DiskBytes {
  dbBytes: number;
  logBytes: number;
}

function diskBytes(file: string): DiskBytes {
  return { dbBytes: sizeOf(file), logBytes: sizeOf(`${file}-wal`) + sizeOf(`${file}-shm`) };
}

// ------------------------------------------------------------------ data

/** Node properties for the write workloads: name (not unique) and age. */
export interface NodeData {
  names: string[];
  ages: number[];
}

function nodeData(seed: number, count: number, distinctNames: number): NodeData {
  const prng = new Prng(seed);
  const names: string[] = new Array<string>(count);
  const ages: number[] = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    names[i] = `user${prng.int(distinctNames)}`;
    ages[i] = prng.int(100);
  }
  return { names, ages };
}

/** The W5 graph: node i has id i + 1 on both engines; edges between uniform random nodes. */
export interface GraphData extends NodeData {
  srcIndex: Uint32Array;
  dstIndex: Uint32Array;
}

export function graphData(s: Sizes): GraphData {
  const { names, ages } = nodeData(SEED.graphNodes, s.nodes, s.nodes);
  const prng = new Prng(SEED.graphEdges);
  const srcIndex = new Uint32Array(s.edges);
  const dstIndex = new Uint32Array(s.edges);
  for (let i = 0; i < s.edges; i++) {
    srcIndex[i] = prng.int(s.nodes);
    dstIndex[i] = prng.int(s.nodes);
  }
  return { names, ages, srcIndex, dstIndex };
}

// ------------------------------------------------------------------ engines

async function openSombra(file: string, synchronous: Durability): Promise<Database> {
  const db = await Database.open(file, { synchronous });
  await db.createIndex('User', 'name');
  return db;
}

const SQLITE_TABLES = `
  CREATE TABLE nodes (id INTEGER PRIMARY KEY, label TEXT, name TEXT, age INTEGER);
  CREATE TABLE edges (id INTEGER PRIMARY KEY, src INTEGER, dst INTEGER, type TEXT);`;
const SQLITE_INDEXES = `
  CREATE INDEX edges_out ON edges (src, type, dst);
  CREATE INDEX edges_in ON edges (dst, type, src);
  CREATE INDEX nodes_name ON nodes (name);`;

function openSqlite(file: string, synchronous: Durability): Sqlite {
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${SQLITE_SYNC[synchronous]}`);
  return db;
}

/**
 * Runs both engines' repetitions interleaved (Sombra first on even
 * repetitions, SQLite first on odd ones), so that a change in the machine's
 * load during the run hits both engines alike.
 */
async function repeatPair(
  reps: number,
  sombra: (rep: number) => Promise<number>,
  sqlite: (rep: number) => Promise<number> | number,
): Promise<{ sombra: Measurement; sqlite: Measurement }> {
  const a: number[] = [];
  const b: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    if (rep % 2 === 0) {
      a.push(await sombra(rep));
      b.push(await sqlite(rep));
    } else {
      b.push(await sqlite(rep));
      a.push(await sombra(rep));
    }
  }
  return { sombra: summarize(a), sqlite: summarize(b) };
}

function check(condition: boolean, message: () => string): void {
  if (!condition) throw new Error(`graph bench: ${message()}`);
}

function sqliteCount(db: Sqlite, table: 'nodes' | 'edges'): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

// ------------------------------------------------------------------ W1-W3: tiny commits

/** Commits per log sync of Sombra's last tiny-commit repetition (the group-commit factor), for the notes. */
let lastCommitsPerSync = 0;
/** Log bytes per commit of Sombra's last tiny-commit repetition (frames written x frame size / commits). */
let lastLogBytesPerCommit = 0;

/**
 * The floor of W1: `n` times, a write of `bytes` bytes into a preallocated
 * file then an fdatasync through the libuv thread pool (as Sombra syncs);
 * returns commits/s. A sequential durable commit of that size cannot beat it.
 */
async function writeSyncFloor(ctx: BenchContext, bytes: number, n: number): Promise<number> {
  const p = freshPath(ctx, 'w1-floor');
  const fd = fs.openSync(p, 'w+');
  try {
    const slots = 256;
    fs.writeSync(fd, Buffer.alloc(bytes * slots), 0, bytes * slots, 0);
    fs.fsyncSync(fd);
    const record = Buffer.alloc(bytes, 7);
    const t0 = nowMs();
    for (let i = 0; i < n; i++) {
      fs.writeSync(fd, record, 0, bytes, (i % slots) * bytes);
      await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
    }
    return perSecond(n, nowMs() - t0);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(p, { force: true });
  }
}

/** One node per transaction, sequential or from 64 async callers; returns commits/s. */
async function sombraTinyCommits(ctx: BenchContext, data: NodeData, mode: Durability, concurrent: boolean): Promise<number> {
  const file = freshPath(ctx, 'sombra-tiny');
  const db = await openSombra(file, mode);
  try {
    const { names, ages } = data;
    const t0 = nowMs();
    if (concurrent) {
      const perCaller = names.length / CONCURRENCY;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, c) => {
          for (let j = 0; j < perCaller; j++) {
            const i = c * perCaller + j;
            await db.createNode('User', { name: names[i]!, age: ages[i]! });
          }
        }),
      );
    } else {
      for (let i = 0; i < names.length; i++) await db.createNode('User', { name: names[i]!, age: ages[i]! });
    }
    const rate = perSecond(names.length, nowMs() - t0);
    check(db.nodeCount() === names.length, () => `Sombra holds ${db.nodeCount()} nodes after ${names.length} commits`);
    const st = db.pager.stats();
    lastCommitsPerSync = st.logSyncs === 0 ? 0 : st.commits / st.logSyncs;
    lastLogBytesPerCommit = st.commits === 0 ? 0 : (st.framesWritten * frameSizeBytes(st.pageSizeBytes)) / st.commits;
    return rate;
  } finally {
    await db.close();
    removeFiles(file);
  }
}

async function sqliteTinyCommits(ctx: BenchContext, data: NodeData, mode: Durability, concurrent: boolean): Promise<number> {
  const file = freshPath(ctx, 'sqlite-tiny');
  const db = openSqlite(file, mode);
  try {
    db.exec(SQLITE_TABLES + SQLITE_INDEXES);
    const insert = db.prepare('INSERT INTO nodes (label, name, age) VALUES (?, ?, ?)');
    const { names, ages } = data;
    const t0 = nowMs();
    if (concurrent) {
      // better-sqlite3 is synchronous: the 64 async callers simply take turns.
      const perCaller = names.length / CONCURRENCY;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, c) => {
          for (let j = 0; j < perCaller; j++) {
            await null;
            const i = c * perCaller + j;
            insert.run('User', names[i]!, ages[i]!);
          }
        }),
      );
    } else {
      for (let i = 0; i < names.length; i++) insert.run('User', names[i]!, ages[i]!);
    }
    const rate = perSecond(names.length, nowMs() - t0);
    check(sqliteCount(db, 'nodes') === names.length, () => `SQLite holds ${sqliteCount(db, 'nodes')} nodes after ${names.length} commits`);
    return rate;
  } finally {
    db.close();
    removeFiles(file);
  }
}

// ------------------------------------------------------------------ W0: CPU per commit

/**
 * W0: one-node auto-commits with no sync (`off` / `OFF`) on a database warmed
 * by the first half of the data; returns commits per CPU-second of the
 * process (user + system, from process.cpuUsage) over the second half, so
 * 1e6 / rate is the CPU microseconds of one commit. CPU time, unlike wall
 * time, is little changed by other processes waiting for the same cores.
 */
async function sombraCpuPerCommit(ctx: BenchContext, data: NodeData): Promise<number> {
  const file = freshPath(ctx, 'sombra-cpu');
  const db = await openSombra(file, 'off');
  try {
    const { names, ages } = data;
    const warm = Math.floor(names.length / 2);
    for (let i = 0; i < warm; i++) await db.createNode('User', { name: names[i]!, age: ages[i]! });
    const c0 = process.cpuUsage();
    for (let i = warm; i < names.length; i++) await db.createNode('User', { name: names[i]!, age: ages[i]! });
    const c = process.cpuUsage(c0);
    check(db.nodeCount() === names.length, () => `Sombra holds ${db.nodeCount()} nodes after ${names.length} commits`);
    return (names.length - warm) / ((c.user + c.system) / 1e6);
  } finally {
    await db.close();
    removeFiles(file);
  }
}

function sqliteCpuPerCommit(ctx: BenchContext, data: NodeData): number {
  const file = freshPath(ctx, 'sqlite-cpu');
  const db = openSqlite(file, 'off');
  try {
    db.exec(SQLITE_TABLES + SQLITE_INDEXES);
    const insert = db.prepare('INSERT INTO nodes (label, name, age) VALUES (?, ?, ?)');
    const { names, ages } = data;
    const warm = Math.floor(names.length / 2);
    for (let i = 0; i < warm; i++) insert.run('User', names[i]!, ages[i]!);
    const c0 = process.cpuUsage();
    for (let i = warm; i < names.length; i++) insert.run('User', names[i]!, ages[i]!);
    const c = process.cpuUsage(c0);
    check(sqliteCount(db, 'nodes') === names.length, () => `SQLite holds ${sqliteCount(db, 'nodes')} nodes after ${names.length} commits`);
    return (names.length - warm) / ((c.user + c.system) / 1e6);
  } finally {
    db.close();
    removeFiles(file);
  }
}

// ------------------------------------------------------------------ W4: batch sizes

/** `nodeCount` nodes in transactions of `batch` nodes (full); returns nodes/s. */
async function sombraBatches(ctx: BenchContext, data: NodeData, batch: number): Promise<number> {
  const file = freshPath(ctx, 'sombra-batch');
  const db = await openSombra(file, 'full');
  try {
    const { names, ages } = data;
    const t0 = nowMs();
    for (let from = 0; from < names.length; from += batch) {
      const to = Math.min(names.length, from + batch);
      await db.transaction((tx) => {
        for (let i = from; i < to; i++) tx.createNode('User', { name: names[i]!, age: ages[i]! });
      });
    }
    const rate = perSecond(names.length, nowMs() - t0);
    check(db.nodeCount() === names.length, () => `Sombra holds ${db.nodeCount()} nodes, expected ${names.length}`);
    return rate;
  } finally {
    await db.close();
    removeFiles(file);
  }
}

function sqliteBatches(ctx: BenchContext, data: NodeData, batch: number): number {
  const file = freshPath(ctx, 'sqlite-batch');
  const db = openSqlite(file, 'full');
  try {
    db.exec(SQLITE_TABLES + SQLITE_INDEXES);
    const insert = db.prepare('INSERT INTO nodes (label, name, age) VALUES (?, ?, ?)');
    const { names, ages } = data;
    const insertRange = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) insert.run('User', names[i]!, ages[i]!);
    });
    const t0 = nowMs();
    for (let from = 0; from < names.length; from += batch) insertRange(from, Math.min(names.length, from + batch));
    const rate = perSecond(names.length, nowMs() - t0);
    check(sqliteCount(db, 'nodes') === names.length, () => `SQLite holds ${sqliteCount(db, 'nodes')} nodes, expected ${names.length}`);
    return rate;
  } finally {
    db.close();
    removeFiles(file);
  }
}

// ------------------------------------------------------------------ W5: bulk load

interface LoadResult {
  rowsPerSecond: number;
  /** Files right after the load committed, and after close. */
  loaded: DiskBytes;
  closed: DiskBytes;
}

/**
 * Sombra: interned ids and `createNodeIds` (the fast path), `createEdge` with
 * the interned type id, nodes and up to LOAD_EDGES_PER_TXN edges per
 * transaction, the (User, name) index created empty first and maintained with
 * `deferIndexes` (bulk-built at commit). Timed from open to close (close
 * checkpoints the log into the database file).
 */
export async function sombraLoad(file: string, g: GraphData): Promise<LoadResult> {
  const t0 = nowMs();
  const db = await Database.open(file, { synchronous: 'full' });
  let loaded: DiskBytes;
  try {
    const user = await db.intern('User');
    const name = await db.intern('name');
    const age = await db.intern('age');
    const knows = await db.intern('KNOWS');
    await db.createIndex(user, name);
    const { names, ages, srcIndex, dstIndex } = g;
    let edgeFrom = 0;
    await db.transaction(
      (tx) => {
        for (let i = 0; i < names.length; i++) {
          const id = tx.createNodeIds([user], [[name, names[i]!], [age, ages[i]!]]);
          check(id === i + 1, () => `Sombra gave node ${i} id ${id}; the bench relies on ids 1..n in order so both engines share ids`);
        }
        edgeFrom = Math.min(srcIndex.length, LOAD_EDGES_PER_TXN);
        for (let e = 0; e < edgeFrom; e++) tx.createEdge(srcIndex[e]! + 1, dstIndex[e]! + 1, knows);
      },
      { deferIndexes: true },
    );
    while (edgeFrom < srcIndex.length) {
      const from = edgeFrom;
      const to = Math.min(srcIndex.length, from + LOAD_EDGES_PER_TXN);
      await db.transaction((tx) => {
        for (let e = from; e < to; e++) tx.createEdge(srcIndex[e]! + 1, dstIndex[e]! + 1, knows);
      });
      edgeFrom = to;
    }
    loaded = diskBytes(file);
  } finally {
    await db.close();
  }
  const rowsPerSecond = perSecond(g.names.length + g.srcIndex.length, nowMs() - t0);
  return { rowsPerSecond, loaded, closed: diskBytes(file) };
}

/**
 * SQLite: WAL, synchronous FULL, tables created, then one transaction that
 * inserts every node and edge with prepared statements and creates the three
 * indexes after the rows (faster than maintaining them while inserting).
 * Timed from open to close (close checkpoints the WAL and deletes it).
 */
export function sqliteLoad(file: string, g: GraphData): LoadResult {
  const t0 = nowMs();
  const db = openSqlite(file, 'full');
  let loaded: DiskBytes;
  try {
    db.exec(SQLITE_TABLES);
    const insertNode = db.prepare('INSERT INTO nodes (id, label, name, age) VALUES (?, ?, ?, ?)');
    const insertEdge = db.prepare('INSERT INTO edges (src, dst, type) VALUES (?, ?, ?)');
    const { names, ages, srcIndex, dstIndex } = g;
    db.transaction(() => {
      for (let i = 0; i < names.length; i++) insertNode.run(i + 1, 'User', names[i]!, ages[i]!);
      for (let e = 0; e < srcIndex.length; e++) insertEdge.run(srcIndex[e]! + 1, dstIndex[e]! + 1, 'KNOWS');
      db.exec(SQLITE_INDEXES);
    })();
    loaded = diskBytes(file);
  } finally {
    db.close();
  }
  const rowsPerSecond = perSecond(g.names.length + g.srcIndex.length, nowMs() - t0);
  return { rowsPerSecond, loaded, closed: diskBytes(file) };
}

// ------------------------------------------------------------------ W6-W8: reads

/** Both engines loaded with the same graph, open for reading. */
interface ReadSet {
  g: GraphData;
  sombra: Database;
  sqlite: Sqlite;
}

/** Query ids for one repetition: node indexes, the same for both engines. */
export function queryIndexes(seed: number, count: number, nodes: number): Uint32Array {
  const prng = new Prng(seed);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) out[i] = prng.int(nodes);
  return out;
}

/** What one pass of a read workload returns: the answer digest (compared across engines) and the time. */
interface Pass {
  ms: number;
  /** Per-query answer sizes or values, compared element by element. */
  answers: Float64Array;
  /** A digest of the full answers (sum of ids or values). */
  digest: number;
}

type Runner = (queries: Uint32Array) => Pass;

function sombraGetNodes(db: Database): Runner {
  return (q) => {
    const answers = new Float64Array(q.length);
    let digest = 0;
    const t0 = nowMs();
    for (let i = 0; i < q.length; i++) {
      const node = db.getNode(q[i]! + 1);
      if (node === null) continue;
      const age = node.props['age'] as number;
      answers[i] = age;
      digest += (node.props['name'] as string).length + age;
    }
    return { ms: nowMs() - t0, answers, digest };
  };
}

function sqliteGetNodes(db: Sqlite): Runner {
  const stmt = db.prepare<[number], { id: number; label: string; name: string; age: number }>('SELECT id, label, name, age FROM nodes WHERE id = ?');
  return (q) => {
    const answers = new Float64Array(q.length);
    let digest = 0;
    const t0 = nowMs();
    for (let i = 0; i < q.length; i++) {
      const row = stmt.get(q[i]! + 1);
      if (row === undefined) continue;
      answers[i] = row.age;
      digest += row.name.length + row.age;
    }
    return { ms: nowMs() - t0, answers, digest };
  };
}

function sombraFindByName(db: Database, names: readonly string[]): Runner {
  return (q) => {
    const answers = new Float64Array(q.length);
    let digest = 0;
    const t0 = nowMs();
    for (let i = 0; i < q.length; i++) {
      const ids = db.findNodes('User', 'name', names[q[i]!]!);
      answers[i] = ids.length;
      for (const id of ids) digest += id;
    }
    return { ms: nowMs() - t0, answers, digest };
  };
}

function sqliteFindByName(db: Sqlite, names: readonly string[]): Runner {
  const stmt = db.prepare<[string], number>('SELECT id FROM nodes WHERE name = ?').pluck();
  return (q) => {
    const answers = new Float64Array(q.length);
    let digest = 0;
    const t0 = nowMs();
    for (let i = 0; i < q.length; i++) {
      const ids = stmt.all(names[q[i]!]!);
      answers[i] = ids.length;
      for (const id of ids) digest += id;
    }
    return { ms: nowMs() - t0, answers, digest };
  };
}

function sombraOneHop(db: Database): Runner {
  return (q) => {
    const answers = new Float64Array(q.length);
    let digest = 0;
    const t0 = nowMs();
    for (let i = 0; i < q.length; i++) {
      const ns = db.neighborIds(q[i]! + 1);
      answers[i] = ns.length;
      for (const n of ns) digest += n;
    }
    return { ms: nowMs() - t0, answers, digest };
  };
}

function sqliteOneHop(db: Sqlite): Runner {
  const stmt = db.prepare<[number], number>('SELECT DISTINCT dst FROM edges WHERE src = ?').pluck();
  return (q) => {
    const answers = new Float64Array(q.length);
    let digest = 0;
    const t0 = nowMs();
    for (let i = 0; i < q.length; i++) {
      const ids = stmt.all(q[i]! + 1);
      answers[i] = ids.length;
      for (const id of ids) digest += id;
    }
    return { ms: nowMs() - t0, answers, digest };
  };
}

function sombraTwoHop(db: Database): Runner {
  return (q) => {
    const answers = new Float64Array(q.length);
    let digest = 0;
    const t0 = nowMs();
    for (let i = 0; i < q.length; i++) {
      // Depth 0 is the start node itself; the rest are the distinct nodes 1 or 2 hops out.
      const count = db.bfs(q[i]! + 1, 2).length - 1;
      answers[i] = count;
      digest += count;
    }
    return { ms: nowMs() - t0, answers, digest };
  };
}

/** Distinct nodes reachable in 1 or 2 out-hops, the start excluded (what bfs(id, 2) - 1 counts). */
const SQL_TWO_HOP = `
  SELECT count(*) FROM (
    SELECT dst AS n FROM edges WHERE src = @id
    UNION
    SELECT e2.dst FROM edges e1 JOIN edges e2 ON e2.src = e1.dst WHERE e1.src = @id
  ) WHERE n != @id`;

function sqliteTwoHop(db: Sqlite): Runner {
  // Named parameter: better-sqlite3 rejects one positional value for a repeated `?1`.
  const stmt = db.prepare<[{ id: number }], number>(SQL_TWO_HOP).pluck();
  return (q) => {
    const answers = new Float64Array(q.length);
    let digest = 0;
    const t0 = nowMs();
    for (let i = 0; i < q.length; i++) {
      const count = stmt.get({ id: q[i]! + 1 })!;
      answers[i] = count;
      digest += count;
    }
    return { ms: nowMs() - t0, answers, digest };
  };
}

function compareAnswers(id: string, a: Pass, b: Pass): void {
  check(a.answers.length === b.answers.length, () => `${id}: answer counts differ`);
  for (let i = 0; i < a.answers.length; i++) {
    check(a.answers[i] === b.answers[i], () => `${id}: query ${i} answered ${a.answers[i]} by Sombra, ${b.answers[i]} by SQLite`);
  }
  check(a.digest === b.digest, () => `${id}: answer digests differ (Sombra ${a.digest}, SQLite ${b.digest})`);
}

/**
 * Runs a read workload: one unmeasured warm-up pass per engine, then
 * `ctx.reps` passes per engine, each on fresh seeded query ids (the same ids
 * for both engines), comparing every pass's answers.
 */
function readRow(ctx: BenchContext, id: string, seed: number, count: number, nodes: number, sombra: Runner, sqlite: Runner): { sombra: Measurement; sqlite: Measurement; answered: number } {
  const warm = queryIndexes(seed ^ 0xffff, Math.min(count, 2_000), nodes);
  compareAnswers(id, sombra(warm), sqlite(warm));
  const sombraSamples: number[] = [];
  const sqliteSamples: number[] = [];
  let answered = 0;
  for (let rep = 0; rep < ctx.reps; rep++) {
    const q = queryIndexes(seed + rep, count, nodes);
    // Alternate which engine goes first, as repeatPair does.
    const a = rep % 2 === 0 ? sombra(q) : null;
    const b = sqlite(q);
    const sombraPass = a ?? sombra(q);
    compareAnswers(id, sombraPass, b);
    for (const n of sombraPass.answers) answered += n;
    sombraSamples.push(perSecond(count, sombraPass.ms));
    sqliteSamples.push(perSecond(count, b.ms));
  }
  return { sombra: summarize(sombraSamples), sqlite: summarize(sqliteSamples), answered: answered / ctx.reps };
}

/** Runs `fn` and returns its result with the Sombra page-cache hit rate during it, as text. */
function withCacheHitRate<T>(db: Database, fn: () => T): [T, string] {
  const before = db.stats();
  const result = fn();
  const after = db.stats();
  const hits = after.cacheHits - before.cacheHits;
  const misses = after.cacheMisses - before.cacheMisses;
  const rate = hits + misses === 0 ? 'n/a' : `${((100 * hits) / (hits + misses)).toFixed(1)}%`;
  return [result, `Sombra page-cache hit rate ${rate} (${fmtCount(misses)} misses)`];
}

// ------------------------------------------------------------------ the suite

/** The Sombra side of every workload and its data, for bench/profile-graph.ts. */
export const sombraSide = {
  CONCURRENCY,
  SEED,
  WRITE_NAMES,
  sizes,
  nodeData,
  graphData,
  freshPath,
  removeFiles,
  queryIndexes,
  tinyCommits: sombraTinyCommits,
  batches: sombraBatches,
  load: sombraLoad,
  getNodes: sombraGetNodes,
  findByName: sombraFindByName,
  oneHop: sombraOneHop,
  twoHop: sombraTwoHop,
} as const;

const IDS = ['W0', 'W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8'] as const;

export const graphSuite: BenchSuite = {
  ids: IDS,
  title: 'Graph: public API workloads vs SQLite (nodes/edges tables)',
  async run(ctx, selected) {
    const rows: ResultRow[] = [];
    const want = (id: string) => selected.has(id);
    const s = sizes(ctx);

    // ---- W0: CPU per one-node commit, no sync, warm database.
    if (want('W0')) {
      const cpuData = nodeData(SEED.seqNodes, s.seqCommits * 10, WRITE_NAMES);
      const name = `CPU per one-node txn, ${fmtCount(cpuData.names.length / 2)} after as many warm-up, off vs OFF`;
      ctx.log(`W0 ${name}`);
      const { sombra, sqlite } = await repeatPair(
        ctx.reps,
        () => sombraCpuPerCommit(ctx, cpuData),
        () => sqliteCpuPerCommit(ctx, cpuData),
      );
      rows.push({
        id: 'W0',
        name,
        unit: 'commits/cpu-s',
        sombra,
        sqlite,
        note: `CPU (user + system) per commit: Sombra ${(1e6 / sombra.median).toFixed(1)} us, SQLite ${(1e6 / sqlite.median).toFixed(1)} us (await db.createNode per node vs INSERT autocommit, synchronous off / OFF)`,
      });
    }

    // ---- W1-W3: one node per transaction.
    const seqData = nodeData(SEED.seqNodes, s.seqCommits, WRITE_NAMES);
    const concData = nodeData(SEED.concurrentNodes, CONCURRENCY * s.perCaller, WRITE_NAMES);
    const tinyCases: Array<[string, string, Durability, boolean, NodeData]> = [];
    if (want('W1')) tinyCases.push(['W1', `${fmtCount(s.seqCommits)} sequential one-node txns, full vs FULL`, 'full', false, seqData]);
    if (want('W2')) tinyCases.push(['W2', `${CONCURRENCY} async callers x ${s.perCaller} one-node txns, full vs FULL`, 'full', true, concData]);
    if (want('W3')) {
      tinyCases.push(['W3a', `${fmtCount(s.seqCommits)} sequential one-node txns, normal vs NORMAL`, 'normal', false, seqData]);
      tinyCases.push(['W3b', `${CONCURRENCY} async callers x ${s.perCaller} one-node txns, normal vs NORMAL`, 'normal', true, concData]);
    }
    for (const [id, name, mode, concurrent, data] of tinyCases) {
      ctx.log(`${id} ${name}`);
      const { sombra, sqlite } = await repeatPair(
        ctx.reps,
        () => sombraTinyCommits(ctx, data, mode, concurrent),
        () => sqliteTinyCommits(ctx, data, mode, concurrent),
      );
      let floorNote = '';
      if (id === 'W1') {
        // The same bytes per commit, written and synced the cheapest way, in this run.
        const bytes = Math.round(lastLogBytesPerCommit);
        const floors: number[] = [];
        for (let rep = 0; rep < ctx.reps; rep++) floors.push(await writeSyncFloor(ctx, bytes, data.names.length));
        const floor = summarize(floors);
        floorNote = `; floor (write of ${fmtCount(bytes)} bytes, Sombra's log bytes per commit, + fdatasync through the thread pool): ${fmtCount(Math.round(floor.median))} commits/s, Sombra at ${(sombra.median / floor.median).toFixed(2)}x of it`;
      }
      rows.push({
        id,
        name,
        unit: 'commits/s',
        sombra,
        sqlite,
        note: `Sombra await db.createNode('User', {name, age}) per node; SQLite INSERT autocommit${concurrent ? ' (the 64 loops take turns: better-sqlite3 is synchronous)' : ''}${mode === 'full' ? `; Sombra ${lastCommitsPerSync.toFixed(1)} commits per log sync (last repetition)` : ''}${floorNote}`,
      });
    }

    // ---- W4: batch sizes.
    if (want('W4')) {
      const all = nodeData(SEED.batchNodes, s.w4Nodes, WRITE_NAMES);
      const letters = ['a', 'b', 'c'];
      for (const [k, batch] of W4_BATCHES.entries()) {
        const count = batch === 1 ? Math.min(s.w4Nodes, s.w4SingleMax) : s.w4Nodes;
        const data = { names: all.names.slice(0, count), ages: all.ages.slice(0, count) };
        const id = `W4${letters[k]}`;
        const name = `${fmtCount(count)} nodes, ${fmtCount(batch)} per txn (${fmtCount(Math.ceil(count / batch))} txns), full vs FULL`;
        ctx.log(`${id} ${name}`);
        const { sombra, sqlite } = await repeatPair(
          ctx.reps,
          () => sombraBatches(ctx, data, batch),
          () => sqliteBatches(ctx, data, batch),
        );
        rows.push({
          id,
          name,
          unit: 'nodes/s',
          sombra,
          sqlite,
          note: `Sombra await db.transaction(tx => tx.createNode('User', {name, age}) x ${fmtCount(batch)}); SQLite db.transaction(() => INSERT x ${fmtCount(batch)})${batch === 1 ? `; size 1 capped at ${fmtCount(s.w4SingleMax)} txns` : ''}`,
        });
      }
    }

    // ---- W5: bulk load; its last repetition's files become the read data set.
    const readsWanted = want('W6') || want('W7') || want('W8');
    const g = want('W5') || readsWanted ? graphData(s) : null;
    const kept: { sombra: string | null; sqlite: string | null } = { sombra: null, sqlite: null };
    if (g !== null && want('W5')) {
      const name = `load ${fmtCount(s.nodes)} nodes + ${fmtCount(s.edges)} random edges`;
      ctx.log(`W5 ${name}`);
      const sombraLoads: LoadResult[] = [];
      const sqliteLoads: LoadResult[] = [];
      const keep = (rep: number) => readsWanted && rep === ctx.reps - 1;
      const { sombra, sqlite } = await repeatPair(
        ctx.reps,
        async (rep) => {
          const file = freshPath(ctx, 'sombra-load');
          const r = await sombraLoad(file, g);
          sombraLoads.push(r);
          if (keep(rep)) kept.sombra = file;
          else removeFiles(file);
          return r.rowsPerSecond;
        },
        (rep) => {
          const file = freshPath(ctx, 'sqlite-load');
          const r = sqliteLoad(file, g);
          sqliteLoads.push(r);
          if (keep(rep)) kept.sqlite = file;
          else removeFiles(file);
          return r.rowsPerSecond;
        },
      );
      const last = { sombra: sombraLoads[sombraLoads.length - 1]!, sqlite: sqliteLoads[sqliteLoads.length - 1]! };
      const secs = (rate: number) => ((s.nodes + s.edges) / rate).toFixed(2);
      const bytes = (b: DiskBytes) => `${fmtMiB(b.dbBytes + b.logBytes)} (db ${fmtMiB(b.dbBytes)} + log ${fmtMiB(b.logBytes)})`;
      rows.push({
        id: 'W5',
        name,
        unit: 'rows/s',
        sombra,
        sqlite,
        note:
          `rows = nodes + edges, timed open..close (both checkpoint on close); median ${secs(sombra.median)} s Sombra vs ${secs(sqlite.median)} s SQLite. ` +
          `Sombra: createNodeIds + createEdge with interned ids (fast path), one transaction of nodes + up to ${fmtCount(LOAD_EDGES_PER_TXN)} edges, deferIndexes, (User,name) index created empty before. ` +
          `SQLite: one transaction of prepared INSERTs, the 3 indexes created after the rows inside it. ` +
          `On disk after commit: Sombra ${bytes(last.sombra.loaded)}, SQLite ${bytes(last.sqlite.loaded)}; after close: Sombra ${bytes(last.sombra.closed)}, SQLite ${bytes(last.sqlite.closed)}`,
      });
    }

    if (g !== null && readsWanted) {
      if (kept.sombra === null || kept.sqlite === null) {
        ctx.log(`loading the read data set (${fmtCount(s.nodes)} nodes, ${fmtCount(s.edges)} edges) into both engines`);
        kept.sombra = freshPath(ctx, 'sombra-read');
        kept.sqlite = freshPath(ctx, 'sqlite-read');
        await sombraLoad(kept.sombra, g);
        sqliteLoad(kept.sqlite, g);
      }
      const sombraFile = kept.sombra;
      const sqliteFile = kept.sqlite;
      const set: ReadSet = { g, sombra: await Database.open(sombraFile), sqlite: new SqliteDatabase(sqliteFile) };
      try {
        check(set.sombra.nodeCount() === s.nodes && set.sombra.edgeCount() === s.edges, () => `Sombra read set holds ${set.sombra.nodeCount()} nodes, ${set.sombra.edgeCount()} edges`);
        check(sqliteCount(set.sqlite, 'nodes') === s.nodes && sqliteCount(set.sqlite, 'edges') === s.edges, () => 'SQLite read set has the wrong row counts');
        const dataNote = `on the W5 graph (${fmtCount(s.nodes)} nodes, ${fmtCount(s.edges)} edges), reopened, default options (Sombra cache 4096 x 8 KiB pages, SQLite cache_size -16000 = 16 MB)`;
        if (want('W6')) {
          ctx.log('W6 random getNode');
          const [r, rCache] = withCacheHitRate(set.sombra, () => readRow(ctx, 'W6', 0x600, s.gets, s.nodes, sombraGetNodes(set.sombra), sqliteGetNodes(set.sqlite)));
          rows.push({
            id: 'W6',
            name: `${fmtCount(s.gets)} random getNode(id) with properties`,
            unit: 'reads/s',
            sombra: r.sombra,
            sqlite: r.sqlite,
            note: `Sombra db.getNode(id) -> {id, labels, props}; SQLite SELECT id, label, name, age FROM nodes WHERE id = ? (.get, row object); ${dataNote}; ${rCache}; answers compared`,
          });
        }
        if (want('W7')) {
          ctx.log('W7 findNodes by indexed name');
          const [r, rCache] = withCacheHitRate(set.sombra, () => readRow(ctx, 'W7', 0x700, s.lookups, s.nodes, sombraFindByName(set.sombra, g.names), sqliteFindByName(set.sqlite, g.names)));
          rows.push({
            id: 'W7',
            name: `${fmtCount(s.lookups)} lookups by indexed name`,
            unit: 'lookups/s',
            sombra: r.sombra,
            sqlite: r.sqlite,
            note: `Sombra db.findNodes('User', 'name', x) with the (User,name) index; SQLite SELECT id FROM nodes WHERE name = ? (.pluck().all, index nodes(name)); names of random existing nodes, ${(r.answered / s.lookups).toFixed(2)} ids per lookup on average; ${rCache}; answers compared`,
          });
        }
        if (want('W8')) {
          ctx.log('W8a 1-hop out-neighbours');
          const [r1, r1Cache] = withCacheHitRate(set.sombra, () => readRow(ctx, 'W8a', 0x800, s.hop1, s.nodes, sombraOneHop(set.sombra), sqliteOneHop(set.sqlite)));
          rows.push({
            id: 'W8a',
            name: `1-hop distinct out-neighbours of ${fmtCount(s.hop1)} random nodes`,
            unit: 'queries/s',
            sombra: r1.sombra,
            sqlite: r1.sqlite,
            note: `Sombra db.neighborIds(id) (out, distinct by default) -> node ids; SQLite SELECT DISTINCT dst FROM edges WHERE src = ? (.pluck().all, index edges(src,type,dst)); ${(r1.answered / s.hop1).toFixed(2)} neighbours per node on average; ${r1Cache}; answers compared`,
          });
          ctx.log('W8b distinct 2-hop counts');
          const [r2, r2Cache] = withCacheHitRate(set.sombra, () => readRow(ctx, 'W8b', 0x8b0, s.hop2, s.nodes, sombraTwoHop(set.sombra), sqliteTwoHop(set.sqlite)));
          rows.push({
            id: 'W8b',
            name: `distinct 2-hop count of ${fmtCount(s.hop2)} random nodes`,
            unit: 'queries/s',
            sombra: r2.sombra,
            sqlite: r2.sqlite,
            note: `count of distinct nodes 1 or 2 out-hops away, start excluded: Sombra db.bfs(id, 2).length - 1; SQLite one query, SELECT count(*) over (1-hop dst UNION 2-hop join dst) WHERE n != start; ${(r2.answered / s.hop2).toFixed(1)} nodes per query on average; ${r2Cache}; answers compared`,
          });
        }
      } finally {
        await set.sombra.close();
        set.sqlite.close();
        removeFiles(sombraFile);
        removeFiles(sqliteFile);
      }
    }
    return rows;
  },
};
