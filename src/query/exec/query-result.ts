/**
 * What a query returns to its caller (`db.cypher`, the builder's `execute`).
 */
import type { PlanDescription } from '../plan/plan-description.js';
import type { PublicValue } from '../values/public-values.js';

/** The counters of what a write query changed (the openCypher TCK's side effects). */
export interface QueryStats {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  labelsAdded: number;
  labelsRemoved: number;
  propertiesSet: number;
  propertiesRemoved: number;
}

/** A row: one value per column, keyed by column name. */
export type QueryRow = Record<string, PublicValue>;

/** The result of `db.cypher(...)`. */
export interface QueryResult {
  /** Column names in RETURN order. */
  columns: string[];
  /** The rows, each keyed by column name. */
  rows: QueryRow[];
  /** What the query changed (all zero for a read-only query). */
  stats: QueryStats;
  /** The plan, for `EXPLAIN` (nothing ran) and `PROFILE` (with actual rows and times). */
  plan?: PlanDescription;
}

/** Options of a query run. */
export interface QueryRunOptions {
  /** Cancels the query; a cancelled write query changes nothing. */
  signal?: AbortSignal;
}

export function emptyStats(): QueryStats {
  return {
    nodesCreated: 0,
    nodesDeleted: 0,
    relationshipsCreated: 0,
    relationshipsDeleted: 0,
    labelsAdded: 0,
    labelsRemoved: 0,
    propertiesSet: 0,
    propertiesRemoved: 0,
  };
}
