/**
 * Runs a planned statement against one graph view (a snapshot or a write
 * transaction) and turns its rows into result rows for the caller while the
 * view is still open. The db layer decides which view, and commits or rolls
 * back; this file never touches a transaction.
 *
 * Long runs yield to the event loop every `YIELD_EVERY_MS` so that an
 * AbortSignal can fire (the check itself is per row, see ExecContext).
 */
import { CancelledError } from '../../base/errors.js';
import type { CompiledStatement } from '../plan/planner.js';
import type { PlanDescription } from '../plan/plan-description.js';
import { toPublic } from '../values/public-values.js';
import type { Value } from '../values/value.js';
import { ExecContext } from './exec-context.js';
import type { GraphView } from './graph-view.js';
import { emptyStats, type QueryResult, type QueryRow } from './query-result.js';

/** How often a long-running query lets other work (and its AbortSignal) run. */
export const YIELD_EVERY_MS = 20;

export interface ExecuteOptions {
  signal?: AbortSignal;
  profile?: boolean;
  /** Keep integral floats boxed in the result (the TCK runner tells 1.0 from 1). */
  keepFloatBoxes?: boolean;
}

/** A statement opened on a view: rows come out one at a time. */
export class StatementExecution {
  readonly ctx: ExecContext;
  readonly #compiled: CompiledStatement;
  readonly #cursor: ReturnType<CompiledStatement['root']['open']>;
  readonly #keepFloatBoxes: boolean;
  #done = false;

  constructor(compiled: CompiledStatement, graph: GraphView, params: Record<string, Value>, options: ExecuteOptions = {}) {
    if (options.signal?.aborted === true) throw new CancelledError();
    this.#compiled = compiled;
    this.#keepFloatBoxes = options.keepFloatBoxes === true;
    this.ctx = new ExecContext(graph, params, emptyStats(), options.signal, options.profile === true);
    this.#cursor = compiled.root.open(this.ctx, new Array<Value>(compiled.slotCount).fill(null));
  }

  /** The next result row, or null at the end. */
  next(): QueryRow | null {
    if (this.#done) return null;
    const r = this.#cursor.next();
    if (r === null) {
      this.ctx.finishStats();
      this.close();
      return null;
    }
    const cols = this.#compiled.columns;
    const out: QueryRow = {};
    for (let i = 0; i < cols.length; i++) {
      const v = toPublic(r[i] ?? null, this.ctx.graph, this.#keepFloatBoxes);
      const name = cols[i]!;
      if (name === '__proto__') Object.defineProperty(out, name, { value: v, writable: true, enumerable: true, configurable: true });
      else out[name] = v;
    }
    return out;
  }

  close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#cursor.close();
  }

  /** The plan with actual rows and times (when profiling). */
  plan(): PlanDescription {
    return this.#compiled.root.describe(this.ctx.profile);
  }
}

/** Runs to the end, yielding to the event loop now and then; the caller keeps the view open until it resolves. */
export async function executeToEnd(compiled: CompiledStatement, graph: GraphView, params: Record<string, Value>, options: ExecuteOptions = {}): Promise<QueryResult> {
  const exec = new StatementExecution(compiled, graph, params, options);
  const rows: QueryRow[] = [];
  try {
    let last = Date.now();
    for (let r = exec.next(); r !== null; r = exec.next()) {
      rows.push(r);
      if ((rows.length & 1023) === 0 && Date.now() - last > YIELD_EVERY_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (options.signal?.aborted === true) throw new CancelledError();
        last = Date.now();
      }
    }
  } finally {
    exec.close();
  }
  const result: QueryResult = { columns: compiled.columns.slice(), rows, stats: exec.ctx.stats };
  if (options.profile === true) result.plan = exec.plan();
  return result;
}

/** Runs to the end synchronously (a write statement inside a transaction callback). */
export function executeSync(compiled: CompiledStatement, graph: GraphView, params: Record<string, Value>, options: ExecuteOptions = {}): QueryResult {
  const exec = new StatementExecution(compiled, graph, params, options);
  const rows: QueryRow[] = [];
  try {
    for (let r = exec.next(); r !== null; r = exec.next()) rows.push(r);
  } finally {
    exec.close();
  }
  const result: QueryResult = { columns: compiled.columns.slice(), rows, stats: exec.ctx.stats };
  if (options.profile === true) result.plan = exec.plan();
  return result;
}
