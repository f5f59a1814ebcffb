/**
 * UNION and UNION ALL: the rows of each branch in turn (each branch already
 * reduced to the result columns, in order); UNION drops rows equivalent to
 * one already produced.
 */
import { valueKey } from '../values/equality.js';
import type { ExecContext, Row } from './exec-context.js';
import { PlanOp, type RowCursor } from './plan-op.js';

export class UnionOp extends PlanOp {
  constructor(
    branches: PlanOp[],
    readonly distinct: boolean,
  ) {
    super(branches);
  }

  get operator(): string {
    return this.distinct ? 'Union' : 'UnionAll';
  }

  details(): string {
    return '';
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    let b = 0;
    let cur: RowCursor | null = null;
    const seen = this.distinct ? new Set<string>() : null;
    return {
      next: () => {
        for (;;) {
          if (cur === null) {
            if (b >= this.children.length) return null;
            cur = this.children[b++]!.open(ctx, arg);
          }
          const r = cur.next();
          if (r === null) {
            cur.close();
            cur = null;
            continue;
          }
          if (seen !== null) {
            let key = '';
            for (const v of r) key += valueKey(v) + '\u0000';
            if (seen.has(key)) continue;
            seen.add(key);
          }
          return r;
        }
      },
      close: () => cur?.close(),
    };
  }
}
