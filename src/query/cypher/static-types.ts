/**
 * What the semantic checks know of a value's type before the query runs:
 * pattern variables are nodes, relationships or paths; literals have their
 * type; most other expressions are `any`. Only a known type is ever
 * reported as an error (`NOT 123`, `labels(p)` of a path, `WITH 1 AS n
 * MATCH (n)`), so `any` never fails a check.
 */
import { BoxedFloat, isInt, type Value } from '../values/value.js';
import type { Expr } from './ast.js';

/** `rels` is the list of relationships a variable-length relationship variable holds. */
export type StaticType = 'node' | 'rel' | 'rels' | 'path' | 'list' | 'map' | 'int' | 'float' | 'string' | 'bool' | 'null' | 'any';

/** The variables in scope and what each is known to be. */
export type TypeScope = ReadonlyMap<string, StaticType>;

export function literalType(v: Value): StaticType {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (v instanceof BoxedFloat) return 'float';
  if (typeof v === 'number' || typeof v === 'bigint') return isInt(v) ? 'int' : 'float';
  if (Array.isArray(v)) return 'list';
  return 'any';
}

const BOOLEAN_KINDS = new Set<Expr['kind']>(['comparison', 'is-null', 'label-check', 'pattern-predicate', 'exists-subquery', 'quantifier']);

/** The type of `e` in `scope`, when it is known without running the query. */
export function staticType(e: Expr, scope: TypeScope): StaticType {
  if (BOOLEAN_KINDS.has(e.kind)) return 'bool';
  switch (e.kind) {
    case 'literal':
      return literalType(e.value);
    case 'variable':
      return scope.get(e.name) ?? 'any';
    case 'list':
    case 'list-comprehension':
    case 'pattern-comprehension':
      return 'list';
    case 'map':
    case 'map-projection':
      return 'map';
    case 'unary':
      if (e.op === 'not') return 'bool';
      return numericOrAny(staticType(e.operand, scope));
    case 'binary':
      return binaryType(e.op, staticType(e.left, scope), staticType(e.right, scope));
    default:
      return 'any';
  }
}

function numericOrAny(t: StaticType): StaticType {
  return t === 'int' || t === 'float' ? t : 'any';
}

function binaryType(op: string, l: StaticType, r: StaticType): StaticType {
  switch (op) {
    case 'or':
    case 'xor':
    case 'and':
    case 'in':
    case 'starts-with':
    case 'ends-with':
    case 'contains':
    case '=~':
      return 'bool';
    case '^':
      return l !== 'any' && r !== 'any' && isNumeric(l) && isNumeric(r) ? 'float' : 'any';
    case '+':
      if (l === 'list' || r === 'list' || l === 'rels' || r === 'rels') return 'list';
      if (l === 'string' && r === 'string') return 'string';
      return arithmeticType(l, r);
    default:
      return arithmeticType(l, r);
  }
}

function isNumeric(t: StaticType): boolean {
  return t === 'int' || t === 'float';
}

function arithmeticType(l: StaticType, r: StaticType): StaticType {
  if (l === 'int' && r === 'int') return 'int';
  if (isNumeric(l) && isNumeric(r)) return 'float';
  return 'any';
}

/** The element type of a list expression, when every element has the same known type. */
export function elementType(e: Expr, scope: TypeScope): StaticType {
  if (e.kind === 'literal' && Array.isArray(e.value)) {
    return commonType(e.value.map((v) => literalType(v)));
  }
  if (e.kind === 'list') return commonType(e.items.map((item) => staticType(item, scope)));
  if (staticType(e, scope) === 'rels') return 'rel';
  return 'any';
}

function commonType(types: StaticType[]): StaticType {
  const first = types[0];
  if (first === undefined) return 'any';
  return types.every((t) => t === first) ? first : 'any';
}

/** How a type is named in messages. */
export function typeName(t: StaticType): string {
  switch (t) {
    case 'rel':
      return 'Relationship';
    case 'rels':
      return 'List of relationships';
    case 'int':
      return 'Integer';
    case 'bool':
      return 'Boolean';
    default:
      return t.charAt(0).toUpperCase() + t.slice(1);
  }
}
