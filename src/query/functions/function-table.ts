/**
 * The function table of the query engine: every scalar and aggregate
 * function, looked up by name case-insensitively (`toLower`, `TOLOWER` and
 * `tolower` are one function). The planner resolves names here; an unknown
 * name is its `UnknownFunction` error. A name is either scalar or
 * aggregate, never both.
 */
import { assert } from '../../base/assert.js';
import { aggregateFunctions } from './aggregate-functions.js';
import { conversionFunctions } from './conversion-functions.js';
import type { AggregateFunction, ScalarFunction } from './function-types.js';
import { graphFunctions } from './graph-functions.js';
import { listFunctions } from './list-functions.js';
import { mathFunctions } from './math-functions.js';
import { nullFunctions } from './null-functions.js';
import { stringFunctions } from './string-functions.js';
import { temporalFunctions } from './temporal-functions.js';

const scalars = new Map<string, ScalarFunction>();
const aggregates = new Map<string, AggregateFunction>();

function registerScalars(fns: readonly ScalarFunction[]): void {
  for (const f of fns) {
    assert(!scalars.has(f.name), `function ${f.name} registered twice`);
    scalars.set(f.name, f);
  }
}

function registerAggregates(fns: readonly AggregateFunction[]): void {
  for (const f of fns) aggregates.set(f.name, f);
}

registerScalars(graphFunctions);
registerScalars(listFunctions);
registerScalars(stringFunctions);
registerScalars(mathFunctions);
registerScalars(conversionFunctions);
registerScalars(nullFunctions);
registerScalars(temporalFunctions);
registerAggregates(aggregateFunctions);

/** The scalar function called `name` (any case), or undefined. */
export function scalarFunction(name: string): ScalarFunction | undefined {
  return scalars.get(name.toLowerCase());
}

/** The aggregate function called `name` (any case), or undefined. */
export function aggregateFunction(name: string): AggregateFunction | undefined {
  return aggregates.get(name.toLowerCase());
}
