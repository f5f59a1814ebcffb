/**
 * How CLI commands print: a human table by default, JSON with --json, and
 * errors as one line naming the code, with exit codes a script can test:
 * 0 ok, 1 usage or operational error, 2 the database has problems.
 */
import { SombraError } from '../base/errors.js';

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_PROBLEMS = 2;

export interface CommandContext {
  json: boolean;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Prints key/value rows aligned, or the object as JSON. */
export function printRecord(ctx: CommandContext, title: string, record: Record<string, unknown>): void {
  if (ctx.json) {
    ctx.out(JSON.stringify(record, null, 2));
    return;
  }
  ctx.out(title);
  const width = Math.max(...Object.keys(record).map((k) => k.length));
  for (const [k, v] of Object.entries(record)) ctx.out(`  ${k.padEnd(width)}  ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
}

/** One line for an error; a hint for the codes people meet when something is wrong. */
export function describeError(err: unknown): string {
  if (err instanceof SombraError) {
    const hints: Partial<Record<string, string>> = {
      LOCKED: 'another process has the database open; close it first (a lock left by a dead process is taken over automatically)',
      CORRUPTION: "run 'sombra verify' for the full list of problems",
      UNSUPPORTED_FORMAT: 'the file is not a Sombra database, or was written by a newer version',
      NOT_FOUND: 'check the path',
    };
    const hint = hints[err.code];
    return `error ${err.code}: ${err.message}${hint ? `\n  hint: ${hint}` : ''}`;
  }
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}
