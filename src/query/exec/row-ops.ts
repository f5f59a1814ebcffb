/**
 * Row-at-a-time operators: Filter (keeps rows whose predicate is true —
 * null and false drop them), Projection (computes expressions into new
 * slots), Unwind (one row per list element), Optional (OPTIONAL MATCH: the
 * inner plan's rows for each input row, or the input row with the new
 * variables null when there are none), and ProduceColumns (a row of just
 * the result columns, in order).
 */
import { CypherError } from '../../base/errors.js';
import type { Value } from '../values/value.js';
import type { ExecContext, Row } from './exec-context.js';
import type { Eval } from './expression-compiler.js';
import { UnaryOp, type PlanOp, type RowCursor } from './plan-op.js';

export class FilterOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly predicate: Eval,
    readonly text: string,
  ) {
    super(input);
  }

  get operator(): string {
    return 'Filter';
  }

  details(): string {
    return this.text;
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    const pred = this.predicate;
    return {
      next: () => {
        for (let r = input.next(); r !== null; r = input.next()) {
          const v = pred(r, ctx);
          if (v === true) return r;
          if (v !== false && v !== null) throw new CypherError('TypeError', 'InvalidArgumentType', `type mismatch: WHERE expects a BOOLEAN, got ${typeof v === 'object' ? 'a non-boolean value' : typeof v}`, { phase: 'runtime' });
        }
        return null;
      },
      close: () => input.close(),
    };
  }
}

export interface ProjectionItemPlan {
  slot: number;
  eval: Eval;
  name: string;
}

export class ProjectionOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly items: readonly ProjectionItemPlan[],
  ) {
    super(input);
  }

  get operator(): string {
    return 'Projection';
  }

  details(): string {
    return this.items.map((i) => i.name).join(', ');
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    const items = this.items;
    return {
      next: () => {
        const r = input.next();
        if (r === null) return null;
        // In place: every operator that produces a row more than once copies it first, and the
        // projected slots are new (each binding has a slot of its own), so nothing read is overwritten.
        for (const it of items) r[it.slot] = it.eval(r, ctx);
        return r;
      },
      close: () => input.close(),
    };
  }
}

export class UnwindOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly list: Eval,
    readonly slot: number,
    readonly variable: string,
  ) {
    super(input);
  }

  get operator(): string {
    return 'Unwind';
  }

  details(): string {
    return this.variable;
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    let row: Row | null = null;
    let items: readonly Value[] = [];
    let i = 0;
    return {
      next: () => {
        for (;;) {
          if (i < items.length) {
            const out = row!.slice();
            out[this.slot] = items[i++]!;
            return out;
          }
          row = input.next();
          if (row === null) return null;
          const v = this.list(row, ctx);
          items = v === null ? [] : Array.isArray(v) ? v : [v];
          i = 0;
        }
      },
      close: () => input.close(),
    };
  }
}

/** OPTIONAL MATCH: opens `inner` once per input row (with that row as its argument). */
export class OptionalOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly inner: PlanOp,
    readonly newSlots: readonly number[],
  ) {
    super(input);
    this.children.push(inner);
  }

  get operator(): string {
    return 'Optional';
  }

  details(): string {
    return '';
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    let inner: RowCursor | null = null;
    let found = false;
    let row: Row | null = null;
    return {
      next: () => {
        for (;;) {
          if (inner !== null) {
            const r = inner.next();
            if (r !== null) {
              found = true;
              return r;
            }
            inner.close();
            inner = null;
            if (!found) {
              const out = row!.slice();
              for (const s of this.newSlots) out[s] = null;
              return out;
            }
          }
          row = input.next();
          if (row === null) return null;
          found = false;
          inner = this.inner.open(ctx, row);
        }
      },
      close: () => {
        inner?.close();
        input.close();
      },
    };
  }
}

/** A row of the result columns only (for UNION and the caller). */
export class ProduceColumnsOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly slots: readonly number[],
    readonly columns: readonly string[],
    /** An updating query without RETURN: run the input to the end, produce nothing. */
    readonly discard = false,
  ) {
    super(input);
  }

  get operator(): string {
    return this.discard ? 'EmptyResult' : 'ProduceResults';
  }

  details(): string {
    return this.columns.join(', ');
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    const slots = this.slots;
    if (this.discard) {
      return {
        next: () => {
          while (input.next() !== null);
          return null;
        },
        close: () => input.close(),
      };
    }
    return {
      next: () => {
        const r = input.next();
        if (r === null) return null;
        const out = new Array<Value>(slots.length);
        for (let i = 0; i < slots.length; i++) out[i] = r[slots[i]!] ?? null;
        return out;
      },
      close: () => input.close(),
    };
  }
}

/** Pulls every input row before producing the first (a barrier between reads and the writes after them). */
export class EagerOp extends UnaryOp {
  get operator(): string {
    return 'Eager';
  }

  details(): string {
    return '';
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    let rows: Row[] | null = null;
    let i = 0;
    return {
      next: () => {
        if (rows === null) {
          rows = [];
          for (let r = input.next(); r !== null; r = input.next()) rows.push(r);
          input.close();
        }
        return i < rows.length ? rows[i++]! : null;
      },
      close: () => input.close(),
    };
  }
}
