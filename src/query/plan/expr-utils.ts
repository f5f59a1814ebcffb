/**
 * Questions the planner asks of AST expressions: which variables one reads
 * (free variables, comprehension locals excluded), the conjuncts of a
 * predicate, whether it contains an aggregate, and whether two expressions
 * are the same expression (ORDER BY an item written again).
 */
import type { Expr, PatternElement, PatternPart } from '../cypher/ast.js';
import { aggregateFunction } from '../functions/function-table.js';

function patternVars(p: PatternElement, out: Set<string>, bound: ReadonlySet<string>): void {
  for (const n of p.nodes) {
    if (n.variable !== null && !bound.has(n.variable)) out.add(n.variable);
    if (n.properties !== null) collectVars(n.properties, out, bound);
  }
  for (const r of p.rels) {
    if (r.variable !== null && !bound.has(r.variable)) out.add(r.variable);
    if (r.properties !== null) collectVars(r.properties, out, bound);
  }
}

function withLocal(bound: ReadonlySet<string>, ...names: Array<string | null>): Set<string> {
  const s = new Set(bound);
  for (const n of names) if (n !== null) s.add(n);
  return s;
}

/** Variables an expression reads from its row (names bound inside it excluded). */
export function collectVars(e: Expr, out: Set<string>, bound: ReadonlySet<string> = new Set()): Set<string> {
  switch (e.kind) {
    case 'literal':
    case 'parameter':
    case 'count-star':
      break;
    case 'variable':
      if (!bound.has(e.name)) out.add(e.name);
      break;
    case 'property':
      collectVars(e.object, out, bound);
      break;
    case 'index':
      collectVars(e.object, out, bound);
      collectVars(e.index, out, bound);
      break;
    case 'slice':
      collectVars(e.object, out, bound);
      if (e.from !== null) collectVars(e.from, out, bound);
      if (e.to !== null) collectVars(e.to, out, bound);
      break;
    case 'list':
      for (const x of e.items) collectVars(x, out, bound);
      break;
    case 'map':
      for (const x of e.entries) collectVars(x.value, out, bound);
      break;
    case 'unary':
    case 'is-null':
    case 'label-check':
      collectVars(e.operand, out, bound);
      break;
    case 'binary':
      collectVars(e.left, out, bound);
      collectVars(e.right, out, bound);
      break;
    case 'comparison':
      for (const x of e.operands) collectVars(x, out, bound);
      break;
    case 'call':
      for (const x of e.args) collectVars(x, out, bound);
      break;
    case 'case':
      if (e.operand !== null) collectVars(e.operand, out, bound);
      for (const w of e.whens) {
        collectVars(w.when, out, bound);
        collectVars(w.then, out, bound);
      }
      if (e.else !== null) collectVars(e.else, out, bound);
      break;
    case 'list-comprehension': {
      collectVars(e.list, out, bound);
      const inner = withLocal(bound, e.variable);
      if (e.where !== null) collectVars(e.where, out, inner);
      if (e.map !== null) collectVars(e.map, out, inner);
      break;
    }
    case 'quantifier': {
      collectVars(e.list, out, bound);
      if (e.where !== null) collectVars(e.where, out, withLocal(bound, e.variable));
      break;
    }
    case 'reduce':
      collectVars(e.init, out, bound);
      collectVars(e.list, out, bound);
      collectVars(e.expr, out, withLocal(bound, e.accumulator, e.variable));
      break;
    case 'pattern-predicate': {
      // Pattern variables not bound outside are local to the predicate; the planner resolves them against its scope.
      patternVars(e.pattern, out, bound);
      break;
    }
    case 'pattern-comprehension': {
      const local = new Set<string>();
      patternVars(e.pattern, local, bound);
      for (const v of local) out.add(v);
      const inner = withLocal(bound, e.variable);
      if (e.where !== null) collectVars(e.where, out, inner);
      collectVars(e.map, out, inner);
      break;
    }
    case 'exists-subquery':
      for (const p of e.pattern) patternVars(p.element, out, bound);
      if (e.where !== null) collectVars(e.where, out, bound);
      // A full subquery: every name it mentions (its own names are unknown outside and ignored by the caller).
      if (e.query !== null) namesIn(e.query, out, bound);
      break;
    case 'map-projection':
      if (!bound.has(e.variable)) out.add(e.variable);
      for (const it of e.items) {
        if (it.kind === 'literal') collectVars(it.value, out, bound);
        else if (it.kind === 'variable' && !bound.has(it.name)) out.add(it.name);
      }
      break;
  }
  return out;
}

/** The variables of a pattern part (nodes, relationships, the path). */
export function patternPartVars(p: PatternPart): string[] {
  const out: string[] = [];
  if (p.variable !== null) out.push(p.variable);
  for (const n of p.element.nodes) if (n.variable !== null) out.push(n.variable);
  for (const r of p.element.rels) if (r.variable !== null) out.push(r.variable);
  return out;
}

/** `a AND b AND c` as [a, b, c]. */
export function conjuncts(e: Expr | null): Expr[] {
  if (e === null) return [];
  if (e.kind === 'binary' && e.op === 'and') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}

/** Whether an expression is an aggregate call or count(*) at its top. */
export function isAggregateCall(e: Expr): boolean {
  return e.kind === 'count-star' || (e.kind === 'call' && aggregateFunction(e.name) !== undefined);
}

/** The aggregate calls inside an expression (not inside another aggregate), in order. */
export function findAggregates(e: Expr, out: Expr[] = []): Expr[] {
  if (isAggregateCall(e)) {
    out.push(e);
    return out;
  }
  forEachChild(e, (c) => findAggregates(c, out));
  return out;
}

/** Calls `fn` on each direct sub-expression. */
export function forEachChild(e: Expr, fn: (c: Expr) => void): void {
  switch (e.kind) {
    case 'property':
      fn(e.object);
      break;
    case 'index':
      fn(e.object);
      fn(e.index);
      break;
    case 'slice':
      fn(e.object);
      if (e.from !== null) fn(e.from);
      if (e.to !== null) fn(e.to);
      break;
    case 'list':
      e.items.forEach(fn);
      break;
    case 'map':
      for (const x of e.entries) fn(x.value);
      break;
    case 'unary':
    case 'is-null':
    case 'label-check':
      fn(e.operand);
      break;
    case 'binary':
      fn(e.left);
      fn(e.right);
      break;
    case 'comparison':
      e.operands.forEach(fn);
      break;
    case 'call':
      e.args.forEach(fn);
      break;
    case 'case':
      if (e.operand !== null) fn(e.operand);
      for (const w of e.whens) {
        fn(w.when);
        fn(w.then);
      }
      if (e.else !== null) fn(e.else);
      break;
    case 'list-comprehension':
      fn(e.list);
      if (e.where !== null) fn(e.where);
      if (e.map !== null) fn(e.map);
      break;
    case 'quantifier':
      fn(e.list);
      if (e.where !== null) fn(e.where);
      break;
    case 'reduce':
      fn(e.init);
      fn(e.list);
      fn(e.expr);
      break;
    case 'map-projection':
      for (const it of e.items) if (it.kind === 'literal') fn(it.value);
      break;
    default:
      break;
  }
}

const exprKeys = new WeakMap<Expr, string>();

/** A structural key of an expression (spans ignored), memoised per node. */
export function exprKey(e: Expr): string {
  let k = exprKeys.get(e);
  if (k === undefined) exprKeys.set(e, (k = JSON.stringify(e, skipSpan)));
  return k;
}

/** Structural equality of two expressions (spans ignored). */
export function sameExpr(a: Expr, b: Expr): boolean {
  return exprKey(a) === exprKey(b);
}

function skipSpan(key: string, value: unknown): unknown {
  if (key === 'span' || key === 'specPath') return undefined;
  if (typeof value === 'bigint') return `${value}n`;
  return value;
}

/** Whether an expression reads nothing of the row: no variables, no patterns or subqueries (SKIP / LIMIT). */
export function isRowIndependent(e: Expr): boolean {
  if (e.kind === 'pattern-predicate' || e.kind === 'exists-subquery' || e.kind === 'pattern-comprehension' || e.kind === 'variable') return false;
  let ok = true;
  forEachChild(e, (c) => {
    if (ok && !isRowIndependent(c)) ok = false;
  });
  return ok;
}

/** Every variable and pattern variable name anywhere below `node` (a conservative superset of what it reads). */
function namesIn(node: unknown, out: Set<string>, bound: ReadonlySet<string>): void {
  const stack: unknown[] = [node];
  while (stack.length > 0) {
    const x = stack.pop();
    if (x === null || typeof x !== 'object') continue;
    if (Array.isArray(x)) {
      for (const y of x) stack.push(y);
      continue;
    }
    const o = x as Record<string, unknown>;
    if (o['kind'] === 'variable' && typeof o['name'] === 'string' && !bound.has(o['name'])) out.add(o['name']);
    if (typeof o['variable'] === 'string' && !bound.has(o['variable'])) out.add(o['variable']);
    for (const k of Object.keys(o)) if (k !== 'span') stack.push(o[k]);
  }
}
