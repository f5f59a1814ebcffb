/**
 * Benchmark harness: repetitions, medians, the results table, and the
 * temporary directory every database file of a run lives in.
 *
 * A workload reports a rate (higher is better) for Sombra and, where one
 * exists, for SQLite (better-sqlite3) measured in the same process run; the
 * ratio is Sombra / SQLite. Benchmarks are never part of `npm test`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type Scale = 'small' | 'default' | 'large';

export interface Measurement {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export interface ResultRow {
  /** Workload id, e.g. "W2" or "T1". */
  id: string;
  /** What was measured, e.g. "64 concurrent callers, full". */
  name: string;
  unit: string;
  sombra: Measurement | null;
  sqlite: Measurement | null;
  /** Free text shown after the table (settings, caveats). */
  note?: string;
}

export interface BenchContext {
  scale: Scale;
  /** A fresh directory for this suite's files; removed after the run. */
  dir: string;
  /** Repetitions per figure (median of these). */
  reps: number;
  log(message: string): void;
}

export interface BenchSuite {
  /** Workload ids this suite can run. */
  ids: readonly string[];
  title: string;
  run(ctx: BenchContext, selected: ReadonlySet<string>): Promise<ResultRow[]>;
}

export function summarize(samples: number[]): Measurement {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, samples };
}

/** Runs `once` `reps` times (each returns one sample) and summarizes. */
export async function repeat(reps: number, once: (rep: number) => Promise<number> | number): Promise<Measurement> {
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) samples.push(await once(i));
  return summarize(samples);
}

export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Operations per second of `ops` operations that took `ms`. */
export function perSecond(ops: number, ms: number): number {
  return ms > 0 ? (ops * 1000) / ms : Infinity;
}

export function makeTempDir(prefix = 'sombra-bench-'): string {
  const base = process.env['SOMBRA_BENCH_DIR'] ?? os.tmpdir();
  return fs.mkdtempSync(path.join(base, prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n >= 100) return Math.round(n).toLocaleString('en-US');
  if (n >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function fmtMeasurement(m: Measurement | null): string {
  if (m === null) return '-';
  return m.samples.length > 1 ? `${fmt(m.median)} (${fmt(m.min)}-${fmt(m.max)})` : fmt(m.median);
}

export function ratio(row: ResultRow): number | null {
  if (row.sombra === null || row.sqlite === null || row.sqlite.median === 0) return null;
  return row.sombra.median / row.sqlite.median;
}

/** The results as a Markdown table (printed to the terminal and pasted into docs). */
export function formatTable(rows: ResultRow[]): string {
  const header = ['id', 'workload', 'unit', 'Sombra median (min-max)', 'SQLite median (min-max)', 'Sombra/SQLite'];
  const lines = rows.map((r) => {
    const q = ratio(r);
    return [r.id, r.name, r.unit, fmtMeasurement(r.sombra), fmtMeasurement(r.sqlite), q === null ? '-' : `${q.toFixed(2)}x`];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const sep = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  const notes = rows.filter((r) => r.note).map((r) => `- ${r.id}: ${r.note}`);
  return [row(header), sep, ...lines.map(row), ...(notes.length ? ['', ...notes] : [])].join('\n');
}
