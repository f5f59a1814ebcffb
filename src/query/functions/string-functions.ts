/**
 * Functions over strings: toLower, toUpper (and their GQL names lower,
 * upper), trim, ltrim, rtrim, btrim (optionally with a set of characters
 * to trim), replace, substring, left, right, split. Positions and lengths
 * count code points. Null in, null out; a wrong type is
 * TypeError/InvalidArgumentValue; a negative start or length is
 * ArgumentError/NumberOutOfRange.
 */
import { numberOutOfRange } from '../values/value-errors.js';
import type { Value } from '../values/value.js';
import { codePointLength, codePointSlice } from './code-points.js';
import { arg, intArg, stringArg, unaryFunction } from './function-args.js';
import type { ScalarFunction } from './function-types.js';

/** A non-negative INTEGER argument as a number (values beyond 2^53 act as "everything"). */
function countArg(fn: string, what: string, v: Value): number {
  const n = intArg(fn, v);
  if (n < 0) throw numberOutOfRange(fn, `the ${what} must not be negative, got ${n}`);
  return typeof n === 'bigint' ? Number.MAX_SAFE_INTEGER : n;
}

function unary(name: string, f: (s: string) => string): ScalarFunction {
  return unaryFunction(name, stringArg, f);
}

function trimFunction(name: string, start: boolean, end: boolean): ScalarFunction {
  return {
    name,
    minArgs: 1,
    maxArgs: 2,
    call(args) {
      const v = arg(args, 0);
      if (v === null) return null;
      const s = stringArg(name, v);
      if (args.length < 2) return start && end ? s.trim() : start ? s.trimStart() : s.trimEnd();
      const c = arg(args, 1);
      if (c === null) return null;
      const chars = new Set(Array.from(stringArg(name, c)));
      const cps = Array.from(s);
      let i = 0;
      let j = cps.length;
      if (start) while (i < j && chars.has(cps[i] as string)) i++;
      if (end) while (j > i && chars.has(cps[j - 1] as string)) j--;
      return cps.slice(i, j).join('');
    },
  };
}

export const stringFunctions: readonly ScalarFunction[] = [
  unary('tolower', (s) => s.toLowerCase()),
  unary('toupper', (s) => s.toUpperCase()),
  unary('lower', (s) => s.toLowerCase()),
  unary('upper', (s) => s.toUpperCase()),
  trimFunction('trim', true, true),
  trimFunction('btrim', true, true),
  trimFunction('ltrim', true, false),
  trimFunction('rtrim', false, true),
  {
    name: 'replace',
    minArgs: 3,
    maxArgs: 3,
    call(args) {
      const s = arg(args, 0);
      const search = arg(args, 1);
      const replacement = arg(args, 2);
      if (s === null || search === null || replacement === null) return null;
      return stringArg('replace', s).replaceAll(stringArg('replace', search), () => stringArg('replace', replacement));
    },
  },
  {
    name: 'substring',
    minArgs: 2,
    maxArgs: 3,
    call(args) {
      const v = arg(args, 0);
      if (v === null) return null;
      const s = stringArg('substring', v);
      if (arg(args, 1) === null || (args.length > 2 && arg(args, 2) === null)) return null;
      const start = countArg('substring', 'start', arg(args, 1));
      if (args.length < 3) return codePointSlice(s, start, Number.MAX_SAFE_INTEGER);
      const length = countArg('substring', 'length', arg(args, 2));
      return codePointSlice(s, start, start + length);
    },
  },
  {
    name: 'left',
    minArgs: 2,
    maxArgs: 2,
    call(args) {
      const v = arg(args, 0);
      if (v === null) return null;
      const s = stringArg('left', v);
      if (arg(args, 1) === null) return null;
      return codePointSlice(s, 0, countArg('left', 'length', arg(args, 1)));
    },
  },
  {
    name: 'right',
    minArgs: 2,
    maxArgs: 2,
    call(args) {
      const v = arg(args, 0);
      if (v === null) return null;
      const s = stringArg('right', v);
      if (arg(args, 1) === null) return null;
      const n = countArg('right', 'length', arg(args, 1));
      const len = codePointLength(s);
      return codePointSlice(s, Math.max(0, len - n), len);
    },
  },
  {
    name: 'split',
    minArgs: 2,
    maxArgs: 2,
    call(args) {
      const v = arg(args, 0);
      const d = arg(args, 1);
      if (v === null || d === null) return null;
      const s = stringArg('split', v);
      if (Array.isArray(d)) {
        const delims = d.map((x) => stringArg('split', x)).filter((x) => x.length > 0);
        if (delims.length === 0) return Array.from(s);
        const escaped = delims.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        return s.split(new RegExp(escaped.join('|'), 'u'));
      }
      const delim = stringArg('split', d);
      return delim.length === 0 ? Array.from(s) : s.split(delim);
    },
  },
];
