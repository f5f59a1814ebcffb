/**
 * The physical operators' common shape. A plan is a tree of `PlanOp`s built
 * once per statement (and cached); each execution opens cursors on it.
 * Operators are pull-based: `next()` returns the next row or null.
 *
 * Every plan's leaf is an `Argument`: it yields the row it is opened with
 * once (an empty row for a top-level query; the outer row for OPTIONAL
 * MATCH, MERGE and subquery expressions, which open their plan once per
 * outer row). Scans are therefore "for each input row, scan", which also
 * makes Cartesian products and correlated subqueries plain pipelines.
 */
import type { PlanDescription } from '../plan/plan-description.js';
import type { ExecContext, OperatorProfile, Row } from './exec-context.js';

export interface RowCursor {
  next(): Row | null;
  close(): void;
}

export abstract class PlanOp {
  readonly children: PlanOp[];
  /** The planner's estimate of the rows this operator produces (per execution of the whole plan). */
  estimatedRows = 1;

  constructor(children: PlanOp[]) {
    this.children = children;
  }

  /** The operator's name in plans. */
  abstract get operator(): string;

  /** What it does, for humans. */
  abstract details(): string;

  protected abstract openCursor(ctx: ExecContext, arg: Row): RowCursor;

  /** Opens a cursor for one execution (profiled when the context profiles). */
  open(ctx: ExecContext, arg: Row): RowCursor {
    const cursor = this.openCursor(ctx, arg);
    const profile = ctx.profile;
    if (profile === null) return cursor;
    let p = profile.get(this);
    if (p === undefined) profile.set(this, (p = { rows: 0, timeNs: 0n }));
    return new ProfiledCursor(cursor, p);
  }

  /** The plan below this operator as plain data (with actual rows and times from `profile`). */
  describe(profile: Map<object, OperatorProfile> | null = null): PlanDescription {
    const d: PlanDescription = {
      operator: this.operator,
      details: this.details(),
      estimatedRows: Math.round(this.estimatedRows),
      children: this.children.map((c) => c.describe(profile)),
    };
    const p = profile?.get(this);
    if (profile !== null) {
      d.actualRows = p?.rows ?? 0;
      d.timeMs = Number(p?.timeNs ?? 0n) / 1e6;
    }
    return d;
  }
}

class ProfiledCursor implements RowCursor {
  readonly #inner: RowCursor;
  readonly #p: OperatorProfile;

  constructor(inner: RowCursor, p: OperatorProfile) {
    this.#inner = inner;
    this.#p = p;
  }

  next(): Row | null {
    const t = process.hrtime.bigint();
    const r = this.#inner.next();
    this.#p.timeNs += process.hrtime.bigint() - t;
    if (r !== null) this.#p.rows++;
    return r;
  }

  close(): void {
    this.#inner.close();
  }
}

/** An operator whose cursor pulls one input and maps or filters its rows. */
export abstract class UnaryOp extends PlanOp {
  constructor(readonly input: PlanOp) {
    super([input]);
  }
}

/** A cursor that produces nothing. */
export const EMPTY_CURSOR: RowCursor = { next: () => null, close: () => undefined };
