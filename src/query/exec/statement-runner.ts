/**
 * How a front end (the builder, Cypher text) hands a parsed statement to the
 * engine. The db layer implements it over a snapshot (read-only statements)
 * or a transaction (writes); the query layer never imports the db layer.
 */
import type { Statement } from '../cypher/ast.js';
import type { PlanDescription } from '../plan/plan-description.js';
import type { Value } from '../values/value.js';
import type { QueryResult, QueryRow, QueryRunOptions } from './query-result.js';

export interface StatementRunner {
  /** Runs the statement to the end; resolves to every row. */
  execute(statement: Statement, params: Record<string, Value>, options?: QueryRunOptions): Promise<QueryResult>;
  /**
   * Runs the statement lazily: rows are produced as the caller pulls them,
   * from one snapshot that is released when the iteration ends (`return()`,
   * `break`, an error or the signal).
   */
  stream(statement: Statement, params: Record<string, Value>, options?: QueryRunOptions): AsyncIterableIterator<QueryRow>;
  /** The plan; with `analyze`, runs the statement and reports actual rows and times. */
  explain(statement: Statement, params: Record<string, Value>, options?: { analyze?: boolean; signal?: AbortSignal }): Promise<PlanDescription>;
}
