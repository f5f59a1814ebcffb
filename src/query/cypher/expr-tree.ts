/**
 * Generic walks over expression trees for the semantic checks: the direct
 * children of an expression, whether it contains an aggregation, and
 * structural equality (two expressions written alike, spans ignored: `ORDER
 * BY a.name` refers to the projected `a.name`).
 */
import { aggregateFunction } from '../functions/function-table.js';
import { BoxedFloat } from '../values/value.js';
import type { Expr, PatternElement } from './ast.js';

/** Whether `e` itself is an aggregation (`count(*)`, `sum(x)`, ...). */
export function isAggregateCall(e: Expr): boolean {
  return e.kind === 'count-star' || (e.kind === 'call' && aggregateFunction(e.name) !== undefined);
}

function patternChildren(p: PatternElement): Expr[] {
  const out: Expr[] = [];
  for (const n of p.nodes) if (n.properties !== null) out.push(n.properties);
  for (const r of p.rels) if (r.properties !== null) out.push(r.properties);
  return out;
}

/** The direct sub-expressions of `e`, in source order. */
export function exprChildren(e: Expr): Expr[] {
  switch (e.kind) {
    case 'literal':
    case 'parameter':
    case 'variable':
    case 'count-star':
      return [];
    case 'property':
      return [e.object];
    case 'index':
      return [e.object, e.index];
    case 'slice':
      return [e.object, ...(e.from === null ? [] : [e.from]), ...(e.to === null ? [] : [e.to])];
    case 'list':
      return e.items;
    case 'map':
      return e.entries.map((en) => en.value);
    case 'unary':
      return [e.operand];
    case 'binary':
      return [e.left, e.right];
    case 'comparison':
      return e.operands;
    case 'is-null':
    case 'label-check':
      return [e.operand];
    case 'call':
      return e.args;
    case 'case': {
      const out: Expr[] = e.operand === null ? [] : [e.operand];
      for (const w of e.whens) out.push(w.when, w.then);
      if (e.else !== null) out.push(e.else);
      return out;
    }
    case 'list-comprehension':
      return [e.list, ...(e.where === null ? [] : [e.where]), ...(e.map === null ? [] : [e.map])];
    case 'quantifier':
      return [e.list, ...(e.where === null ? [] : [e.where])];
    case 'reduce':
      return [e.init, e.list, e.expr];
    case 'pattern-comprehension':
      return [...patternChildren(e.pattern), ...(e.where === null ? [] : [e.where]), e.map];
    case 'pattern-predicate':
      return patternChildren(e.pattern);
    case 'exists-subquery': {
      const out: Expr[] = [];
      for (const part of e.pattern) out.push(...patternChildren(part.element));
      if (e.where !== null) out.push(e.where);
      return out;
    }
    case 'map-projection':
      return e.items.flatMap((it) => (it.kind === 'literal' ? [it.value] : []));
  }
}

/** Whether `e` or any sub-expression is an aggregation. */
export function containsAggregate(e: Expr): boolean {
  if (isAggregateCall(e)) return true;
  for (const child of exprChildren(e)) if (containsAggregate(child)) return true;
  return false;
}

/** Whether two expressions are written alike (spans ignored; function names compared as written). */
export function sameExpr(a: Expr, b: Expr): boolean {
  return sameTree(a, b);
}

function sameTree(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (x instanceof BoxedFloat || y instanceof BoxedFloat) {
    return x instanceof BoxedFloat && y instanceof BoxedFloat && Object.is(x.value, y.value);
  }
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameTree(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(y)) return false;
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  if (xo['kind'] !== yo['kind']) return false;
  // Nodes of one kind have the same fields (optional ones aside, which are compared too).
  for (const key of Object.keys(xo)) {
    if (key === 'span' || key === 'specPath') continue;
    if (!sameTree(xo[key], yo[key])) return false;
  }
  for (const key of Object.keys(yo)) if (!(key in xo) && key !== 'specPath') return false;
  return true;
}
