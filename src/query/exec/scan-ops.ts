/**
 * Leaf and access-path operators: Argument (the row a plan is opened with),
 * and the node scans that, for each input row, bind one node variable: all
 * nodes, by label (label index), by id, by property index (equality or
 * range). Names are resolved at run time: a label a transaction has just
 * created is found, an unknown one yields nothing.
 */
import { InvalidArgError } from '../../base/errors.js';
import type { RangePredicate } from '../../graph/graph-types.js';
import { DurationValue, TemporalValue, kindIsZoned, sameInstantExtremes } from '../../graph/temporal-value.js';
import type { PropValue } from '../../graph/value-codec.js';
import { BoxedFloat, NodeRef, isNumber, type Value } from '../values/value.js';
import type { ExecContext, Row } from './exec-context.js';
import type { Eval } from './expression-compiler.js';
import { PlanOp, UnaryOp, type RowCursor } from './plan-op.js';

/** Yields the row the plan was opened with, once. */
export class ArgumentOp extends PlanOp {
  constructor() {
    super([]);
  }

  get operator(): string {
    return 'Argument';
  }

  details(): string {
    return '';
  }

  protected openCursor(_ctx: ExecContext, arg: Row): RowCursor {
    let done = false;
    return {
      next: () => {
        if (done) return null;
        done = true;
        return arg;
      },
      close: () => undefined,
    };
  }
}

/** How a node scan finds its nodes. */
export type NodeSource =
  | { kind: 'all' }
  | { kind: 'label'; label: string }
  | { kind: 'id'; ids: Eval }
  | { kind: 'index-eq'; label: string; property: string; value: Eval }
  | { kind: 'index-range'; label: string; property: string; low: Eval | null; lowInclusive: boolean; high: Eval | null; highInclusive: boolean };

/** A value an index can look up: a stored scalar (a boxed float as its number, temporals as they are). */
function indexable(v: Value): PropValue | undefined {
  if (v === null) return undefined;
  if (v instanceof BoxedFloat) return v.value;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v instanceof TemporalValue || v instanceof DurationValue) return v;
  return undefined;
}

/**
 * The index range for one side of a Cypher comparison with `v`. Zoned
 * temporals compare on the UTC timeline while the index keeps the offset
 * (equal instants at different offsets are adjacent keys), so a bound
 * widens to every offset of the instant (`sameInstantExtremes`). Durations
 * have no order in Cypher: only equality seeks them.
 */
function bound(v: PropValue, side: 'low' | 'high', inclusive: boolean): PropValue | undefined {
  if (v instanceof DurationValue) return undefined;
  if (!(v instanceof TemporalValue)) return v;
  const [first, last] = sameInstantExtremes(v);
  if (side === 'low') return inclusive ? first : last;
  return inclusive ? last : first;
}

function idsOf(v: Value): number[] {
  const list = Array.isArray(v) ? v : [v];
  const out: number[] = [];
  for (const x of list) {
    const n = typeof x === 'bigint' ? Number(x) : x instanceof BoxedFloat ? x.value : x;
    if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 1) out.push(n);
  }
  return out;
}

/**
 * A range lookup whose bounds the graph layer may refuse (bounds of two
 * different kinds, a zoned bound widened past the year range): in Cypher
 * such a comparison is never true, so nothing matches.
 */
function lookupRange(find: () => number[]): Iterator<number> {
  try {
    return find()[Symbol.iterator]();
  } catch (err) {
    if (err instanceof InvalidArgError) return [][Symbol.iterator]();
    throw err;
  }
}

/** For each input row, one output row per node found, with the node in `slot`. */
export class NodeScanOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly slot: number,
    readonly variable: string,
    readonly source: NodeSource,
  ) {
    super(input);
  }

  get operator(): string {
    switch (this.source.kind) {
      case 'all':
        return 'AllNodesScan';
      case 'label':
        return 'NodeByLabelScan';
      case 'id':
        return 'NodeByIdSeek';
      case 'index-eq':
        return 'NodeIndexSeek';
      case 'index-range':
        return 'NodeIndexSeekByRange';
    }
  }

  details(): string {
    const s = this.source;
    switch (s.kind) {
      case 'all':
        return this.variable;
      case 'label':
        return `${this.variable}:${s.label}`;
      case 'id':
        return `${this.variable} by id`;
      case 'index-eq':
        return `${this.variable}:${s.label}(${s.property}) = value`;
      case 'index-range':
        return `${this.variable}:${s.label}(${s.property}) in range`;
    }
  }

  #ids(ctx: ExecContext, row: Row): Iterator<number> {
    const s = this.source;
    const reader = ctx.graph.reader;
    switch (s.kind) {
      case 'all':
        return reader.allNodeIds();
      case 'label':
        return reader.nodesWithLabel(s.label);
      case 'id': {
        const ids = idsOf(s.ids(row, ctx)).filter((id) => ctx.graph.nodeExists(id));
        return ids[Symbol.iterator]();
      }
      case 'index-eq': {
        const v = indexable(s.value(row, ctx));
        if (v === undefined) return [][Symbol.iterator]();
        if (v instanceof TemporalValue && kindIsZoned(v.kind)) {
          const [first, last] = sameInstantExtremes(v);
          return lookupRange(() => reader.findNodesInRange(s.label, s.property, { gte: first, lte: last }));
        }
        return reader.findNodes(s.label, s.property, v)[Symbol.iterator]();
      }
      case 'index-range': {
        const low = s.low === null ? undefined : indexable(s.low(row, ctx));
        const high = s.high === null ? undefined : indexable(s.high(row, ctx));
        // A bound that is null or of another type than the other bound matches nothing; the residual filter decides the rest.
        if ((s.low !== null && low === undefined) || (s.high !== null && high === undefined)) return [][Symbol.iterator]();
        if (low !== undefined && high !== undefined && (isNumber(low as Value) !== isNumber(high as Value) || (!isNumber(low as Value) && typeof low !== typeof high))) return [][Symbol.iterator]();
        const range: RangePredicate = {};
        if (low !== undefined) {
          const b = bound(low, 'low', s.lowInclusive);
          if (b === undefined) return [][Symbol.iterator]();
          range[s.lowInclusive ? 'gte' : 'gt'] = b;
        }
        if (high !== undefined) {
          const b = bound(high, 'high', s.highInclusive);
          if (b === undefined) return [][Symbol.iterator]();
          range[s.highInclusive ? 'lte' : 'lt'] = b;
        }
        return lookupRange(() => reader.findNodesInRange(s.label, s.property, range));
      }
    }
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    const slot = this.slot;
    let row: Row | null = null;
    let ids: Iterator<number> | null = null;
    return {
      next: () => {
        for (;;) {
          if (ids !== null) {
            const n = ids.next();
            if (!n.done) {
              ctx.checkCancelled();
              const out = row!.slice();
              out[slot] = new NodeRef(n.value);
              return out;
            }
            ids = null;
          }
          row = input.next();
          if (row === null) return null;
          ids = this.#ids(ctx, row);
        }
      },
      close: () => {
        ids?.return?.();
        input.close();
      },
    };
  }
}
