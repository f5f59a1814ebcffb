/**
 * B+-tree workloads (pager + B+-tree, no graph layer), beside SQLite
 * (better-sqlite3: a `WITHOUT ROWID` table with a BLOB primary key, the same
 * keys, the same transaction sizes, prepared statements) in the same run.
 *
 *   T1  random inserts/s: keys in random order, TXN_SIZE inserts per transaction
 *   T2  sequential inserts/s: keys in ascending order, TXN_SIZE per transaction
 *   T3  point gets/s: random existing keys, on the tree T1 built (read snapshot)
 *   T4  range-scan rows/s: SCAN_ROWS rows from random start keys, key and
 *       value copied out, on the tree T1 built
 *
 * Keys: 16-32 bytes, an 8-byte big-endian sequence number then 8-24 random
 * bytes (so ascending sequence numbers are ascending keys); values: 8 bytes.
 * Both engines: WAL, synchronous `normal` (Sombra `synchronous: 'normal'`,
 * SQLite `PRAGMA synchronous = NORMAL`), page size 8 KiB, the same page cache
 * size: 32 MiB by default (Sombra's default 4096 pages; SQLite
 * `cache_size = -32768`), or SOMBRA_BENCH_BTREE_CACHE_MIB; automatic
 * checkpoints at their defaults. At the default scale the trees (about
 * 45 MB) do not fit a 32 MiB cache, so T3 also measures cache misses.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from '../sqlite-driver.js';
import { Prng } from '../../src/base/prng.js';
import { NodeVfs } from '../../src/vfs/node-vfs.js';
import { Pager } from '../../src/pager/pager.js';
import { BTree } from '../../src/btree/tree.js';
import { nowMs, perSecond, summarize, type BenchContext, type BenchSuite, type Measurement, type ResultRow } from '../harness.js';

const VALUE_BYTES = 8;
const SCAN_ROWS = 1000;
const TREE_NAME = 'bench.btree';
const CACHE_MIB = Number(process.env['SOMBRA_BENCH_BTREE_CACHE_MIB'] ?? 32);
const PAGE_SIZE_BYTES = 8192;

interface Sizes {
  keys: number;
  txnSize: number;
  gets: number;
  scans: number;
}

function sizes(ctx: BenchContext): Sizes {
  if (ctx.scale === 'small') return { keys: 100_000, txnSize: 10_000, gets: 100_000, scans: 100 };
  if (ctx.scale === 'large') return { keys: 4_000_000, txnSize: 100_000, gets: 1_000_000, scans: 2000 };
  return { keys: 1_000_000, txnSize: 100_000, gets: 500_000, scans: 500 };
}

/** All keys in one buffer; key i is bytes [offsets[i], offsets[i + 1]). */
interface KeySet {
  bytes: Buffer;
  offsets: Int32Array;
  count: number;
}

function makeKeys(count: number, seed: number): KeySet {
  const prng = new Prng(seed);
  const lengths = new Int32Array(count);
  let total = 0;
  for (let i = 0; i < count; i++) {
    lengths[i] = 16 + prng.int(17);
    total += lengths[i]!;
  }
  const bytes = Buffer.alloc(total);
  const offsets = new Int32Array(count + 1);
  let pos = 0;
  for (let i = 0; i < count; i++) {
    offsets[i] = pos;
    bytes.writeUInt32BE(Math.floor(i / 0x1_0000_0000), pos);
    bytes.writeUInt32BE(i >>> 0, pos + 4);
    for (let j = 8; j < lengths[i]!; j++) bytes[pos + j] = prng.nextU32() & 0xff;
    pos += lengths[i]!;
  }
  offsets[count] = pos;
  return { bytes, offsets, count };
}

function keyAt(ks: KeySet, i: number): Buffer {
  return ks.bytes.subarray(ks.offsets[i]!, ks.offsets[i + 1]!);
}

function shuffled(n: number, seed: number): Int32Array {
  const prng = new Prng(seed);
  const a = new Int32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

let fileCounter = 0;
function freshPath(ctx: BenchContext, stem: string): string {
  return path.join(ctx.dir, `${stem}-${++fileCounter}.db`);
}

function cleanup(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-lock`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
}

// ---------------------------------------------------------------- Sombra

async function sombraInsert(file: string, ks: KeySet, order: Int32Array, txnSize: number): Promise<{ pager: Pager; rate: number }> {
  const pager = await Pager.open(new NodeVfs(), file, { synchronous: 'normal', pageSize: PAGE_SIZE_BYTES, cachePages: (CACHE_MIB * 1024 * 1024) / PAGE_SIZE_BYTES });
  const setup = await pager.beginWrite();
  BTree.createNamed(setup, TREE_NAME);
  await setup.commit();
  const value = Buffer.alloc(VALUE_BYTES);
  const t0 = nowMs();
  for (let start = 0; start < order.length; start += txnSize) {
    const txn = await pager.beginWrite();
    const tree = BTree.openNamed(txn, TREE_NAME);
    const end = Math.min(order.length, start + txnSize);
    for (let j = start; j < end; j++) {
      const i = order[j]!;
      value.writeUInt32BE(i >>> 0, 0);
      value.writeUInt32BE((i * 2654435761) >>> 0, 4);
      tree.put(keyAt(ks, i), value);
    }
    await txn.commit();
  }
  return { pager, rate: perSecond(order.length, nowMs() - t0) };
}

function sombraGets(pager: Pager, ks: KeySet, probes: Int32Array): number {
  const snap = pager.beginRead();
  try {
    const tree = BTree.openNamed(snap, TREE_NAME);
    const t0 = nowMs();
    let found = 0;
    for (let j = 0; j < probes.length; j++) if (tree.get(keyAt(ks, probes[j]!)) !== null) found++;
    const ms = nowMs() - t0;
    if (found !== probes.length) throw new Error(`Sombra T3: found ${found} of ${probes.length} keys`);
    return perSecond(probes.length, ms);
  } finally {
    snap.release();
  }
}

function sombraScans(pager: Pager, ks: KeySet, starts: Int32Array): number {
  const snap = pager.beginRead();
  try {
    const tree = BTree.openNamed(snap, TREE_NAME);
    const t0 = nowMs();
    let rows = 0;
    let bytes = 0;
    for (let j = 0; j < starts.length; j++) {
      const c = tree.cursor({ gte: keyAt(ks, starts[j]!) });
      let n = 0;
      for (let ok = c.first(); ok && n < SCAN_ROWS; ok = c.next(), n++) {
        const k = c.key();
        const v = c.value();
        bytes += k.length + v.length;
      }
      rows += n;
    }
    const ms = nowMs() - t0;
    if (bytes === 0) throw new Error('Sombra T4 read nothing');
    return perSecond(rows, ms);
  } finally {
    snap.release();
  }
}

// ---------------------------------------------------------------- SQLite

function sqliteOpen(file: string): Database.Database {
  const db = new Database(file);
  db.pragma(`page_size = ${PAGE_SIZE_BYTES}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`cache_size = -${CACHE_MIB * 1024}`);
  db.exec('CREATE TABLE t (k BLOB PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID');
  return db;
}

function sqliteInsert(file: string, ks: KeySet, order: Int32Array, txnSize: number): { db: Database.Database; rate: number } {
  const db = sqliteOpen(file);
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  const begin = db.prepare('BEGIN');
  const commit = db.prepare('COMMIT');
  const value = Buffer.alloc(VALUE_BYTES);
  const t0 = nowMs();
  for (let start = 0; start < order.length; start += txnSize) {
    begin.run();
    const end = Math.min(order.length, start + txnSize);
    for (let j = start; j < end; j++) {
      const i = order[j]!;
      value.writeUInt32BE(i >>> 0, 0);
      value.writeUInt32BE((i * 2654435761) >>> 0, 4);
      insert.run(keyAt(ks, i), value);
    }
    commit.run();
  }
  return { db, rate: perSecond(order.length, nowMs() - t0) };
}

function sqliteGets(db: Database.Database, ks: KeySet, probes: Int32Array): number {
  const get = db.prepare('SELECT v FROM t WHERE k = ?').pluck();
  const t0 = nowMs();
  let found = 0;
  for (let j = 0; j < probes.length; j++) if (get.get(keyAt(ks, probes[j]!)) !== undefined) found++;
  const ms = nowMs() - t0;
  if (found !== probes.length) throw new Error(`SQLite T3: found ${found} of ${probes.length} keys`);
  return perSecond(probes.length, ms);
}

function sqliteScans(db: Database.Database, ks: KeySet, starts: Int32Array): number {
  const scan = db.prepare(`SELECT k, v FROM t WHERE k >= ? ORDER BY k LIMIT ${SCAN_ROWS}`).raw();
  const t0 = nowMs();
  let rows = 0;
  let bytes = 0;
  for (let j = 0; j < starts.length; j++) {
    // all() is better-sqlite3's fastest way to read many rows (faster than iterate()).
    for (const row of scan.all(keyAt(ks, starts[j]!)) as Array<[Buffer, Buffer]>) {
      bytes += row[0].length + row[1].length;
      rows++;
    }
  }
  const ms = nowMs() - t0;
  if (bytes === 0) throw new Error('SQLite T4 read nothing');
  return perSecond(rows, ms);
}

// ------------------------------------------------------------------ suite

export const btreeSuite: BenchSuite = {
  ids: ['T1', 'T2', 'T3', 'T4'],
  title: 'B+-tree: inserts, point gets and range scans (pager + B+-tree)',
  async run(ctx, selected) {
    const want = (id: string) => selected.has(id);
    const sz = sizes(ctx);
    ctx.log(`generating ${sz.keys.toLocaleString('en-US')} keys of 16-32 bytes`);
    const ks = makeKeys(sz.keys, 7);
    const random = shuffled(sz.keys, 11);
    const sequential = new Int32Array(sz.keys).map((_, i) => i);
    const probeOrder = shuffled(sz.keys, 13);
    const probes = probeOrder.subarray(0, Math.min(sz.gets, sz.keys));
    const starts = probeOrder.subarray(0, Math.min(sz.scans, sz.keys)).map((i) => Math.min(i, sz.keys - SCAN_ROWS));
    const samples: Record<string, { sombra: number[]; sqlite: number[] }> = {
      T1: { sombra: [], sqlite: [] },
      T2: { sombra: [], sqlite: [] },
      T3: { sombra: [], sqlite: [] },
      T4: { sombra: [], sqlite: [] },
    };
    const needRandomTree = want('T1') || want('T3') || want('T4');
    for (let rep = 0; rep < ctx.reps; rep++) {
      if (needRandomTree) {
        ctx.log(`rep ${rep + 1}/${ctx.reps}: T1 random inserts${want('T3') ? ', T3 gets' : ''}${want('T4') ? ', T4 scans' : ''}`);
        const sFile = freshPath(ctx, 'sombra');
        const s = await sombraInsert(sFile, ks, random, sz.txnSize);
        try {
          samples['T1']!.sombra.push(s.rate);
          if (want('T3')) samples['T3']!.sombra.push(sombraGets(s.pager, ks, probes));
          if (want('T4')) samples['T4']!.sombra.push(sombraScans(s.pager, ks, starts));
        } finally {
          await s.pager.close();
          cleanup(sFile);
        }
        const qFile = freshPath(ctx, 'sqlite');
        const q = sqliteInsert(qFile, ks, random, sz.txnSize);
        try {
          samples['T1']!.sqlite.push(q.rate);
          if (want('T3')) samples['T3']!.sqlite.push(sqliteGets(q.db, ks, probes));
          if (want('T4')) samples['T4']!.sqlite.push(sqliteScans(q.db, ks, starts));
        } finally {
          q.db.close();
          cleanup(qFile);
        }
      }
      if (want('T2')) {
        ctx.log(`rep ${rep + 1}/${ctx.reps}: T2 sequential inserts`);
        const sFile = freshPath(ctx, 'sombra');
        const s = await sombraInsert(sFile, ks, sequential, sz.txnSize);
        samples['T2']!.sombra.push(s.rate);
        await s.pager.close();
        cleanup(sFile);
        const qFile = freshPath(ctx, 'sqlite');
        const q = sqliteInsert(qFile, ks, sequential, sz.txnSize);
        samples['T2']!.sqlite.push(q.rate);
        q.db.close();
        cleanup(qFile);
      }
    }
    const m = (xs: number[]): Measurement | null => (xs.length === 0 ? null : summarize(xs));
    const n = sz.keys.toLocaleString('en-US');
    const txn = sz.txnSize.toLocaleString('en-US');
    const rows: ResultRow[] = [];
    const settings = `WAL, synchronous normal, 8 KiB pages, ${CACHE_MIB} MiB page cache for both`;
    if (want('T1')) rows.push({ id: 'T1', name: `random inserts, ${n} keys, ${txn} per txn`, unit: 'inserts/s', sombra: m(samples['T1']!.sombra), sqlite: m(samples['T1']!.sqlite), note: `16-32-byte keys, 8-byte values; ${settings}` });
    if (want('T2')) rows.push({ id: 'T2', name: `sequential inserts, ${n} keys, ${txn} per txn`, unit: 'inserts/s', sombra: m(samples['T2']!.sombra), sqlite: m(samples['T2']!.sqlite) });
    if (want('T3')) rows.push({ id: 'T3', name: `point gets of random keys, ${n}-key tree`, unit: 'gets/s', sombra: m(samples['T3']!.sombra), sqlite: m(samples['T3']!.sqlite), note: 'Sombra: BTree.get on a read snapshot (a copy); SQLite: prepared SELECT v ... WHERE k = ? (pluck)' });
    if (want('T4')) rows.push({ id: 'T4', name: `range scans of ${SCAN_ROWS} rows from random keys`, unit: 'rows/s', sombra: m(samples['T4']!.sombra), sqlite: m(samples['T4']!.sqlite), note: 'Sombra: cursor key()/value() copies; SQLite: raw().all() of SELECT k, v ... WHERE k >= ? ORDER BY k LIMIT' });
    return rows;
  },
};
