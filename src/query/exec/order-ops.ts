/**
 * Operators that order, page and deduplicate rows: Distinct (by the
 * equivalence of `valueKey`), Sort (stable, by `orderCompare`), Top (Sort
 * followed by a LIMIT, keeping only the best rows), Skip and Limit (which
 * stops pulling its input once it has enough rows: the pipeline stops early).
 */
import { CypherError } from '../../base/errors.js';
import { valueKey } from '../values/equality.js';
import { orderCompare } from '../values/ordering.js';
import { BoxedFloat, valueType, type Value } from '../values/value.js';
import type { ExecContext, Row } from './exec-context.js';
import type { Eval } from './expression-compiler.js';
import { UnaryOp, type PlanOp, type RowCursor } from './plan-op.js';

export class DistinctOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly slots: readonly number[],
  ) {
    super(input);
  }

  get operator(): string {
    return 'Distinct';
  }

  details(): string {
    return '';
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    const seen = new Set<string>();
    const slots = this.slots;
    return {
      next: () => {
        for (let r = input.next(); r !== null; r = input.next()) {
          let key = '';
          for (const s of slots) key += valueKey(r[s] ?? null) + '\u0000';
          if (seen.has(key)) continue;
          seen.add(key);
          return r;
        }
        return null;
      },
      close: () => input.close(),
    };
  }
}

export interface SortKey {
  eval: Eval;
  descending: boolean;
  text: string;
}

function compareKeys(a: Value[], b: Value[], keys: readonly SortKey[]): number {
  for (let i = 0; i < keys.length; i++) {
    const c = orderCompare(a[i]!, b[i]!);
    if (c !== 0) return keys[i]!.descending ? -c : c;
  }
  return 0;
}

/** A count for SKIP or LIMIT: a non-negative integer. */
export function evalCount(e: Eval, row: Row, ctx: ExecContext, clause: 'SKIP' | 'LIMIT'): number {
  const v = e(row, ctx);
  const n = v instanceof BoxedFloat ? null : typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new CypherError('SyntaxError', 'InvalidArgumentType', `${clause} expects a non-negative INTEGER, got ${valueType(v)}`, { phase: 'runtime' });
  }
  if (n < 0) throw new CypherError('SyntaxError', 'NegativeIntegerArgument', `${clause} expects a non-negative INTEGER, got ${n}`, { phase: 'runtime' });
  return n;
}

/** Sorts every input row; with `limit`, keeps only the first `limit` (Top). */
export class SortOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly keys: readonly SortKey[],
    readonly limit: Eval | null,
    readonly skip: Eval | null,
  ) {
    super(input);
  }

  get operator(): string {
    return this.limit === null ? 'Sort' : 'Top';
  }

  details(): string {
    return this.keys.map((k) => `${k.text}${k.descending ? ' DESC' : ''}`).join(', ');
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    let sorted: Row[] | null = null;
    let i = 0;
    const keys = this.keys;
    const run = (): Row[] => {
      const keep = this.limit === null ? Infinity : evalCount(this.limit, arg, ctx, 'LIMIT') + (this.skip === null ? 0 : evalCount(this.skip, arg, ctx, 'SKIP'));
      const entries: Array<{ row: Row; key: Value[]; seq: number }> = [];
      let seq = 0;
      const cmp = (a: { key: Value[]; seq: number }, b: { key: Value[]; seq: number }): number => compareKeys(a.key, b.key, keys) || a.seq - b.seq;
      if (keep === 0) {
        input.close();
        return [];
      }
      const width = keys.length;
      for (let r = input.next(); r !== null; r = input.next()) {
        const key = new Array<Value>(width);
        for (let k = 0; k < width; k++) key[k] = keys[k]!.eval(r, ctx);
        const e = { row: r, key, seq: seq++ };
        if (entries.length < keep) {
          entries.push(e);
          // Keep the kept rows sorted once the buffer is bounded (top-k by insertion).
          if (keep !== Infinity && entries.length === keep) entries.sort(cmp);
          continue;
        }
        if (keep === Infinity) continue;
        if (cmp(e, entries[entries.length - 1]!) >= 0) continue;
        // Binary insertion, dropping the worst.
        let lo = 0;
        let hi = entries.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (cmp(entries[mid]!, e) <= 0) lo = mid + 1;
          else hi = mid;
        }
        entries.splice(lo, 0, e);
        entries.pop();
      }
      if (keep === Infinity || entries.length < keep) entries.sort(cmp);
      return entries.map((e) => e.row);
    };
    return {
      next: () => {
        if (sorted === null) sorted = run();
        return i < sorted.length ? sorted[i++]! : null;
      },
      close: () => input.close(),
    };
  }
}

export class SkipOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly count: Eval,
  ) {
    super(input);
  }

  get operator(): string {
    return 'Skip';
  }

  details(): string {
    return '';
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    let toSkip = -1;
    return {
      next: () => {
        if (toSkip < 0) toSkip = evalCount(this.count, arg, ctx, 'SKIP');
        while (toSkip > 0) {
          if (input.next() === null) return null;
          toSkip--;
        }
        return input.next();
      },
      close: () => input.close(),
    };
  }
}

export class LimitOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly count: Eval,
    /** Writes happen below: run them to the end even when fewer rows are wanted. */
    readonly drainInput = false,
  ) {
    super(input);
  }

  get operator(): string {
    return 'Limit';
  }

  details(): string {
    return '';
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    let input: RowCursor | null = null;
    let left = -1;
    return {
      next: () => {
        if (left < 0) left = evalCount(this.count, arg, ctx, 'LIMIT');
        if (left === 0) {
          if (this.drainInput) {
            input ??= this.input.open(ctx, arg);
            while (input.next() !== null);
          }
          return null;
        }
        input ??= this.input.open(ctx, arg);
        const r = input.next();
        if (r !== null) left--;
        return r;
      },
      close: () => input?.close(),
    };
  }
}
