/**
 * Turns a statement (from Cypher text or a builder spec) into a tree of
 * physical operators, clause by clause: each clause takes the plan so far
 * and the scope (which variable lives in which slot) and returns a bigger
 * plan and the scope after it.
 *
 *   MATCH           pattern-planner.ts on top of the plan so far
 *   OPTIONAL MATCH  Optional(plan so far, pattern plan over Argument)
 *   UNWIND          Unwind
 *   WITH / RETURN   Projection or Aggregation, then Distinct, Sort or Top,
 *                   Skip, Limit (WITH ... WHERE: a Filter after all that)
 *   CREATE, MERGE, SET, REMOVE, DELETE   the write operators (eager)
 *   UNION [ALL]     Union over the branches, each reduced to its columns
 *
 * Plans are plain operator trees with compiled expressions in them; they
 * hold no per-execution state, so a statement is planned once and run
 * many times (the db layer caches them).
 */
import { CypherError } from '../../base/errors.js';
import type { Clause, Expr, MergeClause, PatternElement, PatternPart, Projection, SetItem, RemoveItem, SingleQuery, Statement } from '../cypher/ast.js';
import { aggregateFunction } from '../functions/function-table.js';
import { AggregateOp, type AggregatePlan, type GroupKeyPlan } from '../exec/aggregate-op.js';
import { compileExpr, type CompileEnv, type Eval, type SubqueryPlanner } from '../exec/expression-compiler.js';
import { DistinctOp, LimitOp, SkipOp, SortOp, type SortKey } from '../exec/order-ops.js';
import type { PlanOp } from '../exec/plan-op.js';
import { FilterOp, OptionalOp, ProduceColumnsOp, ProjectionOp, UnwindOp, type ProjectionItemPlan } from '../exec/row-ops.js';
import { ArgumentOp } from '../exec/scan-ops.js';
import { UnionOp } from '../exec/union-op.js';
import { CountStoreOp, type CountSource } from '../exec/count-store-op.js';
import { CreateOp, DeleteOp, MergeOp, SetOp, type CreatePatternSpec, type CreateNodeSpec, type CreateRelSpec, type SetAction } from '../exec/write-ops.js';
import { collectVars, findAggregates, isAggregateCall, isRowIndependent, sameExpr } from './expr-utils.js';
import { PatternPlanner, anonName } from './pattern-planner.js';
import type { PlanStatistics } from './plan-statistics.js';
import { Scope, SlotAllocator } from './scope.js';

/** A planned statement, ready to run any number of times. */
export interface CompiledStatement {
  /** Produces rows holding the result columns, in order. */
  root: PlanOp;
  columns: string[];
  /** Whether it writes (then it runs in a write transaction). */
  writes: boolean;
  explain: 'explain' | 'profile' | null;
  /** Slots a row of this plan uses: the first row is made this wide (packed, so copies stay cheap). */
  slotCount: number;
}

function compileError(detail: string, message: string): CypherError {
  return new CypherError('SyntaxError', detail, message, { phase: 'compile' });
}

const WRITE_CLAUSES = new Set(['create', 'merge', 'set', 'remove', 'delete']);

/** Whether a statement writes. */
export function statementWrites(stmt: Statement): boolean {
  return stmt.queries.some((q) => q.clauses.some((c) => WRITE_CLAUSES.has(c.kind)));
}

export function planStatement(stmt: Statement, stats: PlanStatistics): CompiledStatement {
  const planner = new Planner(stats);
  const branches = stmt.queries.map((q) => planner.planQuery(q));
  const slotCount = Math.max(...branches.map((b) => b.slotCount));
  const columns = branches[0]!.columns;
  for (const b of branches) {
    if (b.columns.length !== columns.length || b.columns.some((c, i) => c !== columns[i])) {
      throw compileError('DifferentColumnsInUnion', `all queries of a UNION must return the same columns (${columns.join(', ')} vs ${b.columns.join(', ')})`);
    }
  }
  let root: PlanOp;
  if (branches.length === 1) root = branches[0]!.op;
  else {
    const allAll = stmt.unionAll.every((x) => x);
    const allDistinct = stmt.unionAll.every((x) => !x);
    if (!allAll && !allDistinct) throw compileError('InvalidClauseComposition', 'UNION and UNION ALL cannot be mixed');
    root = new UnionOp(
      branches.map((b) => b.op),
      allDistinct,
    );
  }
  return { root, columns, writes: statementWrites(stmt), explain: stmt.explain, slotCount };
}

interface QueryPlan {
  op: PlanOp;
  columns: string[];
  slotCount: number;
}

class Planner implements SubqueryPlanner {
  readonly patterns: PatternPlanner;

  constructor(readonly stats: PlanStatistics) {
    this.patterns = new PatternPlanner(stats, this);
  }

  planQuery(q: SingleQuery): QueryPlan {
    const scope = new Scope(new SlotAllocator());
    const r = this.planClauses(q.clauses, new ArgumentOp(), scope);
    return { op: r.op, columns: r.columns ?? [], slotCount: scope.slots.count };
  }

  /** Plans clauses on top of `op`; a RETURN ends them with the result columns. */
  planClauses(clauses: readonly Clause[], start: PlanOp, startScope: Scope): { op: PlanOp; scope: Scope; columns: string[] | null } {
    let op = start;
    let scope = startScope;
    let writes = false;
    for (let ci = 0; ci < clauses.length; ci++) {
      const clause = clauses[ci]!;
      const env = (): CompileEnv => ({ scope, planner: this });
      // A whole-graph count right after the start: answered from the counters.
      if (ci === 0 && start instanceof ArgumentOp && scope.vars.size === 0 && clauses.length > 1) {
        const counted = this.tryCountStore(clause, clauses[1]!, op, scope);
        if (counted !== null) {
          ci++;
          op = counted.op;
          scope = counted.scope;
          if (clauses[1]!.kind === 'return') return { op: new ProduceColumnsOp(op, counted.slots, counted.columns), scope, columns: counted.columns };
          continue;
        }
      }
      switch (clause.kind) {
        case 'match': {
          if (clause.optional) {
            const inner = this.patterns.plan(new ArgumentOp(), clause.pattern, clause.where, scope);
            op = new OptionalOp(op, inner.op, inner.newSlots);
            op.estimatedRows = inner.op.estimatedRows;
            scope = inner.scope;
          } else {
            const r = this.patterns.plan(op, clause.pattern, clause.where, scope);
            op = r.op;
            scope = r.scope;
          }
          break;
        }
        case 'unwind': {
          const list = compileExpr(clause.expr, env());
          const next = scope.child();
          const slot = next.bind(clause.variable, 'value');
          op = new UnwindOp(op, list, slot, clause.variable);
          op.estimatedRows = op.children[0]!.estimatedRows * 10;
          scope = next;
          break;
        }
        case 'with': {
          const r = this.planProjection(op, clause.projection, scope, writes, false);
          op = r.op;
          scope = r.scope;
          if (clause.where !== null) {
            op = new FilterOp(op, compileExpr(clause.where, { scope: r.whereScope, planner: this, projected: r.projected }), 'WHERE');
          }
          break;
        }
        case 'return': {
          const r = this.planProjection(op, clause.projection, scope, writes, true);
          const produce = new ProduceColumnsOp(r.op, r.slots, r.columns);
          produce.estimatedRows = r.op.estimatedRows;
          return { op: produce, scope: r.scope, columns: r.columns };
        }
        case 'create': {
          const next = scope.child();
          const spec = this.createSpec(clause.pattern, next);
          op = new CreateOp(op, spec);
          scope = next;
          writes = true;
          break;
        }
        case 'merge': {
          const r = this.planMerge(op, clause, scope);
          op = r.op;
          scope = r.scope;
          writes = true;
          break;
        }
        case 'set':
          op = new SetOp(op, clause.items.map((i) => this.setAction(i, scope)), false);
          writes = true;
          break;
        case 'remove':
          op = new SetOp(op, clause.items.map((i) => this.removeAction(i, scope)), true);
          writes = true;
          break;
        case 'delete':
          op = new DeleteOp(
            op,
            clause.exprs.map((e) => compileExpr(e, env())),
            clause.detach,
          );
          writes = true;
          break;
      }
    }
    // No RETURN: an updating query produces no rows (its writes still run to the end).
    return { op: new ProduceColumnsOp(op, [], [], true), scope, columns: null };
  }

  // ---------------------------------------------------------------- counts from the count store

  /** `MATCH <one node or one relationship> RETURN|WITH <counts, type(r)>` answered by CountStoreOp, or null. */
  tryCountStore(match: Clause, next: Clause, input: PlanOp, scope: Scope): { op: PlanOp; scope: Scope; columns: string[]; slots: number[] } | null {
    if (match.kind !== 'match' || match.optional || match.where !== null || match.pattern.length !== 1) return null;
    if (next.kind !== 'return' && !(next.kind === 'with' && next.where === null)) return null;
    const p = next.projection;
    if (p.distinct || p.star || p.orderBy.length > 0 || p.skip !== null || p.limit !== null || p.items.length === 0) return null;
    const part = match.pattern[0]!;
    if (part.variable !== null) return null;
    const el = part.element;
    let source: CountSource;
    let countable: string | null;
    let relVar: string | null = null;
    if (el.rels.length === 0) {
      const n = el.nodes[0]!;
      if (n.properties !== null || n.labels.length > 1) return null;
      source = { kind: 'nodes', label: n.labels[0] ?? null };
      countable = n.variable;
    } else if (el.rels.length === 1) {
      const r = el.rels[0]!;
      if (r.length !== null || r.properties !== null || r.types.length > 1 || r.direction === 'both') return null;
      for (const n of el.nodes) if (n.labels.length > 0 || n.properties !== null) return null;
      const names = el.nodes.map((n) => n.variable).filter((v): v is string => v !== null);
      if (r.variable !== null && names.includes(r.variable)) return null;
      if (names.length === 2 && names[0] === names[1]) return null;
      source = { kind: 'relationships', type: r.types[0] ?? null };
      countable = r.variable;
      relVar = r.variable;
    } else return null;
    const next2 = scope.fresh();
    const countSlots: number[] = [];
    const typeSlots: number[] = [];
    const columns: string[] = [];
    const slots: number[] = [];
    for (const it of p.items) {
      const e = it.expr;
      const name = it.alias ?? (e.kind === 'variable' ? e.name : it.text);
      if (columns.includes(name)) return null;
      const isCount = e.kind === 'count-star' || (e.kind === 'call' && e.name.toLowerCase() === 'count' && !e.distinct && e.args.length === 1 && e.args[0]!.kind === 'variable' && countable !== null && e.args[0]!.name === countable);
      const isType = relVar !== null && e.kind === 'call' && e.name.toLowerCase() === 'type' && e.args.length === 1 && e.args[0]!.kind === 'variable' && e.args[0]!.name === relVar;
      if (!isCount && !isType) return null;
      const slot = next2.bind(name, 'value');
      (isCount ? countSlots : typeSlots).push(slot);
      columns.push(name);
      slots.push(slot);
    }
    if (countSlots.length === 0) return null;
    if (typeSlots.length > 0) {
      if (source.kind !== 'relationships' || source.type !== null) return null;
      source = { kind: 'relationships-by-type' };
    }
    const op = new CountStoreOp(input, source, countSlots, typeSlots);
    op.estimatedRows = 1;
    return { op, scope: next2, columns, slots };
  }

  // ---------------------------------------------------------------- projection

  planProjection(input: PlanOp, proj: Projection, scope: Scope, writesBelow: boolean, isReturn: boolean): { op: PlanOp; scope: Scope; columns: string[]; slots: number[]; whereScope: Scope; projected: Array<{ expr: Expr; slot: number }> } {
    const items: Array<{ expr: Expr; name: string }> = [];
    if (proj.star) {
      const names = scope.names();
      if (isReturn && names.length === 0 && proj.items.length === 0) throw compileError('NoVariablesInScope', 'RETURN * has no variables in scope');
      for (const n of names) items.push({ expr: { kind: 'variable', name: n, span: proj.span }, name: n });
    }
    for (const it of proj.items) {
      const name = it.alias ?? (it.expr.kind === 'variable' ? it.expr.name : it.text);
      items.push({ expr: it.expr, name });
    }
    const seen = new Set<string>();
    for (const it of items) {
      if (seen.has(it.name)) throw compileError('ColumnNameConflict', `multiple result columns with the same name \`${it.name}\``);
      seen.add(it.name);
    }
    const aggregating = items.some((it) => findAggregates(it.expr).length > 0);
    const next = scope.fresh();
    let op = input;
    const itemSlots: number[] = [];
    const precomputed = new Map<Expr, number>();

    if (!aggregating) {
      const plans: ProjectionItemPlan[] = [];
      for (const it of items) {
        const existing = it.expr.kind === 'variable' ? scope.get(it.expr.name) : undefined;
        if (existing !== undefined) {
          next.vars.set(it.name, existing);
          itemSlots.push(existing.slot);
          precomputed.set(it.expr, existing.slot);
          continue;
        }
        const ev = compileExpr(it.expr, { scope, planner: this });
        const slot = next.bind(it.name, 'value');
        itemSlots.push(slot);
        precomputed.set(it.expr, slot);
        plans.push({ slot, eval: ev, name: it.name });
      }
      if (plans.length > 0) {
        op = new ProjectionOp(op, plans);
        op.estimatedRows = input.estimatedRows;
      }
    } else {
      const keys: GroupKeyPlan[] = [];
      const aggs: AggregatePlan[] = [];
      const aggExprs: Expr[] = [];
      const aggSlotOf = (a: Expr): number => {
        const i = aggExprs.findIndex((x) => sameExpr(x, a));
        if (i >= 0) return aggs[i]!.slot;
        const slot = scope.slots.take();
        aggs.push(this.aggregatePlan(a, scope, slot));
        aggExprs.push(a);
        return slot;
      };
      const itemPlans: Array<{ it: (typeof items)[number]; agg: boolean }> = items.map((it) => ({ it, agg: findAggregates(it.expr).length > 0 }));
      for (const { it, agg } of itemPlans) {
        if (agg) {
          for (const a of findAggregates(it.expr)) precomputed.set(a, aggSlotOf(a));
          if (isAggregateCall(it.expr)) {
            const slot = precomputed.get(it.expr)!;
            next.vars.set(it.name, { slot, kind: 'value' });
            itemSlots.push(slot);
          } else {
            itemSlots.push(-1);
          }
          continue;
        }
        const slot = scope.slots.take();
        keys.push({ slot, eval: compileExpr(it.expr, { scope, planner: this }) });
        next.vars.set(it.name, { slot, kind: 'value' });
        itemSlots.push(slot);
        precomputed.set(it.expr, slot);
      }
      // Aggregates that only ORDER BY uses.
      for (const s of proj.orderBy) for (const a of findAggregates(s.expr)) precomputed.set(a, aggSlotOf(a));
      op = new AggregateOp(op, keys, aggs);
      op.estimatedRows = keys.length === 0 ? 1 : Math.max(1, input.estimatedRows / 2);
      // Items that combine aggregates (count(*) + 1): computed after the aggregation.
      const post: ProjectionItemPlan[] = [];
      for (let i = 0; i < itemPlans.length; i++) {
        if (itemSlots[i] !== -1) continue;
        const it = itemPlans[i]!.it;
        const ev = compileExpr(it.expr, { scope, planner: this, precomputed });
        const slot = next.bind(it.name, 'value');
        itemSlots[i] = slot;
        precomputed.set(it.expr, slot);
        post.push({ slot, eval: ev, name: it.name });
      }
      if (post.length > 0) op = new ProjectionOp(op, post);
    }

    if (proj.distinct) {
      op = new DistinctOp(op, itemSlots);
      op.estimatedRows = op.children[0]!.estimatedRows;
    }
    // ORDER BY sees the projected names and, unless the projection aggregates or is DISTINCT, the names before it.
    const orderScope = aggregating || proj.distinct ? next.child() : scope.child();
    if (!(aggregating || proj.distinct)) for (const [k, v] of next.vars) orderScope.vars.set(k, v);
    const skip = proj.skip === null ? null : this.constantCount(proj.skip, 'SKIP');
    const limit = proj.limit === null ? null : this.constantCount(proj.limit, 'LIMIT');
    const projected = [...precomputed.entries()].map(([expr, slot]) => ({ expr, slot }));
    if (proj.orderBy.length > 0) {
      const keys: SortKey[] = proj.orderBy.map((s) => {
        const ev: Eval = compileExpr(s.expr, { scope: orderScope, planner: this, precomputed, projected });
        return { eval: ev, descending: s.descending, text: s.expr.kind === 'variable' ? s.expr.name : 'expression' };
      });
      op = new SortOp(op, keys, limit, skip);
      op.estimatedRows = op.children[0]!.estimatedRows;
    }
    if (skip !== null) op = new SkipOp(op, skip);
    if (limit !== null) op = new LimitOp(op, limit, writesBelow);
    return { op, scope: next, columns: items.map((i) => i.name), slots: itemSlots, whereScope: orderScope, projected };
  }

  constantCount(e: Expr, clause: 'SKIP' | 'LIMIT'): Eval {
    if (collectVars(e, new Set()).size > 0 || !isRowIndependent(e)) throw compileError('NonConstantExpression', `${clause} expects an expression that does not depend on the rows (a literal or a parameter)`);
    if (e.kind === 'literal') {
      const v = e.value;
      if (typeof v === 'number' && Number.isInteger(v) && v < 0) throw compileError('NegativeIntegerArgument', `${clause} expects a non-negative integer, got ${v}`);
      if (!(typeof v === 'number' && Number.isInteger(v)) && typeof v !== 'bigint') throw compileError('InvalidArgumentType', `${clause} expects an integer`);
    }
    return compileExpr(e, { scope: new Scope(new SlotAllocator()), planner: this });
  }

  aggregatePlan(a: Expr, scope: Scope, slot: number): AggregatePlan {
    if (a.kind === 'count-star') return { slot, fn: null, args: [], distinct: false, text: 'count(*)' };
    if (a.kind !== 'call') throw new CypherError('SyntaxError', 'InvalidAggregation', 'not an aggregate', { phase: 'compile' });
    const fn = aggregateFunction(a.name)!;
    if (a.args.length < fn.minArgs || a.args.length > fn.maxArgs) {
      throw compileError('InvalidNumberOfArguments', `${a.name}() takes ${fn.minArgs === fn.maxArgs ? fn.minArgs : `${fn.minArgs} to ${fn.maxArgs}`} arguments, got ${a.args.length}`);
    }
    for (const arg of a.args) {
      if (findAggregates(arg).length > 0) throw compileError('NestedAggregation', `an aggregate cannot contain another aggregate: ${a.name}()`);
    }
    return { slot, fn, args: a.args.map((x) => compileExpr(x, { scope, planner: this })), distinct: a.distinct, text: `${a.name}(${a.distinct ? 'DISTINCT ...' : '...'})` };
  }

  // ---------------------------------------------------------------- writes

  createSpec(parts: readonly PatternPart[], scope: Scope, merge = false): CreatePatternSpec {
    const before = new Set(scope.vars.keys());
    const nodes: CreateNodeSpec[] = [];
    const rels: CreateRelSpec[] = [];
    const paths: Array<{ slot: number; parts: number[] }> = [];
    const env: CompileEnv = { scope, planner: this };
    const nodeSlot = (np: PatternElement['nodes'][number]): number => {
      const name = np.variable ?? anonName('n');
      const bound = before.has(name);
      if (bound) {
        if (np.labels.length > 0 || np.properties !== null) {
          throw compileError('VariableAlreadyBound', `variable \`${name}\` is already bound and cannot be given labels or properties in CREATE`);
        }
        const slot = scope.get(name)!.slot;
        if (!nodes.some((n) => n.slot === slot)) nodes.push({ slot, bound: true, labels: [], props: null, variable: name });
        return slot;
      }
      const existing = scope.get(name);
      if (existing !== undefined) {
        if (np.labels.length > 0 || np.properties !== null) throw compileError('VariableAlreadyBound', `variable \`${name}\` is already declared in this pattern`);
        return existing.slot;
      }
      const props = np.properties === null ? null : compileExpr(np.properties, env);
      const slot = scope.bind(name, 'node');
      nodes.push({ slot, bound: false, labels: np.labels, props, variable: name });
      return slot;
    };
    for (const part of parts) {
      const el = part.element;
      const slots: number[] = [nodeSlot(el.nodes[0]!)];
      for (let i = 0; i < el.rels.length; i++) {
        const rp = el.rels[i]!;
        const leftSlot = slots[slots.length - 1]!;
        const rightSlot = nodeSlot(el.nodes[i + 1]!);
        if (rp.types.length !== 1) throw compileError('NoSingleRelationshipType', 'a relationship to create needs exactly one type');
        // MERGE of an undirected relationship matches either direction and creates it left to right.
        if (rp.direction === 'both' && !merge) throw compileError('RequiresDirectedRelationship', 'a relationship to create needs a direction');
        if (rp.length !== null) throw compileError('CreatingVarLength', 'a variable-length relationship cannot be created');
        const name = rp.variable ?? anonName('r');
        if (before.has(name) || scope.has(name)) throw compileError('VariableAlreadyBound', `variable \`${name}\` is already bound`);
        const props = rp.properties === null ? null : compileExpr(rp.properties, env);
        const slot = scope.bind(name, 'relationship');
        rels.push({ slot, leftSlot, rightSlot, leftward: rp.direction === 'in', type: rp.types[0]!, props });
        slots.push(slot, rightSlot);
      }
      if (part.variable !== null) paths.push({ slot: scope.bind(part.variable, 'path'), parts: slots });
    }
    return { nodes, rels, paths };
  }

  planMerge(input: PlanOp, clause: MergeClause, scope: Scope): { op: PlanOp; scope: Scope } {
    const match = this.patterns.plan(new ArgumentOp(), [clause.pattern], null, scope);
    const spec = this.createSpecInto(clause.pattern, scope, match.scope);
    const after = match.scope;
    const propertyChecks = [...clause.pattern.element.nodes.map((n) => n.properties), ...clause.pattern.element.rels.map((r) => r.properties)]
      .filter((p): p is Expr => p !== null)
      .map((p) => compileExpr(p, { scope, planner: this }));
    const onMatch = clause.onMatch.map((i) => this.setAction(i, after));
    const onCreate = clause.onCreate.map((i) => this.setAction(i, after));
    const op = new MergeOp(input, match.op, spec, onMatch, onCreate, propertyChecks);
    return { op, scope: after };
  }

  /** A CREATE spec for a MERGE pattern whose variables already have slots in `matchScope`. */
  createSpecInto(part: PatternPart, before: Scope, matchScope: Scope): CreatePatternSpec {
    // Plan it against a scratch scope, then map its slots onto the match scope's.
    const scratch = before.child();
    const spec = this.createSpec([part], scratch, true);
    const remap = new Map<number, number>();
    for (const [name, v] of scratch.vars) {
      const m = matchScope.get(name);
      if (m !== undefined && !before.has(name)) remap.set(v.slot, m.slot);
    }
    const map = (s: number): number => remap.get(s) ?? s;
    // Anonymous nodes and relationships keep their own slots on the create side (nothing after MERGE reads them).
    return {
      nodes: spec.nodes.map((n) => ({ ...n, slot: map(n.slot) })),
      rels: spec.rels.map((r) => ({ ...r, slot: map(r.slot), leftSlot: map(r.leftSlot), rightSlot: map(r.rightSlot) })),
      paths: spec.paths.map((p) => ({ slot: map(p.slot), parts: p.parts.map(map) })),
    };
  }

  setAction(item: SetItem, scope: Scope): SetAction {
    const env: CompileEnv = { scope, planner: this };
    switch (item.kind) {
      case 'set-property':
        return { kind: 'property', target: compileExpr(item.target.object, env), key: item.target.key, value: compileExpr(item.value, env) };
      case 'set-properties':
        return { kind: 'properties', target: compileExpr({ kind: 'variable', name: item.variable, span: item.span }, env), value: compileExpr(item.value, env), merge: item.merge };
      case 'set-labels':
        return { kind: 'labels', target: compileExpr({ kind: 'variable', name: item.variable, span: item.span }, env), labels: item.labels };
    }
  }

  removeAction(item: RemoveItem, scope: Scope): SetAction {
    const env: CompileEnv = { scope, planner: this };
    switch (item.kind) {
      case 'remove-property':
        return { kind: 'remove-property', target: compileExpr(item.target.object, env), key: item.target.key };
      case 'remove-labels':
        return { kind: 'remove-labels', target: compileExpr({ kind: 'variable', name: item.variable, span: item.span }, env), labels: item.labels };
    }
  }

  // ---------------------------------------------------------------- subqueries

  planExists(pattern: PatternPart[], where: Expr | null, query: SingleQuery | null, scope: Scope): PlanOp {
    if (query !== null) {
      const r = this.planClauses(query.clauses, new ArgumentOp(), scope.child());
      return r.op;
    }
    return this.patterns.plan(new ArgumentOp(), pattern, where, scope).op;
  }

  planComprehension(pattern: PatternElement, pathVariable: string | null, where: Expr | null, scope: Scope): { op: PlanOp; scope: Scope } {
    const r = this.patterns.plan(new ArgumentOp(), [{ variable: pathVariable, element: pattern, span: pattern.span }], where, scope);
    return { op: r.op, scope: r.scope };
  }
}
