/**
 * Argument checks shared by the functions: each returns the argument as
 * the type the function needs, or throws TypeError/InvalidArgumentValue
 * naming the function, what it expects and what it got. (Null arguments
 * are handled by each function before these: most return null for them.)
 */
import { functionTypeError } from '../values/value-errors.js';
import { BoxedFloat, isIntNumber, type Value } from '../values/value.js';
import type { GraphAccess } from '../values/graph-access.js';
import type { ScalarFunction } from './function-types.js';

/** The i-th argument; the planner has checked the count, so a missing one is an optional argument left out. */
export function arg(args: readonly Value[], i: number): Value {
  const v = args[i];
  return v === undefined ? null : v;
}

/** A STRING argument. */
export function stringArg(fn: string, v: Value): string {
  if (typeof v !== 'string') throw functionTypeError(fn, v, 'a STRING');
  return v;
}

/** A LIST argument. */
export function listArg(fn: string, v: Value): Value[] {
  if (!Array.isArray(v)) throw functionTypeError(fn, v, 'a LIST');
  return v;
}

/** An INTEGER or FLOAT argument. */
export function numberArg(fn: string, v: Value): number | bigint | BoxedFloat {
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof BoxedFloat) return v;
  throw functionTypeError(fn, v, 'a number');
}

/** An INTEGER or FLOAT argument as a JS float. */
export function floatArg(fn: string, v: Value): number {
  const n = numberArg(fn, v);
  return typeof n === 'number' ? n : typeof n === 'bigint' ? Number(n) : n.value;
}

/** An INTEGER argument. */
export function intArg(fn: string, v: Value): number | bigint {
  if (typeof v === 'bigint' || (typeof v === 'number' && isIntNumber(v))) return v;
  throw functionTypeError(fn, v, 'an INTEGER');
}

/** A function of one argument: null in, null out; `f` gets the argument when it is not null. */
export function nullSafeUnary(name: string, f: (v: Value, graph: GraphAccess) => Value): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 1,
    call(args, graph) {
      const v = arg(args, 0);
      return v === null ? null : f(v, graph);
    },
  };
}

/** A function of one argument: null in, null out; `read` checks and converts the argument, `f` computes. */
export function unaryFunction<T>(name: string, read: (fn: string, v: Value) => T, f: (x: T) => Value): ScalarFunction {
  return nullSafeUnary(name, (v) => f(read(name, v)));
}
