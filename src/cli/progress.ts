/**
 * Progress of a long operation (import, export, vacuum, verify): a bar on
 * stderr when stderr is a terminal (done, rate, percent and ETA when the total
 * is known), nothing otherwise; the command prints its final summary itself.
 * --quiet and --json turn the bar off.
 */
import cliProgress from 'cli-progress';
import type { CommandContext } from './output.js';

export interface Progress {
  /** Sets how much is done (in the unit of the total: bytes, rows, pages). */
  update(done: number, rows?: number): void;
  /** Removes the bar. */
  stop(): void;
}

const NO_PROGRESS: Progress = { update: () => {}, stop: () => {} };

/** Rows per second over the whole run, human-sized. */
function rateText(rows: number, startMs: number): string {
  const s = (Date.now() - startMs) / 1000;
  if (s <= 0) return '-';
  const r = rows / s;
  return r >= 1e6 ? `${(r / 1e6).toFixed(1)}M` : r >= 1e3 ? `${(r / 1e3).toFixed(1)}k` : r.toFixed(0);
}

/**
 * Starts a progress bar titled `label`. `total` in `unit`s (null: unknown, no
 * percent or ETA). `rows` counts what the rate is about (rows, nodes, pages).
 */
export function startProgress(ctx: CommandContext, label: string, total: number | null, unit: string): Progress {
  if (!ctx.isTTY || ctx.quiet || ctx.json) return NO_PROGRESS;
  const startMs = Date.now();
  const format =
    total === null
      ? `${label} {rows} ${unit} | {rate}/s | {duration_formatted}`
      : `${label} [{bar}] {percentage}% | {rows} rows | {rate} rows/s | ETA {eta_formatted}`;
  const bar = new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true, clearOnComplete: true, etaBuffer: 50, fps: 10, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total ?? 0, 0, { rows: 0, rate: '-' });
  return {
    update(done: number, rows = done) {
      bar.update(done, { rows, rate: rateText(rows, startMs) });
    },
    stop() {
      bar.stop();
    },
  };
}
