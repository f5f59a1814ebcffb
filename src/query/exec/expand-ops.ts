/**
 * Expansion over the adjacency trees: from a bound node along relationships
 * of the given types and direction (types and direction are the key range
 * of the scan), binding the relationship and the node at the other end —
 * or, when that node is bound already (a cycle, two anchored ends), only
 * checking that it is the one reached (ExpandInto).
 *
 * Relationship uniqueness (openCypher's "relationship isomorphism"): within
 * one MATCH no relationship is bound twice; `distinctFrom` lists the slots
 * of the relationships bound earlier in the same MATCH (a single RelRef or
 * a variable-length list).
 *
 * A self-loop seen from its node in direction `both` is one match, not two.
 */
import { cypherEquals } from '../values/equality.js';
import { NodeRef, RelRef, isMap, type CypherMap, type Value } from '../values/value.js';
import type { ExecContext, Row } from './exec-context.js';
import type { Eval } from './expression-compiler.js';
import { PlanOp, UnaryOp, type RowCursor } from './plan-op.js';

export type ExpandDirection = 'out' | 'in' | 'both';

/** Resolves relationship type names to the ids this view knows (an empty result means: no type matches). */
function typeIdsOf(ctx: ExecContext, types: readonly string[]): number[] | undefined {
  if (types.length === 0) return undefined;
  const ids: number[] = [];
  for (const t of types) {
    const id = ctx.graph.idOf(t);
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return ids.sort((a, b) => a - b);
}

/** Appends the relationships of `node` (as RelRefs) matching direction and types to `out`. */
function adjacent(ctx: ExecContext, node: number, dir: ExpandDirection, typeIds: number[] | undefined, out: RelRef[]): void {
  const reader = ctx.graph.reader;
  if (typeIds !== undefined && typeIds.length === 0) return;
  if (dir !== 'in') {
    const visitOut = (other: number, edge: number, type: number): boolean => {
      out.push(new RelRef(edge, node, other, type));
      return true;
    };
    if (typeIds === undefined) reader.forEachAdjacent(node, 'out', undefined, visitOut);
    else for (const t of typeIds) reader.forEachAdjacent(node, 'out', t, visitOut);
  }
  if (dir !== 'out') {
    const both = dir === 'both';
    const visitIn = (other: number, edge: number, type: number): boolean => {
      if (!(both && other === node)) out.push(new RelRef(edge, other, node, type));
      return true;
    };
    if (typeIds === undefined) reader.forEachAdjacent(node, 'in', undefined, visitIn);
    else for (const t of typeIds) reader.forEachAdjacent(node, 'in', t, visitIn);
  }
}

/** Appends the relationships of the given types between `node` and `other` (both bound), as `adjacent` would list them. */
function adjacentTo(ctx: ExecContext, node: number, other: number, dir: ExpandDirection, typeIds: number[], out: RelRef[]): void {
  const reader = ctx.graph.reader;
  for (const t of typeIds) {
    if (dir !== 'in') reader.forEachAdjacentTo(node, 'out', t, other, (o, edge, type) => (out.push(new RelRef(edge, node, o, type)), true));
    // A self-loop seen from its node in direction both is one match (the out entry).
    if (dir !== 'out' && !(dir === 'both' && other === node)) reader.forEachAdjacentTo(node, 'in', t, other, (o, edge, type) => (out.push(new RelRef(edge, o, node, type)), true));
  }
}

/** Whether `rel` is already bound in one of the slots (a RelRef or a list of them). */
function usedIn(row: Row, slots: readonly number[], rel: RelRef): boolean {
  for (const s of slots) {
    const v = row[s];
    if (v instanceof RelRef) {
      if (v.id === rel.id) return true;
    } else if (Array.isArray(v)) {
      for (const x of v) if (x instanceof RelRef && x.id === rel.id) return true;
    }
  }
  return false;
}

/** Whether the relationship has every property of `props` with an equal value. */
function relMatches(ctx: ExecContext, rel: RelRef, props: CypherMap): boolean {
  for (const k of Object.keys(props)) {
    if (cypherEquals(ctx.graph.relProperty(rel, k), props[k]!) !== true) return false;
  }
  return true;
}

/** One hop: for each input row and each matching relationship of the node in `fromSlot`. */
export class ExpandOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly fromSlot: number,
    readonly relSlot: number,
    readonly toSlot: number,
    readonly direction: ExpandDirection,
    readonly types: readonly string[],
    /** The node at the other end is bound already: only check it. */
    readonly into: boolean,
    readonly distinctFrom: readonly number[],
    /** The relationship variable is bound already (a later MATCH of it): only that relationship matches. */
    readonly relBound: boolean,
    readonly names: { from: string; rel: string; to: string },
  ) {
    super(input);
  }

  get operator(): string {
    return this.into ? 'ExpandInto' : 'Expand';
  }

  details(): string {
    const t = this.types.length === 0 ? '' : `:${this.types.join('|')}`;
    const [l, r] = this.direction === 'out' ? ['-', '->'] : this.direction === 'in' ? ['<-', '-'] : ['-', '-'];
    return `(${this.names.from})${l}[${this.names.rel}${t}]${r}(${this.names.to})`;
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    const rels: RelRef[] = [];
    let i = 0;
    let row: Row | null = null;
    const { fromSlot, relSlot, toSlot, direction, into, distinctFrom, relBound } = this;
    return {
      next: () => {
        for (;;) {
          while (i < rels.length) {
            const rel = rels[i++]!;
            const r = row!;
            const from = (r[fromSlot] as NodeRef).id;
            const otherId = rel.src === from && (direction !== 'in' || rel.dst !== from) ? rel.dst : rel.src;
            if (into) {
              const to = r[toSlot];
              if (!(to instanceof NodeRef) || to.id !== otherId) continue;
            }
            if (relBound) {
              const b = r[relSlot];
              if (!(b instanceof RelRef) || b.id !== rel.id) continue;
            } else if (distinctFrom.length > 0 && usedIn(r, distinctFrom, rel)) continue;
            ctx.checkCancelled();
            const out = r.slice();
            out[relSlot] = rel;
            if (!into) out[toSlot] = new NodeRef(otherId);
            return out;
          }
          row = input.next();
          if (row === null) return null;
          rels.length = 0;
          i = 0;
          const from = row[fromSlot];
          if (!(from instanceof NodeRef)) continue;
          const typeIds = typeIdsOf(ctx, this.types);
          if (into) {
            const to = row[toSlot];
            if (!(to instanceof NodeRef)) continue;
            // Both ends bound and the types known: seek the edges between the two nodes.
            if (typeIds !== undefined) {
              adjacentTo(ctx, from.id, to.id, direction, typeIds, rels);
              continue;
            }
          }
          adjacent(ctx, from.id, direction, typeIds, rels);
        }
      },
      close: () => input.close(),
    };
  }
}

interface Frame {
  node: number;
  rels: RelRef[];
  i: number;
}

/**
 * Variable length: for each input row, every trail (no relationship twice)
 * of `minHops..maxHops` relationships from the node in `fromSlot`, binding
 * the list of relationships (in pattern order: reversed when the planner
 * expands from the pattern's right end) and the node reached.
 */
export class VarExpandOp extends UnaryOp {
  constructor(
    input: PlanOp,
    readonly fromSlot: number,
    readonly relsSlot: number,
    readonly toSlot: number,
    readonly direction: ExpandDirection,
    readonly types: readonly string[],
    readonly minHops: number,
    readonly maxHops: number,
    readonly into: boolean,
    readonly distinctFrom: readonly number[],
    /** Properties every relationship of the trail must have (a map expression), or null. */
    readonly relProps: Eval | null,
    /** The planner expands right to left: store the list reversed, in pattern order. */
    readonly reversed: boolean,
    readonly names: { from: string; rel: string; to: string },
  ) {
    super(input);
  }

  get operator(): string {
    return this.into ? 'VarLengthExpandInto' : 'VarLengthExpand';
  }

  details(): string {
    const t = this.types.length === 0 ? '' : `:${this.types.join('|')}`;
    const max = Number.isFinite(this.maxHops) ? String(this.maxHops) : '';
    const [l, r] = this.direction === 'out' ? ['-', '->'] : this.direction === 'in' ? ['<-', '-'] : ['-', '-'];
    return `(${this.names.from})${l}[${this.names.rel}${t}*${this.minHops}..${max}]${r}(${this.names.to})`;
  }

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    const { fromSlot, relsSlot, toSlot, direction, minHops, maxHops, into, distinctFrom, reversed } = this;
    let row: Row | null = null;
    let typeIds: number[] | undefined;
    let props: CypherMap | null = null;
    const stack: Frame[] = [];
    const trail: RelRef[] = [];
    const used = new Set<number>();
    let emitStart = false;

    const emit = (r: Row, node: number): Row | null => {
      if (into) {
        const to = r[toSlot];
        if (!(to instanceof NodeRef) || to.id !== node) return null;
      }
      const out = r.slice();
      const list: Value[] = reversed ? trail.slice().reverse() : trail.slice();
      out[relsSlot] = list;
      if (!into) out[toSlot] = new NodeRef(node);
      return out;
    };

    const push = (node: number): void => {
      const rels: RelRef[] = [];
      if (trail.length < maxHops) adjacent(ctx, node, direction, typeIds, rels);
      stack.push({ node, rels, i: 0 });
    };

    return {
      next: () => {
        for (;;) {
          if (emitStart) {
            emitStart = false;
            const out = emit(row!, stack[0]!.node);
            if (out !== null) return out;
          }
          while (stack.length > 0) {
            const top = stack[stack.length - 1]!;
            if (top.i >= top.rels.length) {
              stack.pop();
              const last = trail.pop();
              if (last !== undefined) used.delete(last.id);
              continue;
            }
            const rel = top.rels[top.i++]!;
            if (used.has(rel.id) || usedIn(row!, distinctFrom, rel)) continue;
            if (props !== null && !relMatches(ctx, rel, props)) continue;
            const other = rel.src === top.node && (direction !== 'in' || rel.dst !== top.node) ? rel.dst : rel.src;
            trail.push(rel);
            used.add(rel.id);
            push(other);
            ctx.checkCancelled();
            if (trail.length >= minHops) {
              const out = emit(row!, other);
              if (out !== null) return out;
            }
          }
          row = input.next();
          if (row === null) return null;
          const from = row[fromSlot];
          if (!(from instanceof NodeRef)) continue;
          typeIds = typeIdsOf(ctx, this.types);
          if (this.relProps !== null) {
            const p = this.relProps(row, ctx);
            props = isMap(p) ? p : null;
          }
          trail.length = 0;
          used.clear();
          push(from.id);
          emitStart = minHops === 0;
        }
      },
      close: () => input.close(),
    };
  }
}
