/**
 * The shapes of the query engine's functions (DESIGN §10): a scalar function
 * maps argument values to a value; an aggregate function makes one
 * `Aggregator` per group, fed one row's argument values at a time. The
 * planner looks them up by name in `function-table.ts` and checks the
 * argument count against `minArgs`/`maxArgs` before running anything.
 */
import type { GraphAccess } from '../values/graph-access.js';
import type { Value } from '../values/value.js';

export interface ScalarFunction {
  readonly name: string; // lower-case canonical name, e.g. 'tolower'
  readonly minArgs: number;
  readonly maxArgs: number; // Infinity for variadic (coalesce)
  readonly volatile?: boolean; // true for rand(): never constant-folded
  call(args: Value[], graph: GraphAccess): Value;
}

export interface Aggregator {
  add(args: Value[]): void;
  result(): Value;
}

export interface AggregateFunction {
  readonly name: string;
  readonly minArgs: number;
  readonly maxArgs: number;
  create(): Aggregator; // DISTINCT is done by the caller before add()
}
