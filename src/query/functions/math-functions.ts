/**
 * Numeric functions: abs, sign, ceil, floor, round (with precision and a
 * rounding mode), sqrt, exp, log, log10, e, pi, the trigonometric and
 * hyperbolic functions, atan2, degrees, radians, haversin, isNaN, rand.
 *
 * abs keeps the argument's type (`abs(-1)` is 1, and the INTEGER overflow
 * of `abs(-2^63)` is an error); sign is an INTEGER; everything else is a
 * FLOAT (`ceil(1)` is 1.0). Out-of-domain inputs follow IEEE 754 (`sqrt(-1)`
 * and `log(-1)` are NaN), as in Java's Math. Null in, null out; a
 * non-number is TypeError/InvalidArgumentValue.
 */
import { negate } from '../values/arithmetic.js';
import { functionTypeError } from '../values/value-errors.js';
import { BoxedFloat, isIntNumber, makeFloat, type Value } from '../values/value.js';
import { arg, floatArg, intArg, numberArg, stringArg, unaryFunction, nullSafeUnary } from './function-args.js';
import type { ScalarFunction } from './function-types.js';
import { isRoundingMode, roundDecimal } from './round-decimal.js';

/** A function of one number returning a FLOAT. */
function floatFunction(name: string, f: (x: number) => number): ScalarFunction {
  return unaryFunction(name, floatArg, (x) => makeFloat(f(x)));
}

function constant(name: string, x: number): ScalarFunction {
  return { name, minArgs: 0, maxArgs: 0, call: () => makeFloat(x) };
}

function roundFunction(args: Value[]): Value {
  const v = arg(args, 0);
  if (v === null) return null;
  const x = floatArg('round', v);
  if (args.length === 1) return makeFloat(Math.round(x)); // half-way values toward positive infinity
  const p = arg(args, 1);
  if (p === null) return null;
  const precision = intArg('round', p);
  let mode = 'HALF_UP';
  if (args.length > 2) {
    const m = arg(args, 2);
    if (m === null) return null;
    mode = stringArg('round', m).toUpperCase();
    if (!isRoundingMode(mode)) throw functionTypeError('round', m, `a rounding mode (UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN, HALF_EVEN)`);
  }
  const digits = typeof precision === 'bigint' ? (precision > 0n ? 400 : -400) : Math.max(-400, Math.min(400, precision));
  return makeFloat(roundDecimal(x, digits, isRoundingMode(mode) ? mode : 'HALF_UP'));
}

export const mathFunctions: readonly ScalarFunction[] = [
  nullSafeUnary('abs', (v) => {
    const n = numberArg('abs', v);
    if (n instanceof BoxedFloat) return makeFloat(Math.abs(n.value));
    if (typeof n === 'bigint') return n < 0n ? negate(n) : n;
    if (isIntNumber(n)) return Math.abs(n);
    return makeFloat(Math.abs(n));
  }),
  nullSafeUnary('sign', (v) => {
    const n = numberArg('sign', v);
    const x = n instanceof BoxedFloat ? n.value : n;
    if (typeof x === 'bigint') return x > 0n ? 1 : x < 0n ? -1 : 0;
    return x > 0 ? 1 : x < 0 ? -1 : 0;
  }),
  floatFunction('ceil', Math.ceil),
  floatFunction('floor', Math.floor),
  { name: 'round', minArgs: 1, maxArgs: 3, call: roundFunction },
  floatFunction('sqrt', Math.sqrt),
  floatFunction('cbrt', Math.cbrt),
  floatFunction('exp', Math.exp),
  floatFunction('log', Math.log),
  floatFunction('log10', Math.log10),
  floatFunction('sin', Math.sin),
  floatFunction('cos', Math.cos),
  floatFunction('tan', Math.tan),
  floatFunction('cot', (x) => 1 / Math.tan(x)),
  floatFunction('asin', Math.asin),
  floatFunction('acos', Math.acos),
  floatFunction('atan', Math.atan),
  floatFunction('sinh', Math.sinh),
  floatFunction('cosh', Math.cosh),
  floatFunction('tanh', Math.tanh),
  floatFunction('coth', (x) => 1 / Math.tanh(x)),
  floatFunction('degrees', (x) => (x * 180) / Math.PI),
  floatFunction('radians', (x) => (x * Math.PI) / 180),
  floatFunction('haversin', (x) => (1 - Math.cos(x)) / 2),
  {
    name: 'atan2',
    minArgs: 2,
    maxArgs: 2,
    call(args) {
      const y = arg(args, 0);
      const x = arg(args, 1);
      if (y === null || x === null) return null;
      return makeFloat(Math.atan2(floatArg('atan2', y), floatArg('atan2', x)));
    },
  },
  {
    name: 'isnan',
    minArgs: 1,
    maxArgs: 1,
    call(args) {
      const v = arg(args, 0);
      return v === null ? null : Number.isNaN(floatArg('isNaN', v));
    },
  },
  constant('e', Math.E),
  constant('pi', Math.PI),
  { name: 'rand', minArgs: 0, maxArgs: 0, volatile: true, call: () => makeFloat(Math.random()) },
];
