/**
 * Functions over lists (and the ones shared with strings): size, head,
 * last, tail, range, reverse, isEmpty. Null in, null out; a wrong type is
 * TypeError/InvalidArgumentValue; `range` with a zero step is
 * ArgumentError/NumberOutOfRange, and one longer than `RANGE_LENGTH_MAX`
 * elements is refused the same way rather than exhausting memory.
 */
import { checkedInt } from '../values/arithmetic.js';
import { functionTypeError, numberOutOfRange } from '../values/value-errors.js';
import { CypherError } from '../../base/errors.js';
import { isIntNumber, isMap, valueType, type Value } from '../values/value.js';
import { codePointLength, reverseCodePoints } from './code-points.js';
import { arg, listArg, nullSafeUnary } from './function-args.js';
import type { ScalarFunction } from './function-types.js';

/** The longest list `range()` builds. */
export const RANGE_LENGTH_MAX = 50_000_000;

function big(v: number | bigint): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** An argument of `range`: an INTEGER; anything else is ArgumentError/InvalidArgumentType (openCypher's List11). */
function rangeArg(v: Value): number | bigint {
  if (typeof v === 'bigint' || (typeof v === 'number' && isIntNumber(v))) return v;
  throw new CypherError('ArgumentError', 'InvalidArgumentType', `range() expects INTEGER arguments, got ${valueType(v)}`, { phase: 'runtime' });
}

/** `range(start, end, step)`: INTEGERs from start to end inclusive. */
export function rangeList(start: number | bigint, end: number | bigint, step: number | bigint): Value[] {
  if (step === 0 || step === 0n) throw numberOutOfRange('range', 'the step must not be zero');
  if (typeof start === 'number' && typeof end === 'number' && typeof step === 'number' && Number.isSafeInteger(end - start)) {
    const count = Math.floor((end - start) / step) + 1;
    if (count <= 0) return [];
    if (count > RANGE_LENGTH_MAX) throw numberOutOfRange('range', `a range of ${count} elements is longer than ${RANGE_LENGTH_MAX}`);
    const out = new Array<Value>(count);
    let x = start;
    for (let i = 0; i < count; i++, x += step) out[i] = x;
    // The elements stay between start and end, so all are safe: end - start is exact.
    return out;
  }
  const s = big(start);
  const e = big(end);
  const st = big(step);
  const count = (e - s) / st + 1n;
  if (count <= 0n) return [];
  if (count > BigInt(RANGE_LENGTH_MAX)) throw numberOutOfRange('range', `a range of ${count} elements is longer than ${RANGE_LENGTH_MAX}`);
  const out: Value[] = [];
  for (let x = s, i = 0n; i < count; i++, x += st) out.push(checkedInt(x, 'range element'));
  return out;
}

export const listFunctions: readonly ScalarFunction[] = [
  nullSafeUnary('size', (v) => {
    if (typeof v === 'string') return codePointLength(v);
    if (Array.isArray(v)) return v.length;
    throw functionTypeError('size', v, 'a LIST or STRING');
  }),
  nullSafeUnary('head', (v) => {
    const list = listArg('head', v);
    return list.length > 0 ? (list[0] as Value) : null;
  }),
  nullSafeUnary('last', (v) => {
    const list = listArg('last', v);
    return list.length > 0 ? (list[list.length - 1] as Value) : null;
  }),
  nullSafeUnary('tail', (v) => {
    return listArg('tail', v).slice(1);
  }),
  nullSafeUnary('reverse', (v) => {
    if (typeof v === 'string') return reverseCodePoints(v);
    if (Array.isArray(v)) return [...v].reverse();
    throw functionTypeError('reverse', v, 'a LIST or STRING');
  }),
  {
    name: 'range',
    minArgs: 2,
    maxArgs: 3,
    call(args) {
      const start = rangeArg(arg(args, 0));
      const end = rangeArg(arg(args, 1));
      const step = args.length > 2 ? rangeArg(arg(args, 2)) : 1;
      return rangeList(start, end, step);
    },
  },
  nullSafeUnary('isempty', (v) => {
    if (typeof v === 'string') return v.length === 0;
    if (Array.isArray(v)) return v.length === 0;
    if (isMap(v)) return Object.keys(v).length === 0;
    throw functionTypeError('isEmpty', v, 'a LIST, MAP or STRING');
  }),
];
