/**
 * Storage-level workloads (pager + group committer, no B+-tree): the cost of
 * a durable commit against the raw fdatasync floor of the same disk, and
 * group commit under 64 concurrent callers, beside SQLite (WAL mode, one row
 * per transaction) in the same run.
 *
 *   F0  raw write + fdatasync of one 8 KiB page (the floor)
 *   C1  sequential one-page commits, synchronous full    vs SQLite FULL
 *   C2  64 concurrent callers, one-page commits, full    vs SQLite FULL
 *   C3  sequential, normal                               vs SQLite NORMAL
 *   C4  64 concurrent callers, normal                    vs SQLite NORMAL
 *   C5  sequential, off                                  vs SQLite OFF
 *   C6  64 concurrent callers, off                       vs SQLite OFF
 *   C7  sequential full without log preallocation (walPreallocateBytes 0)
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from '../sqlite-driver.js';
import { NodeVfs } from '../../src/vfs/node-vfs.js';
import { Pager } from '../../src/pager/pager.js';
import type { SynchronousMode } from '../../src/wal/group-committer.js';
import { nowMs, perSecond, repeat, type BenchContext, type BenchSuite, type ResultRow } from '../harness.js';

const CONCURRENCY = 64;

function counts(ctx: BenchContext): { seq: number; perCaller: number } {
  if (ctx.scale === 'small') return { seq: 300, perCaller: 10 };
  if (ctx.scale === 'large') return { seq: 5000, perCaller: 100 };
  return { seq: 2000, perCaller: 50 };
}

let fileCounter = 0;
function freshPath(ctx: BenchContext, stem: string): string {
  return path.join(ctx.dir, `${stem}-${++fileCounter}.db`);
}

async function fsyncFloor(ctx: BenchContext, n: number): Promise<number> {
  const p = freshPath(ctx, 'floor');
  const fd = fs.openSync(p, 'w+');
  try {
    const zeros = Buffer.alloc(16 * 1024 * 1024);
    fs.writeSync(fd, zeros, 0, zeros.length, 0);
    fs.fsyncSync(fd);
    const page = Buffer.alloc(8192, 7);
    const t0 = nowMs();
    for (let i = 0; i < n; i++) {
      fs.writeSync(fd, page, 0, page.length, (i % 2048) * 8192);
      await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
    }
    return perSecond(n, nowMs() - t0);
  } finally {
    fs.closeSync(fd);
    fs.rmSync(p, { force: true });
  }
}

async function openPager(ctx: BenchContext, synchronous: SynchronousMode, walPreallocateBytes?: number): Promise<{ pager: Pager; file: string }> {
  const file = freshPath(ctx, 'pager');
  const pager = await Pager.open(new NodeVfs(), file, {
    synchronous,
    autocheckpointMs: null,
    ...(walPreallocateBytes === undefined ? {} : { walPreallocateBytes }),
  });
  // One data page every commit rewrites.
  const txn = await pager.beginWrite();
  const { pageNo } = txn.allocatePage();
  txn.setRoot('bench', pageNo);
  await txn.commit();
  return { pager, file };
}

async function onePageCommit(pager: Pager, i: number): Promise<void> {
  const txn = await pager.beginWrite();
  const pageNo = txn.getRoot('bench')!;
  const page = txn.getWritablePage(pageNo);
  page[16 + (i % 4000)] = i & 0xff;
  await txn.commit();
}

function cleanup(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-lock`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

async function sombraRate(ctx: BenchContext, mode: SynchronousMode, concurrent: boolean, prealloc?: number): Promise<number> {
  const { seq, perCaller } = counts(ctx);
  const { pager, file } = await openPager(ctx, mode, prealloc);
  try {
    const t0 = nowMs();
    let total: number;
    if (concurrent) {
      total = CONCURRENCY * perCaller;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, c) => {
          for (let j = 0; j < perCaller; j++) await onePageCommit(pager, c * perCaller + j);
        }),
      );
    } else {
      total = seq;
      for (let i = 0; i < seq; i++) await onePageCommit(pager, i);
    }
    return perSecond(total, nowMs() - t0);
  } finally {
    await pager.close();
    cleanup(file);
  }
}

const SQLITE_SYNC: Record<SynchronousMode, string> = { full: 'FULL', normal: 'NORMAL', off: 'OFF' };

async function sqliteRate(ctx: BenchContext, mode: SynchronousMode, concurrent: boolean): Promise<number> {
  const { seq, perCaller } = counts(ctx);
  const file = freshPath(ctx, 'sqlite');
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${SQLITE_SYNC[mode]}`);
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const blob = Buffer.alloc(32, 1);
    const t0 = nowMs();
    let total: number;
    if (concurrent) {
      // better-sqlite3 is synchronous: 64 async callers simply take turns.
      total = CONCURRENCY * perCaller;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let j = 0; j < perCaller; j++) {
            await null;
            insert.run(blob);
          }
        }),
      );
    } else {
      total = seq;
      for (let i = 0; i < seq; i++) insert.run(blob);
    }
    return perSecond(total, nowMs() - t0);
  } finally {
    db.close();
    cleanup(file);
  }
}

export const storageSuite: BenchSuite = {
  ids: ['F0', 'C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7'],
  title: 'Storage: durable commits of one page (pager + group commit)',
  async run(ctx, selected) {
    const rows: ResultRow[] = [];
    const want = (id: string) => selected.has(id);
    const { seq } = counts(ctx);
    if (want('F0')) {
      ctx.log('F0 fdatasync floor');
      rows.push({ id: 'F0', name: 'raw write+fdatasync of one 8 KiB page', unit: 'syncs/s', sombra: await repeat(ctx.reps, () => fsyncFloor(ctx, seq)), sqlite: null, note: 'the disk floor: one durable commit cannot beat it' });
    }
    const cases: Array<[string, SynchronousMode, boolean, string]> = [
      ['C1', 'full', false, 'sequential one-page commits, full vs FULL'],
      ['C2', 'full', true, `${CONCURRENCY} concurrent callers, full vs FULL`],
      ['C3', 'normal', false, 'sequential, normal vs NORMAL'],
      ['C4', 'normal', true, `${CONCURRENCY} concurrent callers, normal vs NORMAL`],
      ['C5', 'off', false, 'sequential, off vs OFF'],
      ['C6', 'off', true, `${CONCURRENCY} concurrent callers, off vs OFF`],
    ];
    for (const [id, mode, concurrent, name] of cases) {
      if (!want(id)) continue;
      ctx.log(`${id} ${name}`);
      const sombra = await repeat(ctx.reps, () => sombraRate(ctx, mode, concurrent));
      const sqlite = await repeat(ctx.reps, () => sqliteRate(ctx, mode, concurrent));
      rows.push({ id, name, unit: 'commits/s', sombra, sqlite });
    }
    if (want('C7')) {
      ctx.log('C7 sequential full without preallocation');
      const sombra = await repeat(ctx.reps, () => sombraRate(ctx, 'full', false, 0));
      const sqlite = await repeat(ctx.reps, () => sqliteRate(ctx, 'full', false));
      rows.push({ id: 'C7', name: 'sequential full, walPreallocateBytes 0 (log grows)', unit: 'commits/s', sombra, sqlite, note: 'compare with C1 for the value of preallocating the log' });
    }
    return rows;
  },
};
