/**
 * Counts answered from the counters the graph layer keeps current on every
 * write (counters.ts), without reading a node or an edge: the planner uses
 * it for `MATCH (n) RETURN count(*)`, `MATCH (n:L) RETURN count(n)`,
 * `MATCH ()-[r:T]->() RETURN count(r)` and
 * `MATCH ()-[r]->() RETURN type(r), count(*)` (Neo4j's "count store").
 * Exact, and constant time per label or type.
 */
import type { ExecContext, Row } from './exec-context.js';
import { UnaryOp, type PlanOp, type RowCursor } from './plan-op.js';

export type CountSource =
  | { kind: 'nodes'; label: string | null }
  | { kind: 'relationships'; type: string | null }
  | { kind: 'relationships-by-type' };

export class CountStoreOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly source: CountSource,
    /** Slots that receive the count. */
    readonly countSlots: readonly number[],
    /** For `relationships-by-type`: slots that receive the type name. */
    readonly typeSlots: readonly number[],
  ) {
    super(input);
  }

  get operator(): string {
    return this.source.kind === 'nodes' ? 'NodeCountFromCountStore' : 'RelationshipCountFromCountStore';
  }

  details(): string {
    const s = this.source;
    if (s.kind === 'nodes') return s.label === null ? 'all nodes' : `:${s.label}`;
    if (s.kind === 'relationships') return s.type === null ? 'all relationships' : `:${s.type}`;
    return 'by type';
  }

  #rows(ctx: ExecContext, row: Row): Row[] {
    const reader = ctx.graph.reader;
    const s = this.source;
    const one = (count: number, type: string | null): Row => {
      const out = row.slice();
      for (const c of this.countSlots) out[c] = count;
      for (const t of this.typeSlots) out[t] = type;
      return out;
    };
    if (s.kind === 'nodes') return [one(s.label === null ? reader.nodeCount() : reader.countNodesWithLabel(s.label), null)];
    if (s.kind === 'relationships') return [one(s.type === null ? reader.edgeCount() : reader.countEdgesWithType(s.type), null)];
    const out: Row[] = [];
    const idMax = reader.catalogIdMax();
    for (const [id, name] of reader.store.catalog.entries()) {
      if (id > idMax) continue;
      const n = reader.countEdgesWithType(id);
      if (n > 0) out.push(one(n, name));
    }
    return out;
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    let rows: Row[] = [];
    let i = 0;
    return {
      next: () => {
        for (;;) {
          if (i < rows.length) return rows[i++]!;
          const r = input.next();
          if (r === null) return null;
          rows = this.#rows(ctx, r);
          i = 0;
        }
      },
      close: () => input.close(),
    };
  }
}
