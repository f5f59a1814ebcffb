/**
 * The query builder: `db.query()` returns one. Immutable: every call returns
 * a new builder around a new frozen version 2 spec (`query-spec.ts`), so a
 * builder can be kept, shared and extended without surprises. Running it
 * validates the spec once (QuerySpecError, INVALID_ARG, naming the spec
 * path), translates it into the query AST once (`spec-to-ast.ts`) and hands
 * that one Statement object to the engine every time, so the engine's plan
 * cache (per Statement identity) serves a builder run many times with
 * different `params`. The same holds for `db.query(builder.toSpec())`: the
 * frozen spec object maps to its compiled Statement.
 *
 * @example
 *   const rows = await db.query()
 *     .match({ a: 'User', b: 'User' })
 *     .where('a', (b) => b.eq('name', 'Ada'))
 *     .edge('a', 'b', 'FOLLOWS')
 *     .select('b.name')
 *     .orderBy('b.name')
 *     .execute();
 */
import { InvalidArgError } from '../../base/errors.js';
import { QUERY_HOPS_MAX } from '../../base/limits.js';
import type { Statement } from '../cypher/ast.js';
import type { PlanDescription } from '../plan/plan-description.js';
import type { QueryRow } from '../exec/query-result.js';
import type { StatementRunner } from '../exec/statement-runner.js';
import { normInt, type Value } from '../values/value.js';
import { and, or, PredicateScope, type Predicate } from './predicates.js';
import { checkSpec, type AggregateName, type CheckedSpec, type EdgeDirection, type EdgeSpec, type NodeSpec, type ParamOperand, type QuerySpec, type SelectSpec } from './query-spec.js';
import { describe, type LiteralInput } from './spec-literal.js';
import { specToAst } from './spec-to-ast.js';
import { isSpecV1, translateSpecV1 } from './spec-v1.js';

/** A parameter value: a property value or a list of them. */
export type QueryParam = LiteralInput | readonly QueryParam[];

/** Options of `execute` and `stream`. */
export interface QueryOptions {
  /** Cancels the query (CANCELLED). */
  signal?: AbortSignal;
  /** Values of the spec's parameters (`param('name')`). */
  params?: Record<string, QueryParam>;
}

/** Options of `explain`. */
export interface ExplainOptions extends QueryOptions {
  /** Run the query and report actual rows and times per operator. */
  analyze?: boolean;
}

/** Options of an edge step. */
export interface EdgeOptions {
  /** A variable for the edge, to filter it or return it. */
  var?: string;
  /** Default: the last `direction(...)` call, else `'out'`. */
  direction?: EdgeDirection;
  /** Variable length: at least this many hops (default 1 when maxHops is given). */
  minHops?: number;
  /** Variable length: at most this many hops (default and maximum 16). */
  maxHops?: number;
}

/** A column: `'a'`, `'a.name'`, or a select object (`{ var, prop, as }`, `{ agg: 'count', as: 'n' }`). */
export type SelectArg = string | SelectSpec;

/** What `match` takes: a label, `{ var, label }`, `{ var }`, or `{ a: 'User', b: null }`. */
export type MatchArg = string | { var: string; label?: string | null } | Record<string, string | null | { label?: string | null }>;

const EMPTY_SPEC: QuerySpec = Object.freeze({
  $schemaVersion: 2,
  nodes: Object.freeze([]) as unknown as NodeSpec[],
  edges: Object.freeze([]) as unknown as EdgeSpec[],
  where: null,
  select: Object.freeze([]) as unknown as SelectSpec[],
  distinct: false,
  orderBy: Object.freeze([]) as unknown as QuerySpec['orderBy'],
  skip: null,
  limit: null,
});

/**
 * What a spec compiled to, by spec object: builder specs are deeply frozen,
 * so a spec handed back to `db.query(spec)` (a `toSpec()` result, or the
 * same builder's spec reached again) skips validation and reuses the same
 * Statement, and with it the engine's cached plan.
 */
interface Compiled {
  checked: CheckedSpec;
  statement: Statement | null;
}
const compiledSpecs = new WeakMap<object, Compiled>();
/** Specs the builder made: deeply frozen by construction, so safe to take as they are. */
const builderSpecs = new WeakSet<object>();

/** Builder state that is not part of the spec. */
class Derived {
  constructor(
    readonly spec: QuerySpec,
    /** The variable `where(fn)` applies to: the last one declared. */
    readonly current: string | null,
    /** The direction of the next edge step (`direction(...)`). */
    readonly pendingDirection: EdgeDirection | null,
  ) {}
}

function frozenPush<T>(list: readonly T[], item: T): T[] {
  return Object.freeze([...list, item]) as T[];
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export class QueryBuilder {
  readonly #runner: StatementRunner;
  readonly #spec: QuerySpec;
  readonly #current: string | null;
  readonly #pendingDirection: EdgeDirection | null;
  #compiled: Compiled | null = null;

  /**
   * A builder over `runner`; with `spec` (version 2, or the original's
   * version 1), a builder around that spec, validated now.
   */
  constructor(runner: StatementRunner, spec?: unknown) {
    this.#runner = runner;
    if (spec instanceof Derived) {
      this.#spec = spec.spec;
      this.#current = spec.current;
      this.#pendingDirection = spec.pendingDirection;
    } else if (spec === undefined) {
      this.#spec = EMPTY_SPEC;
      this.#current = null;
      this.#pendingDirection = null;
    } else if (typeof spec === 'object' && spec !== null && builderSpecs.has(spec)) {
      this.#spec = spec as QuerySpec;
      const nodes = this.#spec.nodes;
      this.#current = nodes.length === 0 ? null : nodes[nodes.length - 1]!.var;
      this.#pendingDirection = null;
      this.#compile(); // validated now, as any spec given to db.query; once per spec object
    } else {
      const known = typeof spec === 'object' && spec !== null ? compiledSpecs.get(spec) : undefined;
      this.#compiled = known ?? { checked: checkSpec(isSpecV1(spec) ? translateSpecV1(spec) : spec), statement: null };
      if (known === undefined) compiledSpecs.set(this.#compiled.checked.spec, this.#compiled);
      this.#spec = known === undefined ? this.#compiled.checked.spec : (spec as QuerySpec);
      const nodes = this.#spec.nodes;
      this.#current = nodes.length === 0 ? null : nodes[nodes.length - 1]!.var;
      this.#pendingDirection = null;
    }
  }

  #with(changes: Partial<QuerySpec>, current = this.#current, pendingDirection = this.#pendingDirection): QueryBuilder {
    const spec = Object.freeze({ ...this.#spec, ...changes });
    builderSpecs.add(spec);
    return new QueryBuilder(this.#runner, new Derived(spec, current, pendingDirection));
  }

  #declared(variable: string): boolean {
    return this.#spec.nodes.some((n) => n.var === variable) || this.#spec.edges.some((e) => e.var === variable);
  }

  #addNode(variable: string, label: string | null): QueryBuilder {
    if (this.#declared(variable)) throw new InvalidArgError(`variable "${variable}" is already declared`);
    return this.#with({ nodes: frozenPush(this.#spec.nodes, Object.freeze({ var: variable, label })) }, variable);
  }

  #autoVar(): string {
    for (let i = 0; ; i++) if (!this.#declared(`n${i}`)) return `n${i}`;
  }

  // -------------------------------------------------------------- pattern

  /** A node variable (`n0`, `n1`, ...) with `label`; `where(fn)` then applies to it. */
  nodes(label: string): QueryBuilder {
    return this.#addNode(this.#autoVar(), label);
  }

  /** Node variables: a label (auto variable), `{ var, label }`, `{ var }` (any node), or `{ a: 'User', b: null }`. */
  match(arg: MatchArg): QueryBuilder {
    if (typeof arg === 'string') return this.nodes(arg);
    if (arg === null || typeof arg !== 'object') throw new InvalidArgError(`match takes a label or an object, got ${describe(arg)}`);
    const keys = Object.keys(arg);
    if (typeof arg['var'] === 'string' && keys.every((k) => k === 'var' || k === 'label')) {
      const label = (arg as { label?: string | null }).label ?? null;
      return this.#addNode(arg['var'], label);
    }
    let b: QueryBuilder = this;
    for (const k of keys) {
      const v = (arg as Record<string, unknown>)[k];
      const label = v === null || v === undefined ? null : typeof v === 'string' ? v : (v as { label?: string | null }).label ?? null;
      b = b.#addNode(k, label);
    }
    return b;
  }

  /** The direction of the next `edge` step (`'out'` unless told). */
  direction(direction: EdgeDirection): QueryBuilder {
    if (direction !== 'out' && direction !== 'in' && direction !== 'both') throw new InvalidArgError(`direction must be "out", "in" or "both", got ${describe(direction)}`);
    return this.#with({}, this.#current, direction);
  }

  /** Both directions for the next `edge` step (the original's `bidirectional()`). */
  bidirectional(flag = true): QueryBuilder {
    return this.#with({}, this.#current, flag ? 'both' : 'out');
  }

  /**
   * An edge step from `from` to `to` of any of `types` (none: any type). With
   * `minHops`/`maxHops`, a variable-length step.
   */
  edge(from: string, to: string, types?: string | readonly string[] | null, options: EdgeOptions = {}): QueryBuilder {
    const list = types === undefined || types === null ? [] : typeof types === 'string' ? [types] : types.slice();
    const edge: EdgeSpec = Object.freeze({
      var: options.var ?? null,
      from,
      to,
      types: Object.freeze(list) as string[],
      direction: options.direction ?? this.#pendingDirection ?? 'out',
      minHops: options.minHops ?? (options.maxHops !== undefined ? 1 : null),
      maxHops: options.maxHops ?? (options.minHops !== undefined ? QUERY_HOPS_MAX : null),
    });
    if (edge.var !== null && this.#declared(edge.var)) throw new InvalidArgError(`variable "${edge.var}" is already declared`);
    return this.#with({ edges: frozenPush(this.#spec.edges, edge) }, this.#current, null);
  }

  // -------------------------------------------------------------- predicates

  #predicateOf(a: string | Predicate | ((b: PredicateScope) => PredicateScope), fn?: (b: PredicateScope) => PredicateScope): Predicate {
    if (typeof a === 'string') {
      if (typeof fn !== 'function') throw new InvalidArgError(`where("${a}", fn): fn must be a function building the predicates of "${a}"`);
      return fn(new PredicateScope(a)).toPredicate();
    }
    if (typeof a === 'function') {
      if (this.#current === null) throw new InvalidArgError('where(fn) applies to the last declared variable, and there is none: use where(var, fn)');
      return a(new PredicateScope(this.#current)).toPredicate();
    }
    if (a === null || typeof a !== 'object') throw new InvalidArgError(`where takes (var, fn), (fn) or a predicate, got ${describe(a)}`);
    return deepFreeze(a);
  }

  /**
   * Adds a predicate, ANDed with those before: `where('a', b => b.eq('name', 'Ada'))`,
   * `where(b => ...)` (the last declared variable), or `where(eq('a.age', 30))`.
   */
  where(predicate: Predicate): QueryBuilder;
  where(fn: (b: PredicateScope) => PredicateScope): QueryBuilder;
  where(variable: string, fn: (b: PredicateScope) => PredicateScope): QueryBuilder;
  where(a: string | Predicate | ((b: PredicateScope) => PredicateScope), fn?: (b: PredicateScope) => PredicateScope): QueryBuilder {
    const p = this.#predicateOf(a, fn);
    const cur = this.#spec.where;
    return this.#with({ where: cur === null ? p : cur.op === 'and' ? and(...cur.args, p) : and(cur, p) });
  }

  /** Same as `where`. */
  andWhere(predicate: Predicate): QueryBuilder;
  andWhere(fn: (b: PredicateScope) => PredicateScope): QueryBuilder;
  andWhere(variable: string, fn: (b: PredicateScope) => PredicateScope): QueryBuilder;
  andWhere(a: string | Predicate | ((b: PredicateScope) => PredicateScope), fn?: (b: PredicateScope) => PredicateScope): QueryBuilder {
    return this.where(a as string, fn as (b: PredicateScope) => PredicateScope);
  }

  /** Adds a predicate ORed with everything before it: `(earlier) OR p`. */
  orWhere(predicate: Predicate): QueryBuilder;
  orWhere(fn: (b: PredicateScope) => PredicateScope): QueryBuilder;
  orWhere(variable: string, fn: (b: PredicateScope) => PredicateScope): QueryBuilder;
  orWhere(a: string | Predicate | ((b: PredicateScope) => PredicateScope), fn?: (b: PredicateScope) => PredicateScope): QueryBuilder {
    const p = this.#predicateOf(a, fn);
    const cur = this.#spec.where;
    return this.#with({ where: cur === null ? p : or(cur, p) });
  }

  /** The predicates of one variable: `on('b', s => s.gt('age', 30))` (same as `where(var, fn)`). */
  on(variable: string, fn: (b: PredicateScope) => PredicateScope): QueryBuilder {
    return this.where(variable, fn);
  }

  // -------------------------------------------------------------- results

  /**
   * The result columns (replacing earlier ones): `'a'` (the node or edge),
   * `'a.name'`, `{ var, prop, as }`, `{ id: 'a' }`, `{ type: 'r' }`, and
   * aggregates `{ agg: 'count' | 'min' | 'max' | 'sum' | 'avg' | 'collect', var?, prop?, distinct?, as? }`
   * grouped by the other columns. None: every variable.
   */
  select(...items: Array<SelectArg | readonly SelectArg[]>): QueryBuilder {
    const flat = items.flat() as SelectArg[];
    const select = flat.map((s): SelectSpec => {
      if (typeof s === 'string') {
        const dot = s.indexOf('.');
        return Object.freeze(dot < 0 ? { var: s } : { var: s.slice(0, dot), prop: s.slice(dot + 1) });
      }
      if (s === null || typeof s !== 'object') throw new InvalidArgError(`select takes "var", "var.prop" or a select object, got ${describe(s)}`);
      return deepFreeze({ ...s });
    });
    return this.#with({ select: Object.freeze(select) as SelectSpec[] });
  }

  /** An aggregate column: `aggregate('count')` is count(*); `aggregate('avg', 'b.age', { as: 'age' })`. */
  aggregate(agg: AggregateName, target?: string, options: { distinct?: boolean; as?: string } = {}): QueryBuilder {
    const item: SelectSpec = { agg };
    if (target !== undefined) {
      const dot = target.indexOf('.');
      item.var = dot < 0 ? target : target.slice(0, dot);
      if (dot >= 0) item.prop = target.slice(dot + 1);
    }
    if (options.distinct !== undefined) item.distinct = options.distinct;
    if (options.as !== undefined) item.as = options.as;
    return this.#with({ select: frozenPush(this.#spec.select, Object.freeze(item)) });
  }

  /** Drops duplicate rows. */
  distinct(flag = true): QueryBuilder {
    return this.#with({ distinct: flag });
  }

  /** Adds a sort key (a column name, or `var.prop`); keys sort in the order added. Nulls sort last ascending, first descending. */
  orderBy(key: string, direction: 'asc' | 'desc' = 'asc'): QueryBuilder {
    return this.#with({ orderBy: frozenPush(this.#spec.orderBy, Object.freeze({ key, direction })) });
  }

  /** Skips the first `n` rows (after ordering). */
  skip(n: number | ParamOperand): QueryBuilder {
    return this.#with({ skip: deepFreeze(n) });
  }

  /** At most `n` rows. */
  limit(n: number | ParamOperand): QueryBuilder {
    return this.#with({ limit: deepFreeze(n) });
  }

  // -------------------------------------------------------------- running

  /** The spec: plain, frozen, JSON-serialisable data; `db.query(spec)` builds the same query. */
  toSpec(): QuerySpec {
    return this.#spec;
  }

  /** The validated spec (validates on first call, or finds it compiled already). */
  #compile(): Compiled {
    if (this.#compiled === null) {
      const known = compiledSpecs.get(this.#spec);
      if (known !== undefined) this.#compiled = known;
      else {
        const compiled: Compiled = { checked: checkSpec(this.#spec), statement: null };
        compiledSpecs.set(this.#spec, compiled);
        compiledSpecs.set(compiled.checked.spec, compiled);
        this.#compiled = compiled;
      }
    }
    return this.#compiled;
  }

  #check(): CheckedSpec {
    return this.#compile().checked;
  }

  /** The query's AST: validated and built once per spec, then the same object every call. */
  toStatement(): Statement {
    const c = this.#compile();
    c.statement ??= specToAst(c.checked);
    return c.statement;
  }

  #params(options: QueryOptions | undefined): Record<string, Value> {
    const given = options?.params ?? {};
    const needed = this.#check().params;
    const out: Record<string, Value> = {};
    for (const p of needed) {
      if (!Object.prototype.hasOwnProperty.call(given, p)) throw new InvalidArgError(`missing parameter "${p}" (execute({ params: { ${p}: ... } }))`);
    }
    for (const k of Object.keys(given)) out[k] = paramValue(given[k], k);
    return out;
  }

  /** Runs the query; resolves to its rows, each keyed by column name. */
  async execute(options?: QueryOptions): Promise<QueryRow[]> {
    const statement = this.toStatement();
    const params = this.#params(options);
    const result = await this.#runner.execute(statement, params, options?.signal === undefined ? {} : { signal: options.signal });
    return result.rows;
  }

  /** Runs the query lazily: rows as they are produced, from one snapshot released when the iteration ends. */
  stream(options?: QueryOptions): AsyncIterableIterator<QueryRow> {
    const statement = this.toStatement();
    const params = this.#params(options);
    return this.#runner.stream(statement, params, options?.signal === undefined ? {} : { signal: options.signal });
  }

  /** The plan; with `analyze`, runs the query and adds actual rows and times. */
  async explain(options: ExplainOptions = {}): Promise<PlanDescription> {
    const statement = this.toStatement();
    const params = this.#params(options);
    const opts: { analyze?: boolean; signal?: AbortSignal } = { analyze: options.analyze === true };
    if (options.signal !== undefined) opts.signal = options.signal;
    return this.#runner.explain(statement, params, opts);
  }
}

/** A parameter value in the engine's canonical form (bigints in the safe range as numbers). */
function paramValue(v: unknown, name: string): Value {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') return normInt(v);
  if (v instanceof Uint8Array || v instanceof Date) return v;
  if (Array.isArray(v)) return v.map((x: unknown) => paramValue(x, name));
  throw new InvalidArgError(`parameter "${name}": ${describe(v)} is not a query value (null, boolean, number, bigint, string, Uint8Array, Date, or a list of them)`);
}
