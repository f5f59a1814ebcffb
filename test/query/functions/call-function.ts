// Helpers for function tests: call a scalar function or run an aggregate by
// name through the function table, and match the runtime CypherErrors.
import { CypherError } from '../../../src/base/errors.js';
import { aggregateFunction, scalarFunction } from '../../../src/query/functions/function-table.js';
import type { GraphAccess } from '../../../src/query/values/graph-access.js';
import type { Value } from '../../../src/query/values/value.js';
import { fakeGraph } from '../values/fake-graph.js';

/** Calls the scalar function `name` with `args`, checking the argument count the planner would check. */
export function call(name: string, args: Value[], graph: GraphAccess = fakeGraph()): Value {
  const fn = scalarFunction(name);
  if (fn === undefined) throw new Error(`no scalar function ${name}`);
  if (args.length < fn.minArgs || args.length > fn.maxArgs) throw new Error(`${name} takes ${fn.minArgs}..${fn.maxArgs} arguments, given ${args.length}`);
  return fn.call(args, graph);
}

/** Runs the aggregate `name` over rows of arguments. */
export function aggregate(name: string, rows: Value[][]): Value {
  const fn = aggregateFunction(name);
  if (fn === undefined) throw new Error(`no aggregate function ${name}`);
  const agg = fn.create();
  for (const row of rows) agg.add(row);
  return agg.result();
}

/** Runs a one-argument aggregate over values. */
export function aggregateOf(name: string, values: Value[]): Value {
  return aggregate(name, values.map((v) => [v]));
}

/** An assert.throws matcher for a runtime CypherError of a type and detail. */
export function cypherError(type: string, detail: string): (err: unknown) => boolean {
  return (err) => err instanceof CypherError && err.type === type && err.detail === detail && err.phase === 'runtime';
}
