/**
 * Functions about null: coalesce (the first non-null argument, or null) and
 * nullIf (null when its two arguments are equal, else the first).
 */
import { cypherEquals } from '../values/equality.js';
import { arg } from './function-args.js';
import type { ScalarFunction } from './function-types.js';

export const nullFunctions: readonly ScalarFunction[] = [
  {
    name: 'coalesce',
    minArgs: 1,
    maxArgs: Infinity,
    call(args) {
      for (const v of args) if (v !== null) return v;
      return null;
    },
  },
  {
    name: 'nullif',
    minArgs: 2,
    maxArgs: 2,
    call(args) {
      const a = arg(args, 0);
      return cypherEquals(a, arg(args, 1)) === true ? null : a;
    },
  },
];
