/**
 * How CLI commands print: a human table by default, JSON with --json, nothing
 * but errors with --quiet; errors as one line naming the code, a hint, and a
 * stack only with --debug. Exit codes a script can test: 0 ok, 1 usage or
 * operational error, 2 the database has problems (verify, doctor).
 */
import { SombraError } from '../base/errors.js';
import { toJsonText } from './value-format.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_PROBLEMS = 2;

/** Where a command writes, and the global flags that shape what it writes. */
export interface CommandContext {
  /** --json: machine-readable output on stdout. */
  json: boolean;
  /** --quiet: no progress and no summary; errors still go to stderr. */
  quiet: boolean;
  /** --debug: stack traces with errors. */
  debug: boolean;
  /** Whether stdout is a terminal (progress bars, table widths). */
  isTTY: boolean;
  /** Terminal width in columns (very large when stdout is not a terminal: tables are not cut). */
  columns: number;
  /** Writes one line (a newline is added) to stdout. */
  out: (line: string) => void;
  /** Writes one line to stderr. */
  err: (line: string) => void;
}

/** Prints key/value rows aligned, or the object as JSON. Silent under --quiet (JSON still prints). */
export function printRecord(ctx: CommandContext, title: string, record: Record<string, unknown>): void {
  if (ctx.json) {
    ctx.out(toJsonText(record, 2));
    return;
  }
  if (ctx.quiet) return;
  ctx.out(title);
  const keys = Object.keys(record);
  const width = keys.length === 0 ? 0 : Math.max(...keys.map((k) => k.length));
  for (const [k, v] of Object.entries(record)) ctx.out(`  ${k.padEnd(width)}  ${typeof v === 'object' && v !== null ? toJsonText(v) : String(v)}`);
}

const HINTS: Partial<Record<string, string>> = {
  LOCKED: 'another process has the database open; close it first (a lock left by a dead process is taken over automatically)',
  CORRUPTION: "run 'sombra verify' for the full list of problems, 'sombra doctor' for advice",
  UNSUPPORTED_FORMAT: 'the file is not a Sombra database, or was written by a newer version',
  NOT_FOUND: 'check the path',
  READ_ONLY: 'the command opened the database read-only',
  IO: "check free disk space and permissions; 'sombra doctor' checks the directory",
  CANCELLED: 'the query was cancelled; nothing it wrote was kept',
};

/** One line for an error (plus a hint line for the codes people meet when something is wrong). */
export function describeError(err: unknown, debug = false): string {
  let text: string;
  if (err instanceof SombraError) {
    const hint = HINTS[err.code];
    text = `error ${err.code}: ${err.message}${hint ? `\n  hint: ${hint}` : ''}`;
  } else {
    text = `error: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (debug && err instanceof Error && err.stack) text += `\n${err.stack}`;
  return text;
}
