/**
 * The original Sombra's QuerySpec v1 (`$schemaVersion: 1`), translated into
 * a version 2 spec so that its clients keep working:
 *
 *   { "$schemaVersion": 1, "request_id": "r1",
 *     "matches": [{"var":"a","label":"User"}, {"var":"b","label":"User"}],
 *     "edges": [{"from":"a","to":"b","edge_type":"FOLLOWS","direction":"out"}],
 *     "predicate": {"op":"and","args":[{"op":"eq","var":"a","prop":"name","value":{"t":"String","v":"Ada"}}]},
 *     "projections": [{"kind":"var","var":"a"}, {"kind":"prop","var":"b","prop":"name","alias":"bname"}],
 *     "distinct": false }
 *
 * What changes on the way (docs/query.md, "Version 1 specs"):
 * - `edge_type` and `edgeType` are both read (the original read only
 *   `edgeType` and silently matched every type for clients that sent
 *   `edge_type`); a string or a list of strings; null means any type.
 * - Literals are tagged `{t, v}`: Null, Bool, Int (number or decimal string),
 *   Float, String, Bytes (base64), DateTime (nanoseconds since the epoch, a
 *   number or a decimal string; Sombra keeps milliseconds, so a value that is
 *   not a whole millisecond is refused rather than rounded).
 * - `eq` with a Null literal meant "missing or null" in the original: it
 *   becomes isNull; `ne` with Null becomes isNotNull. Other comparisons
 *   follow version 2 (Cypher) semantics: a comparison of values of
 *   different types is false instead of an error.
 * - `request_id` / `requestId` and `redact_literals` / `redactLiterals` are
 *   accepted and ignored. Any other unknown key is an error.
 *
 * Errors name paths of the version 1 spec (`predicate.args[0].value`).
 */
import { QuerySpecError } from './spec-error.js';
import { describe, type LiteralJson } from './spec-literal.js';
import type { OperandSpec, PredicateSpec, SelectSpec } from './query-spec.js';

type Obj = Record<string, unknown>;

const IGNORED_KEYS = ['request_id', 'requestId', 'redact_literals', 'redactLiterals'];
const NS_PER_MS = 1_000_000n;

function fail(path: string, detail: string): never {
  throw new QuerySpecError(path, `${detail} (version 1 spec)`);
}

function obj(v: unknown, path: string, allowed: readonly string[]): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) fail(path, `expected an object, got ${describe(v)}`);
  const o = v as Obj;
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(path, `unknown key "${k}"`);
  return o;
}

function arr(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) fail(path, `expected an array, got ${describe(v)}`);
  return v;
}

/** Whether `spec` says it is a version 1 spec. */
export function isSpecV1(spec: unknown): boolean {
  return typeof spec === 'object' && spec !== null && (spec as Obj)['$schemaVersion'] === 1;
}

/** A version 2 spec (unchecked: `checkSpec` validates it next) meaning what the version 1 spec meant. */
export function translateSpecV1(spec: unknown): Record<string, unknown> {
  const o = obj(spec, '', ['$schemaVersion', 'matches', 'edges', 'predicate', 'projections', 'distinct', ...IGNORED_KEYS]);
  const nodes = arr(o['matches'], 'matches').map((m, i) => {
    const mo = obj(m, `matches[${i}]`, ['var', 'label']);
    return { var: mo['var'], label: mo['label'] ?? null };
  });
  const edges = o['edges'] === undefined || o['edges'] === null ? [] : arr(o['edges'], 'edges').map((e, i) => translateEdge(e, `edges[${i}]`));
  const where = o['predicate'] === undefined || o['predicate'] === null ? null : translatePredicate(o['predicate'], 'predicate', 0);
  const select: SelectSpec[] = o['projections'] === undefined || o['projections'] === null ? [] : arr(o['projections'], 'projections').map((p, i) => translateProjection(p, `projections[${i}]`));
  return { $schemaVersion: 2, nodes, edges, where, select, distinct: o['distinct'] ?? false };
}

function translateEdge(e: unknown, path: string): Obj {
  const o = obj(e, path, ['from', 'to', 'edge_type', 'edgeType', 'direction']);
  if (o['edge_type'] !== undefined && o['edgeType'] !== undefined && JSON.stringify(o['edge_type']) !== JSON.stringify(o['edgeType'])) {
    fail(path, `"edge_type" ${describe(o['edge_type'])} and "edgeType" ${describe(o['edgeType'])} disagree`);
  }
  const t = o['edge_type'] ?? o['edgeType'] ?? null;
  const types = t === null ? [] : Array.isArray(t) ? t : [t];
  return { from: o['from'], to: o['to'], types, direction: o['direction'] ?? 'out' };
}

function translateProjection(p: unknown, path: string): SelectSpec {
  const o = obj(p, path, ['kind', 'var', 'prop', 'alias', 'as']);
  const out: Record<string, unknown> = { var: o['var'] };
  if (o['kind'] === 'prop') out['prop'] = o['prop'];
  else if (o['kind'] !== 'var') fail(`${path}.kind`, `expected "var" or "prop", got ${describe(o['kind'])}`);
  const alias = o['alias'] ?? o['as'];
  if (alias !== undefined && alias !== null) out['as'] = alias;
  return out as SelectSpec;
}

function translatePredicate(p: unknown, path: string, depth: number): PredicateSpec {
  // Depth is checked again (with its limit) on the version 2 spec; this bound only keeps the recursion finite.
  if (depth > 1000) fail(path, 'predicates nest too deep');
  if (p === null || typeof p !== 'object' || Array.isArray(p)) fail(path, `expected a predicate object, got ${describe(p)}`);
  const op = (p as Obj)['op'];
  const target = (o: Obj): OperandSpec => ({ var: o['var'], prop: o['prop'] }) as OperandSpec;
  switch (op) {
    case 'and':
    case 'or':
    case 'not': {
      const o = obj(p, path, ['op', 'args']);
      const args = arr(o['args'], `${path}.args`).map((a, i) => translatePredicate(a, `${path}.args[${i}]`, depth + 1));
      return { op, args } as PredicateSpec;
    }
    case 'eq':
    case 'ne':
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const o = obj(p, path, ['op', 'var', 'prop', 'value']);
      const value = translateLiteral(o['value'], `${path}.value`);
      if (value === null && op === 'eq') return { op: 'isNull', args: [target(o)] };
      if (value === null && op === 'ne') return { op: 'isNotNull', args: [target(o)] };
      return { op, args: [target(o), { value }] };
    }
    case 'between': {
      const o = obj(p, path, ['op', 'var', 'prop', 'low', 'high', 'inclusive']);
      const spec: PredicateSpec = {
        op: 'between',
        args: [target(o), { value: translateLiteral(o['low'], `${path}.low`) }, { value: translateLiteral(o['high'], `${path}.high`) }],
      };
      if (o['inclusive'] !== undefined) spec.inclusive = o['inclusive'] as [boolean, boolean];
      return spec;
    }
    case 'in': {
      const o = obj(p, path, ['op', 'var', 'prop', 'values']);
      const values = arr(o['values'], `${path}.values`)
        .map((v, i) => translateLiteral(v, `${path}.values[${i}]`))
        .filter((v) => v !== null);
      return { op: 'inList', args: [target(o), { value: values }] };
    }
    case 'exists': {
      const o = obj(p, path, ['op', 'var', 'prop']);
      return { op: 'exists', args: [target(o)] };
    }
    case 'isnull':
    case 'isNull':
    case 'isnotnull':
    case 'isNotNull': {
      const o = obj(p, path, ['op', 'var', 'prop']);
      return { op: op.toLowerCase() === 'isnull' ? 'isNull' : 'isNotNull', args: [target(o)] };
    }
    default:
      fail(`${path}.op`, `unknown op ${describe(op)}`);
  }
}

/** A version 1 tagged literal (or a plain JSON scalar) as a version 2 literal. */
function translateLiteral(v: unknown, path: string): LiteralJson {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  const o = obj(v, path, ['t', 'v']);
  const x = o['v'];
  const bad = (what: string): never => fail(`${path}.v`, `a ${String(o['t'])} literal's "v" must be ${what}, got ${describe(x)}`);
  switch (o['t']) {
    case 'Null':
      return null;
    case 'Bool':
      return typeof x === 'boolean' ? x : bad('true or false');
    case 'String':
      return typeof x === 'string' ? x : bad('a string');
    case 'Int': {
      if (typeof x === 'number' && Number.isSafeInteger(x)) return x;
      if (typeof x === 'string' && /^-?\d+$/.test(x)) {
        const b = BigInt(x);
        return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : { t: 'Int', v: x };
      }
      return bad('an integer (a safe integer number or a decimal string)');
    }
    case 'Float':
      if (typeof x !== 'number') return bad('a number');
      return Number.isSafeInteger(x) || Object.is(x, -0) ? { t: 'Float', v: Object.is(x, -0) ? '-0' : x } : x;
    case 'Bytes':
      return typeof x === 'string' ? { t: 'Bytes', v: x } : bad('a base64 string');
    case 'DateTime': {
      let ns: bigint;
      if (typeof x === 'number' && Number.isSafeInteger(x)) ns = BigInt(x);
      else if (typeof x === 'string' && /^-?\d+$/.test(x)) ns = BigInt(x);
      else return bad('nanoseconds since the epoch (an integer or a decimal string)');
      if (ns % NS_PER_MS !== 0n) fail(`${path}.v`, `DateTime ${ns} ns is not a whole millisecond; Sombra stores dates in milliseconds`);
      const ms = Number(ns / NS_PER_MS);
      if (Math.abs(ms) > 8.64e15) fail(`${path}.v`, `DateTime ${ns} ns is outside the range of a date`);
      return { t: 'DateTime', v: new Date(ms).toISOString() };
    }
    default:
      return fail(`${path}.t`, `unknown literal tag ${describe(o['t'])}`);
  }
}
