/**
 * A naive reference evaluator of version 2 query specs over an in-memory
 * graph, written from docs/query.md (Cypher semantics) and not from the
 * engine: enumerate every assignment of the node variables, then every
 * choice of edges (single hops and trails for variable-length steps) with no
 * edge bound twice, apply the predicate with three-valued logic, project,
 * group, deduplicate, order, page.
 *
 * It returns the rows before paging together with the page bounds, because
 * with ties at a page boundary (or no orderBy at all) several answers are
 * right: `compareWithReference` accepts exactly those.
 */
import assert from 'node:assert/strict';
import type { PropValue } from '../../../src/index.js';
import type { OperandSpec, PredicateSpec, QuerySpec, SelectSpec } from '../../../src/query/builder/query-spec.js';
import { columnName } from '../../../src/query/builder/query-spec.js';
import { Node, Relationship } from '../../../src/query/values/public-values.js';

export interface RefNode {
  id: number;
  labels: string[];
  props: Record<string, PropValue>;
}

export interface RefEdge {
  id: number;
  src: number;
  dst: number;
  type: string;
  props: Record<string, PropValue>;
}

export interface RefGraph {
  nodes: RefNode[];
  edges: RefEdge[];
}

/** A value inside the evaluator. */
type RVal = null | boolean | number | bigint | string | Uint8Array | Date | { node: RefNode } | { rel: RefEdge } | RVal[];

type Tri = boolean | null;

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function canonInt(b: bigint): number | bigint {
  return b >= -SAFE && b <= SAFE ? Number(b) : b;
}

function isNum(v: RVal): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

function isNodeVal(v: RVal): v is { node: RefNode } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'node' in v;
}

function isRelVal(v: RVal): v is { rel: RefEdge } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && 'rel' in v;
}

/** Exact numeric comparison of ints (number or bigint) and floats, never through a lossy conversion. */
export function numCmp(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint') return -numCmp(b, a);
  const bb = b as bigint;
  if (!Number.isFinite(a)) return a > 0 ? 1 : -1;
  const fl = Math.floor(a);
  const fb = BigInt(fl);
  if (fb < bb) return -1;
  if (fb > bb) return 1;
  return a > fl ? 1 : 0;
}

/** Cypher `=`: null when either side is null; values of different types are unequal. */
function equals(a: RVal, b: RVal): Tri {
  if (a === null || b === null) return null;
  if (isNum(a) && isNum(b)) return numCmp(a, b) === 0;
  if (isNodeVal(a) && isNodeVal(b)) return a.node.id === b.node.id;
  if (isRelVal(a) && isRelVal(b)) return a.rel.id === b.rel.id;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    let sawNull = false;
    for (let i = 0; i < a.length; i++) {
      const r = equals(a[i]!, b[i]!);
      if (r === false) return false;
      if (r === null) sawNull = true;
    }
    return sawNull ? null : true;
  }
  if (typeof a !== typeof b) return false;
  if (typeof a === 'object' || typeof b === 'object') return false;
  return a === b;
}

/** Cypher `<` and friends: a sign, or null when the values are not comparable. */
function compare(a: RVal, b: RVal): number | null {
  if (a === null || b === null) return null;
  if (isNum(a) && isNum(b)) return numCmp(a, b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  return null;
}

/** The ORDER BY total order: ... strings < booleans < numbers < null. */
function orderRank(v: RVal): number {
  if (v === null) return 9;
  if (isNum(v)) return 8;
  if (typeof v === 'boolean') return 7;
  if (typeof v === 'string') return 6;
  if (Array.isArray(v)) return 3;
  if (isRelVal(v)) return 2;
  if (isNodeVal(v)) return 1;
  return 5;
}

export function orderCmp(a: RVal, b: RVal): number {
  const ra = orderRank(a);
  const rb = orderRank(b);
  if (ra !== rb) return ra - rb;
  if (isNodeVal(a) && isNodeVal(b)) return a.node.id - b.node.id;
  if (isRelVal(a) && isRelVal(b)) return a.rel.id - b.rel.id;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = orderCmp(a[i]!, b[i]!);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  return compare(a, b) ?? 0;
}

/** Equivalence key (DISTINCT, grouping): 1 and 1.0 are one value; null is one value. */
function equivKey(v: RVal): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? `n${BigInt(v)}` : `n${v}`;
  if (typeof v === 'bigint') return `n${v}`;
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `b${v}`;
  if (Array.isArray(v)) return `[${v.map(equivKey).join(',')}]`;
  if (isNodeVal(v)) return `N${v.node.id}`;
  if (isRelVal(v)) return `R${v.rel.id}`;
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  return '?';
}

function and3(a: Tri, b: Tri): Tri {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

function or3(a: Tri, b: Tri): Tri {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

function decodeLiteral(v: unknown): RVal {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(decodeLiteral);
  const t = v as { t: string; v: unknown };
  switch (t.t) {
    case 'Int':
      return canonInt(BigInt(t.v as string));
    case 'Float':
      return typeof t.v === 'number' ? t.v : t.v === '-0' ? -0 : Number(t.v);
    case 'Bytes':
      return new Uint8Array(Buffer.from(t.v as string, 'base64'));
    case 'DateTime':
      return new Date(t.v as string);
    default:
      throw new Error(`reference: unknown literal ${JSON.stringify(v)}`);
  }
}

type Binding = Map<string, RVal>;

function propOf(v: RVal, key: string): RVal {
  if (isNodeVal(v)) return (v.node.props[key] ?? null) as RVal;
  if (isRelVal(v)) return (v.rel.props[key] ?? null) as RVal;
  return null;
}

function operand(o: OperandSpec, b: Binding, params: Record<string, unknown>): RVal {
  if ('value' in o) return decodeLiteral(o.value);
  if ('param' in o) return decodeLiteral(params[o.param] ?? null);
  if ('id' in o) {
    const v = b.get(o.id)!;
    return isNodeVal(v) ? v.node.id : isRelVal(v) ? v.rel.id : null;
  }
  if ('type' in o) {
    const v = b.get(o.type)!;
    return isRelVal(v) ? v.rel.type : null;
  }
  const v = b.get(o.var)!;
  return o.prop === undefined ? v : propOf(v, o.prop);
}

function predicate(p: PredicateSpec, b: Binding, params: Record<string, unknown>): Tri {
  const arg = (i: number): RVal => operand((p.args as OperandSpec[])[i]!, b, params);
  switch (p.op) {
    case 'and':
      return p.args.reduce<Tri>((acc, q) => and3(acc, predicate(q, b, params)), true);
    case 'or':
      return p.args.reduce<Tri>((acc, q) => or3(acc, predicate(q, b, params)), false);
    case 'not': {
      const r = predicate(p.args[0], b, params);
      return r === null ? null : !r;
    }
    case 'eq':
      return equals(arg(0), arg(1));
    case 'ne': {
      const r = equals(arg(0), arg(1));
      return r === null ? null : !r;
    }
    case 'lt':
    case 'le':
    case 'gt':
    case 'ge': {
      const c = compare(arg(0), arg(1));
      if (c === null) return null;
      return p.op === 'lt' ? c < 0 : p.op === 'le' ? c <= 0 : p.op === 'gt' ? c > 0 : c >= 0;
    }
    case 'between': {
      const x = arg(0);
      const lo = compare(arg(1), x);
      const hi = compare(x, arg(2));
      const [li, hiInc] = p.inclusive ?? [true, true];
      const a: Tri = lo === null ? null : li ? lo <= 0 : lo < 0;
      const c: Tri = hi === null ? null : hiInc ? hi <= 0 : hi < 0;
      return and3(a, c);
    }
    case 'inList': {
      const x = arg(0);
      const list = arg(1);
      if (list === null) return null;
      assert.ok(Array.isArray(list), 'inList takes a list');
      let sawNull = false;
      for (const e of list) {
        const r = equals(x, e);
        if (r === true) return true;
        if (r === null) sawNull = true;
      }
      return sawNull ? null : false;
    }
    case 'exists':
    case 'isNotNull':
      return arg(0) !== null;
    case 'isNull':
      return arg(0) === null;
    case 'hasLabel': {
      const v = arg(0);
      if (isNodeVal(v)) return v.node.labels.includes(p.label);
      if (isRelVal(v)) return v.rel.type === p.label;
      return null;
    }
    case 'startsWith':
    case 'endsWith':
    case 'contains': {
      const a = arg(0);
      const s = arg(1);
      if (typeof a !== 'string' || typeof s !== 'string') return null;
      return p.op === 'startsWith' ? a.startsWith(s) : p.op === 'endsWith' ? a.endsWith(s) : a.includes(s);
    }
  }
}

// ------------------------------------------------------------------ pattern

function* bindings(g: RefGraph, spec: QuerySpec): Generator<Binding> {
  const nodeChoices = spec.nodes.map((n) => g.nodes.filter((x) => n.label === null || x.labels.includes(n.label)));
  const assignment: RefNode[] = [];
  const nodeIndex = new Map(spec.nodes.map((n, i) => [n.var, i]));
  function* assignNodes(i: number): Generator<RefNode[]> {
    if (i === spec.nodes.length) {
      yield assignment;
      return;
    }
    for (const n of nodeChoices[i]!) {
      assignment[i] = n;
      yield* assignNodes(i + 1);
    }
  }
  for (const nodes of assignNodes(0)) {
    const used = new Set<number>();
    const rels: Array<RefEdge | null> = [];
    function* assignEdges(i: number): Generator<Binding> {
      if (i === spec.edges.length) {
        const b: Binding = new Map();
        spec.nodes.forEach((n, j) => b.set(n.var, { node: nodes[j]! }));
        spec.edges.forEach((e, j) => {
          if (e.var !== null) b.set(e.var, { rel: rels[j]! });
        });
        yield b;
        return;
      }
      const e = spec.edges[i]!;
      const from = nodes[nodeIndex.get(e.from)!]!.id;
      const to = nodes[nodeIndex.get(e.to)!]!.id;
      const typeOk = (x: RefEdge): boolean => e.types.length === 0 || e.types.includes(x.type);
      const steps = (at: number, x: RefEdge): number[] => {
        const out: number[] = [];
        if ((e.direction === 'out' || e.direction === 'both') && x.src === at) out.push(x.dst);
        if ((e.direction === 'in' || e.direction === 'both') && x.dst === at) out.push(x.src);
        // an undirected step over a self-loop is one step, not two
        return x.src === x.dst ? out.slice(0, 1) : out;
      };
      if (e.minHops === null) {
        for (const x of g.edges) {
          if (used.has(x.id) || !typeOk(x)) continue;
          for (const next of steps(from, x)) {
            if (next !== to) continue;
            used.add(x.id);
            rels[i] = x;
            yield* assignEdges(i + 1);
            used.delete(x.id);
          }
        }
        return;
      }
      // variable length: every trail from `from` to `to` of minHops..maxHops edges
      const min = e.minHops;
      const max = e.maxHops!;
      rels[i] = null;
      function* walk(at: number, depth: number): Generator<Binding> {
        if (depth >= min && at === to) yield* assignEdges(i + 1);
        if (depth === max) return;
        for (const x of g.edges) {
          if (used.has(x.id) || !typeOk(x)) continue;
          for (const next of steps(at, x)) {
            used.add(x.id);
            yield* walk(next, depth + 1);
            used.delete(x.id);
          }
        }
      }
      yield* walk(from, 0);
    }
    yield* assignEdges(0);
  }
}

// ------------------------------------------------------------------ projection

function selectValue(item: SelectSpec, b: Binding): RVal {
  if (item.id !== undefined) {
    const v = b.get(item.id)!;
    return isNodeVal(v) ? v.node.id : isRelVal(v) ? v.rel.id : null;
  }
  if (item.type !== undefined) {
    const v = b.get(item.type)!;
    return isRelVal(v) ? v.rel.type : null;
  }
  if (item.var === undefined) return null;
  const v = b.get(item.var)!;
  return item.prop === undefined ? v : propOf(v, item.prop);
}

function aggregate(item: SelectSpec, rows: Binding[]): RVal {
  if (item.var === undefined && item.id === undefined && item.type === undefined) return rows.length;
  let values = rows.map((r) => selectValue(item, r)).filter((v) => v !== null);
  if (item.distinct === true) {
    const seen = new Set<string>();
    values = values.filter((v) => {
      const k = equivKey(v);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  switch (item.agg) {
    case 'count':
      return values.length;
    case 'collect':
      return values;
    case 'min':
    case 'max': {
      if (values.length === 0) return null;
      let best = values[0]!;
      for (const v of values) if (item.agg === 'min' ? orderCmp(v, best) < 0 : orderCmp(v, best) > 0) best = v;
      return best;
    }
    case 'sum':
    case 'avg': {
      let intSum = 0n;
      let floatSum = 0;
      let anyFloat = false;
      for (const v of values) {
        if (typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v))) intSum += BigInt(v);
        else if (typeof v === 'number') {
          floatSum += v;
          anyFloat = true;
        } else throw new ReferenceTypeError(`${item.agg} of a ${typeof v}`);
      }
      if (item.agg === 'avg') return values.length === 0 ? null : (Number(intSum) + floatSum) / values.length;
      return anyFloat ? Number(intSum) + floatSum : canonInt(intSum);
    }
    default:
      throw new Error(`reference: not an aggregate: ${String(item.agg)}`);
  }
}

/** What the reference raises where Cypher raises a TypeError at run time. */
export class ReferenceTypeError extends Error {}

export interface ReferenceResult {
  columns: string[];
  /** Every row before skip/limit, in order when `orderKeys` is not empty. */
  rows: RVal[][];
  /** Column indexes and directions the rows are sorted by. */
  orderKeys: Array<{ index: number; descending: boolean }>;
  /** The page: rows [start, end) of `rows`. */
  start: number;
  end: number;
}

/** Runs a normalised version 2 spec (checkSpec's output) over the graph. */
export function evaluateSpec(g: RefGraph, spec: QuerySpec, params: Record<string, unknown> = {}): ReferenceResult {
  const items: SelectSpec[] =
    spec.select.length > 0 ? spec.select : [...spec.nodes.map((n) => ({ var: n.var })), ...spec.edges.filter((e) => e.var !== null).map((e) => ({ var: e.var! }))];
  const columns = items.map(columnName);
  const matched: Binding[] = [];
  for (const b of bindings(g, spec)) {
    if (spec.where === null || predicate(spec.where, b, params) === true) matched.push(b);
  }
  let rows: RVal[][];
  if (items.some((i) => i.agg !== undefined)) {
    const groups = new Map<string, { key: RVal[]; rows: Binding[] }>();
    for (const b of matched) {
      const key = items.map((i) => (i.agg === undefined ? selectValue(i, b) : null));
      const k = key.map(equivKey).join('|');
      let grp = groups.get(k);
      if (grp === undefined) {
        grp = { key, rows: [] };
        groups.set(k, grp);
      }
      grp.rows.push(b);
    }
    if (groups.size === 0 && items.every((i) => i.agg !== undefined)) groups.set('', { key: items.map(() => null), rows: [] });
    rows = [...groups.values()].map((grp) => items.map((i, j) => (i.agg === undefined ? grp.key[j]! : aggregate(i, grp.rows))));
  } else {
    rows = matched.map((b) => items.map((i) => selectValue(i, b)));
  }
  if (spec.distinct) {
    const seen = new Set<string>();
    rows = rows.filter((r) => {
      const k = r.map(equivKey).join('|');
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  }
  const orderKeys = spec.orderBy.map((o) => {
    const index = columns.indexOf(o.key);
    assert.ok(index >= 0, `the reference orders by columns only, not ${o.key}`);
    return { index, descending: o.direction === 'desc' };
  });
  if (orderKeys.length > 0) rows.sort((a, b) => rowOrder(a, b, orderKeys));
  const skip = typeof spec.skip === 'number' ? spec.skip : spec.skip === null ? 0 : Number(params[spec.skip.param]);
  const limit = typeof spec.limit === 'number' ? spec.limit : spec.limit === null ? Infinity : Number(params[spec.limit.param]);
  const start = Math.min(skip, rows.length);
  return { columns, rows, orderKeys, start, end: Math.min(rows.length, start + limit) };
}

function rowOrder(a: RVal[], b: RVal[], keys: ReferenceResult['orderKeys']): number {
  for (const k of keys) {
    const c = orderCmp(a[k.index]!, b[k.index]!);
    if (c !== 0) return k.descending ? -c : c;
  }
  return 0;
}

// ------------------------------------------------------------------ comparing with the engine

/** A value as the engine returns it (a public value) or as the reference holds it, as a comparable string. */
export function resultKey(v: unknown, sortLists = false): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return `i${v}`;
  if (typeof v === 'number') return Number.isSafeInteger(v) && !Object.is(v, -0) ? `i${v}` : `f${v}`;
  if (typeof v === 'string') return `s${JSON.stringify(v)}`;
  if (typeof v === 'boolean') return `b${v}`;
  if (Array.isArray(v)) {
    const parts = v.map((x) => resultKey(x, sortLists));
    if (sortLists) parts.sort();
    return `[${parts.join(',')}]`;
  }
  if (v instanceof Node) return `N${v.id}:${[...v.labels].sort().join(':')}${propsKey(v.properties)}`;
  if (v instanceof Relationship) return `R${v.id}:${v.type}:${v.startNodeId}>${v.endNodeId}${propsKey(v.properties)}`;
  if (typeof v === 'object' && 'node' in v) {
    const n = (v as { node: RefNode }).node;
    return `N${n.id}:${[...n.labels].sort().join(':')}${propsKey(n.props)}`;
  }
  if (typeof v === 'object' && 'rel' in v) {
    const r = (v as { rel: RefEdge }).rel;
    return `R${r.id}:${r.type}:${r.src}>${r.dst}${propsKey(r.props)}`;
  }
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  if (v instanceof Date) return `d${v.getTime()}`;
  return `?${String(v)}`;
}

function propsKey(p: Record<string, unknown>): string {
  return `{${Object.keys(p)
    .sort()
    .map((k) => `${k}=${resultKey(p[k])}`)
    .join(',')}}`;
}

/**
 * Asserts that the engine's rows are a right answer: the same columns;
 * sorted by the order keys; and, per run of equal order keys, drawn from the
 * reference's rows with those keys, as many as the reference's page holds
 * (so any tie-break at a page boundary, and any row order without orderBy,
 * is accepted, and nothing else is).
 */
export function compareWithReference(actual: Array<Record<string, unknown>>, ref: ReferenceResult, context: string): void {
  const collectCols = new Set<number>();
  const rowKey = (vals: unknown[]): string => vals.map((v, i) => resultKey(v, collectCols.has(i) || Array.isArray(v))).join(' | ');
  for (const r of actual) assert.deepEqual(Object.keys(r).sort(), [...ref.columns].sort(), `${context}: columns`);
  const actualRows = actual.map((r) => ref.columns.map((c) => r[c]));
  assert.equal(actualRows.length, ref.end - ref.start, `${context}: row count (reference page ${ref.start}..${ref.end} of ${ref.rows.length})\nactual: ${actualRows.map(rowKey).join('\n        ')}\nreference: ${ref.rows.map(rowKey).join('\n           ')}`);
  const orderKeyOf = (vals: unknown[]): string => ref.orderKeys.map((k) => resultKey(vals[k.index])).join(' | ');
  const pageKeys = new Map<string, number>();
  for (const r of ref.rows.slice(ref.start, ref.end)) pageKeys.set(orderKeyOf(r), (pageKeys.get(orderKeyOf(r)) ?? 0) + 1);
  const pool = new Map<string, string[]>();
  for (const r of ref.rows) {
    const k = orderKeyOf(r);
    if (!pageKeys.has(k)) continue;
    const list = pool.get(k) ?? [];
    list.push(rowKey(r));
    pool.set(k, list);
  }
  const seenKeys = new Map<string, number>();
  for (let i = 0; i < actualRows.length; i++) {
    const row = actualRows[i]!;
    const ok = orderKeyOf(row);
    seenKeys.set(ok, (seenKeys.get(ok) ?? 0) + 1);
    const candidates = pool.get(ok);
    const rk = rowKey(row);
    const at = candidates?.indexOf(rk) ?? -1;
    assert.ok(at >= 0, `${context}: row ${i} ${rk} is not a row the reference allows here\nreference: ${ref.rows.map(rowKey).join('\n           ')}`);
    candidates!.splice(at, 1);
    if (i > 0 && ref.orderKeys.length > 0) {
      const prev = actualRows[i - 1]!;
      assert.ok(orderedPublic(prev, row, ref.orderKeys), `${context}: rows ${i - 1} and ${i} are out of order`);
    }
  }
  assert.deepEqual(new Map([...seenKeys].sort()), new Map([...pageKeys].sort()), `${context}: order keys of the page`);
}

function orderedPublic(a: unknown[], b: unknown[], keys: ReferenceResult['orderKeys']): boolean {
  return rowOrder(a.map(publicToRVal), b.map(publicToRVal), keys) <= 0;
}

function publicToRVal(v: unknown): RVal {
  if (v instanceof Node) return { node: { id: v.id, labels: v.labels, props: {} } };
  if (v instanceof Relationship) return { rel: { id: v.id, src: v.startNodeId, dst: v.endNodeId, type: v.type, props: {} } };
  if (Array.isArray(v)) return v.map(publicToRVal);
  return v as RVal;
}
