/**
 * Workload I: `sombra import` of the W5 graph (100k nodes, 1M relationships
 * at the default scale; graph.ts `graphData`) from neo4j-admin CSV files,
 * beside better-sqlite3 loading the same files with the same CSV parser
 * (csv-parse, streamed; 10,000-row transactions, then its indexes), and the
 * export of the loaded graph back to CSV on both sides (csv-stringify).
 *
 * Each load and export runs in a child process of its own, so that its peak
 * resident memory (maxRSS) is its own; the table shows rows/s, the notes the
 * file sizes and peak memory.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import SqliteDatabase from '../sqlite-driver.js';
import { Database } from '../../src/index.js';
import { main as sombraMain } from '../../src/cli/main.js';
import { summarize, type BenchContext, type BenchSuite, type ResultRow } from '../harness.js';
import { graphData, sizes } from './graph.js';

interface WorkerResult {
  ms: number;
  maxRssMiB: number;
  bytes: number;
  rows: number;
}

const SQLITE_BATCH_ROWS = 10_000;
const fmtMiB = (bytes: number): string => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

function sizeOf(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

/** Writes the W5 graph as neo4j-admin CSV: nodes.csv and rels.csv in `dir`. */
function writeCsv(ctx: BenchContext, dir: string): { nodes: string; rels: string; rows: number } {
  const s = sizes(ctx);
  const g = graphData(s);
  const nodes = path.join(dir, 'nodes.csv');
  const rels = path.join(dir, 'rels.csv');
  const parts: string[] = ['id:ID,name,age:int,:LABEL\n'];
  for (let i = 0; i < s.nodes; i++) parts.push(`${i + 1},${g.names[i]},${g.ages[i]},User\n`);
  fs.writeFileSync(nodes, parts.join(''));
  const fd = fs.openSync(rels, 'w');
  fs.writeSync(fd, ':START_ID,:END_ID,:TYPE\n');
  let chunk: string[] = [];
  for (let i = 0; i < s.edges; i++) {
    chunk.push(`${g.srcIndex[i]! + 1},${g.dstIndex[i]! + 1},KNOWS\n`);
    if (chunk.length === 100_000) {
      fs.writeSync(fd, chunk.join(''));
      chunk = [];
    }
  }
  fs.writeSync(fd, chunk.join(''));
  fs.closeSync(fd);
  return { nodes, rels, rows: s.nodes + s.edges };
}

const quietTerminal = { out: () => {}, err: (l: string) => process.stderr.write(`${l}\n`), isTTY: false, columns: 100 };

async function sombraImport(db: string, nodes: string, rels: string): Promise<void> {
  const code = await sombraMain(['import', db, '--nodes', nodes, '--relationships', rels, '-q'], quietTerminal);
  if (code !== 0) throw new Error(`sombra import exited ${code}`);
  const g = await Database.open(db);
  await g.createIndex('User', 'name');
  await g.close();
}

async function sombraExport(db: string, out: string): Promise<void> {
  const code = await sombraMain(['export', db, '--out', out, '-q'], quietTerminal);
  if (code !== 0) throw new Error(`sombra export exited ${code}`);
}

async function sqliteImport(file: string, nodes: string, rels: string): Promise<void> {
  const db = new SqliteDatabase(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE nodes (id INTEGER PRIMARY KEY, label TEXT, name TEXT, age INTEGER); CREATE TABLE edges (id INTEGER PRIMARY KEY, src INTEGER, dst INTEGER, type TEXT);');
  const ids = new Map<string, number>();
  const insertNode = db.prepare('INSERT INTO nodes (id, label, name, age) VALUES (?, ?, ?, ?)');
  const insertEdge = db.prepare('INSERT INTO edges (src, dst, type) VALUES (?, ?, ?)');
  const load = async (csv: string, row: (r: string[]) => void): Promise<void> => {
    let batch: string[][] = [];
    const flush = db.transaction((rows: string[][]) => {
      for (const r of rows) row(r);
    });
    let header = true;
    for await (const r of fs.createReadStream(csv).pipe(parse({ relax_column_count: true })) as AsyncIterable<string[]>) {
      if (header) {
        header = false;
        continue;
      }
      batch.push(r);
      if (batch.length === SQLITE_BATCH_ROWS) {
        flush(batch);
        batch = [];
      }
    }
    flush(batch);
  };
  await load(nodes, (r) => {
    const id = ids.size + 1;
    ids.set(r[0]!, id);
    insertNode.run(id, r[3], r[1], Number(r[2]));
  });
  await load(rels, (r) => {
    const src = ids.get(r[0]!);
    const dst = ids.get(r[1]!);
    if (src === undefined || dst === undefined) throw new Error(`unknown id in ${r.join(',')}`);
    insertEdge.run(src, dst, r[2]);
  });
  db.exec('CREATE INDEX edges_out ON edges (src, type, dst); CREATE INDEX edges_in ON edges (dst, type, src); CREATE INDEX nodes_name ON nodes (name);');
  db.close();
}

function sqliteExport(file: string, out: string): void {
  fs.mkdirSync(out, { recursive: true });
  const db = new SqliteDatabase(file, { readonly: true });
  const write = (name: string, header: string[], rows: Iterable<unknown[]>): void => {
    const fd = fs.openSync(path.join(out, name), 'w');
    let batch: unknown[][] = [header];
    for (const r of rows) {
      batch.push(r);
      if (batch.length === 2000) {
        fs.writeSync(fd, stringify(batch));
        batch = [];
      }
    }
    fs.writeSync(fd, stringify(batch));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  };
  write('nodes.csv', [':ID', ':LABEL', 'age:long', 'name:string'], db.prepare('SELECT id, label, age, name FROM nodes ORDER BY id').raw().iterate() as Iterable<unknown[]>);
  write('relationships.csv', [':START_ID', ':END_ID', ':TYPE'], db.prepare('SELECT src, dst, type FROM edges ORDER BY id').raw().iterate() as Iterable<unknown[]>);
  db.close();
}

/** Child-process entry: runs one step and prints its timing and peak memory as JSON. */
async function worker(): Promise<void> {
  const [step, db, a, b] = JSON.parse(process.env.SOMBRA_BENCH_IMPORT_WORKER!) as [string, string, string, string];
  const t0 = performance.now();
  if (step === 'sombra-import') await sombraImport(db, a, b);
  else if (step === 'sqlite-import') await sqliteImport(db, a, b);
  else if (step === 'sombra-export') await sombraExport(db, a);
  else sqliteExport(db, a);
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

function runWorker(step: string, db: string, a: string, b = ''): Omit<WorkerResult, 'rows' | 'bytes'> {
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { env: { ...process.env, SOMBRA_BENCH_IMPORT_WORKER: JSON.stringify([step, db, a, b]) }, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`import bench ${step} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { ms: number; maxRssMiB: number };
}

export const importSuite: BenchSuite = {
  ids: ['I'],
  title: 'Import and export (neo4j-admin CSV)',
  async run(ctx: BenchContext): Promise<ResultRow[]> {
    const csv = writeCsv(ctx, ctx.dir);
    const csvBytes = sizeOf(csv.nodes) + sizeOf(csv.rels);
    ctx.log(`I: ${csv.rows.toLocaleString('en-US')} rows of CSV, ${fmtMiB(csvBytes)}`);
    const load = { sombra: [] as number[], sqlite: [] as number[] };
    const dump = { sombra: [] as number[], sqlite: [] as number[] };
    const notes: string[] = [];
    for (let rep = 0; rep < ctx.reps; rep++) {
      const sDb = path.join(ctx.dir, `sombra-${rep}.sombra`);
      const qDb = path.join(ctx.dir, `sqlite-${rep}.db`);
      const order = rep % 2 === 0 ? ['sombra', 'sqlite'] : ['sqlite', 'sombra'];
      const res: Record<string, { load: ReturnType<typeof runWorker>; dump: ReturnType<typeof runWorker>; bytes: number; outBytes: number }> = {};
      for (const side of order) {
        const db = side === 'sombra' ? sDb : qDb;
        const l = runWorker(`${side}-import`, db, csv.nodes, csv.rels);
        const bytes = sizeOf(db) + sizeOf(`${db}-wal`);
        const out = path.join(ctx.dir, `${side}-out-${rep}`);
        const d = runWorker(`${side}-export`, db, out);
        const outBytes = sizeOf(path.join(out, 'nodes.csv')) + sizeOf(path.join(out, 'relationships.csv'));
        res[side] = { load: l, dump: d, bytes, outBytes };
        for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
        fs.rmSync(out, { recursive: true, force: true });
      }
      const s = res.sombra!;
      const q = res.sqlite!;
      load.sombra.push((csv.rows / s.load.ms) * 1000);
      load.sqlite.push((csv.rows / q.load.ms) * 1000);
      dump.sombra.push((csv.rows / s.dump.ms) * 1000);
      dump.sqlite.push((csv.rows / q.dump.ms) * 1000);
      if (rep === ctx.reps - 1) {
        notes.push(
          `import: Sombra ${(s.load.ms / 1000).toFixed(2)} s, file ${fmtMiB(s.bytes)}, peak RSS ${s.load.maxRssMiB.toFixed(0)} MiB; ` +
            `SQLite ${(q.load.ms / 1000).toFixed(2)} s, file ${fmtMiB(q.bytes)}, peak RSS ${q.load.maxRssMiB.toFixed(0)} MiB ` +
            `(CSV ${fmtMiB(csvBytes)}; Sombra: sombra import (staging file, 2M-row transactions: one here, deferIndexes) then createIndex(User,name); SQLite: csv-parse stream, ${SQLITE_BATCH_ROWS}-row transactions, synchronous=FULL, WAL, then 3 indexes)`,
          `export: Sombra ${(s.dump.ms / 1000).toFixed(2)} s (${fmtMiB(s.outBytes)} CSV, peak RSS ${s.dump.maxRssMiB.toFixed(0)} MiB); SQLite ${(q.dump.ms / 1000).toFixed(2)} s (${fmtMiB(q.outBytes)} CSV, peak RSS ${q.dump.maxRssMiB.toFixed(0)} MiB)`,
        );
      }
    }
    return [
      { id: 'I1', name: `import ${csv.rows.toLocaleString('en-US')} rows (W5 graph) from neo4j-admin CSV`, unit: 'rows/s', sombra: summarize(load.sombra), sqlite: summarize(load.sqlite), note: notes[0] ?? '' },
      { id: 'I2', name: 'export the same graph to CSV', unit: 'rows/s', sombra: summarize(dump.sombra), sqlite: summarize(dump.sqlite), note: notes[1] ?? '' },
    ];
  },
};

if (process.env.SOMBRA_BENCH_IMPORT_WORKER !== undefined && process.argv[1] === fileURLToPath(import.meta.url)) {
  worker().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
