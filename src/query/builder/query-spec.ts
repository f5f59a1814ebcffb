/**
 * The query spec, version 2: the plain-JSON form of a builder query (what
 * `builder.toSpec()` returns and `db.query(spec)` takes), its types, and its
 * validation. docs/query.md documents it field by field; this file is the
 * one place that decides what is valid.
 *
 *   { "$schemaVersion": 2,
 *     "nodes":   [{ "var": "a", "label": "User" }, { "var": "b", "label": null }],
 *     "edges":   [{ "var": "r", "from": "a", "to": "b", "types": ["FOLLOWS"], "direction": "out",
 *                   "minHops": null, "maxHops": null }],
 *     "where":   { "op": "and", "args": [
 *                   { "op": "eq", "args": [{ "var": "a", "prop": "name" }, { "value": "Ada" }] },
 *                   { "op": "gt", "args": [{ "var": "b", "prop": "age" }, { "param": "minAge" }] }] },
 *     "select":  [{ "var": "b", "prop": "name", "as": "name" }, { "agg": "count", "as": "n" }],
 *     "distinct": false,
 *     "orderBy": [{ "key": "n", "direction": "desc" }],
 *     "skip": null, "limit": 10 }
 *
 * Validation rules (each failure is a `QuerySpecError`, code INVALID_ARG,
 * naming the path of the offending part):
 *  S1. The spec is a plain object of JSON data of at most QUERY_SPEC_MAX_BYTES;
 *      no object in it has a key this file does not know (the original
 *      ignored unknown keys and so silently dropped `edge_type` filters).
 *  S2. Variables (node and edge) are identifiers, declared once, at most
 *      QUERY_VARIABLES_MAX of them; every use names a declared one of the
 *      right kind (`type` and edge steps need an edge, `hasLabel` either).
 *  S3. Every edge joins two declared node variables; a variable-length edge
 *      (minHops or maxHops given) has 0 <= minHops <= maxHops <= QUERY_HOPS_MAX
 *      and no variable.
 *  S4. Predicates nest at most QUERY_PREDICATE_DEPTH_MAX deep, with at most
 *      QUERY_PREDICATE_NODES_MAX parts; inList lists hold at most
 *      QUERY_IN_LIST_MAX literals.
 *  S5. Comparisons whose outcome is known from the spec alone are refused:
 *      a null literal (never true: use isNull / isNotNull), a string
 *      operator with a non-string literal, a range over a value that has
 *      no order (bytes, a node, an edge, a list), operands of two known,
 *      incomparable types (an id with a string), between bounds of two
 *      types or inverted (10 to 1); isNull/exists of a literal.
 *  S6. Column names are unique and never shadow a pattern variable;
 *      aggregates other than count and collect take a property or an id;
 *      orderBy keys name a column, or `var.prop` of a pattern variable when
 *      the query neither aggregates nor is distinct.
 *  S7. skip and limit are null, a non-negative safe integer, or a parameter.
 */
import {
  QUERY_HOPS_MAX,
  QUERY_IN_LIST_MAX,
  QUERY_PREDICATE_DEPTH_MAX,
  QUERY_PREDICATE_NODES_MAX,
  QUERY_SPEC_MAX_BYTES,
  QUERY_VARIABLES_MAX,
} from '../../base/limits.js';
import { QuerySpecError } from './spec-error.js';
import { checkLiteral, describe, literalType, type LiteralJson } from './spec-literal.js';

// ------------------------------------------------------------------ types

export type EdgeDirection = 'out' | 'in' | 'both';

/** A node variable of the pattern, with the label it must have (or null: any node). */
export interface NodeSpec {
  var: string;
  label: string | null;
}

/** An edge step between two node variables. */
export interface EdgeSpec {
  /** A variable for the edge (to filter or return it), or null. */
  var: string | null;
  from: string;
  to: string;
  /** Any of these types; empty means any type. */
  types: string[];
  direction: EdgeDirection;
  /** Variable length: both null for a single hop. */
  minHops: number | null;
  maxHops: number | null;
}

/** A parameter reference: its value is given to execute({ params }). */
export interface ParamOperand {
  param: string;
}

/** What a predicate compares. */
export type OperandSpec =
  /** A property of a node or edge variable; without prop, the node or edge itself. */
  | { var: string; prop?: string }
  /** The id of a node or edge variable. */
  | { id: string }
  /** The type name of an edge variable. */
  | { type: string }
  /** A literal; a list of literals only as inList's second argument. */
  | { value: LiteralJson | LiteralJson[] }
  | ParamOperand;

export type ComparisonOpName = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type StringOpName = 'startsWith' | 'endsWith' | 'contains';

export type PredicateSpec =
  | { op: 'and' | 'or'; args: PredicateSpec[] }
  | { op: 'not'; args: [PredicateSpec] }
  | { op: ComparisonOpName | StringOpName; args: [OperandSpec, OperandSpec] }
  | { op: 'between'; args: [OperandSpec, OperandSpec, OperandSpec]; inclusive?: [boolean, boolean] }
  | { op: 'inList'; args: [OperandSpec, OperandSpec] }
  | { op: 'exists' | 'isNull' | 'isNotNull'; args: [OperandSpec] }
  | { op: 'hasLabel'; args: [OperandSpec]; label: string };

export type PredicateOpName = PredicateSpec['op'];

export type AggregateName = 'count' | 'min' | 'max' | 'sum' | 'avg' | 'collect';

/**
 * One result column: a variable (`{var}`), a property (`{var, prop}`), an
 * id (`{id}`), an edge type (`{type}`), or an aggregate of one of those
 * (`{agg, ...}`; `{agg: 'count'}` alone is count(*)). `as` names the column.
 */
export interface SelectSpec {
  var?: string;
  prop?: string;
  id?: string;
  type?: string;
  agg?: AggregateName;
  distinct?: boolean;
  as?: string;
}

export interface OrderSpec {
  /** A column name, or `var.prop`. */
  key: string;
  direction: 'asc' | 'desc';
}

/** A version 2 spec with every field present (what the builder produces and `toSpec()` returns). */
export interface QuerySpec {
  $schemaVersion: 2;
  nodes: NodeSpec[];
  edges: EdgeSpec[];
  where: PredicateSpec | null;
  select: SelectSpec[];
  distinct: boolean;
  orderBy: OrderSpec[];
  skip: number | ParamOperand | null;
  limit: number | ParamOperand | null;
}

/** A validated spec and what validation learnt about it. */
export interface CheckedSpec {
  /** A fresh copy with every default filled in (frozen). */
  spec: QuerySpec;
  /** Every variable and what it holds. */
  vars: ReadonlyMap<string, 'node' | 'edge'>;
  /** The result columns (the spec's select, or every node then edge variable when it is empty), with names. */
  columns: ReadonlyArray<{ item: SelectSpec; name: string; path: string }>;
  /** Whether some column aggregates. */
  aggregates: boolean;
  /** The names of the parameters the spec uses. */
  params: ReadonlySet<string>;
}

export const PREDICATE_OPS: readonly PredicateOpName[] = [
  'and', 'or', 'not', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'between', 'inList',
  'exists', 'isNull', 'isNotNull', 'hasLabel', 'startsWith', 'endsWith', 'contains',
];
export const AGGREGATES: readonly AggregateName[] = ['count', 'min', 'max', 'sum', 'avg', 'collect'];
const COMPARISONS = new Set<string>(['eq', 'ne', 'lt', 'le', 'gt', 'ge']);
const RANGES = new Set<string>(['lt', 'le', 'gt', 'ge']);
const STRING_OPS = new Set<string>(['startsWith', 'endsWith', 'contains']);
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

// ------------------------------------------------------------------ validation

type Obj = Record<string, unknown>;

function fail(path: string, detail: string): never {
  throw new QuerySpecError(path, detail);
}

function isObj(v: unknown): v is Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function obj(v: unknown, path: string, allowed: readonly string[]): Obj {
  if (!isObj(v)) fail(path, `expected an object, got ${describe(v)}`);
  for (const k of Object.keys(v)) {
    if (!allowed.includes(k)) {
      const hint = k === 'edge_type' || k === 'edgeType' || k === 'type' ? ' (edge types go in "types": ["A", "B"])' : '';
      fail(path, `unknown key "${k}"${hint}; expected one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
    }
  }
  return v;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${describe(v)}`);
  return v;
}

function name(v: unknown, path: string, what: string): string {
  if (typeof v !== 'string' || v.length === 0) fail(path, `${what} must be a non-empty string, got ${describe(v)}`);
  return v;
}

function ident(v: unknown, path: string, what: string): string {
  const s = name(v, path, what);
  if (!IDENT_RE.test(s)) fail(path, `${what} must be an identifier (letters, digits, _; not starting with a digit), got ${describe(s)}`);
  return s;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `expected true or false, got ${describe(v)}`);
  return v;
}

/** The static type of an operand: a value-model type name, or 'ANY' when only known at run time. */
type StaticType = 'ANY' | 'NULL' | 'BOOLEAN' | 'INTEGER' | 'FLOAT' | 'STRING' | 'BYTES' | 'DATETIME' | 'NODE' | 'RELATIONSHIP' | 'LIST';

function comparable(a: StaticType, b: StaticType): boolean {
  if (a === 'ANY' || b === 'ANY' || a === b) return true;
  const num = (t: StaticType): boolean => t === 'INTEGER' || t === 'FLOAT';
  return num(a) && num(b);
}

/** Validates a version 2 spec (`$schemaVersion: 2`) and returns a fresh, frozen, defaulted copy. */
export function checkSpec(input: unknown): CheckedSpec {
  if (!isObj(input)) fail('', `expected a spec object, got ${describe(input)}`);
  let sizeBytes: number;
  try {
    const text = JSON.stringify(input);
    sizeBytes = Buffer.byteLength(text, 'utf8');
  } catch (err) {
    fail('', `not plain JSON data (${err instanceof Error ? err.message : String(err)})`);
  }
  if (sizeBytes > QUERY_SPEC_MAX_BYTES) fail('', `${sizeBytes} bytes of JSON, more than the limit of ${QUERY_SPEC_MAX_BYTES}`);
  return new SpecChecker().check(input);
}

class SpecChecker {
  readonly #vars = new Map<string, 'node' | 'edge'>();
  readonly #params = new Set<string>();
  #predicateNodes = 0;

  check(input: Obj): CheckedSpec {
    const o = obj(input, '', ['$schemaVersion', 'nodes', 'edges', 'where', 'select', 'distinct', 'orderBy', 'skip', 'limit']);
    if (o['$schemaVersion'] !== 2) fail('$schemaVersion', `expected 2 (or a version 1 spec), got ${describe(o['$schemaVersion'])}`);
    const nodes = this.#nodes(o['nodes']);
    const edges = o['edges'] === undefined ? [] : this.#edges(o['edges']);
    const where = o['where'] === undefined || o['where'] === null ? null : this.#predicate(o['where'], 'where', 1);
    const distinct = o['distinct'] === undefined ? false : bool(o['distinct'], 'distinct');
    const select = o['select'] === undefined ? [] : arr(o['select'], 'select').map((s, i) => this.#selectItem(s, `select[${i}]`));
    const columns = this.#columns(select, nodes, edges);
    const aggregates = select.some((s) => s.agg !== undefined);
    const orderBy = o['orderBy'] === undefined ? [] : this.#orderBy(o['orderBy'], columns, distinct || aggregates);
    const skip = this.#page(o['skip'], 'skip');
    const limit = this.#page(o['limit'], 'limit');
    const spec: QuerySpec = Object.freeze({ $schemaVersion: 2 as const, nodes, edges, where, select, distinct, orderBy, skip, limit });
    return { spec, vars: this.#vars, columns, aggregates, params: this.#params };
  }

  #declare(v: unknown, path: string, kind: 'node' | 'edge'): string {
    const s = ident(v, path, 'a variable');
    if (this.#vars.has(s)) fail(path, `variable "${s}" is declared twice`);
    if (this.#vars.size >= QUERY_VARIABLES_MAX) fail(path, `more than ${QUERY_VARIABLES_MAX} variables`);
    this.#vars.set(s, kind);
    return s;
  }

  #use(v: unknown, path: string, kind?: 'node' | 'edge'): string {
    const s = name(v, path, 'a variable');
    const k = this.#vars.get(s);
    if (k === undefined) fail(path, `unknown variable "${s}"`);
    if (kind !== undefined && k !== kind) fail(path, `variable "${s}" is ${k === 'node' ? 'a node' : 'an edge'}, expected ${kind === 'node' ? 'a node' : 'an edge'}`);
    return s;
  }

  #nodes(v: unknown): NodeSpec[] {
    const list = arr(v, 'nodes');
    if (list.length === 0) fail('nodes', 'a query needs at least one node variable');
    return list.map((n, i) => {
      const p = `nodes[${i}]`;
      const o = obj(n, p, ['var', 'label']);
      const label = o['label'] === undefined || o['label'] === null ? null : name(o['label'], `${p}.label`, 'a label');
      return Object.freeze({ var: this.#declare(o['var'], `${p}.var`, 'node'), label });
    });
  }

  #edges(v: unknown): EdgeSpec[] {
    return arr(v, 'edges').map((e, i) => {
      const p = `edges[${i}]`;
      const o = obj(e, p, ['var', 'from', 'to', 'types', 'direction', 'minHops', 'maxHops']);
      const from = this.#use(o['from'], `${p}.from`, 'node');
      const to = this.#use(o['to'], `${p}.to`, 'node');
      const types = o['types'] === undefined ? [] : arr(o['types'], `${p}.types`).map((t, j) => name(t, `${p}.types[${j}]`, 'an edge type'));
      const dir = o['direction'] ?? 'out';
      if (dir !== 'out' && dir !== 'in' && dir !== 'both') fail(`${p}.direction`, `expected "out", "in" or "both", got ${describe(dir)}`);
      let minHops: number | null = null;
      let maxHops: number | null = null;
      const hasMin = o['minHops'] !== undefined && o['minHops'] !== null;
      const hasMax = o['maxHops'] !== undefined && o['maxHops'] !== null;
      if (hasMin || hasMax) {
        minHops = hasMin ? this.#hops(o['minHops'], `${p}.minHops`) : 1;
        maxHops = hasMax ? this.#hops(o['maxHops'], `${p}.maxHops`) : QUERY_HOPS_MAX;
        if (minHops > maxHops) fail(`${p}.minHops`, `minHops ${minHops} is greater than maxHops ${maxHops}`);
      }
      let edgeVar: string | null = null;
      if (o['var'] !== undefined && o['var'] !== null) {
        if (minHops !== null) fail(`${p}.var`, 'a variable-length edge cannot have a variable (it would hold a list of edges)');
        edgeVar = this.#declare(o['var'], `${p}.var`, 'edge');
      }
      return Object.freeze({ var: edgeVar, from, to, types: Object.freeze(types) as string[], direction: dir, minHops, maxHops });
    });
  }

  #hops(v: unknown, path: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > QUERY_HOPS_MAX) {
      fail(path, `expected an integer in [0, ${QUERY_HOPS_MAX}], got ${describe(v)}`);
    }
    return v;
  }

  // -------------------------------------------------------------- predicates

  #predicate(v: unknown, path: string, depth: number): PredicateSpec {
    if (depth > QUERY_PREDICATE_DEPTH_MAX) fail(path, `predicates nest deeper than ${QUERY_PREDICATE_DEPTH_MAX} levels`);
    if (++this.#predicateNodes > QUERY_PREDICATE_NODES_MAX) fail(path, `more than ${QUERY_PREDICATE_NODES_MAX} predicate parts`);
    if (!isObj(v)) fail(path, `expected a predicate object ({op, args}), got ${describe(v)}`);
    const op = v['op'];
    if (typeof op !== 'string' || !(PREDICATE_OPS as readonly string[]).includes(op)) {
      fail(`${path}.op`, `unknown op ${describe(op)}; expected one of ${PREDICATE_OPS.join(', ')}`);
    }
    const o = obj(v, path, op === 'between' ? ['op', 'args', 'inclusive'] : op === 'hasLabel' ? ['op', 'args', 'label'] : ['op', 'args']);
    const args = arr(o['args'], `${path}.args`);
    const arity = (n: number): void => {
      if (args.length !== n) fail(`${path}.args`, `${op} takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
    };
    const ap = (i: number): string => `${path}.args[${i}]`;
    if (op === 'and' || op === 'or') {
      if (args.length === 0) fail(`${path}.args`, `${op} needs at least one argument`);
      return Object.freeze({ op, args: Object.freeze(args.map((a, i) => this.#predicate(a, ap(i), depth + 1))) as PredicateSpec[] });
    }
    if (op === 'not') {
      arity(1);
      return Object.freeze({ op, args: Object.freeze([this.#predicate(args[0], ap(0), depth + 1)]) as [PredicateSpec] });
    }
    if (op === 'hasLabel') {
      arity(1);
      const a = this.#operand(args[0], ap(0), false);
      if (!('var' in a) || a.prop !== undefined) fail(ap(0), 'hasLabel takes a variable ({"var": "a"})');
      const label = name(o['label'], `${path}.label`, 'a label');
      return Object.freeze({ op, args: Object.freeze([a]) as [OperandSpec], label });
    }
    if (op === 'exists' || op === 'isNull' || op === 'isNotNull') {
      arity(1);
      const a = this.#operand(args[0], ap(0), false);
      if ('value' in a || 'param' in a) fail(ap(0), `${op} of a literal or parameter is known before the query runs; test a property`);
      if (op === 'exists' && !('prop' in a && a.prop !== undefined)) fail(ap(0), 'exists takes a property ({"var": "a", "prop": "name"})');
      return Object.freeze({ op, args: Object.freeze([a]) as [OperandSpec] });
    }
    if (op === 'inList') {
      arity(2);
      const x = this.#operand(args[0], ap(0), false);
      const list = this.#operand(args[1], ap(1), true);
      if (!('param' in list) && !('value' in list && Array.isArray(list.value))) {
        fail(ap(1), 'inList takes a list literal ({"value": [1, 2]}) or a parameter as its second argument');
      }
      this.#notLiteralOnly(x, ap(0));
      return Object.freeze({ op, args: Object.freeze([x, list]) as [OperandSpec, OperandSpec] });
    }
    if (op === 'between') {
      arity(3);
      const x = this.#operand(args[0], ap(0), false);
      const lo = this.#operand(args[1], ap(1), false);
      const hi = this.#operand(args[2], ap(2), false);
      let inclusive: [boolean, boolean] = [true, true];
      if (o['inclusive'] !== undefined) {
        const inc = arr(o['inclusive'], `${path}.inclusive`);
        if (inc.length !== 2) fail(`${path}.inclusive`, `expected [lowInclusive, highInclusive], got ${inc.length} values`);
        inclusive = [bool(inc[0], `${path}.inclusive[0]`), bool(inc[1], `${path}.inclusive[1]`)];
      }
      this.#notLiteralOnly(x, ap(0));
      this.#rangeCheck(op, x, lo, ap(1));
      this.#rangeCheck(op, x, hi, ap(2));
      this.#bounds(lo, hi, inclusive, path);
      return Object.freeze({ op, args: Object.freeze([x, lo, hi]) as [OperandSpec, OperandSpec, OperandSpec], inclusive: Object.freeze(inclusive) as [boolean, boolean] });
    }
    // comparisons and string operators
    arity(2);
    const a = this.#operand(args[0], ap(0), false);
    const b = this.#operand(args[1], ap(1), false);
    const ta = this.#typeOf(a);
    const tb = this.#typeOf(b);
    for (const [t, p] of [[ta, ap(0)], [tb, ap(1)]] as const) {
      if (t === 'NULL') fail(p, `${op} with null is never true (comparisons with null are null); use isNull or isNotNull`);
    }
    if (STRING_OPS.has(op)) {
      for (const [t, p] of [[ta, ap(0)], [tb, ap(1)]] as const) {
        if (t !== 'ANY' && t !== 'STRING') fail(p, `${op} compares strings, got ${t}`);
      }
    } else if (COMPARISONS.has(op)) {
      if (RANGES.has(op)) {
        this.#rangeCheck(op, a, b, ap(1));
        this.#rangeCheck(op, b, a, ap(0));
      } else if (!comparable(ta, tb)) {
        fail(ap(1), `${op} compares ${ta} with ${tb}: never true`);
      }
    }
    return Object.freeze({ op: op as ComparisonOpName | StringOpName, args: Object.freeze([a, b]) as [OperandSpec, OperandSpec] });
  }

  #notLiteralOnly(x: OperandSpec, path: string): void {
    if ('value' in x) fail(path, 'the tested operand is a literal; test a property, id or type');
  }

  /** `bound` is compared with `x` by a range operator: refuses unorderable or incomparable known types. */
  #rangeCheck(op: string, x: OperandSpec, bound: OperandSpec, path: string): void {
    const tb = this.#typeOf(bound);
    const tx = this.#typeOf(x);
    if (tb === 'NULL') fail(path, `${op} with null is never true (comparisons with null are null); use isNull or isNotNull`);
    if (tb === 'BYTES' || tb === 'NODE' || tb === 'RELATIONSHIP' || tb === 'LIST') fail(path, `${op} needs an orderable value (number, string, boolean, datetime), got ${tb}`);
    if (!comparable(tx, tb)) fail(path, `${op} compares ${tx} with ${tb}: never true`);
  }

  #bounds(lo: OperandSpec, hi: OperandSpec, inclusive: [boolean, boolean], path: string): void {
    const tl = this.#typeOf(lo);
    const th = this.#typeOf(hi);
    if (!comparable(tl, th)) fail(`${path}.args[2]`, `between bounds of types ${tl} and ${th} hold no value`);
    if (!('value' in lo) || !('value' in hi)) return;
    const a = lo.value;
    const b = hi.value;
    let inverted = false;
    if (typeof a === 'number' && typeof b === 'number') inverted = a > b || (a === b && !(inclusive[0] && inclusive[1]));
    else if (typeof a === 'string' && typeof b === 'string') inverted = a > b || (a === b && !(inclusive[0] && inclusive[1]));
    if (inverted) fail(`${path}.args[1]`, `between bounds ${describe(a)} and ${describe(b)} hold no value`);
  }

  #typeOf(a: OperandSpec): StaticType {
    if ('value' in a) return Array.isArray(a.value) ? 'LIST' : literalType(a.value);
    if ('param' in a) return 'ANY';
    if ('id' in a) return 'INTEGER';
    if ('type' in a) return 'STRING';
    if (a.prop !== undefined) return 'ANY';
    return this.#vars.get(a.var) === 'edge' ? 'RELATIONSHIP' : 'NODE';
  }

  #operand(v: unknown, path: string, allowList: boolean): OperandSpec {
    if (!isObj(v)) fail(path, `expected an operand ({var, prop}, {id}, {type}, {value} or {param}), got ${describe(v)}`);
    if ('value' in v) {
      obj(v, path, ['value']);
      const x = v['value'];
      if (Array.isArray(x)) {
        if (!allowList) fail(`${path}.value`, 'a list is only allowed as the second argument of inList');
        if (x.length > QUERY_IN_LIST_MAX) fail(`${path}.value`, `${x.length} values, more than the limit of ${QUERY_IN_LIST_MAX}`);
        x.forEach((e, i) => {
          const bad = checkLiteral(e);
          if (bad !== null) fail(`${path}.value[${i}]`, bad);
        });
        return Object.freeze({ value: Object.freeze(x.slice()) as LiteralJson[] });
      }
      const bad = checkLiteral(x);
      if (bad !== null) fail(`${path}.value`, bad);
      return Object.freeze({ value: isObj(x) ? (Object.freeze({ ...x }) as LiteralJson) : (x as LiteralJson) });
    }
    if ('param' in v) {
      obj(v, path, ['param']);
      return Object.freeze({ param: this.#param(v['param'], `${path}.param`) });
    }
    if ('id' in v) {
      obj(v, path, ['id']);
      return Object.freeze({ id: this.#use(v['id'], `${path}.id`) });
    }
    if ('type' in v) {
      obj(v, path, ['type']);
      return Object.freeze({ type: this.#use(v['type'], `${path}.type`, 'edge') });
    }
    if ('var' in v) {
      obj(v, path, ['var', 'prop']);
      const variable = this.#use(v['var'], `${path}.var`);
      if (v['prop'] === undefined) return Object.freeze({ var: variable });
      return Object.freeze({ var: variable, prop: name(v['prop'], `${path}.prop`, 'a property name') });
    }
    const keys = Object.keys(v);
    fail(path, `not an operand (keys ${keys.length === 0 ? 'none' : keys.join(', ')}); expected {var, prop}, {id}, {type}, {value} or {param}`);
  }

  // -------------------------------------------------------------- results

  #selectItem(v: unknown, path: string): SelectSpec {
    const o = obj(v, path, ['var', 'prop', 'id', 'type', 'agg', 'distinct', 'as']);
    const out: SelectSpec = {};
    const terms = ['var', 'id', 'type'].filter((k) => o[k] !== undefined);
    if (terms.length > 1) fail(path, `give one of "var", "id", "type", got ${terms.join(' and ')}`);
    if (o['var'] !== undefined) out.var = this.#use(o['var'], `${path}.var`);
    if (o['prop'] !== undefined) {
      if (out.var === undefined) fail(`${path}.prop`, '"prop" needs "var"');
      out.prop = name(o['prop'], `${path}.prop`, 'a property name');
    }
    if (o['id'] !== undefined) out.id = this.#use(o['id'], `${path}.id`);
    if (o['type'] !== undefined) out.type = this.#use(o['type'], `${path}.type`, 'edge');
    if (o['agg'] !== undefined) {
      const agg = o['agg'];
      if (typeof agg !== 'string' || !(AGGREGATES as readonly string[]).includes(agg)) {
        fail(`${path}.agg`, `unknown aggregate ${describe(agg)}; expected one of ${AGGREGATES.join(', ')}`);
      }
      out.agg = agg as AggregateName;
      if (terms.length === 0 && agg !== 'count') fail(path, `${agg} needs "var" (with "prop"), "id" or "type"`);
      if ((agg === 'min' || agg === 'max' || agg === 'sum' || agg === 'avg') && out.var !== undefined && out.prop === undefined) {
        fail(path, `${agg} of a whole node or edge means nothing; give "prop"`);
      }
    } else if (terms.length === 0) {
      fail(path, 'a column needs "var" (optionally with "prop"), "id", "type" or "agg"');
    }
    if (o['distinct'] !== undefined) {
      if (out.agg === undefined) fail(`${path}.distinct`, '"distinct" applies to an aggregate ("agg")');
      if (terms.length === 0) fail(`${path}.distinct`, 'count(*) counts rows; give "var" to count distinct values');
      out.distinct = bool(o['distinct'], `${path}.distinct`);
    }
    if (o['as'] !== undefined) out.as = name(o['as'], `${path}.as`, 'a column name');
    return Object.freeze(out);
  }

  #columns(select: SelectSpec[], nodes: NodeSpec[], edges: EdgeSpec[]): CheckedSpec['columns'] {
    const items: Array<{ item: SelectSpec; name: string; path: string }> = [];
    if (select.length === 0) {
      for (const n of nodes) items.push({ item: { var: n.var }, name: n.var, path: 'nodes' });
      for (const e of edges) if (e.var !== null) items.push({ item: { var: e.var }, name: e.var, path: 'edges' });
      return items;
    }
    const seen = new Set<string>();
    select.forEach((item, i) => {
      const path = `select[${i}]`;
      const col = columnName(item);
      if (seen.has(col)) fail(path, `column "${col}" appears twice; give one of them "as"`);
      seen.add(col);
      if (this.#vars.has(col) && !(item.var === col && item.prop === undefined && item.agg === undefined)) {
        fail(`${path}.as`, `column name "${col}" is the name of a pattern variable`);
      }
      items.push({ item, name: col, path });
    });
    return items;
  }

  #orderBy(v: unknown, columns: CheckedSpec['columns'], projected: boolean): OrderSpec[] {
    return arr(v, 'orderBy').map((x, i) => {
      const p = `orderBy[${i}]`;
      const o = obj(x, p, ['key', 'direction']);
      const key = name(o['key'], `${p}.key`, 'an order key');
      const dir = o['direction'] ?? 'asc';
      if (dir !== 'asc' && dir !== 'desc') fail(`${p}.direction`, `expected "asc" or "desc", got ${describe(dir)}`);
      if (!columns.some((c) => c.name === key)) {
        const dot = key.indexOf('.');
        const variable = dot < 0 ? key : key.slice(0, dot);
        if (projected) fail(`${p}.key`, `"${key}" is not a column; a distinct or aggregating query orders by its columns (${columns.map((c) => `"${c.name}"`).join(', ')})`);
        if (dot <= 0 || dot === key.length - 1 || !this.#vars.has(variable)) {
          fail(`${p}.key`, `"${key}" is neither a column nor "var.prop" of a pattern variable`);
        }
      }
      return Object.freeze({ key, direction: dir });
    });
  }

  #param(v: unknown, path: string): string {
    const s = ident(v, path, 'a parameter name');
    this.#params.add(s);
    return s;
  }

  #page(v: unknown, path: string): number | ParamOperand | null {
    if (v === undefined || v === null) return null;
    if (isObj(v)) {
      obj(v, path, ['param']);
      return Object.freeze({ param: this.#param(v['param'], `${path}.param`) });
    }
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(path, `expected a non-negative integer or {"param": name}, got ${describe(v)}`);
    return v;
  }
}

/** The column name of a select item: its `as`, else `a`, `a.name`, `id(a)`, `type(r)`, `count(*)`, `count(DISTINCT a.name)`. */
export function columnName(item: SelectSpec): string {
  if (item.as !== undefined) return item.as;
  const term =
    item.id !== undefined ? `id(${item.id})` : item.type !== undefined ? `type(${item.type})` : item.var === undefined ? '*' : item.prop === undefined ? item.var : `${item.var}.${item.prop}`;
  if (item.agg === undefined) return term;
  return `${item.agg}(${item.distinct === true ? 'DISTINCT ' : ''}${term})`;
}
