/**
 * Sombra: an embedded, single-file property graph database for Node.js.
 *
 * The public surface:
 * - `Database` (open, read, write, transactions, pragmas, checkpoint, verify, stats),
 *   `Transaction` and `ReadView`;
 * - the value and record types (`PropValue`, `NodeRecord`, `EdgeRecord`, ...);
 * - `SombraError` and its subclasses, each with a stable `code`;
 * - queries: `db.cypher(text, params)` (a query language based on openCypher,
 *   docs/cypher.md) and `db.query()` (the builder, docs/query.md), their
 *   result values `Node`, `Relationship`, `Path`, and the predicate helpers.
 *
 * @example
 *   import { Database } from 'sombradb';
 *   const db = await Database.open('graph.sombra');
 *   const ada = await db.createNode('User', { name: 'Ada' });
 *   console.log(db.getNode(ada));
 *   await db.close();
 */
export { Database, type CypherOptions, type DatabaseStats, type QueryStream, type VerifyReport } from './db/database.js';
export { Transaction, type TransactionOptions } from './db/transaction.js';
export { ReadView } from './db/read-view.js';
export { BoxedFloat } from './graph/boxed-float.js';
export { DurationValue, TemporalValue, type TemporalKind } from './graph/temporal-value.js';
export type { DatabaseOptions } from './db/options.js';
export type { MutationOp, MutationResult, Ref } from './db/mutations.js';
export type {
  BfsOptions,
  BfsVisit,
  Direction,
  EdgeRecord,
  IndexInfo,
  NameOrId,
  Neighbor,
  NeighborOptions,
  NodeRecord,
  Props,
  PropsUpdate,
  PropScalar,
  PropValue,
  RangePredicate,
} from './graph/graph-types.js';
export type { CheckpointResult } from './wal/checkpointer.js';
export type { SynchronousMode } from './wal/group-committer.js';
export type { PragmaValue } from './pager/options.js';
export {
  ERROR_CODES,
  SombraError,
  InvalidArgError,
  NotFoundError,
  ConstraintError,
  ClosedError,
  LockedError,
  ReadOnlyError,
  TxClosedError,
  IoError,
  CorruptionError,
  UnsupportedFormatError,
  CypherError,
  CancelledError,
  CYPHER_ERROR_TYPES,
  type CypherErrorType,
  type CypherErrorPosition,
  type ErrorCode,
} from './base/errors.js';
export { Node, Relationship, Path, type PublicValue } from './query/values/public-values.js';
export type { QueryResult, QueryRow, QueryStats, QueryRunOptions } from './query/exec/query-result.js';
export type { PlanDescription } from './query/plan/plan-description.js';
export { QueryBuilder, type QueryOptions, type QueryParam, type ExplainOptions, type EdgeOptions, type SelectArg, type MatchArg } from './query/builder/query-builder.js';
export {
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  between,
  inList,
  exists,
  isNull,
  isNotNull,
  hasLabel,
  startsWith,
  endsWith,
  contains,
  and,
  or,
  not,
  prop,
  idOf,
  typeOf,
  param,
  type Predicate,
  type Operand,
} from './query/builder/predicates.js';
export type { QuerySpec } from './query/builder/query-spec.js';
export { QuerySpecError } from './query/builder/spec-error.js';
