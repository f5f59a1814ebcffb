/**
 * Aggregate functions: count, sum, avg, min, max, collect, percentileDisc,
 * percentileCont, stDev, stDevP. Each `create()` makes the state of one
 * group; `add(args)` takes one row's argument values (after DISTINCT, which
 * the caller applies); `result()` gives the aggregate.
 *
 * All of them skip null values (`count(x)` counts the non-null ones;
 * `count(*)` is the planner's). Over no values: count and sum give 0,
 * stDev and stDevP 0.0, the others null.
 *
 * - sum: INTEGERs sum to an INTEGER (a partial sum outside int64 is
 *   ArithmeticError/IntegerOverflow); with any FLOAT the sum is a FLOAT.
 * - avg: always a FLOAT; INTEGERs are summed exactly before dividing.
 * - sum and avg of DURATIONs are DURATIONs (no mixing with numbers).
 * - min/max: under the ORDER BY order across types (`min([1, 'a', [1]])` is
 *   the list, `max` the number).
 * - percentileDisc/Cont(value, p): numbers only; p must be a number in
 *   [0, 1] (else ArgumentError/NumberOutOfRange), checked on every row.
 *   Disc picks a value (type kept); Cont interpolates (a FLOAT).
 * - stDev (sample) and stDevP (population): FLOATs, by Welford's method.
 *
 * A non-number given to sum, avg, the percentiles or the deviations is
 * TypeError/InvalidArgumentValue.
 */
import { checkedInt } from '../values/arithmetic.js';
import { compareNumbers } from '../values/numeric.js';
import { orderCompare } from '../values/ordering.js';
import { addDurations, scaleDuration, DurationValue } from '../values/temporal.js';
import { functionTypeError, numberOutOfRange } from '../values/value-errors.js';
import { BoxedFloat, isIntNumber, makeFloat, type Value } from '../values/value.js';
import { arg, floatArg, numberArg } from './function-args.js';
import type { AggregateFunction, Aggregator } from './function-types.js';

type Num = number | bigint | BoxedFloat;

/** Exact running sum of INTEGERs (number while safe, bigint beyond) plus a FLOAT sum; or a sum of DURATIONs. */
class NumberSum {
  intSum: number | bigint = 0;
  floatSum = 0;
  sawFloat = false;
  sawNumber = false;
  durationSum: DurationValue | null = null;

  add(fn: string, v: Value): void {
    if (v instanceof DurationValue && !this.sawNumber) {
      this.durationSum = this.durationSum === null ? v : addDurations(this.durationSum, v, 1);
      return;
    }
    if (this.durationSum !== null) throw functionTypeError(fn, v, 'a DURATION like the values before it');
    this.sawNumber = true;
    const n = numberArg(fn, v);
    if (typeof n === 'number' && isIntNumber(n)) {
      if (typeof this.intSum === 'number') {
        const r = this.intSum + n;
        this.intSum = Number.isSafeInteger(r) ? r : checkedInt(BigInt(this.intSum) + BigInt(n), `${fn}()`);
      } else {
        this.intSum = checkedInt(this.intSum + BigInt(n), `${fn}()`);
      }
    } else if (typeof n === 'bigint') {
      this.intSum = checkedInt(BigInt(this.intSum) + n, `${fn}()`);
    } else {
      this.sawFloat = true;
      this.floatSum += n instanceof BoxedFloat ? n.value : n;
    }
  }

  /** The sum as a JS float. */
  total(): number {
    return Number(this.intSum) + this.floatSum;
  }
}

function aggregate(name: string, minArgs: number, maxArgs: number, create: () => Aggregator): AggregateFunction {
  return { name, minArgs, maxArgs, create };
}

function percentileArg(fn: string, v: Value): number {
  const p = floatArg(fn, v);
  if (!(p >= 0 && p <= 1)) throw numberOutOfRange(fn, `the percentile must be a number between 0.0 and 1.0, got ${String(p)}`);
  return p;
}

function sortedNumbers(values: Num[]): Num[] {
  return values.sort((a, b) => {
    const c = compareNumbers(a, b);
    return Number.isNaN(c) ? orderCompare(a, b) : c;
  });
}

function toJs(n: Num): number {
  return typeof n === 'number' ? n : typeof n === 'bigint' ? Number(n) : n.value;
}

/** Welford's running mean and sum of squared deviations. */
class Deviation {
  count = 0;
  mean = 0;
  m2 = 0;
  add(fn: string, v: Value): void {
    const x = floatArg(fn, v);
    this.count++;
    const d = x - this.mean;
    this.mean += d / this.count;
    this.m2 += d * (x - this.mean);
  }
}

/**
 * The shared part of percentileDisc and percentileCont: the non-null numbers
 * of the group and the percentile (checked in [0, 1] on every row); `pick`
 * chooses from the sorted numbers (never called for an empty group: null).
 */
function percentile(name: string, pick: (sorted: Num[], p: number) => Value): Aggregator {
  const values: Num[] = [];
  let p = 0;
  return {
    add(args) {
      const v = arg(args, 0);
      if (v === null) return;
      values.push(numberArg(name, v));
      p = percentileArg(name, arg(args, 1));
    },
    result: () => (values.length === 0 ? null : pick(sortedNumbers(values.slice()), p)),
  };
}

export const aggregateFunctions: readonly AggregateFunction[] = [
  aggregate('count', 1, 1, () => {
    let n = 0;
    return {
      add(args) {
        if (arg(args, 0) !== null) n++;
      },
      result: () => n,
    };
  }),
  aggregate('sum', 1, 1, () => {
    const sum = new NumberSum();
    return {
      add(args) {
        const v = arg(args, 0);
        if (v !== null) sum.add('sum', v);
      },
      result: () => sum.durationSum ?? (sum.sawFloat ? makeFloat(sum.total()) : sum.intSum),
    };
  }),
  aggregate('avg', 1, 1, () => {
    const sum = new NumberSum();
    let n = 0;
    return {
      add(args) {
        const v = arg(args, 0);
        if (v === null) return;
        sum.add('avg', v);
        n++;
      },
      result() {
        if (n === 0) return null;
        if (sum.durationSum !== null) return scaleDuration(sum.durationSum, 1 / n);
        if (!sum.sawFloat && typeof sum.intSum === 'bigint') {
          // Divide exactly first so a large INTEGER sum keeps its precision.
          const q = sum.intSum / BigInt(n);
          const r = sum.intSum % BigInt(n);
          return makeFloat(Number(q) + Number(r) / n);
        }
        return makeFloat(sum.total() / n);
      },
    };
  }),
  aggregate('min', 1, 1, () => {
    let best: Value = null;
    return {
      add(args) {
        const v = arg(args, 0);
        if (v !== null && (best === null || orderCompare(v, best) < 0)) best = v;
      },
      result: () => best,
    };
  }),
  aggregate('max', 1, 1, () => {
    let best: Value = null;
    return {
      add(args) {
        const v = arg(args, 0);
        if (v !== null && (best === null || orderCompare(v, best) > 0)) best = v;
      },
      result: () => best,
    };
  }),
  aggregate('collect', 1, 1, () => {
    const out: Value[] = [];
    return {
      add(args) {
        const v = arg(args, 0);
        if (v !== null) out.push(v);
      },
      result: () => out.slice(),
    };
  }),
  aggregate('percentiledisc', 2, 2, () =>
    percentile('percentileDisc', (sorted, p) => {
      const n = sorted.length;
      return sorted[p === 1 || n === 1 ? n - 1 : Math.max(0, Math.ceil(p * n) - 1)] as Num;
    }),
  ),
  aggregate('percentilecont', 2, 2, () =>
    percentile('percentileCont', (numbers, p) => {
      const sorted = numbers.map(toJs);
      const n = sorted.length;
      const at = p * (n - 1);
      const lo = Math.floor(at);
      const hi = Math.ceil(at);
      const a = sorted[lo] as number;
      if (lo === hi || lo === n - 1) return makeFloat(a);
      const b = sorted[hi] as number;
      return makeFloat(a * (hi - at) + b * (at - lo));
    }),
  ),
  aggregate('stdev', 1, 1, () => {
    const d = new Deviation();
    return {
      add(args) {
        const v = arg(args, 0);
        if (v !== null) d.add('stDev', v);
      },
      result: () => makeFloat(d.count < 2 ? 0 : Math.sqrt(d.m2 / (d.count - 1))),
    };
  }),
  aggregate('stdevp', 1, 1, () => {
    const d = new Deviation();
    return {
      add(args) {
        const v = arg(args, 0);
        if (v !== null) d.add('stDevP', v);
      },
      result: () => makeFloat(d.count < 1 ? 0 : Math.sqrt(d.m2 / d.count)),
    };
  }),
];
