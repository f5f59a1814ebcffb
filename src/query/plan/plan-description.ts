/**
 * A query plan as plain data: what `explain()` returns (builder and Cypher
 * alike, DESIGN §10), and what `PROFILE` / `explain({ analyze: true })`
 * fills with actual row counts and times.
 */

/** One operator of a plan, with its inputs as children. */
export interface PlanDescription {
  /** The operator (`NodeByLabelScan`, `NodeIndexSeek`, `Expand`, `Filter`, `Projection`, `Sort`, `Top`, `Limit`, ...). */
  operator: string;
  /** What the operator does, in words a user reads: variables, label, index, predicate, direction, types. */
  details: string;
  /** The planner's estimate of the rows this operator produces. */
  estimatedRows: number;
  /** Rows it actually produced (`PROFILE` / `analyze` only). */
  actualRows?: number;
  /** Time spent in it and below it, in milliseconds (`PROFILE` / `analyze` only). */
  timeMs?: number;
  /** Its inputs (one for most operators, two for joins and apply, none for scans). */
  children: PlanDescription[];
}
