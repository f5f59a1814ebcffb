/**
 * The predicate helpers users import from 'sombradb' (`eq`, `and`, ...) and
 * the scoped predicate builder of `where(var, b => b.eq('name', 'Ada'))`.
 * Each helper returns a frozen version 2 predicate spec (plain data), so a
 * predicate can be built once, shared between queries and serialised.
 *
 * Operands: a target string `'a.name'` is property `name` of variable `a`,
 * `'a'` the node or edge itself; `prop`, `idOf`, `typeOf` and `param` make
 * operands explicitly. A value argument is a literal (null, boolean, number,
 * bigint, string, Uint8Array, Date) or an operand (`param('x')`,
 * `prop('b', 'age')`).
 */
import { InvalidArgError } from '../../base/errors.js';
import type { ComparisonOpName, OperandSpec, ParamOperand, PredicateSpec, StringOpName } from './query-spec.js';
import { describe, encodeLiteral, type LiteralInput, type LiteralJson } from './spec-literal.js';

/** A predicate: plain, frozen spec data. */
export type Predicate = PredicateSpec;

/** An operand: what `prop`, `idOf`, `typeOf` and `param` return. */
export type Operand = OperandSpec;

/** Where a predicate looks: `'a.name'`, `'a'`, or an operand. */
export type Target = string | Operand;

/** A value to compare with: a literal or an operand. */
export type ValueArg = LiteralInput | Operand;

/** Property `key` of variable `variable` (use it for keys with a dot). */
export function prop(variable: string, key: string): Operand {
  return Object.freeze({ var: variable, prop: key });
}

/** The id of a node or edge variable. */
export function idOf(variable: string): Operand {
  return Object.freeze({ id: variable });
}

/** The type name of an edge variable. */
export function typeOf(variable: string): Operand {
  return Object.freeze({ type: variable });
}

/** A parameter, given at run time: `execute({ params: { name: value } })`. */
export function param(name: string): ParamOperand {
  return Object.freeze({ param: name });
}

function isOperand(v: unknown): v is Operand {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** The operand a target names. */
export function targetOperand(t: Target): Operand {
  if (typeof t === 'string') {
    const dot = t.indexOf('.');
    return dot < 0 ? Object.freeze({ var: t }) : prop(t.slice(0, dot), t.slice(dot + 1));
  }
  if (isOperand(t)) return t;
  throw new InvalidArgError(`a predicate target is "var.prop", "var" or an operand (prop(), idOf(), typeOf(), param()), got ${describe(t)}`);
}

/** The operand of a value argument. */
export function valueOperand(v: ValueArg): Operand {
  if (isOperand(v)) return v;
  if (v === undefined) throw new InvalidArgError('a predicate value is undefined; use null and isNull for a missing property');
  return Object.freeze({ value: encodeLiteral(v) });
}

function cmp(op: ComparisonOpName | StringOpName, t: Target, v: ValueArg): Predicate {
  return Object.freeze({ op, args: Object.freeze([targetOperand(t), valueOperand(v)]) as [Operand, Operand] });
}

/** `t = v` (Cypher equality: 1 = 1.0; null is never equal to anything, use isNull). */
export const eq = (t: Target, v: ValueArg): Predicate => cmp('eq', t, v);
/** `t <> v` (false when either side is null). */
export const ne = (t: Target, v: ValueArg): Predicate => cmp('ne', t, v);
/** `t < v` (values of different types are not ordered: false). */
export const lt = (t: Target, v: ValueArg): Predicate => cmp('lt', t, v);
/** `t <= v`. */
export const le = (t: Target, v: ValueArg): Predicate => cmp('le', t, v);
/** `t > v`. */
export const gt = (t: Target, v: ValueArg): Predicate => cmp('gt', t, v);
/** `t >= v`. */
export const ge = (t: Target, v: ValueArg): Predicate => cmp('ge', t, v);
/** `t` starts with the string `v`. */
export const startsWith = (t: Target, v: ValueArg): Predicate => cmp('startsWith', t, v);
/** `t` ends with the string `v`. */
export const endsWith = (t: Target, v: ValueArg): Predicate => cmp('endsWith', t, v);
/** `t` contains the string `v`. */
export const contains = (t: Target, v: ValueArg): Predicate => cmp('contains', t, v);

/** `low <= t <= high`; `inclusive` says which bounds count (default both). */
export function between(t: Target, low: ValueArg, high: ValueArg, inclusive: readonly [boolean, boolean] = [true, true]): Predicate {
  return Object.freeze({
    op: 'between',
    args: Object.freeze([targetOperand(t), valueOperand(low), valueOperand(high)]) as [Operand, Operand, Operand],
    inclusive: Object.freeze([inclusive[0], inclusive[1]]) as [boolean, boolean],
  });
}

/** `t` is one of `values` (a list of literals, or a parameter holding a list). */
export function inList(t: Target, values: readonly LiteralInput[] | ParamOperand): Predicate {
  const list: Operand = Array.isArray(values) ? Object.freeze({ value: Object.freeze(values.map((v: LiteralInput) => encodeLiteral(v))) as LiteralJson[] }) : (values as ParamOperand);
  return Object.freeze({ op: 'inList', args: Object.freeze([targetOperand(t), list]) as [Operand, Operand] });
}

/** The property exists (is not null). */
export const exists = (t: Target): Predicate => Object.freeze({ op: 'exists', args: Object.freeze([targetOperand(t)]) as [Operand] });
/** The value is null (a missing property is null). */
export const isNull = (t: Target): Predicate => Object.freeze({ op: 'isNull', args: Object.freeze([targetOperand(t)]) as [Operand] });
/** The value is not null. */
export const isNotNull = (t: Target): Predicate => Object.freeze({ op: 'isNotNull', args: Object.freeze([targetOperand(t)]) as [Operand] });

/** The node has the label (an edge: its type is `label`). */
export function hasLabel(variable: string, label: string): Predicate {
  return Object.freeze({ op: 'hasLabel', args: Object.freeze([Object.freeze({ var: variable })]) as [Operand], label });
}

/** All of `ps` (three-valued: false wins, then null). */
export function and(...ps: Predicate[]): Predicate {
  return Object.freeze({ op: 'and', args: Object.freeze(ps.slice()) as Predicate[] });
}

/** Any of `ps` (three-valued: true wins, then null). */
export function or(...ps: Predicate[]): Predicate {
  return Object.freeze({ op: 'or', args: Object.freeze(ps.slice()) as Predicate[] });
}

/** Not `p` (not null is null). */
export function not(p: Predicate): Predicate {
  return Object.freeze({ op: 'not', args: Object.freeze([p]) as [Predicate] });
}

/** A key inside a scope: a property name of the scope's variable, or an operand (`b.id`). */
export type ScopeKey = string | Operand;

/**
 * The predicates of one variable, joined by AND: `b => b.eq('name', 'Ada').gt('age', 30)`.
 * Immutable: every call returns a new scope.
 */
export class PredicateScope {
  readonly #variable: string;
  readonly #parts: readonly Predicate[];

  constructor(variable: string, parts: readonly Predicate[] = []) {
    this.#variable = variable;
    this.#parts = parts;
  }

  /** The variable's id, as an operand: `b.eq(b.id, 42)`. */
  get id(): Operand {
    return idOf(this.#variable);
  }

  /** The edge variable's type name, as an operand. */
  get type(): Operand {
    return typeOf(this.#variable);
  }

  #t(k: ScopeKey): Operand {
    return typeof k === 'string' ? prop(this.#variable, k) : targetOperand(k);
  }

  #add(p: Predicate): PredicateScope {
    return new PredicateScope(this.#variable, [...this.#parts, p]);
  }

  eq(k: ScopeKey, v: ValueArg): PredicateScope {
    return this.#add(eq(this.#t(k), v));
  }
  ne(k: ScopeKey, v: ValueArg): PredicateScope {
    return this.#add(ne(this.#t(k), v));
  }
  lt(k: ScopeKey, v: ValueArg): PredicateScope {
    return this.#add(lt(this.#t(k), v));
  }
  le(k: ScopeKey, v: ValueArg): PredicateScope {
    return this.#add(le(this.#t(k), v));
  }
  gt(k: ScopeKey, v: ValueArg): PredicateScope {
    return this.#add(gt(this.#t(k), v));
  }
  ge(k: ScopeKey, v: ValueArg): PredicateScope {
    return this.#add(ge(this.#t(k), v));
  }
  between(k: ScopeKey, low: ValueArg, high: ValueArg, inclusive?: readonly [boolean, boolean]): PredicateScope {
    return this.#add(between(this.#t(k), low, high, inclusive));
  }
  inList(k: ScopeKey, values: readonly LiteralInput[] | ParamOperand): PredicateScope {
    return this.#add(inList(this.#t(k), values));
  }
  exists(k: ScopeKey): PredicateScope {
    return this.#add(exists(this.#t(k)));
  }
  isNull(k: ScopeKey): PredicateScope {
    return this.#add(isNull(this.#t(k)));
  }
  isNotNull(k: ScopeKey): PredicateScope {
    return this.#add(isNotNull(this.#t(k)));
  }
  startsWith(k: ScopeKey, v: ValueArg): PredicateScope {
    return this.#add(startsWith(this.#t(k), v));
  }
  endsWith(k: ScopeKey, v: ValueArg): PredicateScope {
    return this.#add(endsWith(this.#t(k), v));
  }
  contains(k: ScopeKey, v: ValueArg): PredicateScope {
    return this.#add(contains(this.#t(k), v));
  }
  hasLabel(label: string): PredicateScope {
    return this.#add(hasLabel(this.#variable, label));
  }
  /** Any predicate (`where(var, b => b.where(or(...)))`). */
  where(p: Predicate): PredicateScope {
    return this.#add(p);
  }
  /** The AND of what `fn` builds, as one part. */
  and(fn: (s: PredicateScope) => PredicateScope): PredicateScope {
    return this.#add(fn(new PredicateScope(this.#variable)).toPredicate('and'));
  }
  /** The OR of the parts `fn` builds, as one part: `b.or(s => s.eq('a', 1).eq('a', 2))`. */
  or(fn: (s: PredicateScope) => PredicateScope): PredicateScope {
    return this.#add(fn(new PredicateScope(this.#variable)).toPredicate('or'));
  }
  /** NOT of the AND of what `fn` builds. */
  not(fn: (s: PredicateScope) => PredicateScope): PredicateScope {
    return this.#add(not(fn(new PredicateScope(this.#variable)).toPredicate('and')));
  }

  /** The scope's parts joined by `join` (a single part as itself); null when empty. */
  toPredicate(join: 'and' | 'or' = 'and'): Predicate {
    if (this.#parts.length === 0) throw new InvalidArgError(`the predicate scope of "${this.#variable}" is empty`);
    if (this.#parts.length === 1) return this.#parts[0]!;
    return join === 'and' ? and(...this.#parts) : or(...this.#parts);
  }
}
