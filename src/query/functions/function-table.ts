/**
 * The function table of the query engine: every scalar and aggregate
 * function, looked up by name case-insensitively (`toLower`, `TOLOWER` and
 * `tolower` are one function). The planner resolves names here; an unknown
 * name is its `UnknownFunction` error.
 */
import type { AggregateFunction, ScalarFunction } from './function-types.js';

const scalars = new Map<string, ScalarFunction>();
const aggregates = new Map<string, AggregateFunction>();

function registerScalars(fns: readonly ScalarFunction[]): void {
  for (const f of fns) scalars.set(f.name, f);
}

function registerAggregates(fns: readonly AggregateFunction[]): void {
  for (const f of fns) aggregates.set(f.name, f);
}

registerScalars([]);
registerAggregates([]);

/** The scalar function called `name` (any case), or undefined. */
export function scalarFunction(name: string): ScalarFunction | undefined {
  return scalars.get(name.toLowerCase());
}

/** The aggregate function called `name` (any case), or undefined. */
export function aggregateFunction(name: string): AggregateFunction | undefined {
  return aggregates.get(name.toLowerCase());
}
