/**
 * The static checks of a parsed Cypher statement, run before anything
 * touches the database: every error the openCypher TCK expects "at compile
 * time" that is not a matter of grammar.
 *
 * Scope rules (openCypher):
 * - MATCH, OPTIONAL MATCH, UNWIND, CREATE and MERGE bind variables; WITH and
 *   RETURN replace the scope by the projected names (`*` keeps all).
 * - ORDER BY after a projection sees the projected names and, when the
 *   projection neither aggregates nor is DISTINCT, the variables in scope
 *   before it. A sort key written like a projected expression refers to it.
 * - WITH ... WHERE sees the projected names and, unless the WITH
 *   aggregates, the variables in scope before it (DISTINCT does not hide
 *   them: the TCK's WithWhere1 filters on one after WITH DISTINCT).
 * - Pattern predicates (in WHERE only) test variables already bound; they
 *   bind none. Pattern comprehensions and EXISTS bind their own.
 * - List comprehensions, quantifiers, reduce and pattern comprehensions have
 *   local variables; EXISTS subqueries see the outer variables.
 *
 * Clause composition: RETURN ends a query; a query ends in RETURN or an
 * updating clause; a reading clause after an updating one needs a WITH
 * between them; UNION and UNION ALL are not mixed, and every part returns
 * the same columns; an EXISTS subquery does not update.
 *
 * Static types (static-types.ts): a value whose type is known without
 * running the query is checked where openCypher rejects it at compile time
 * (`NOT 1`, `1 IN 'a'`, `labels(path)`, `WITH 1 AS n MATCH (n)`, a property
 * of a number); an unknown type never fails.
 *
 * Each failure is a `CypherError` (phase `compile`) with the TCK's type and
 * detail; given the query text, its message points a caret at the place.
 */
import { CypherError, type CypherErrorType } from '../../base/errors.js';
import { aggregateFunction, scalarFunction } from '../functions/function-table.js';
import { isInt } from '../values/value.js';
import type {
  Clause,
  Expr,
  MatchClause,
  PatternElement,
  PatternPart,
  Projection,
  RemoveItem,
  SetItem,
  SingleQuery,
  Span,
  Statement,
} from './ast.js';
import { containsAggregate, exprChildren, isAggregateCall, sameExpr } from './expr-tree.js';
import { elementType, staticType, typeName, type StaticType } from './static-types.js';
import { cypherCompileError } from './syntax-error.js';

type Scope = Map<string, StaticType>;

/** What an error points at: a node of the tree (its span, or its builder spec path). */
type At = { span: Span; specPath?: string };

/** Static argument types that make a function call fail (the types it can never take). */
const FUNCTION_ARG_REJECTS: Record<string, ReadonlySet<StaticType>> = {
  labels: new Set<StaticType>(['rel', 'rels', 'path', 'int', 'float', 'string', 'bool', 'list', 'map']),
  type: new Set<StaticType>(['node', 'rels', 'path', 'int', 'float', 'string', 'bool', 'list', 'map']),
  properties: new Set<StaticType>(['path', 'rels', 'int', 'float', 'string', 'bool', 'list']),
  size: new Set<StaticType>(['path', 'node', 'rel', 'int', 'float', 'bool', 'map']),
  length: new Set<StaticType>(['node', 'rel', 'rels', 'int', 'float', 'bool', 'map']),
};

const UPDATING = new Set<Clause['kind']>(['create', 'merge', 'set', 'remove', 'delete']);
const NON_BOOLEAN = new Set<StaticType>(['node', 'rel', 'rels', 'path', 'list', 'map', 'int', 'float', 'string']);
const NON_LIST = new Set<StaticType>(['node', 'rel', 'path', 'map', 'int', 'float', 'string', 'bool']);
const NON_NUMERIC = new Set<StaticType>(['node', 'rel', 'rels', 'path', 'list', 'map', 'string', 'bool']);
const NO_PROPERTIES = new Set<StaticType>(['int', 'float', 'string', 'bool', 'list']);
const NOT_DELETABLE = new Set<StaticType>(['int', 'float', 'string', 'bool', 'map']);

/**
 * Check a statement; throws the first `CypherError` found. Pass the query
 * text to get line, column and a caret in the message.
 */
export function checkStatement(stmt: Statement, text?: string): void {
  new SemanticChecker(text ?? null).statement(stmt);
}

/** Where the expression being checked is, and what may appear there. */
interface ExprContext {
  /** Aggregations may appear (projections, ORDER BY of an aggregating projection). */
  aggregates: boolean;
  /** Pattern predicates may appear (WHERE). */
  patterns: boolean;
  /** What to call the place in messages. */
  place: string;
}

/** The place name of an aggregation's arguments (where a nested aggregation is NestedAggregation). */
const AGGREGATION_ARGUMENT = 'the argument of an aggregation';

const NO_AGGREGATES = (place: string): ExprContext => ({ aggregates: false, patterns: false, place });
const PREDICATE = (place: string): ExprContext => ({ aggregates: false, patterns: true, place });

class SemanticChecker {
  readonly #text: string | null;

  constructor(text: string | null) {
    this.#text = text;
  }

  /** Throw the error `detail` about `at`: with a caret when the text is known, else naming the builder spec path when there is one. */
  fail(detail: string, at: At, message: string, type: CypherErrorType = 'SyntaxError'): never {
    if (this.#text !== null) throw cypherCompileError(type, this.#text, at.span.start, detail, message);
    const where = at.specPath === undefined ? '' : ` (at ${at.specPath})`;
    throw new CypherError(type, detail, `${message}${where}`, { phase: 'compile' });
  }

  statement(stmt: Statement): void {
    let columns: string[] | null = null;
    for (let i = 0; i < stmt.unionAll.length; i++) {
      if (stmt.unionAll[i] !== stmt.unionAll[0]) {
        const q = stmt.queries[i + 1] as SingleQuery;
        this.fail('InvalidClauseComposition', q, 'Invalid combination of UNION and UNION ALL: use one of them for every part of the query');
      }
    }
    for (const q of stmt.queries) {
      const qColumns = this.singleQuery(q, new Map(), false);
      if (stmt.queries.length > 1) {
        if (qColumns === null) this.fail('InvalidClauseComposition', q, 'Every part of a UNION must end with RETURN');
        if (columns !== null && !sameColumns(columns, qColumns)) {
          this.fail('DifferentColumnsInUnion', q, `All parts of a UNION must return the same columns: (${columns.join(', ')}) and (${qColumns.join(', ')})`);
        }
        columns = qColumns;
      }
    }
  }

  /** Check one query's clauses; the RETURN columns, or null when it does not return. */
  singleQuery(q: SingleQuery, outer: Scope, subquery: boolean): string[] | null {
    let scope: Scope = new Map(outer);
    let updatedSinceWith: Clause | null = null;
    let columns: string[] | null = null;
    const last = q.clauses.length - 1;
    q.clauses.forEach((clause, i) => {
      if (UPDATING.has(clause.kind)) {
        if (subquery) this.fail('InvalidClauseComposition', clause, 'An EXISTS subquery cannot update the graph');
        updatedSinceWith = clause;
      }
      if ((clause.kind === 'match' || clause.kind === 'unwind') && updatedSinceWith !== null) {
        this.fail('InvalidClauseComposition', clause, `WITH is required between ${(updatedSinceWith as Clause).kind.toUpperCase()} and ${clause.kind === 'match' ? (clause.optional ? 'OPTIONAL MATCH' : 'MATCH') : 'UNWIND'}`);
      }
      switch (clause.kind) {
        case 'match':
          this.match(clause, scope);
          break;
        case 'unwind':
          this.expr(clause.expr, scope, NO_AGGREGATES('UNWIND'));
          if (scope.has(clause.variable)) this.fail('VariableAlreadyBound', clause, `Variable \`${clause.variable}\` already declared`);
          scope.set(clause.variable, elementType(clause.expr, scope));
          break;
        case 'with': {
          const projected = this.projection(clause.projection, scope, true);
          if (clause.where !== null) this.where(clause.where, projected.whereScope);
          scope = projected.scope;
          updatedSinceWith = null;
          break;
        }
        case 'return':
          if (i !== last) this.fail('InvalidClauseComposition', q.clauses[i + 1] ?? clause, 'RETURN can only be used at the end of the query');
          columns = this.projection(clause.projection, scope, false).columns;
          break;
        case 'create':
          this.createPattern(clause.pattern, scope, 'CREATE');
          break;
        case 'merge':
          this.createPattern([clause.pattern], scope, 'MERGE');
          for (const item of [...clause.onCreate, ...clause.onMatch]) this.setItem(item, scope);
          break;
        case 'set':
          for (const item of clause.items) this.setItem(item, scope);
          break;
        case 'remove':
          for (const item of clause.items) this.removeItem(item, scope);
          break;
        case 'delete':
          for (const e of clause.exprs) {
            if (e.kind === 'label-check') this.fail('InvalidDelete', e, 'DELETE removes nodes, relationships and paths; to remove a label use REMOVE n:Label');
            this.expr(e, scope, NO_AGGREGATES('DELETE'));
            const t = staticType(e, scope);
            if (NOT_DELETABLE.has(t)) this.fail('InvalidArgumentType', e, `DELETE expects a node, a relationship or a path, got ${typeName(t)}`);
          }
          break;
      }
    });
    const lastClause = q.clauses[last];
    if (!subquery && lastClause !== undefined && lastClause.kind !== 'return' && !UPDATING.has(lastClause.kind)) {
      this.fail('InvalidClauseComposition', lastClause, `A query cannot end with ${lastClause.kind.toUpperCase()}: end it with RETURN or an updating clause`);
    }
    return columns;
  }

  // ---------------------------------------------------------------- patterns

  match(clause: MatchClause, scope: Scope): void {
    const relsHere = new Set<string>();
    for (const part of clause.pattern) this.bindMatchPart(part, scope, relsHere, 'MATCH');
    if (clause.where !== null) this.where(clause.where, scope);
  }

  /** A WHERE predicate: a boolean, no aggregations, pattern predicates allowed. */
  where(e: Expr, scope: Scope): void {
    this.expr(e, scope, PREDICATE('WHERE'));
    this.expectType(e, scope, NON_BOOLEAN, 'WHERE expects a boolean');
  }

  /** Bind the variables of a pattern that is matched (MATCH, EXISTS, pattern comprehension). */
  bindMatchPart(part: PatternPart, scope: Scope, relsHere: Set<string>, clause: string): void {
    this.bindMatchElement(part.element, scope, relsHere, clause);
    if (part.variable !== null) this.bindPath(part.variable, part, scope);
  }

  bindMatchElement(element: PatternElement, scope: Scope, relsHere: Set<string>, clause: string): void {
    for (const node of element.nodes) {
      if (node.variable !== null) {
        const t = scope.get(node.variable);
        if (t !== undefined && t !== 'node' && t !== 'any' && t !== 'null') {
          this.fail('VariableTypeConflict', node, `Variable \`${node.variable}\` is ${article(t)}, not a node`);
        }
        scope.set(node.variable, 'node');
      }
      this.patternProperties(node.properties, scope, clause);
    }
    for (const rel of element.rels) {
      if (rel.variable !== null) {
        const wanted: StaticType = rel.length === null ? 'rel' : 'rels';
        const t = scope.get(rel.variable);
        // A relationship list bound by a variable-length pattern may be matched again as one,
        // and a variable-length relationship may be matched against a list of relationships.
        const compatible = t === undefined || t === wanted || t === 'any' || t === 'null' || (t === 'rels' && wanted === 'rel') || (t === 'list' && wanted === 'rels');
        if (!compatible) {
          this.fail('VariableTypeConflict', rel, `Variable \`${rel.variable}\` is ${article(t)}, not a relationship`);
        }
        if (relsHere.has(rel.variable)) {
          this.fail('RelationshipUniquenessViolation', rel, `Cannot use the same relationship variable \`${rel.variable}\` for several relationships of one pattern`);
        }
        relsHere.add(rel.variable);
        scope.set(rel.variable, t === 'rels' ? 'rels' : wanted);
      }
      this.patternProperties(rel.properties, scope, clause);
    }
  }

  bindPath(variable: string, at: At, scope: Scope): void {
    if (scope.has(variable)) this.fail('VariableAlreadyBound', at, `Variable \`${variable}\` already declared: a path variable must be new`);
    scope.set(variable, 'path');
  }

  patternProperties(properties: Expr | null, scope: Scope, clause: string): void {
    if (properties === null) return;
    if (properties.kind === 'parameter' && clause !== 'CREATE') {
      this.fail('InvalidParameterUse', properties, `Parameter maps cannot be used in ${clause} patterns; write {key: $param.key} instead`);
    }
    this.expr(properties, scope, NO_AGGREGATES(clause));
  }

  /** CREATE and MERGE: new relationships with one type and (CREATE) a direction; bound nodes only referenced. */
  createPattern(parts: PatternPart[], scope: Scope, clause: 'CREATE' | 'MERGE'): void {
    for (const part of parts) {
      const { nodes, rels } = part.element;
      for (const node of nodes) {
        if (node.variable !== null) {
          const t = scope.get(node.variable);
          if (t !== undefined) {
            if (t !== 'node' && t !== 'any' && t !== 'null') {
              this.fail('VariableTypeConflict', node, `Variable \`${node.variable}\` is ${article(t)}, not a node`);
            }
            if (node.labels.length > 0 || node.properties !== null || rels.length === 0) {
              this.fail('VariableAlreadyBound', node, `Can't ${clause.toLowerCase()} node \`${node.variable}\`: the variable is already declared (labels and properties can only be given to a new node)`);
            }
          }
          scope.set(node.variable, 'node');
        }
        this.patternProperties(node.properties, scope, clause);
      }
      for (const rel of rels) {
        if (rel.variable !== null && scope.has(rel.variable)) {
          this.fail('VariableAlreadyBound', rel, `Can't ${clause.toLowerCase()} relationship \`${rel.variable}\`: the variable is already declared`);
        }
        if (rel.length !== null) this.fail('CreatingVarLength', rel, `Variable-length relationships cannot be used in ${clause}`);
        if (rel.types.length !== 1) {
          this.fail('NoSingleRelationshipType', rel, `A relationship in ${clause} needs exactly one type, e.g. [:KNOWS]`);
        }
        if (clause === 'CREATE' && rel.direction === 'both') {
          this.fail('RequiresDirectedRelationship', rel, 'A relationship in CREATE needs a direction: use -> or <-');
        }
        if (rel.variable !== null) scope.set(rel.variable, 'rel');
        this.patternProperties(rel.properties, scope, clause);
      }
      if (part.variable !== null) this.bindPath(part.variable, part, scope);
    }
  }

  setItem(item: SetItem, scope: Scope): void {
    const ctx = NO_AGGREGATES('SET');
    switch (item.kind) {
      case 'set-property':
        this.expr(item.target, scope, ctx);
        this.expr(item.value, scope, ctx);
        break;
      case 'set-properties':
        this.variable(item.variable, item, scope);
        this.expr(item.value, scope, ctx);
        break;
      case 'set-labels':
        this.variable(item.variable, item, scope);
        break;
    }
  }

  removeItem(item: RemoveItem, scope: Scope): void {
    if (item.kind === 'remove-property') this.expr(item.target, scope, NO_AGGREGATES('REMOVE'));
    else this.variable(item.variable, item, scope);
  }

  variable(name: string, at: At, scope: Scope): void {
    if (!scope.has(name)) this.fail('UndefinedVariable', at, `Variable \`${name}\` not defined`);
  }

  // ---------------------------------------------------------------- projections

  /**
   * Check a WITH or RETURN body: the scope after it, its column names, and
   * the scope its ORDER BY and (for WITH) WHERE see.
   */
  projection(p: Projection, scope: Scope, isWith: boolean): { scope: Scope; columns: string[]; whereScope: Scope } {
    const clause = isWith ? 'WITH' : 'RETURN';
    if (p.star && !isWith && scope.size === 0) this.fail('NoVariablesInScope', p, `${clause} * is not allowed when there are no variables in scope`);
    const ctx: ExprContext = { aggregates: true, patterns: false, place: clause };
    for (const item of p.items) this.expr(item.expr, scope, ctx);

    const projected: Scope = new Map();
    const columns: string[] = [];
    if (p.star) {
      for (const name of [...scope.keys()].sort()) {
        projected.set(name, scope.get(name) ?? 'any');
        columns.push(name);
      }
    }
    const explicit = new Set<string>();
    for (const item of p.items) {
      const name = item.alias ?? (item.expr.kind === 'variable' ? item.expr.name : item.text);
      if (explicit.has(name)) this.fail('ColumnNameConflict', item, `Multiple result columns with the same name \`${name}\` are not supported`);
      explicit.add(name);
      if (!projected.has(name)) columns.push(name);
      projected.set(name, staticType(item.expr, scope));
    }

    const aggregating = p.items.some((item) => containsAggregate(item.expr));
    const keys = p.items.filter((item) => !containsAggregate(item.expr)).map((item) => item.expr);
    if (aggregating) {
      for (const item of p.items) if (containsAggregate(item.expr)) this.checkGroupingKeys(item.expr, keys);
    }
    // ORDER BY and WHERE see the variables before the projection too, unless it aggregates
    // (and, for ORDER BY, unless it is DISTINCT: rows no longer map to one binding).
    const whereScope: Scope = aggregating ? projected : new Map([...scope, ...projected]);
    this.orderBy(p, p.distinct ? projected : whereScope, aggregating);
    if (isWith) {
      for (const item of p.items) {
        if (item.alias === null && item.expr.kind !== 'variable') {
          this.fail('NoExpressionAlias', item, `Expression in WITH must be aliased (use AS): ${item.text}`);
        }
      }
    }
    if (p.skip !== null) this.constantCount(p.skip, 'SKIP');
    if (p.limit !== null) this.constantCount(p.limit, 'LIMIT');
    return { scope: projected, columns, whereScope };
  }

  /**
   * In an item that aggregates, every expression outside the aggregations
   * must be a grouping key that is a variable or a property of one
   * (`RETURN n.a, n.a + count(*)`); anything else is ambiguous.
   */
  checkGroupingKeys(e: Expr, keys: Expr[]): void {
    const simpleKeys = keys.filter(isSimpleKey);
    const walk = (x: Expr): void => {
      if (isAggregateCall(x)) return;
      if (isSimpleKey(x) && simpleKeys.some((k) => sameExpr(k, x))) return;
      if (x.kind === 'variable') {
        this.fail('AmbiguousAggregationExpression', x, `Expression mixes an aggregation with \`${x.name}\`, which is not a grouping key: project it as its own column`);
      }
      if (isScoped(x)) return;
      for (const child of exprChildren(x)) walk(child);
    };
    walk(e);
  }

  orderBy(p: Projection, orderScope: Scope, aggregating: boolean): void {
    if (p.orderBy.length === 0) return;
    const items = p.items.map((item) => item.expr);
    for (const sort of p.orderBy) {
      const hasAggregate = containsAggregate(sort.expr);
      if (hasAggregate && !aggregating) {
        this.fail('InvalidAggregation', sort.expr, 'Aggregations in ORDER BY are only allowed when the projection aggregates too');
      }
      const walk = (x: Expr): void => {
        const item = items.find((itemExpr) => sameExpr(itemExpr, x));
        if (item !== undefined) {
          if (hasAggregate && !containsAggregate(item) && !isSimpleKey(item)) {
            this.fail('AmbiguousAggregationExpression', x, 'ORDER BY mixes an aggregation with a projected expression that is not a variable or a property: sort by its column name');
          }
          return;
        }
        if (isAggregateCall(x)) {
          for (const arg of exprChildren(x)) this.expr(arg, orderScope, NO_AGGREGATES(AGGREGATION_ARGUMENT));
          return;
        }
        if (isScoped(x) || exprChildren(x).length === 0) {
          this.expr(x, orderScope, NO_AGGREGATES('ORDER BY'));
          return;
        }
        if (x.kind === 'property' && NO_PROPERTIES.has(staticType(x.object, orderScope))) {
          this.expr(x, orderScope, NO_AGGREGATES('ORDER BY'));
        }
        for (const child of exprChildren(x)) walk(child);
      };
      walk(sort.expr);
    }
  }

  /** SKIP and LIMIT: a constant, non-negative integer. */
  constantCount(e: Expr, clause: string): void {
    const walk = (x: Expr): void => {
      if (x.kind === 'variable' || x.kind === 'pattern-predicate' || x.kind === 'exists-subquery' || x.kind === 'pattern-comprehension') {
        this.fail('NonConstantExpression', x, `${clause} must be a constant: it cannot refer to variables`);
      }
      if (isScoped(x)) return;
      for (const child of exprChildren(x)) walk(child);
    };
    walk(e);
    this.expr(e, new Map(), NO_AGGREGATES(clause));
    if (e.kind === 'literal') {
      const v = e.value;
      if (isInt(v)) {
        if (v < 0) this.fail('NegativeIntegerArgument', e, `${clause} must be a non-negative integer, got ${String(v)}`);
      } else if (v !== null) {
        this.fail('InvalidArgumentType', e, `${clause} must be an integer, got ${typeName(staticType(e, new Map()))}`);
      }
    }
  }

  // ---------------------------------------------------------------- expressions

  expr(e: Expr, scope: Scope, ctx: ExprContext): void {
    switch (e.kind) {
      case 'literal':
      case 'parameter':
        return;
      case 'variable':
        this.variable(e.name, e, scope);
        return;
      case 'property': {
        this.expr(e.object, scope, ctx);
        const t = staticType(e.object, scope);
        if (NO_PROPERTIES.has(t)) this.fail('InvalidArgumentType', e, `Type mismatch: ${typeName(t)} has no properties (.${e.key})`, 'TypeError');
        if (t === 'path') this.fail('InvalidArgumentType', e, `Type mismatch: a path has no properties (.${e.key}); use its nodes or relationships`);
        return;
      }
      case 'unary':
        this.expr(e.operand, scope, ctx);
        if (e.op === 'not') this.expectType(e.operand, scope, NON_BOOLEAN, 'NOT expects a boolean');
        else this.expectType(e.operand, scope, NON_NUMERIC, `Unary ${e.op} expects a number`);
        return;
      case 'binary':
        this.expr(e.left, scope, ctx);
        this.expr(e.right, scope, ctx);
        switch (e.op) {
          case 'and':
          case 'or':
          case 'xor':
            this.expectType(e.left, scope, NON_BOOLEAN, `${e.op.toUpperCase()} expects booleans`);
            this.expectType(e.right, scope, NON_BOOLEAN, `${e.op.toUpperCase()} expects booleans`);
            return;
          case 'in':
            this.expectType(e.right, scope, NON_LIST, 'IN expects a list on its right');
            return;
          case '-':
          case '*':
          case '/':
          case '%':
          case '^':
            this.expectType(e.left, scope, NON_NUMERIC, `'${e.op}' expects numbers`);
            this.expectType(e.right, scope, NON_NUMERIC, `'${e.op}' expects numbers`);
            return;
          default:
            return;
        }
      case 'count-star':
        this.aggregate(e, scope, ctx);
        return;
      case 'call':
        this.call(e, scope, ctx);
        return;
      case 'list-comprehension':
      case 'quantifier': {
        this.expr(e.list, scope, ctx);
        const inner: Scope = new Map(scope);
        inner.set(e.variable, elementType(e.list, scope));
        const place = e.kind === 'quantifier' ? `${e.quantifier}()` : 'a list comprehension';
        if (e.where !== null) this.expr(e.where, inner, PREDICATE(place));
        if (e.kind === 'list-comprehension' && e.map !== null) this.expr(e.map, inner, NO_AGGREGATES(place));
        return;
      }
      case 'reduce': {
        this.expr(e.init, scope, ctx);
        this.expr(e.list, scope, ctx);
        const inner: Scope = new Map(scope);
        inner.set(e.accumulator, 'any');
        inner.set(e.variable, elementType(e.list, scope));
        this.expr(e.expr, inner, NO_AGGREGATES('reduce()'));
        return;
      }
      case 'pattern-comprehension': {
        const inner: Scope = new Map(scope);
        this.bindMatchElement(e.pattern, inner, new Set(), 'a pattern comprehension');
        if (e.variable !== null) this.bindPath(e.variable, e, inner);
        if (e.where !== null) this.expr(e.where, inner, PREDICATE('a pattern comprehension'));
        this.expr(e.map, inner, NO_AGGREGATES('a pattern comprehension'));
        return;
      }
      case 'pattern-predicate': {
        if (!ctx.patterns) {
          this.fail('UnexpectedSyntax', e, `A pattern cannot be used as a value in ${ctx.place}: use EXISTS { ... }, or a pattern comprehension [... | ...] for the paths`);
        }
        // A pattern predicate tests the variables it is given; it binds none.
        for (const v of [...e.pattern.nodes, ...e.pattern.rels]) {
          if (v.variable !== null) this.variable(v.variable, v, scope);
        }
        this.bindMatchElement(e.pattern, new Map(scope), new Set(), 'a pattern expression');
        return;
      }
      case 'exists-subquery': {
        const inner: Scope = new Map(scope);
        if (e.query !== null) {
          this.singleQuery(e.query, inner, true);
          return;
        }
        const relsHere = new Set<string>();
        for (const part of e.pattern) this.bindMatchPart(part, inner, relsHere, 'EXISTS');
        if (e.where !== null) this.where(e.where, inner);
        return;
      }
      case 'map-projection':
        this.variable(e.variable, e, scope);
        for (const item of e.items) {
          if (item.kind === 'literal') this.expr(item.value, scope, ctx);
          else if (item.kind === 'variable') this.variable(item.name, e, scope);
        }
        return;
      default:
        for (const child of exprChildren(e)) this.expr(child, scope, ctx);
    }
  }

  expectType(e: Expr, scope: Scope, rejected: ReadonlySet<StaticType>, message: string): void {
    const t = staticType(e, scope);
    if (rejected.has(t)) this.fail('InvalidArgumentType', e, `Type mismatch: ${message}, got ${typeName(t)}`);
  }

  aggregate(e: Expr, scope: Scope, ctx: ExprContext): void {
    if (ctx.place === AGGREGATION_ARGUMENT) this.fail('NestedAggregation', e, 'Aggregations cannot be nested: an aggregation cannot take another as its argument');
    if (!ctx.aggregates) this.fail('InvalidAggregation', e, `Aggregations are not allowed in ${ctx.place}`);
    for (const arg of exprChildren(e)) {
      this.expr(arg, scope, NO_AGGREGATES(AGGREGATION_ARGUMENT));
      this.noVolatileCalls(arg);
    }
  }

  /** rand() and other non-deterministic functions cannot feed an aggregation. */
  noVolatileCalls(e: Expr): void {
    if (e.kind === 'call' && scalarFunction(e.name)?.volatile === true) {
      this.fail('NonConstantExpression', e, `${e.name}() is non-deterministic and cannot be used inside an aggregation`);
    }
    for (const child of exprChildren(e)) this.noVolatileCalls(child);
  }

  call(e: Expr & { kind: 'call' }, scope: Scope, ctx: ExprContext): void {
    const lower = e.name.toLowerCase();
    if (aggregateFunction(lower) !== undefined) {
      this.aggregate(e, scope, ctx);
      return;
    }
    if (scalarFunction(lower) === undefined) {
      this.fail('UnknownFunction', e, `Unknown function '${e.name}'`);
    }
    for (const arg of e.args) this.expr(arg, scope, ctx);
    const rejects = FUNCTION_ARG_REJECTS[lower];
    const first = e.args[0];
    if (rejects !== undefined && first !== undefined) {
      const t = staticType(first, scope);
      if (rejects.has(t)) this.fail('InvalidArgumentType', first, `Type mismatch: ${e.name}() cannot take ${article(t)}`);
    }
  }
}

function sameColumns(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((name, i) => name === b[i]);
}

/** A variable or a property of one (`n`, `n.a`, `n.a.b`): the grouping keys an aggregating expression may reuse. */
function isSimpleKey(e: Expr): boolean {
  if (e.kind === 'variable') return true;
  return e.kind === 'property' && isSimpleKey(e.object);
}

/** Expressions with local variables (checked by `expr` in their own scope). */
function isScoped(e: Expr): boolean {
  return (
    e.kind === 'list-comprehension' ||
    e.kind === 'quantifier' ||
    e.kind === 'reduce' ||
    e.kind === 'pattern-comprehension' ||
    e.kind === 'pattern-predicate' ||
    e.kind === 'exists-subquery'
  );
}

function article(t: StaticType): string {
  const name = typeName(t);
  return /^[AEIOU]/.test(name) ? `an ${name}` : `a ${name}`;
}
