/**
 * A checked version 2 spec as the query AST (`cypher/ast.ts`), the one the
 * Cypher parser produces, so that one engine runs both front ends:
 *
 *   MATCH <pattern> WHERE <predicate>
 *   RETURN [DISTINCT] <items, each AS its column name> ORDER BY ... SKIP ... LIMIT ...
 *
 * - Pattern: edges are chained into paths where one starts at the node the
 *   previous one ended at (`(a)-[:F]->(b)-[:F]->(c)`), otherwise start a new
 *   comma-separated part; a node variable on no edge is a part of its own.
 *   Every occurrence of a node variable carries its label. Being one MATCH,
 *   an edge binds at most once per row (Cypher's relationship uniqueness).
 * - Variable-length edges always get an explicit max (the spec default is
 *   QUERY_HOPS_MAX), so the engine's cap for `*` never applies.
 * - Every return item is aliased to its column name; an orderBy key that is
 *   a column refers to it by that name, `var.prop` to the property.
 * - Every node carries `span {0, 0}` and the `specPath` it came from.
 *
 * Nothing here validates: `checkSpec` has (S1-S7).
 */
import type {
  ComparisonOp,
  Expr,
  MatchClause,
  NodePattern,
  PatternElement,
  PatternPart,
  ProjectionItem,
  RelPattern,
  SortItem,
  Statement,
} from '../cypher/ast.js';
import type { CheckedSpec, EdgeSpec, OperandSpec, ParamOperand, PredicateSpec, SelectSpec } from './query-spec.js';
import { decodeLiteral, type LiteralJson } from './spec-literal.js';

const SPAN = Object.freeze({ start: 0, end: 0 });

const COMPARISON_OPS: Record<string, ComparisonOp> = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' };
const STRING_OPS = { startsWith: 'starts-with', endsWith: 'ends-with', contains: 'contains' } as const;

/** The statement a checked spec means. */
export function specToAst(checked: CheckedSpec): Statement {
  const { spec } = checked;
  const match: MatchClause = {
    kind: 'match',
    span: SPAN,
    specPath: 'nodes',
    optional: false,
    pattern: patternParts(checked),
    where: spec.where === null ? null : predicateExpr(spec.where, 'where'),
  };
  const items: ProjectionItem[] = checked.columns.map((c) => ({ span: SPAN, specPath: c.path, expr: selectExpr(c.item, c.path), alias: c.name, text: c.name }));
  const columnNames = new Set(checked.columns.map((c) => c.name));
  const orderBy: SortItem[] = spec.orderBy.map((o, i) => {
    const path = `orderBy[${i}]`;
    let expr: Expr;
    if (columnNames.has(o.key)) expr = { kind: 'variable', span: SPAN, specPath: path, name: o.key };
    else {
      const dot = o.key.indexOf('.');
      expr = propertyExpr(o.key.slice(0, dot), o.key.slice(dot + 1), path);
    }
    return { span: SPAN, specPath: path, expr, descending: o.direction === 'desc' };
  });
  return {
    kind: 'statement',
    span: SPAN,
    specPath: '',
    explain: null,
    unionAll: [],
    queries: [
      {
        kind: 'single-query',
        span: SPAN,
        specPath: '',
        clauses: [
          match,
          {
            kind: 'return',
            span: SPAN,
            specPath: 'select',
            projection: {
              span: SPAN,
              specPath: 'select',
              distinct: spec.distinct,
              star: false,
              items,
              orderBy,
              skip: pageExpr(spec.skip, 'skip'),
              limit: pageExpr(spec.limit, 'limit'),
            },
          },
        ],
      },
    ],
  };
}

// ------------------------------------------------------------------ pattern

function patternParts(checked: CheckedSpec): PatternPart[] {
  const { nodes, edges } = checked.spec;
  const labels = new Map<string, string[]>();
  const nodePath = new Map<string, string>();
  nodes.forEach((n, i) => {
    labels.set(n.var, n.label === null ? [] : [n.label]);
    nodePath.set(n.var, `nodes[${i}]`);
  });
  const nodePattern = (v: string): NodePattern => ({ span: SPAN, specPath: nodePath.get(v) ?? 'nodes', variable: v, labels: labels.get(v) ?? [], properties: null });
  const parts: PatternPart[] = [];
  const onEdge = new Set<string>();
  let current: PatternElement | null = null;
  let tail: string | null = null;
  edges.forEach((e, i) => {
    onEdge.add(e.from);
    onEdge.add(e.to);
    const path = `edges[${i}]`;
    if (current !== null && tail === e.from) {
      current.rels.push(relPattern(e, path, false));
      current.nodes.push(nodePattern(e.to));
      tail = e.to;
    } else if (current !== null && tail === e.to) {
      current.rels.push(relPattern(e, path, true));
      current.nodes.push(nodePattern(e.from));
      tail = e.from;
    } else {
      current = { span: SPAN, specPath: path, nodes: [nodePattern(e.from), nodePattern(e.to)], rels: [relPattern(e, path, false)] };
      parts.push({ span: SPAN, specPath: path, variable: null, element: current });
      tail = e.to;
    }
  });
  for (const n of nodes) {
    if (onEdge.has(n.var)) continue;
    const p = nodePath.get(n.var) ?? 'nodes';
    parts.push({ span: SPAN, specPath: p, variable: null, element: { span: SPAN, specPath: p, nodes: [nodePattern(n.var)], rels: [] } });
  }
  return parts;
}

function relPattern(e: EdgeSpec, path: string, reversed: boolean): RelPattern {
  const direction = !reversed || e.direction === 'both' ? e.direction : e.direction === 'out' ? 'in' : 'out';
  return {
    span: SPAN,
    specPath: path,
    variable: e.var,
    types: e.types.slice(),
    direction,
    properties: null,
    length: e.minHops === null ? null : { min: e.minHops, max: e.maxHops },
  };
}

// ------------------------------------------------------------------ expressions

function predicateExpr(p: PredicateSpec, path: string): Expr {
  const arg = (i: number): string => `${path}.args[${i}]`;
  switch (p.op) {
    case 'and':
    case 'or': {
      let expr = predicateExpr(p.args[0]!, arg(0));
      for (let i = 1; i < p.args.length; i++) {
        expr = { kind: 'binary', span: SPAN, specPath: path, op: p.op, left: expr, right: predicateExpr(p.args[i]!, arg(i)) };
      }
      return expr;
    }
    case 'not':
      return { kind: 'unary', span: SPAN, specPath: path, op: 'not', operand: predicateExpr(p.args[0], arg(0)) };
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge':
      return { kind: 'comparison', span: SPAN, specPath: path, ops: [COMPARISON_OPS[p.op]!], operands: [operandExpr(p.args[0], arg(0)), operandExpr(p.args[1], arg(1))] };
    case 'startsWith':
    case 'endsWith':
    case 'contains':
      return { kind: 'binary', span: SPAN, specPath: path, op: STRING_OPS[p.op], left: operandExpr(p.args[0], arg(0)), right: operandExpr(p.args[1], arg(1)) };
    case 'between': {
      const [lowInclusive, highInclusive] = p.inclusive ?? [true, true];
      return {
        kind: 'comparison',
        span: SPAN,
        specPath: path,
        ops: [lowInclusive ? '<=' : '<', highInclusive ? '<=' : '<'],
        operands: [operandExpr(p.args[1], arg(1)), operandExpr(p.args[0], arg(0)), operandExpr(p.args[2], arg(2))],
      };
    }
    case 'inList':
      return { kind: 'binary', span: SPAN, specPath: path, op: 'in', left: operandExpr(p.args[0], arg(0)), right: operandExpr(p.args[1], arg(1)) };
    case 'exists':
    case 'isNotNull':
      return { kind: 'is-null', span: SPAN, specPath: path, operand: operandExpr(p.args[0], arg(0)), negated: true };
    case 'isNull':
      return { kind: 'is-null', span: SPAN, specPath: path, operand: operandExpr(p.args[0], arg(0)), negated: false };
    case 'hasLabel':
      return { kind: 'label-check', span: SPAN, specPath: path, operand: operandExpr(p.args[0], arg(0)), labels: [p.label] };
  }
}

function propertyExpr(variable: string, key: string, path: string): Expr {
  return { kind: 'property', span: SPAN, specPath: path, object: { kind: 'variable', span: SPAN, specPath: path, name: variable }, key };
}

function callExpr(name: string, variable: string, path: string): Expr {
  return { kind: 'call', span: SPAN, specPath: path, name, distinct: false, args: [{ kind: 'variable', span: SPAN, specPath: path, name: variable }] };
}

function literalExpr(v: LiteralJson, path: string): Expr {
  return { kind: 'literal', span: SPAN, specPath: path, value: decodeLiteral(v) };
}

function operandExpr(o: OperandSpec, path: string): Expr {
  if ('value' in o) {
    const v = o.value;
    if (!Array.isArray(v)) return literalExpr(v, path);
    return { kind: 'list', span: SPAN, specPath: path, items: v.map((x, i) => literalExpr(x, `${path}.value[${i}]`)) };
  }
  if ('param' in o) return { kind: 'parameter', span: SPAN, specPath: path, name: o.param };
  if ('id' in o) return callExpr('id', o.id, path);
  if ('type' in o) return callExpr('type', o.type, path);
  if (o.prop !== undefined) return propertyExpr(o.var, o.prop, path);
  return { kind: 'variable', span: SPAN, specPath: path, name: o.var };
}

function selectExpr(item: SelectSpec, path: string): Expr {
  let term: Expr | null = null;
  if (item.id !== undefined) term = callExpr('id', item.id, path);
  else if (item.type !== undefined) term = callExpr('type', item.type, path);
  else if (item.var !== undefined) term = item.prop === undefined ? { kind: 'variable', span: SPAN, specPath: path, name: item.var } : propertyExpr(item.var, item.prop, path);
  if (item.agg === undefined) return term!;
  if (term === null) return { kind: 'count-star', span: SPAN, specPath: path };
  return { kind: 'call', span: SPAN, specPath: path, name: item.agg, distinct: item.distinct === true, args: [term] };
}

function pageExpr(v: number | ParamOperand | null, path: string): Expr | null {
  if (v === null) return null;
  if (typeof v === 'number') return { kind: 'literal', span: SPAN, specPath: path, value: v };
  return { kind: 'parameter', span: SPAN, specPath: path, name: v.param };
}
