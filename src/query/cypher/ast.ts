/**
 * The abstract syntax tree of a query: what the Cypher parser produces from
 * text and what the builder's spec is translated into (one engine, two front
 * ends, DESIGN §10). The planner consumes nothing else.
 *
 * The tree is plain data: no classes, no methods, no back pointers. Every
 * node carries `span` (UTF-16 offsets into the query text, `end` exclusive)
 * so that errors can point at it; trees built from a builder spec have spans
 * of `{ start: 0, end: 0 }` and a `specPath` instead (`where[2].args[0]`).
 *
 * Names are kept as written (labels, types and property keys are case
 * sensitive; variables too). Function names are kept as written and matched
 * case-insensitively by the function table.
 */
import type { Value } from '../values/value.js';

/** Where a node of the tree came from in the query text (offsets, end exclusive). */
export interface Span {
  start: number;
  end: number;
}

interface Located {
  span: Span;
  /** For trees built from a builder spec: the path of the spec part (`where[2].args[0]`). */
  specPath?: string;
}

// ------------------------------------------------------------------ statements

/** A whole statement: one or more single queries joined by UNION / UNION ALL. */
export interface Statement extends Located {
  kind: 'statement';
  /** `EXPLAIN` or `PROFILE` before the query, or null. */
  explain: 'explain' | 'profile' | null;
  /** At least one; `unionAll[i]` says how `queries[i]` and `queries[i + 1]` are joined. */
  queries: SingleQuery[];
  /** One fewer than `queries`: true for UNION ALL, false for UNION (distinct). */
  unionAll: boolean[];
}

/** Clauses in order, e.g. MATCH ... WITH ... MATCH ... RETURN. */
export interface SingleQuery extends Located {
  kind: 'single-query';
  clauses: Clause[];
}

export type Clause =
  | MatchClause
  | UnwindClause
  | WithClause
  | ReturnClause
  | CreateClause
  | MergeClause
  | SetClause
  | RemoveClause
  | DeleteClause;

export interface MatchClause extends Located {
  kind: 'match';
  optional: boolean;
  /** Comma-separated pattern parts; each may be a named path. */
  pattern: PatternPart[];
  where: Expr | null;
}

export interface UnwindClause extends Located {
  kind: 'unwind';
  expr: Expr;
  variable: string;
}

/** `WITH` projection, optionally followed by `WHERE` (which filters after the projection). */
export interface WithClause extends Located {
  kind: 'with';
  projection: Projection;
  where: Expr | null;
}

export interface ReturnClause extends Located {
  kind: 'return';
  projection: Projection;
}

/** The body shared by WITH and RETURN. */
export interface Projection extends Located {
  distinct: boolean;
  /** `*` as the first item (all variables in scope, ordered by name). */
  star: boolean;
  items: ProjectionItem[];
  orderBy: SortItem[];
  skip: Expr | null;
  limit: Expr | null;
}

export interface ProjectionItem extends Located {
  expr: Expr;
  /** `AS name`, or null when none was written. */
  alias: string | null;
  /** The item's text as written, whitespace kept (the column name when there is no alias). */
  text: string;
}

export interface SortItem extends Located {
  expr: Expr;
  descending: boolean;
}

export interface CreateClause extends Located {
  kind: 'create';
  pattern: PatternPart[];
}

export interface MergeClause extends Located {
  kind: 'merge';
  pattern: PatternPart;
  onCreate: SetItem[];
  onMatch: SetItem[];
}

export interface SetClause extends Located {
  kind: 'set';
  items: SetItem[];
}

export type SetItem =
  /** `n.prop = expr` (also `(expr).prop = expr`). */
  | (Located & { kind: 'set-property'; target: PropertyExpr; value: Expr })
  /** `n = {map}` (replace every property) or `n += {map}` (merge). */
  | (Located & { kind: 'set-properties'; variable: string; value: Expr; merge: boolean })
  /** `n:Label:Other`. */
  | (Located & { kind: 'set-labels'; variable: string; labels: string[] });

export interface RemoveClause extends Located {
  kind: 'remove';
  items: RemoveItem[];
}

export type RemoveItem =
  | (Located & { kind: 'remove-property'; target: PropertyExpr })
  | (Located & { kind: 'remove-labels'; variable: string; labels: string[] });

export interface DeleteClause extends Located {
  kind: 'delete';
  detach: boolean;
  exprs: Expr[];
}

// ------------------------------------------------------------------ patterns

/** One comma-separated part of a pattern: `p = (a)-[r]->(b)` or `(a)-->(b)`. */
export interface PatternPart extends Located {
  /** The path variable (`p = ...`), or null. */
  variable: string | null;
  element: PatternElement;
}

/** A chain of nodes and relationships: `nodes.length === rels.length + 1`. */
export interface PatternElement extends Located {
  nodes: NodePattern[];
  rels: RelPattern[];
}

export interface NodePattern extends Located {
  variable: string | null;
  /** Every label the node must have (`:A:B`). */
  labels: string[];
  /** `{k: v}` (a map literal) or `$param`, or null. */
  properties: Expr | null;
}

/** Direction as written, left to right: `-->` out, `<--` in, `--` or `<-->` both. */
export type PatternDirection = 'out' | 'in' | 'both';

export interface RelPattern extends Located {
  variable: string | null;
  /** Any of these types (`:A|B`, also `:A|:B`); empty means any type. */
  types: string[];
  direction: PatternDirection;
  properties: Expr | null;
  /**
   * Variable length: null for a single hop; `*` gives `{min: null, max: null}`,
   * `*2` gives `{min: 2, max: 2}`, `*2..` `{min: 2, max: null}`, `*..3`
   * `{min: null, max: 3}`. A null min means 1; a null max means unbounded
   * (the planner applies the documented cap).
   */
  length: { min: number | null; max: number | null } | null;
}

// ------------------------------------------------------------------ expressions

export type Expr =
  | LiteralExpr
  | ParameterExpr
  | VariableExpr
  | PropertyExpr
  | IndexExpr
  | SliceExpr
  | ListExpr
  | MapExpr
  | UnaryExpr
  | BinaryExpr
  | ComparisonExpr
  | IsNullExpr
  | LabelCheckExpr
  | FunctionCallExpr
  | CountStarExpr
  | CaseExpr
  | ListComprehensionExpr
  | PatternComprehensionExpr
  | QuantifierExpr
  | ReduceExpr
  | PatternPredicateExpr
  | ExistsSubqueryExpr
  | MapProjectionExpr;

/** A literal value: null, true/false, an integer (number or bigint), a float, a string. */
export interface LiteralExpr extends Located {
  kind: 'literal';
  value: Value;
}

export interface ParameterExpr extends Located {
  kind: 'parameter';
  name: string;
}

export interface VariableExpr extends Located {
  kind: 'variable';
  name: string;
}

/** `expr.key`. */
export interface PropertyExpr extends Located {
  kind: 'property';
  object: Expr;
  key: string;
}

/** `expr[index]`: a list element or a map entry by a computed key. */
export interface IndexExpr extends Located {
  kind: 'index';
  object: Expr;
  index: Expr;
}

/** `expr[from..to]`, either bound optional. */
export interface SliceExpr extends Located {
  kind: 'slice';
  object: Expr;
  from: Expr | null;
  to: Expr | null;
}

export interface ListExpr extends Located {
  kind: 'list';
  items: Expr[];
}

export interface MapExpr extends Located {
  kind: 'map';
  entries: Array<{ key: string; value: Expr }>;
}

export interface UnaryExpr extends Located {
  kind: 'unary';
  op: 'not' | '-' | '+';
  operand: Expr;
}

export type BinaryOp =
  | 'or'
  | 'xor'
  | 'and'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '^'
  | 'in'
  | 'starts-with'
  | 'ends-with'
  | 'contains'
  | '=~';

export interface BinaryExpr extends Located {
  kind: 'binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

export type ComparisonOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

/**
 * A comparison chain: `a < b <= c` is `operands [a, b, c]`, `ops ['<', '<=']`
 * and means `a < b AND b <= c` (each operand evaluated once). A single
 * comparison has two operands.
 */
export interface ComparisonExpr extends Located {
  kind: 'comparison';
  ops: ComparisonOp[];
  operands: Expr[];
}

/** `expr IS NULL` / `expr IS NOT NULL`. */
export interface IsNullExpr extends Located {
  kind: 'is-null';
  operand: Expr;
  negated: boolean;
}

/** `n:A:B` in an expression: true when the node has every label (for a relationship: its type is one of them). */
export interface LabelCheckExpr extends Located {
  kind: 'label-check';
  operand: Expr;
  labels: string[];
}

/** `name(args)`, `name(DISTINCT args)`; `name` may be namespaced (`a.b.c`). */
export interface FunctionCallExpr extends Located {
  kind: 'call';
  name: string;
  distinct: boolean;
  args: Expr[];
}

/** `count(*)`. */
export interface CountStarExpr extends Located {
  kind: 'count-star';
}

/** `CASE [operand] WHEN w THEN t ... [ELSE e] END`. */
export interface CaseExpr extends Located {
  kind: 'case';
  operand: Expr | null;
  whens: Array<{ when: Expr; then: Expr }>;
  else: Expr | null;
}

/** `[x IN list WHERE pred | expr]`, both parts optional. */
export interface ListComprehensionExpr extends Located {
  kind: 'list-comprehension';
  variable: string;
  list: Expr;
  where: Expr | null;
  map: Expr | null;
}

/** `[p = (a)-->(b) WHERE pred | expr]`. */
export interface PatternComprehensionExpr extends Located {
  kind: 'pattern-comprehension';
  /** The path variable, or null. */
  variable: string | null;
  pattern: PatternElement;
  where: Expr | null;
  map: Expr;
}

/** `all(x IN list WHERE pred)`, likewise any, none, single. */
export interface QuantifierExpr extends Located {
  kind: 'quantifier';
  quantifier: 'all' | 'any' | 'none' | 'single';
  variable: string;
  list: Expr;
  /** Null when no WHERE was written (then each element itself is the predicate). */
  where: Expr | null;
}

/** `reduce(acc = init, x IN list | expr)`. */
export interface ReduceExpr extends Located {
  kind: 'reduce';
  accumulator: string;
  init: Expr;
  variable: string;
  list: Expr;
  expr: Expr;
}

/** A pattern used as a boolean in WHERE: `(a)-[:T]->(b)`; true when at least one match exists. */
export interface PatternPredicateExpr extends Located {
  kind: 'pattern-predicate';
  pattern: PatternElement;
}

/**
 * `EXISTS { MATCH pattern WHERE pred }` or `EXISTS { pattern WHERE pred }`:
 * true when the subquery has at least one row. Variables of the outer
 * query are visible inside.
 */
export interface ExistsSubqueryExpr extends Located {
  kind: 'exists-subquery';
  /** The subquery's pattern parts (the MATCH). */
  pattern: PatternPart[];
  where: Expr | null;
  /** A full subquery (`EXISTS { MATCH ... WITH ... RETURN ... }`), when more than MATCH/WHERE was written; else null. */
  query: SingleQuery | null;
}

/** `n {.name, .age, friends: expr, other, .*}`. */
export interface MapProjectionExpr extends Located {
  kind: 'map-projection';
  variable: string;
  items: MapProjectionItem[];
}

export type MapProjectionItem =
  /** `.key`: the variable's property. */
  | { kind: 'property'; key: string }
  /** `key: expr`. */
  | { kind: 'literal'; key: string; value: Expr }
  /** `other`: a variable, as `other: other`. */
  | { kind: 'variable'; name: string }
  /** `.*`: every property of the variable. */
  | { kind: 'all-properties' };
