/**
 * Compiles AST expressions into closures `(row, ctx) => value`, once per
 * plan. Variables become slot reads (the planner's `Scope`), functions are
 * looked up once, constants are folded; three-valued logic and the value
 * semantics of `values/` apply throughout.
 *
 * Subquery expressions (pattern predicates, EXISTS, pattern comprehensions)
 * need the planner; it passes itself in as a `SubqueryPlanner`, which keeps
 * the import graph acyclic.
 */
import { CypherError } from '../../base/errors.js';
import type { Expr, PatternComprehensionExpr, PatternElement, PatternPart, SingleQuery } from '../cypher/ast.js';
import { aggregateFunction, scalarFunction } from '../functions/function-table.js';
import { exprKey } from '../plan/expr-utils.js';
import type { Scope } from '../plan/scope.js';
import { add, divide, modulo, multiply, negate, power, subtract } from '../values/arithmetic.js';
import { cypherEquals } from '../values/equality.js';
import { comparisonResult } from '../values/ordering.js';
import { inList, indexValue, propertyValue, sliceList } from '../values/list-ops.js';
import { contains, endsWith, regexMatch, startsWith } from '../values/string-ops.js';
import { NodeRef, PathValue, RelRef, isMap, valueType, type CypherMap, type Value } from '../values/value.js';
import type { ExecContext, Row } from './exec-context.js';
import type { PlanOp } from './plan-op.js';

export type Eval = (row: Row, ctx: ExecContext) => Value;

/** What the expression compiler asks of the planner for subquery expressions. */
export interface SubqueryPlanner {
  /** A plan, opened with the current row as its argument, whose rows are the matches of the pattern (+ WHERE). */
  planExists(pattern: PatternPart[], where: Expr | null, query: SingleQuery | null, scope: Scope): PlanOp;
  /** The matches of a pattern comprehension's pattern (+ WHERE), and the scope in which its map expression is compiled. */
  planComprehension(pattern: PatternElement, pathVariable: string | null, where: Expr | null, scope: Scope): { op: PlanOp; scope: Scope };
}

export interface CompileEnv {
  scope: Scope;
  planner: SubqueryPlanner;
  /** Expressions already computed into slots (aggregates, projected items for ORDER BY): by identity. */
  precomputed?: Map<Expr, number>;
  /** Projected items, matched by structure (ORDER BY / WHERE after WITH writing `n.age` again for `n.age AS age`). */
  projected?: ReadonlyArray<{ expr: Expr; slot: number }>;
}

function typeError(message: string): CypherError {
  return new CypherError('TypeError', 'InvalidArgumentType', message, { phase: 'runtime' });
}

function asBool(v: Value, what: string): boolean | null {
  if (v === null || typeof v === 'boolean') return v;
  throw typeError(`type mismatch: ${what} expects BOOLEAN, got ${valueType(v)}`);
}

/** Whether an expression's value cannot change between rows of one execution (no variables, no volatile functions, no subqueries). */
export function isConstantExpr(e: Expr): boolean {
  switch (e.kind) {
    case 'literal':
    case 'parameter':
      return true;
    case 'list':
      return e.items.every(isConstantExpr);
    case 'map':
      return e.entries.every((x) => isConstantExpr(x.value));
    case 'unary':
      return isConstantExpr(e.operand);
    case 'binary':
      return isConstantExpr(e.left) && isConstantExpr(e.right);
    case 'comparison':
      return e.operands.every(isConstantExpr);
    case 'is-null':
      return isConstantExpr(e.operand);
    case 'property':
      return isConstantExpr(e.object);
    case 'index':
      return isConstantExpr(e.object) && isConstantExpr(e.index);
    case 'call': {
      const f = scalarFunction(e.name);
      return f !== undefined && f.volatile !== true && e.args.every(isConstantExpr);
    }
    default:
      return false;
  }
}

export function compileExpr(e: Expr, env: CompileEnv): Eval {
  const pre = env.precomputed?.get(e);
  if (pre !== undefined) return (row) => row[pre] ?? null;
  if (env.projected !== undefined && e.kind !== 'literal' && e.kind !== 'parameter') {
    const key = exprKey(e);
    const hit = env.projected.find((p) => exprKey(p.expr) === key);
    if (hit !== undefined) {
      const slot = hit.slot;
      return (row) => row[slot] ?? null;
    }
  }
  switch (e.kind) {
    case 'literal': {
      const v = e.value;
      return () => v;
    }
    case 'parameter': {
      const name = e.name;
      return (_row, ctx) => {
        const v = ctx.params[name];
        if (v === undefined) throw new CypherError('SemanticError', 'MissingParameter', `expected parameter $${name}`, { phase: 'runtime' });
        return v;
      };
    }
    case 'variable': {
      const v = env.scope.get(e.name);
      if (v === undefined) throw new CypherError('SyntaxError', 'UndefinedVariable', `variable \`${e.name}\` not defined`, { phase: 'compile' });
      const slot = v.slot;
      return (row) => row[slot] ?? null;
    }
    case 'property':
      return compileProperty(compileExpr(e.object, env), e.key);
    case 'index': {
      const obj = compileExpr(e.object, env);
      const idx = compileExpr(e.index, env);
      return (row, ctx) => indexValue(obj(row, ctx), idx(row, ctx), ctx.graph);
    }
    case 'slice': {
      const obj = compileExpr(e.object, env);
      const from = e.from === null ? null : compileExpr(e.from, env);
      const to = e.to === null ? null : compileExpr(e.to, env);
      return (row, ctx) => sliceList(obj(row, ctx), from === null ? undefined : from(row, ctx), to === null ? undefined : to(row, ctx));
    }
    case 'list': {
      const items = e.items.map((x) => compileExpr(x, env));
      return (row, ctx) => items.map((f) => f(row, ctx));
    }
    case 'map': {
      const keys = e.entries.map((x) => x.key);
      const vals = e.entries.map((x) => compileExpr(x.value, env));
      return (row, ctx) => {
        const m: CypherMap = {};
        for (let i = 0; i < keys.length; i++) defineEntry(m, keys[i]!, vals[i]!(row, ctx));
        return m;
      };
    }
    case 'unary': {
      const f = compileExpr(e.operand, env);
      if (e.op === 'not') {
        return (row, ctx) => {
          const v = asBool(f(row, ctx), 'NOT');
          return v === null ? null : !v;
        };
      }
      if (e.op === '-') return (row, ctx) => negate(f(row, ctx));
      return (row, ctx) => {
        const v = f(row, ctx);
        if (v !== null && valueType(v) !== 'INTEGER' && valueType(v) !== 'FLOAT') throw typeError(`type mismatch: unary + expects a number, got ${valueType(v)}`);
        return v;
      };
    }
    case 'binary':
      return compileBinary(e.op, compileExpr(e.left, env), compileExpr(e.right, env));
    case 'comparison':
      return compileComparison(e.ops, e.operands.map((x) => compileExpr(x, env)));
    case 'is-null': {
      const f = compileExpr(e.operand, env);
      return e.negated ? (row, ctx) => f(row, ctx) !== null : (row, ctx) => f(row, ctx) === null;
    }
    case 'label-check': {
      const f = compileExpr(e.operand, env);
      const labels = e.labels;
      return (row, ctx) => {
        const v = f(row, ctx);
        if (v === null) return null;
        if (v instanceof NodeRef) return labels.every((l) => ctx.graph.nodeHasLabel(v, l));
        if (v instanceof RelRef) return labels.every((l) => ctx.graph.relType(v) === l);
        throw typeError(`type mismatch: a label check expects a NODE, got ${valueType(v)}`);
      };
    }
    case 'call':
      return compileCall(e.name, e.args, e.distinct, env);
    case 'count-star':
      throw new CypherError('SyntaxError', 'InvalidAggregation', 'count(*) is only allowed in WITH and RETURN', { phase: 'compile' });
    case 'case':
      return compileCase(e, env);
    case 'list-comprehension': {
      const list = compileExpr(e.list, env);
      const inner = env.scope.child();
      const slot = inner.bind(e.variable, 'value');
      const ienv = { ...env, scope: inner };
      const where = e.where === null ? null : compileExpr(e.where, ienv);
      const map = e.map === null ? null : compileExpr(e.map, ienv);
      return (row, ctx) => {
        const l = list(row, ctx);
        if (l === null) return null;
        if (!Array.isArray(l)) throw typeError(`type mismatch: a list comprehension expects a LIST, got ${valueType(l)}`);
        const r = row.slice();
        const out: Value[] = [];
        for (const x of l) {
          r[slot] = x;
          if (where !== null && where(r, ctx) !== true) continue;
          out.push(map === null ? x : map(r, ctx));
        }
        return out;
      };
    }
    case 'quantifier': {
      const list = compileExpr(e.list, env);
      const inner = env.scope.child();
      const slot = inner.bind(e.variable, 'value');
      const pred = e.where === null ? (r: Row) => r[slot] ?? null : compileExpr(e.where, { ...env, scope: inner });
      const q = e.quantifier;
      return (row, ctx) => {
        const l = list(row, ctx);
        if (l === null) return null;
        if (!Array.isArray(l)) throw typeError(`type mismatch: ${q}() expects a LIST, got ${valueType(l)}`);
        const r = row.slice();
        let trues = 0;
        let nulls = 0;
        for (const x of l) {
          r[slot] = x;
          const v = asBool(pred(r, ctx), `${q}()`);
          if (v === true) {
            trues++;
            if (q === 'any') return true;
            if (q === 'none') return false;
            if (q === 'single' && trues > 1) return false;
          } else if (v === null) nulls++;
          else if (q === 'all') return false;
        }
        switch (q) {
          case 'all':
            return nulls > 0 ? null : true;
          case 'any':
            return nulls > 0 ? null : false;
          case 'none':
            return nulls > 0 ? null : true;
          case 'single':
            return nulls > 0 ? (trues <= 1 ? null : false) : trues === 1;
        }
      };
    }
    case 'reduce': {
      const init = compileExpr(e.init, env);
      const list = compileExpr(e.list, env);
      const inner = env.scope.child();
      const acc = inner.bind(e.accumulator, 'value');
      const slot = inner.bind(e.variable, 'value');
      const step = compileExpr(e.expr, { ...env, scope: inner });
      return (row, ctx) => {
        const l = list(row, ctx);
        if (l === null) return null;
        if (!Array.isArray(l)) throw typeError(`type mismatch: reduce() expects a LIST, got ${valueType(l)}`);
        const r = row.slice();
        r[acc] = init(row, ctx);
        for (const x of l) {
          r[slot] = x;
          r[acc] = step(r, ctx);
        }
        return r[acc] ?? null;
      };
    }
    case 'pattern-predicate': {
      const op = env.planner.planExists([{ variable: null, element: e.pattern, span: e.span }], null, null, env.scope);
      return existsEval(op);
    }
    case 'exists-subquery':
      return existsEval(env.planner.planExists(e.pattern, e.where, e.query, env.scope));
    case 'pattern-comprehension':
      return compilePatternComprehension(e, env);
    case 'map-projection':
      return compileMapProjection(e, env);
  }
}

function defineEntry(m: CypherMap, key: string, v: Value): void {
  if (key === '__proto__') Object.defineProperty(m, key, { value: v, writable: true, enumerable: true, configurable: true });
  else m[key] = v;
}

function existsEval(op: PlanOp): Eval {
  return (row, ctx) => {
    const c = op.open(ctx, row);
    try {
      return c.next() !== null;
    } finally {
      c.close();
    }
  };
}

/** `object.key` for nodes, relationships, maps and temporal components. */
export function compileProperty(obj: Eval, key: string): Eval {
  return (row, ctx) => {
    const o = obj(row, ctx);
    if (o === null) return null;
    if (o instanceof NodeRef) return ctx.graph.nodeProperty(o, key);
    if (o instanceof RelRef) return ctx.graph.relProperty(o, key);
    return propertyValue(o, key, ctx.graph);
  };
}

/**
 * AND (`dominant` false) and OR (`dominant` true) in three-valued logic: the
 * dominant value wins over null; both operands are still type-checked.
 */
function shortCircuit(l: Eval, r: Eval, dominant: boolean, name: string): Eval {
  return (row, ctx) => {
    const a = asBool(l(row, ctx), name);
    const b = asBool(r(row, ctx), name);
    if (a === dominant || b === dominant) return dominant;
    return a === null || b === null ? null : !dominant;
  };
}

function compileBinary(op: string, l: Eval, r: Eval): Eval {
  switch (op) {
    case 'and':
      return shortCircuit(l, r, false, 'AND');
    case 'or':
      return shortCircuit(l, r, true, 'OR');
    case 'xor':
      return (row, ctx) => {
        const a = asBool(l(row, ctx), 'XOR');
        const b = asBool(r(row, ctx), 'XOR');
        return a === null || b === null ? null : a !== b;
      };
    case '+':
      return (row, ctx) => add(l(row, ctx), r(row, ctx));
    case '-':
      return (row, ctx) => subtract(l(row, ctx), r(row, ctx));
    case '*':
      return (row, ctx) => multiply(l(row, ctx), r(row, ctx));
    case '/':
      return (row, ctx) => divide(l(row, ctx), r(row, ctx));
    case '%':
      return (row, ctx) => modulo(l(row, ctx), r(row, ctx));
    case '^':
      return (row, ctx) => power(l(row, ctx), r(row, ctx));
    case 'in':
      return (row, ctx) => inList(l(row, ctx), r(row, ctx));
    case 'starts-with':
      return (row, ctx) => startsWith(l(row, ctx), r(row, ctx));
    case 'ends-with':
      return (row, ctx) => endsWith(l(row, ctx), r(row, ctx));
    case 'contains':
      return (row, ctx) => contains(l(row, ctx), r(row, ctx));
    case '=~':
      return (row, ctx) => regexMatch(l(row, ctx), r(row, ctx));
    default:
      throw new CypherError('SyntaxError', 'UnexpectedSyntax', `unknown operator ${op}`, { phase: 'compile' });
  }
}

function compare1(op: string, a: Value, b: Value): boolean | null {
  switch (op) {
    case '=':
      return cypherEquals(a, b);
    case '<>': {
      const eq = cypherEquals(a, b);
      return eq === null ? null : !eq;
    }
    default:
      return comparisonResult(op as '<' | '<=' | '>' | '>=', a, b);
  }
}

function compileComparison(ops: readonly string[], operands: Eval[]): Eval {
  if (ops.length === 1) {
    const [l, r] = operands as [Eval, Eval];
    const op = ops[0]!;
    if (op === '=') return (row, ctx) => cypherEquals(l(row, ctx), r(row, ctx));
    return (row, ctx) => compare1(op, l(row, ctx), r(row, ctx));
  }
  return (row, ctx) => {
    let result: boolean | null = true;
    let left = operands[0]!(row, ctx);
    for (let i = 0; i < ops.length; i++) {
      const right = operands[i + 1]!(row, ctx);
      const c = compare1(ops[i]!, left, right);
      if (c === false) return false;
      if (c === null) result = null;
      left = right;
    }
    return result;
  };
}

/** The planner's filter for a pattern's map-valued property expression (`(n $props)`): every entry equal. */
export const PROPERTIES_MATCH = ' propertiesMatch';

function compilePropertiesMatch(args: Expr[], env: CompileEnv): Eval {
  const target = compileExpr(args[0]!, env);
  const props = compileExpr(args[1]!, env);
  return (row, ctx) => {
    const t = target(row, ctx);
    const m = props(row, ctx);
    if (t === null || m === null) return null;
    if (!isMap(m)) throw typeError(`type mismatch: a pattern's properties must be a MAP, got ${valueType(m)}`);
    let result: boolean | null = true;
    for (const k of Object.keys(m)) {
      const v = t instanceof NodeRef ? ctx.graph.nodeProperty(t, k) : t instanceof RelRef ? ctx.graph.relProperty(t, k) : null;
      const eq = cypherEquals(v, m[k]!);
      if (eq === false) return false;
      if (eq === null) result = null;
    }
    return result;
  };
}

function compileCall(name: string, argExprs: Expr[], distinct: boolean, env: CompileEnv): Eval {
  if (name === PROPERTIES_MATCH) return compilePropertiesMatch(argExprs, env);
  const f = scalarFunction(name);
  if (f === undefined) {
    if (aggregateFunction(name) !== undefined) {
      throw new CypherError('SyntaxError', 'InvalidAggregation', `the aggregate ${name}() is only allowed in WITH and RETURN projections`, { phase: 'compile' });
    }
    throw new CypherError('SyntaxError', 'UnknownFunction', `unknown function ${name}()`, { phase: 'compile' });
  }
  if (distinct) throw new CypherError('SyntaxError', 'InvalidArgumentType', `DISTINCT is only allowed in aggregate functions, not ${name}()`, { phase: 'compile' });
  if (argExprs.length < f.minArgs || argExprs.length > f.maxArgs) {
    throw new CypherError('SyntaxError', 'InvalidNumberOfArguments', `${name}() takes ${f.minArgs === f.maxArgs ? f.minArgs : `${f.minArgs} to ${f.maxArgs}`} arguments, got ${argExprs.length}`, { phase: 'compile' });
  }
  const args = argExprs.map((a) => compileExpr(a, env));
  if (args.length === 1) {
    const a0 = args[0]!;
    return (row, ctx) => f.call([a0(row, ctx)], ctx.graph);
  }
  return (row, ctx) => f.call(args.map((a) => a(row, ctx)), ctx.graph);
}

function compileCase(e: Extract<Expr, { kind: 'case' }>, env: CompileEnv): Eval {
  const operand = e.operand === null ? null : compileExpr(e.operand, env);
  const whens = e.whens.map((w) => ({ when: compileExpr(w.when, env), then: compileExpr(w.then, env) }));
  const otherwise = e.else === null ? null : compileExpr(e.else, env);
  if (operand !== null) {
    return (row, ctx) => {
      const v = operand(row, ctx);
      for (const w of whens) if (cypherEquals(v, w.when(row, ctx)) === true) return w.then(row, ctx);
      return otherwise === null ? null : otherwise(row, ctx);
    };
  }
  return (row, ctx) => {
    for (const w of whens) if (w.when(row, ctx) === true) return w.then(row, ctx);
    return otherwise === null ? null : otherwise(row, ctx);
  };
}

function compilePatternComprehension(e: PatternComprehensionExpr, env: CompileEnv): Eval {
  const { op, scope } = env.planner.planComprehension(e.pattern, e.variable, e.where, env.scope);
  const map = compileExpr(e.map, { ...env, scope });
  return (row, ctx) => {
    const c = op.open(ctx, row);
    const out: Value[] = [];
    try {
      for (let r = c.next(); r !== null; r = c.next()) out.push(map(r, ctx));
    } finally {
      c.close();
    }
    return out;
  };
}

function compileMapProjection(e: Extract<Expr, { kind: 'map-projection' }>, env: CompileEnv): Eval {
  const base = compileExpr({ kind: 'variable', name: e.variable, span: e.span }, env);
  const parts = e.items.map((item) => {
    switch (item.kind) {
      case 'property':
        return { kind: 'one' as const, key: item.key, value: compileProperty(base, item.key) };
      case 'literal':
        return { kind: 'one' as const, key: item.key, value: compileExpr(item.value, env) };
      case 'variable':
        return { kind: 'one' as const, key: item.name, value: compileExpr({ kind: 'variable', name: item.name, span: e.span }, env) };
      case 'all-properties':
        return { kind: 'all' as const };
    }
  });
  return (row, ctx) => {
    const v = base(row, ctx);
    if (v === null) return null;
    const m: CypherMap = {};
    for (const p of parts) {
      if (p.kind === 'all') {
        let props: CypherMap;
        if (v instanceof NodeRef) props = ctx.graph.nodeProperties(v);
        else if (v instanceof RelRef) props = ctx.graph.relProperties(v);
        else if (isMap(v)) props = v;
        else throw typeError(`type mismatch: a map projection expects a NODE, RELATIONSHIP or MAP, got ${valueType(v)}`);
        for (const k of Object.keys(props)) defineEntry(m, k, props[k]!);
      } else {
        if (!(v instanceof NodeRef || v instanceof RelRef || isMap(v))) throw typeError(`type mismatch: a map projection expects a NODE, RELATIONSHIP or MAP, got ${valueType(v)}`);
        defineEntry(m, p.key, p.value(row, ctx));
      }
    }
    return m;
  };
}

/** A PathValue from alternating node and relationship values (relationship lists of variable-length steps spliced in). */
export function buildPath(parts: Value[]): Value {
  const nodes: NodeRef[] = [];
  const rels: RelRef[] = [];
  let cur: NodeRef | null = null;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p === null) return null;
    if (i % 2 === 0) {
      if (!(p instanceof NodeRef)) return null;
      if (cur === null) nodes.push(p);
      cur = p;
      continue;
    }
    const list = Array.isArray(p) ? (p as RelRef[]) : [p as RelRef];
    for (const r of list) {
      const at: NodeRef = cur!;
      const next: NodeRef = r.src === at.id ? new NodeRef(r.dst) : new NodeRef(r.src);
      rels.push(r);
      nodes.push(next);
      cur = next;
    }
    // The next node part is the same node the walk reached.
    i++;
    const after = parts[i];
    if (after instanceof NodeRef) {
      nodes[nodes.length - 1] = after;
      cur = after;
    }
  }
  return new PathValue(nodes, rels);
}
