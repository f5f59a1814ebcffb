/**
 * Plans the matching of a pattern (MATCH, OPTIONAL MATCH's inner plan,
 * MERGE's match, pattern predicates and comprehensions) on top of an input
 * plan, greedily:
 *
 *   1. Nodes and relationships of every comma-separated part are collected;
 *      a variable written twice is one node. Inline property maps and the
 *      WHERE conjuncts become filters.
 *   2. While something is unmatched: if a relationship has a bound end,
 *      expand the cheapest one (both ends bound first: ExpandInto, which is
 *      how cycles and two anchored ends are joined); otherwise anchor the
 *      cheapest unbound node: id seek (1 row) < property index equality
 *      (count / 10) < property index range (count * 0.3) < label scan
 *      (count) < all nodes. A disconnected pattern becomes a Cartesian
 *      product (each scan runs once per input row).
 *   3. Each filter is applied as soon as every variable it reads is bound;
 *      the seek's own predicate stays as a filter (an index is an access
 *      path, never the last word on Cypher equality).
 *   4. Named paths are built last.
 */
import type { Expr, PatternDirection, PatternPart } from '../cypher/ast.js';
import { PROPERTIES_MATCH, compileExpr, type CompileEnv, type Eval, type SubqueryPlanner } from '../exec/expression-compiler.js';
import { ExpandOp, VarExpandOp } from '../exec/expand-ops.js';
import { buildPath } from '../exec/expression-compiler.js';
import type { PlanOp } from '../exec/plan-op.js';
import { FilterOp, ProjectionOp } from '../exec/row-ops.js';
import { NodeScanOp, type NodeSource } from '../exec/scan-ops.js';
import { collectVars, conjuncts } from './expr-utils.js';
import type { PlanStatistics } from './plan-statistics.js';
import type { Scope } from './scope.js';
import { RelRef, type Value } from '../values/value.js';

interface PNode {
  name: string;
  labels: string[];
  bound: boolean;
}

interface PRel {
  name: string;
  left: PNode;
  right: PNode;
  direction: PatternDirection;
  types: string[];
  props: Expr | null;
  length: { min: number; max: number } | null;
  /** Bound before this pattern (a relationship variable reused). */
  preBound: boolean;
  done: boolean;
}

interface PendingFilter {
  expr: Expr;
  vars: Set<string>;
  done: boolean;
}

const ZERO_SPAN = { start: 0, end: 0 };

function variable(name: string): Expr {
  return { kind: 'variable', name, span: ZERO_SPAN };
}

/** Text of a filter for plans. */
function exprText(e: Expr): string {
  switch (e.kind) {
    case 'variable':
      return e.name.trim();
    case 'literal':
      return typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'parameter':
      return `$${e.name}`;
    case 'property':
      return `${exprText(e.object)}.${e.key}`;
    case 'comparison':
      return e.operands.map(exprText).reduce((acc, x, i) => (i === 0 ? x : `${acc} ${e.ops[i - 1]} ${x}`), '');
    case 'label-check':
      return `${exprText(e.operand)}:${e.labels.join(':')}`;
    case 'binary':
      return `${exprText(e.left)} ${e.op.toUpperCase().replace('-', ' ')} ${exprText(e.right)}`;
    case 'call':
      return `${e.name}(${e.args.map(exprText).join(', ')})`;
    default:
      return e.kind;
  }
}

/** Whether two values are lists of the same relationships in the same order. */
function sameRels(a: Value, b: Value): boolean {
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (!(x instanceof RelRef) || !(y instanceof RelRef) || x.id !== y.id) return false;
  }
  return true;
}

export interface PatternPlanResult {
  op: PlanOp;
  scope: Scope;
  /** Slots bound by this pattern (for OPTIONAL MATCH's nulls). */
  newSlots: number[];
}

let anonCounter = 0;

/** A fresh internal variable name (leading space: never visible to RETURN *). */
export function anonName(kind: string): string {
  return ` ${kind}${anonCounter++}`;
}

export class PatternPlanner {
  constructor(
    readonly stats: PlanStatistics,
    readonly subqueries: SubqueryPlanner,
  ) {}

  plan(input: PlanOp, parts: readonly PatternPart[], where: Expr | null, outer: Scope): PatternPlanResult {
    const scope = outer.child();
    const nodes = new Map<string, PNode>();
    const rels: PRel[] = [];
    const filters: PendingFilter[] = [];
    const newSlots: number[] = [];
    const patternNames = new Set<string>();
    const env: CompileEnv = { scope, planner: this.subqueries };

    const addFilter = (expr: Expr): void => {
      filters.push({ expr, vars: collectVars(expr, new Set()), done: false });
    };
    const nodeOf = (np: PatternPart['element']['nodes'][number]): PNode => {
      const name = np.variable ?? anonName('n');
      let n = nodes.get(name);
      if (n === undefined) {
        const bound = scope.has(name);
        n = { name, labels: [], bound };
        nodes.set(name, n);
        patternNames.add(name);
        if (!bound) newSlots.push(scope.bind(name, 'node'));
      }
      for (const l of np.labels) if (!n.labels.includes(l)) n.labels.push(l);
      if (np.properties !== null) this.#propertyFilters(name, np.properties, addFilter);
      return n;
    };

    const paths: Array<{ name: string; parts: string[] }> = [];
    for (const part of parts) {
      const el = part.element;
      const names: string[] = [];
      let left = nodeOf(el.nodes[0]!);
      names.push(left.name);
      for (let i = 0; i < el.rels.length; i++) {
        const rp = el.rels[i]!;
        const right = nodeOf(el.nodes[i + 1]!);
        const name = rp.variable ?? anonName('r');
        const preBound = scope.has(name);
        patternNames.add(name);
        const length = rp.length === null ? null : { min: rp.length.min ?? 1, max: rp.length.max ?? Infinity };
        if (!preBound) newSlots.push(scope.bind(name, length === null ? 'relationship' : 'relationship-list'));
        const rel: PRel = { name, left, right, direction: rp.direction, types: rp.types, props: rp.properties, length, preBound, done: false };
        if (rp.properties !== null && length === null) this.#propertyFilters(name, rp.properties, addFilter);
        rels.push(rel);
        names.push(name, right.name);
        left = right;
      }
      if (part.variable !== null) {
        paths.push({ name: part.variable, parts: names });
        patternNames.add(part.variable);
      }
    }
    for (const c of conjuncts(where)) addFilter(c);

    const boundNow = new Set<string>([...scope.vars.keys()].filter((n) => !patternNames.has(n) || nodes.get(n)?.bound === true || rels.some((r) => r.name === n && r.preBound)));
    let op = input;
    let estimate = 1;
    const knownVar = (v: string): boolean => patternNames.has(v) || scope.has(v);
    const applyFilters = (): void => {
      for (const f of filters) {
        if (f.done) continue;
        let ready = true;
        for (const v of f.vars) {
          if (paths.some((p) => p.name === v)) {
            ready = false;
            break;
          }
          if (knownVar(v) && !boundNow.has(v)) {
            ready = false;
            break;
          }
        }
        if (!ready) continue;
        f.done = true;
        op = new FilterOp(op, compileExpr(f.expr, env), exprText(f.expr));
        estimate = Math.max(1, estimate * 0.5);
        op.estimatedRows = estimate;
      }
    };
    const labelFilter = (n: PNode, skip: string | null): void => {
      const labels = n.labels.filter((l) => l !== skip);
      if (labels.length === 0) return;
      const e: Expr = { kind: 'label-check', operand: variable(n.name), labels, span: ZERO_SPAN };
      op = new FilterOp(op, compileExpr(e, env), exprText(e));
      op.estimatedRows = estimate;
    };
    // Labels of nodes bound before the pattern are checked up front.
    for (const n of nodes.values()) if (n.bound) labelFilter(n, null);
    applyFilters();

    for (;;) {
      // 1. Expand a relationship with a bound end.
      let best: { rel: PRel; fromLeft: boolean; cost: number } | null = null;
      for (const r of rels) {
        if (r.done) continue;
        const lb = boundNow.has(r.left.name);
        const rb = boundNow.has(r.right.name);
        if (!lb && !rb) continue;
        const fanout = this.#fanout(r);
        const cost = lb && rb ? 0 : fanout;
        const fromLeft = lb;
        if (best === null || cost < best.cost) best = { rel: r, fromLeft, cost };
      }
      // Two anchored ends: when the far end of the best expansion is cheaper to seek
      // (an id or a selective index) than the expansion's fan-out, seek it and join with ExpandInto.
      if (best !== null && best.cost > 0) {
        const far = best.fromLeft ? best.rel.right : best.rel.left;
        if (!boundNow.has(far.name)) {
          const access = this.#bestAccess(far, filters, boundNow, knownVar, env);
          if (access.source.kind !== 'all' && access.source.kind !== 'label' && access.cost < best.cost) {
            op = new NodeScanOp(op, scope.get(far.name)!.slot, far.name.trim(), access.source);
            estimate = estimate * Math.max(1, access.cost);
            op.estimatedRows = estimate;
            boundNow.add(far.name);
            labelFilter(far, access.label);
            applyFilters();
            continue;
          }
        }
      }
      if (best !== null) {
        const r = best.rel;
        r.done = true;
        const from = best.fromLeft ? r.left : r.right;
        const to = best.fromLeft ? r.right : r.left;
        const into = boundNow.has(to.name);
        const dir = best.fromLeft ? r.direction : r.direction === 'out' ? 'in' : r.direction === 'in' ? 'out' : 'both';
        const distinctFrom = rels.filter((x) => x !== r && ((x.done && boundNow.has(x.name)) || x.preBound)).map((x) => scope.get(x.name)!.slot);
        const names = { from: from.name.trim() || '', rel: r.name.trim(), to: to.name.trim() };
        const fromSlot = scope.get(from.name)!.slot;
        const relSlot = scope.get(r.name)!.slot;
        const toSlot = scope.get(to.name)!.slot;
        if (r.length === null) {
          op = new ExpandOp(op, fromSlot, relSlot, toSlot, dir, r.types, into, r.preBound ? [] : distinctFrom, r.preBound, names);
        } else {
          const relProps: Eval | null = r.props === null ? null : compileExpr(r.props, env);
          // A relationship list bound before the pattern: expand into a scratch slot, then keep the trail equal to the list.
          const trailSlot = r.preBound ? scope.slots.take() : relSlot;
          op = new VarExpandOp(op, fromSlot, trailSlot, toSlot, dir, r.types, r.length.min, r.length.max, into, distinctFrom.filter((s) => s !== relSlot), relProps, !best.fromLeft, names);
          if (r.preBound) {
            op = new FilterOp(op, (row) => sameRels(row[trailSlot] ?? null, row[relSlot] ?? null), `${names.rel} = bound list`);
          }
        }
        estimate = into ? Math.max(1, estimate * 0.5) : estimate * Math.max(1, this.#fanout(r));
        op.estimatedRows = estimate;
        boundNow.add(r.name);
        if (!into) {
          boundNow.add(to.name);
          labelFilter(to, null);
        }
        applyFilters();
        continue;
      }
      // 2. Anchor the cheapest unbound node.
      let anchor: { node: PNode; source: NodeSource; cost: number; label: string | null; filter: PendingFilter | null } | null = null;
      for (const n of nodes.values()) {
        if (boundNow.has(n.name)) continue;
        const c = this.#bestAccess(n, filters, boundNow, knownVar, env);
        if (anchor === null || c.cost < anchor.cost) anchor = { node: n, ...c };
      }
      if (anchor === null) {
        // Only relationships bound before the pattern with both ends unbound remain, or nothing.
        const r = rels.find((x) => !x.done);
        if (r === undefined) break;
        const n = r.left;
        op = new NodeScanOp(op, scope.get(n.name)!.slot, n.name.trim(), { kind: 'all' });
        boundNow.add(n.name);
        labelFilter(n, null);
        applyFilters();
        continue;
      }
      const slot = scope.get(anchor.node.name)!.slot;
      op = new NodeScanOp(op, slot, anchor.node.name.trim(), anchor.source);
      estimate = estimate * Math.max(1, anchor.cost);
      op.estimatedRows = estimate;
      boundNow.add(anchor.node.name);
      labelFilter(anchor.node, anchor.label);
      applyFilters();
    }
    // Named paths.
    for (const p of paths) {
      const slots = p.parts.map((n) => scope.get(n)!.slot);
      const slot = scope.bind(p.name, 'path');
      newSlots.push(slot);
      op = new ProjectionOp(op, [{ slot, eval: (row) => buildPath(slots.map((s) => row[s] ?? null)), name: p.name }]);
      op.estimatedRows = estimate;
      boundNow.add(p.name);
    }
    applyFilters();
    for (const f of filters) {
      if (!f.done) {
        f.done = true;
        op = new FilterOp(op, compileExpr(f.expr, env), exprText(f.expr));
      }
    }
    return { op, scope, newSlots };
  }

  /** `{k: v}` of a node or relationship as `name.k = v` filters (a parameter map: one filter over its keys). */
  #propertyFilters(name: string, props: Expr, add: (e: Expr) => void): void {
    if (props.kind === 'map') {
      for (const entry of props.entries) {
        add({
          kind: 'comparison',
          ops: ['='],
          operands: [{ kind: 'property', object: variable(name), key: entry.key, span: entry.value.span }, entry.value],
          span: props.span,
        });
      }
      return;
    }
    // A parameter or other map-valued expression: every entry must be equal.
    add({
      kind: 'call',
      name: PROPERTIES_MATCH,
      distinct: false,
      args: [variable(name), props],
      span: props.span,
    });
  }

  #fanout(r: PRel): number {
    const nodes = Math.max(1, this.stats.nodeCount);
    const edges = r.types.length === 0 ? this.stats.edgeCount : r.types.reduce((s, t) => s + this.stats.typeCount(t), 0);
    const perHop = Math.max(1, edges / nodes) * (r.direction === 'both' ? 2 : 1);
    if (r.length === null) return perHop;
    const hops = Math.min(r.length.max, Math.max(r.length.min, 3));
    return Math.pow(perHop, hops);
  }

  #bestAccess(n: PNode, filters: PendingFilter[], boundNow: Set<string>, knownVar: (v: string) => boolean, env: CompileEnv): { source: NodeSource; cost: number; label: string | null; filter: PendingFilter | null } {
    const ready = (e: Expr): boolean => {
      for (const v of collectVars(e, new Set())) if (knownVar(v) && !boundNow.has(v)) return false;
      return true;
    };
    const isVar = (e: Expr): boolean => e.kind === 'variable' && e.name === n.name;
    let best: { source: NodeSource; cost: number; label: string | null; filter: PendingFilter | null } = { source: { kind: 'all' }, cost: Math.max(1, this.stats.nodeCount) * 1.1, label: null, filter: null };
    for (const l of n.labels) {
      const c = this.stats.labelCount(l);
      if (c < best.cost) best = { source: { kind: 'label', label: l }, cost: c, label: l, filter: null };
    }
    for (const f of filters) {
      if (f.done) continue;
      const e = f.expr;
      // id(n) = x, id(n) IN list
      if (e.kind === 'comparison' && e.ops.length === 1 && e.ops[0] === '=') {
        const [a, b] = e.operands as [Expr, Expr];
        for (const [x, y] of [
          [a, b],
          [b, a],
        ] as const) {
          if (x.kind === 'call' && x.name.toLowerCase() === 'id' && x.args.length === 1 && isVar(x.args[0]!) && ready(y) && !collectVars(y, new Set()).has(n.name)) {
            if (1 < best.cost) best = { source: { kind: 'id', ids: compileExpr(y, env) }, cost: 1, label: null, filter: f };
          }
          if (x.kind === 'property' && isVar(x.object) && ready(y) && !collectVars(y, new Set()).has(n.name)) {
            for (const l of n.labels) {
              if (!this.stats.hasIndex(l, x.key)) continue;
              const c = Math.max(1, this.stats.labelCount(l) / 10);
              if (c < best.cost) best = { source: { kind: 'index-eq', label: l, property: x.key, value: compileExpr(y, env) }, cost: c, label: l, filter: f };
            }
          }
        }
      }
      if (e.kind === 'binary' && e.op === 'in' && e.left.kind === 'call' && e.left.name.toLowerCase() === 'id' && e.left.args.length === 1 && isVar(e.left.args[0]!) && ready(e.right)) {
        if (2 < best.cost) best = { source: { kind: 'id', ids: compileExpr(e.right, env) }, cost: 2, label: null, filter: f };
      }
      if (e.kind === 'comparison' && e.ops.length === 1 && e.ops[0] !== '=' && e.ops[0] !== '<>') {
        const [a, b] = e.operands as [Expr, Expr];
        const op = e.ops[0]!;
        const flip = (o: string): string => (o === '<' ? '>' : o === '>' ? '<' : o === '<=' ? '>=' : '<=');
        for (const [x, y, o] of [
          [a, b, op],
          [b, a, flip(op)],
        ] as const) {
          if (x.kind !== 'property' || !isVar(x.object) || !ready(y) || collectVars(y, new Set()).has(n.name)) continue;
          for (const l of n.labels) {
            if (!this.stats.hasIndex(l, x.key)) continue;
            const c = Math.max(1, this.stats.labelCount(l) * 0.3);
            if (c >= best.cost) continue;
            const v = compileExpr(y, env);
            const lower = o === '>' || o === '>=';
            const source: NodeSource = lower
              ? { kind: 'index-range', label: l, property: x.key, low: v, lowInclusive: o === '>=', high: null, highInclusive: false }
              : { kind: 'index-range', label: l, property: x.key, low: null, lowInclusive: false, high: v, highInclusive: o === '<=' };
            best = { source, cost: c, label: l, filter: f };
          }
        }
      }
    }
    return best;
  }
}
