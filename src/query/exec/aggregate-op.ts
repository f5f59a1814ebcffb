/**
 * Grouping and aggregation (WITH / RETURN with aggregate functions): rows
 * are grouped by the values of the grouping keys (equivalence of
 * `valueKey`: 1 and 1.0 group together, null with null), each group feeds
 * one aggregator per aggregate expression (after DISTINCT filtering of the
 * first argument when asked), and one row per group comes out: the group's
 * first input row with the key and aggregate slots filled (so expressions
 * over the keys, like `n.name` for a grouped `n`, still evaluate). With no
 * grouping key, an empty input still gives one row (count 0, collect []).
 */
import type { AggregateFunction, Aggregator } from '../functions/function-types.js';
import { valueKey } from '../values/equality.js';
import { NodeRef, type Value } from '../values/value.js';
import type { ExecContext, Row } from './exec-context.js';
import type { Eval } from './expression-compiler.js';
import { UnaryOp, type PlanOp, type RowCursor } from './plan-op.js';

export interface GroupKeyPlan {
  slot: number;
  eval: Eval;
}

export interface AggregatePlan {
  slot: number;
  /** The function, or null for count(*). */
  fn: AggregateFunction | null;
  args: Eval[];
  distinct: boolean;
  text: string;
}

/** The values a DISTINCT aggregate has seen: nodes by id (the common case, no key string), the rest by `valueKey`. */
class SeenValues {
  readonly #nodes = new Set<number>();
  readonly #keys = new Set<string>();

  /** Adds `v`; false when an equivalent value was there already. */
  add(v: Value): boolean {
    if (v instanceof NodeRef) {
      if (this.#nodes.has(v.id)) return false;
      this.#nodes.add(v.id);
      return true;
    }
    const k = valueKey(v);
    if (this.#keys.has(k)) return false;
    this.#keys.add(k);
    return true;
  }
}

interface Group {
  row: Row;
  keys: Value[];
  aggs: Array<Aggregator | number>;
  seen: Array<SeenValues | null>;
}

export class AggregateOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly keys: readonly GroupKeyPlan[],
    readonly aggregates: readonly AggregatePlan[],
  ) {
    super(input);
  }

  get operator(): string {
    return this.keys.length === 0 ? 'Aggregation' : 'GroupAggregation';
  }

  details(): string {
    return this.aggregates.map((a) => a.text).join(', ');
  }

  #newGroup(row: Row, keys: Value[]): Group {
    return {
      row,
      keys,
      aggs: this.aggregates.map((a) => (a.fn === null ? 0 : a.fn.create())),
      seen: this.aggregates.map((a) => (a.distinct ? new SeenValues() : null)),
    };
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    let out: Row[] | null = null;
    let i = 0;
    const keyPlans = this.keys;
    const aggPlans = this.aggregates;
    const feed = (g: Group, r: Row): void => {
      for (let a = 0; a < aggPlans.length; a++) {
        const plan = aggPlans[a]!;
        if (plan.fn === null) {
          g.aggs[a] = (g.aggs[a] as number) + 1;
          continue;
        }
        const args = new Array<Value>(plan.args.length);
        for (let i = 0; i < args.length; i++) args[i] = plan.args[i]!(r, ctx);
        const seen = g.seen[a];
        if (seen !== null && seen !== undefined && (args[0] === null || !seen.add(args[0]!))) continue;
        (g.aggs[a] as Aggregator).add(args);
      }
    };
    const run = (): Row[] => {
      const order: Group[] = [];
      if (keyPlans.length === 0) {
        // One group: no key to compute per row.
        let g: Group | null = null;
        for (let r = input.next(); r !== null; r = input.next()) {
          ctx.checkCancelled();
          if (g === null) order.push((g = this.#newGroup(r, [])));
          feed(g, r);
        }
        if (g === null) order.push(this.#newGroup(arg, []));
      } else {
        const groups = new Map<string, Group>();
        for (let r = input.next(); r !== null; r = input.next()) {
          ctx.checkCancelled();
          const keys = new Array<Value>(keyPlans.length);
          let gk = '';
          for (let k = 0; k < keys.length; k++) {
            const v = keyPlans[k]!.eval(r, ctx);
            keys[k] = v;
            gk += valueKey(v) + '\u0000';
          }
          let g = groups.get(gk);
          if (g === undefined) {
            g = this.#newGroup(r, keys);
            groups.set(gk, g);
            order.push(g);
          }
          feed(g, r);
        }
      }
      return order.map((g) => {
        const row = g.row.slice();
        for (let k = 0; k < keyPlans.length; k++) row[keyPlans[k]!.slot] = g.keys[k]!;
        for (let a = 0; a < aggPlans.length; a++) {
          const agg = g.aggs[a]!;
          row[aggPlans[a]!.slot] = typeof agg === 'number' ? agg : agg.result();
        }
        return row;
      });
    };
    return {
      next: () => {
        if (out === null) out = run();
        return i < out.length ? out[i++]! : null;
      },
      close: () => input.close(),
    };
  }
}
