/**
 * A plain in-memory model of a Sombra graph, written from the documented
 * behaviour (DESIGN §6-§7, graph-types.ts, value-codec.ts, value-compare.ts)
 * and not from the implementation, and the comparisons that hold a database
 * (or a transaction, or a read view) against it.
 *
 * The model keeps the catalog (names interned in order, ids from 1), because
 * the public reads expose that order: a node's labels come in interned-id
 * order, neighbours of all types in (type id, other node, edge) order,
 * indexes in (label id, property id) order.
 *
 * Value semantics (independent of src/graph/value-compare.ts):
 * - Stored values read back exactly, except that a bigint within
 *   +-(2^53 - 1) reads back as a number, a Buffer as a plain Uint8Array, a
 *   BoxedFloat as its number (the public reads do not box), and a list as
 *   a fresh array of its elements read back so.
 * - Equality and order: numbers (ints, floats, bigints, BoxedFloats) in one
 *   exact numeric order with -0 = 0, NaN = NaN and a top-level NaN outside
 *   every range; strings by code point; bytes unsigned lexicographic; dates
 *   by time; false < true; null = null; lists element by element, a prefix
 *   first, elements of different types ordered booleans < numbers <
 *   strings < bytes < dates, a NaN element above every other number; values
 *   of different types never match.
 */
import assert from 'node:assert/strict';
import type {
  BfsOptions,
  BfsVisit,
  Direction,
  EdgeRecord,
  IndexInfo,
  Neighbor,
  NeighborOptions,
  NodeRecord,
  Props,
  PropValue,
  RangePredicate,
} from '../../src/index.js';
import type { GraphReads } from '../../src/db/graph-reads.js';
import type { ErrorCode } from '../../src/base/errors.js';
import { BoxedFloat } from '../../src/graph/boxed-float.js';

/** What the comparisons read: any of Database, Transaction, ReadView. */
export type Reads = GraphReads & { nodesWithLabel(label: string | number): Iterable<number> };

export class ModelError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface ModelNode {
  labels: string[];
  props: Map<string, PropValue>;
}

export interface ModelEdge {
  src: number;
  dst: number;
  type: string;
  props: Map<string, PropValue>;
}

const SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);

/** The value as a read gives it back. */
export function storedValue(v: PropValue): PropValue {
  if (Array.isArray(v)) return v.map((e) => storedValue(e) as Exclude<PropValue, null | unknown[]>);
  if (v instanceof BoxedFloat) return v.value;
  if (typeof v === 'bigint') return v >= -SAFE_BIG && v <= SAFE_BIG ? Number(v) : v;
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (v instanceof Date) return new Date(v.getTime());
  return v;
}

/** Exact identity of stored values: type, NaN, -0, bigint, Date time, bytes, lists element by element. */
export function sameStored(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameStored(x, b[i]));
  }
  if (a instanceof BoxedFloat || b instanceof BoxedFloat) return a instanceof BoxedFloat && b instanceof BoxedFloat && Object.is(a.value, b.value);
  if (typeof a === 'number' || typeof b === 'number') return typeof a === typeof b && Object.is(a, b);
  if (typeof a === 'bigint' || typeof b === 'bigint') return typeof a === typeof b && a === b;
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && Object.is(a.getTime(), b.getTime());
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  return a === b;
}

export function showValue(v: unknown): string {
  if (Array.isArray(v)) return v.length > 12 ? `[${v.slice(0, 12).map(showValue).join(', ')}, ...(${v.length})]` : `[${v.map(showValue).join(', ')}]`;
  if (v instanceof BoxedFloat) return `BoxedFloat(${showValue(v.value)})`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > 30 ? `${v.slice(0, 30)}...(${v.length})` : v);
  if (v instanceof Date) return `Date(${v.getTime()})`;
  if (v instanceof Uint8Array) return `bytes[${v.length}](${Array.from(v.subarray(0, 8)).join(',')}${v.length > 8 ? ',...' : ''})`;
  return String(v);
}

// ------------------------------------------------------------------ semantics

type Family = 'null' | 'bool' | 'number' | 'string' | 'bytes' | 'date' | 'list';

function familyOf(v: PropValue): Family {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof BoxedFloat) return 'number';
  if (typeof v === 'string') return 'string';
  if (v instanceof Date) return 'date';
  if (Array.isArray(v)) return 'list';
  return 'bytes';
}

/** The order of element types inside lists. */
const ELEMENT_FAMILY_ORDER: readonly Family[] = ['bool', 'number', 'string', 'bytes', 'date'];

/** Exact comparison of two non-NaN numbers (number or bigint). */
function numericCompare(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'bigint') return -numericCompare(b, a);
  // a is a number, b a bigint.
  const x = a as number;
  if (!Number.isFinite(x)) return x > 0 ? 1 : -1;
  if (Number.isInteger(x)) {
    const bx = BigInt(x);
    return bx < b ? -1 : bx > b ? 1 : 0;
  }
  // A fraction lies strictly between floor(x) and floor(x) + 1, so it never ties with an integer.
  return BigInt(Math.floor(x)) < b ? -1 : 1;
}

/** Code point order without allocating: compares UTF-16 strings as sequences of code points. */
function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y ? -1 : 1;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i < a.length ? 1 : j < b.length ? -1 : 0;
}

function lexCompare(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return Math.sign(a.length - b.length);
}

const unboxed = (v: PropValue | undefined): PropValue | undefined => (v instanceof BoxedFloat ? v.value : v);
const isNaNValue = (v: PropValue | undefined): boolean => Number.isNaN(unboxed(v));

/** Lists: element by element (a NaN element above every other number), a prefix first. */
function listCompare(a: readonly PropValue[], b: readonly PropValue[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const fx = familyOf(x);
    const fy = familyOf(y);
    if (fx !== fy) return Math.sign(ELEMENT_FAMILY_ORDER.indexOf(fx) - ELEMENT_FAMILY_ORDER.indexOf(fy));
    const c = fx === 'number' && (isNaNValue(x) || isNaNValue(y)) ? Number(isNaNValue(x)) - Number(isNaNValue(y)) : modelCompare(x, y)!;
    if (c !== 0) return c;
  }
  return Math.sign(a.length - b.length);
}

/** Sign of a - b, or null when the values are of different families. A top-level NaN is only comparable to NaN (0). */
export function modelCompare(a: PropValue, b: PropValue): number | null {
  const fa = familyOf(a);
  if (fa !== familyOf(b)) return null;
  switch (fa) {
    case 'null':
      return 0;
    case 'bool':
      return Math.sign(Number(a) - Number(b));
    case 'number':
      if (isNaNValue(a) || isNaNValue(b)) return isNaNValue(a) && isNaNValue(b) ? 0 : null;
      return numericCompare(unboxed(a) as number | bigint, unboxed(b) as number | bigint);
    case 'list':
      return listCompare(a as PropValue[], b as PropValue[]);
    case 'string':
      return compareCodePoints(a as string, b as string);
    case 'bytes':
      return lexCompare(a as Uint8Array, b as Uint8Array);
    case 'date':
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
  }
}

export function modelEquals(a: PropValue, b: PropValue): boolean {
  return modelCompare(a, b) === 0;
}

export function modelInRange(v: PropValue, r: RangePredicate): boolean {
  if (isNaNValue(v)) return false;
  const test = (bound: PropValue | undefined, ok: (c: number) => boolean): boolean => {
    if (bound === undefined) return true;
    if (isNaNValue(bound)) return false;
    const c = modelCompare(v, bound);
    return c !== null && ok(c);
  };
  return test(r.gt, (c) => c > 0) && test(r.gte, (c) => c >= 0) && test(r.lt, (c) => c < 0) && test(r.lte, (c) => c <= 0);
}

// ------------------------------------------------------------------ the model

export class GraphModel {
  names: string[] = [];
  nodes = new Map<number, ModelNode>();
  edges = new Map<number, ModelEdge>();
  nextNodeId = 1;
  nextEdgeId = 1;
  /** Existing property indexes as `label\u0000property`. */
  indexes = new Set<string>();
  /** Adjacency entries by `dir:node`, in key order; dropped on every edge change. */
  #adjacency: Map<string, Array<{ other: number; edge: number; type: number }>> | null = null;

  clone(): GraphModel {
    const m = new GraphModel();
    m.names = [...this.names];
    for (const [id, n] of this.nodes) m.nodes.set(id, { labels: [...n.labels], props: new Map(n.props) });
    for (const [id, e] of this.edges) m.edges.set(id, { ...e, props: new Map(e.props) });
    m.nextNodeId = this.nextNodeId;
    m.nextEdgeId = this.nextEdgeId;
    m.indexes = new Set(this.indexes);
    return m;
  }

  idOf(name: string): number | undefined {
    const i = this.names.indexOf(name);
    return i < 0 ? undefined : i + 1;
  }

  #id(name: string): number {
    const id = this.idOf(name);
    assert.ok(id !== undefined, `model: ${name} is not interned`);
    return id;
  }

  intern(name: string): number {
    const known = this.idOf(name);
    if (known !== undefined) return known;
    this.names.push(name);
    return this.names.length;
  }

  #props(props: Props): Map<string, PropValue> {
    const m = new Map<string, PropValue>();
    for (const k of Object.keys(props)) m.set(k, storedValue(props[k]!));
    return m;
  }

  createNode(labels: readonly string[], props: Props = {}): number {
    assert.ok(labels.length > 0);
    for (const l of labels) this.intern(l);
    for (const k of Object.keys(props)) this.intern(k);
    const unique = [...new Set(labels)].sort((a, b) => this.#id(a) - this.#id(b));
    const id = this.nextNodeId++;
    this.nodes.set(id, { labels: unique, props: this.#props(props) });
    return id;
  }

  #update(props: Map<string, PropValue>, set: Props, unset: readonly string[]): void {
    for (const k of unset) props.delete(k);
    for (const k of Object.keys(set)) {
      this.intern(k);
      props.set(k, storedValue(set[k]!));
    }
  }

  updateNode(id: number, set: Props = {}, unset: readonly string[] = []): void {
    const n = this.nodes.get(id);
    if (n === undefined) throw new ModelError('NOT_FOUND', `node ${id}`);
    this.#update(n.props, set, unset);
  }

  edgesOf(id: number): number[] {
    const out: number[] = [];
    for (const [eid, e] of this.edges) if (e.src === id || e.dst === id) out.push(eid);
    return out;
  }

  deleteNode(id: number, cascade = false): void {
    this.#adjacency = null;
    if (!this.nodes.has(id)) throw new ModelError('NOT_FOUND', `node ${id}`);
    const edges = this.edgesOf(id);
    if (edges.length > 0 && !cascade) throw new ModelError('CONSTRAINT', `node ${id} has edges`);
    for (const e of edges) this.edges.delete(e);
    this.nodes.delete(id);
  }

  createEdge(src: number, dst: number, type: string, props: Props = {}): number {
    this.#adjacency = null;
    if (!this.nodes.has(src) || !this.nodes.has(dst)) throw new ModelError('NOT_FOUND', `edge ${src} -> ${dst}`);
    this.intern(type);
    for (const k of Object.keys(props)) this.intern(k);
    const id = this.nextEdgeId++;
    this.edges.set(id, { src, dst, type, props: this.#props(props) });
    return id;
  }

  updateEdge(id: number, set: Props = {}, unset: readonly string[] = []): void {
    const e = this.edges.get(id);
    if (e === undefined) throw new ModelError('NOT_FOUND', `edge ${id}`);
    this.#update(e.props, set, unset);
  }

  deleteEdge(id: number): void {
    this.#adjacency = null;
    if (!this.edges.delete(id)) throw new ModelError('NOT_FOUND', `edge ${id}`);
  }

  createIndex(label: string, prop: string): boolean {
    this.intern(label);
    this.intern(prop);
    const k = `${label}\u0000${prop}`;
    if (this.indexes.has(k)) return false;
    this.indexes.add(k);
    return true;
  }

  dropIndex(label: string, prop: string): boolean {
    return this.indexes.delete(`${label}\u0000${prop}`);
  }

  rebuildIndex(label: string, prop: string): boolean {
    return this.indexes.has(`${label}\u0000${prop}`);
  }

  // ---------------------------------------------------------------- reads

  getNode(id: number): NodeRecord | null {
    const n = this.nodes.get(id);
    if (n === undefined) return null;
    return { id, labels: [...n.labels], props: Object.fromEntries(n.props) };
  }

  getEdge(id: number): EdgeRecord | null {
    const e = this.edges.get(id);
    if (e === undefined) return null;
    return { id, src: e.src, dst: e.dst, type: e.type, props: Object.fromEntries(e.props) };
  }

  /** Adjacency entries of `id` in one direction, in key order. */
  #adjacent(id: number, dir: 'out' | 'in', typeId: number | undefined): Array<{ other: number; edge: number; type: number }> {
    if (this.#adjacency === null) {
      const adj = new Map<string, Array<{ other: number; edge: number; type: number }>>();
      const add = (key: string, entry: { other: number; edge: number; type: number }): void => {
        const list = adj.get(key);
        if (list === undefined) adj.set(key, [entry]);
        else list.push(entry);
      };
      for (const [edge, e] of this.edges) {
        const type = this.#id(e.type);
        add(`out:${e.src}`, { other: e.dst, edge, type });
        add(`in:${e.dst}`, { other: e.src, edge, type });
      }
      for (const list of adj.values()) list.sort((a, b) => a.type - b.type || a.other - b.other || a.edge - b.edge);
      this.#adjacency = adj;
    }
    const all = this.#adjacency.get(`${dir}:${id}`) ?? [];
    return typeId === undefined ? all : all.filter((a) => a.type === typeId);
  }

  neighbors(id: number, o: NeighborOptions = {}): Neighbor[] {
    const dirs: Array<'out' | 'in'> = o.direction === 'both' ? ['out', 'in'] : [o.direction ?? 'out'];
    const limit = o.limit ?? Infinity;
    const distinct = o.distinct ?? true;
    let typeId: number | undefined;
    if (o.edgeType !== undefined) {
      typeId = typeof o.edgeType === 'number' ? o.edgeType : this.idOf(o.edgeType);
      if (typeId === undefined || typeId > this.names.length) return [];
    }
    const seen = new Set<number>();
    const out: Neighbor[] = [];
    for (const dir of dirs) {
      for (const a of this.#adjacent(id, dir, typeId)) {
        if (out.length >= limit) break;
        if (distinct) {
          if (seen.has(a.other)) continue;
          seen.add(a.other);
        }
        out.push({ nodeId: a.other, edgeId: a.edge, type: this.names[a.type - 1]!, direction: dir });
      }
    }
    return out;
  }

  bfs(start: number, maxDepth: number, o: BfsOptions = {}): BfsVisit[] {
    const maxResults = o.maxResults ?? Infinity;
    if (!this.nodes.has(start) || maxResults === 0) return [];
    const dirs: Array<'out' | 'in'> = o.direction === 'both' ? ['out', 'in'] : [o.direction ?? 'out'];
    let types: Array<number | undefined> = [undefined];
    if (o.edgeTypes !== undefined) {
      types = o.edgeTypes
        .map((t) => (typeof t === 'number' ? t : this.idOf(t)))
        .filter((t): t is number => t !== undefined && t <= this.names.length)
        .sort((a, b) => a - b);
    }
    const visits: BfsVisit[] = [{ nodeId: start, depth: 0 }];
    const seen = new Set([start]);
    let frontier = [start];
    for (let depth = 1; depth <= maxDepth && frontier.length > 0 && visits.length < maxResults; depth++) {
      const next: number[] = [];
      for (const node of frontier) {
        for (const dir of dirs) {
          for (const t of types) {
            for (const a of this.#adjacent(node, dir, t)) {
              if (seen.has(a.other) || visits.length >= maxResults) continue;
              seen.add(a.other);
              visits.push({ nodeId: a.other, depth });
              next.push(a.other);
            }
          }
        }
      }
      frontier = next;
    }
    return visits;
  }

  nodesWithLabel(label: string): number[] {
    const out: number[] = [];
    for (const [id, n] of this.nodes) if (n.labels.includes(label)) out.push(id);
    return out.sort((a, b) => a - b);
  }

  countEdgesWithType(type: string): number {
    let n = 0;
    for (const e of this.edges.values()) if (e.type === type) n++;
    return n;
  }

  #lookup(label: string, prop: string, match: (v: PropValue) => boolean): number[] {
    return this.nodesWithLabel(label).filter((id) => {
      const v = this.nodes.get(id)!.props.get(prop);
      return v !== undefined && match(v);
    });
  }

  findNodes(label: string, prop: string, value: PropValue): number[] {
    return this.#lookup(label, prop, (v) => modelEquals(v, value));
  }

  findNodesInRange(label: string, prop: string, range: RangePredicate): number[] {
    return this.#lookup(label, prop, (v) => modelInRange(v, range));
  }

  listIndexes(): IndexInfo[] {
    return [...this.indexes]
      .map((k) => {
        const [label, property] = k.split('\u0000') as [string, string];
        return { label, property };
      })
      .sort((a, b) => this.#id(a.label) - this.#id(b.label) || this.#id(a.property) - this.#id(b.property));
  }

  /** Every value some node holds for `prop` (probes for lookups). */
  valuesOf(prop: string): PropValue[] {
    const out: PropValue[] = [];
    for (const n of this.nodes.values()) {
      const v = n.props.get(prop);
      if (v !== undefined) out.push(v);
    }
    return out;
  }
}

// ------------------------------------------------------------------ comparisons

function checkProps(got: Props, want: Props, where: string): void {
  const gk = Object.keys(got).sort();
  const wk = Object.keys(want).sort();
  assert.deepEqual(gk, wk, `${where}: property names`);
  for (const k of wk) {
    const g = got[k];
    const w = want[k];
    assert.ok(sameStored(g, w), `${where}: property ${JSON.stringify(k)} is ${showValue(g)}, expected ${showValue(w)}`);
    if (g instanceof Uint8Array) assert.equal(Object.getPrototypeOf(g), Uint8Array.prototype, `${where}: bytes read back as a plain Uint8Array`);
  }
}

export function assertNodeEquals(got: NodeRecord | null, want: NodeRecord | null, where: string): void {
  if (want === null || got === null) {
    assert.equal(got === null ? null : `node ${got.id}`, want === null ? null : `node ${want.id}`, where);
    return;
  }
  assert.equal(got.id, want.id, `${where}: id`);
  assert.deepEqual(got.labels, want.labels, `${where}: labels`);
  checkProps(got.props, want.props, where);
}

export function assertEdgeEquals(got: EdgeRecord | null, want: EdgeRecord | null, where: string): void {
  if (want === null || got === null) {
    assert.equal(got === null ? null : `edge ${got.id}`, want === null ? null : `edge ${want.id}`, where);
    return;
  }
  assert.deepEqual({ id: got.id, src: got.src, dst: got.dst, type: got.type }, { id: want.id, src: want.src, dst: want.dst, type: want.type }, where);
  checkProps(got.props, want.props, where);
}

export interface ProbePools {
  labels: readonly string[];
  types: readonly string[];
  props: readonly string[];
  /** Extra values to look up besides those the nodes hold. */
  values: readonly PropValue[];
}

/** Cheap checks: counts and the records of every id. */
export function assertRecordsMatch(db: Reads, model: GraphModel, where: string): void {
  assert.equal(db.nodeCount(), model.nodes.size, `${where}: nodeCount`);
  assert.equal(db.edgeCount(), model.edges.size, `${where}: edgeCount`);
  for (let id = 1; id <= model.nextNodeId + 1; id++) {
    assertNodeEquals(db.getNode(id), model.getNode(id), `${where}: getNode(${id})`);
    assert.equal(db.hasNode(id), model.nodes.has(id), `${where}: hasNode(${id})`);
  }
  for (let id = 1; id <= model.nextEdgeId + 1; id++) {
    assertEdgeEquals(db.getEdge(id), model.getEdge(id), `${where}: getEdge(${id})`);
    assert.equal(db.hasEdge(id), model.edges.has(id), `${where}: hasEdge(${id})`);
  }
}

/** Distinct values the nodes hold for `prop` (at most `max`, spread over them), then `extra`. */
export function probeValues(model: GraphModel, prop: string, extra: readonly PropValue[], max = 16): PropValue[] {
  const distinct = new Map<string, PropValue>();
  const exact = (v: PropValue): string => (Array.isArray(v) ? `[${v.map(exact).join('|')}]` : `${typeof v}:${v instanceof Date ? 'date' : ''}:${showValue(v)}:${v instanceof Uint8Array ? Array.from(v).join(',') : ''}`);
  for (const v of model.valuesOf(prop)) distinct.set(exact(v), v);
  const values = [...distinct.values()];
  const step = Math.max(1, Math.ceil(values.length / max));
  return [...values.filter((_, i) => i % step === 0), ...extra];
}

/** Range predicates around a value (both ends from the same family when possible). */
export function rangesAround(values: readonly PropValue[]): RangePredicate[] {
  const out: RangePredicate[] = [];
  for (let i = 0; i < values.length; i++) {
    const a = values[i]!;
    const b = values[(i * 7 + 3) % values.length]!;
    switch (i % 5) {
      case 0:
        out.push({ gte: a });
        break;
      case 1:
        out.push({ lt: a });
        break;
      case 2:
        out.push({ gt: a });
        break;
      case 3:
        out.push({ lte: a });
        break;
      default:
        break;
    }
    if (familyOf(a) === familyOf(b)) {
      const [lo, hi] = (modelCompare(a, b) ?? 0) <= 0 ? [a, b] : [b, a];
      out.push(i % 2 === 0 ? { gte: lo, lte: hi } : { gt: lo, lt: hi });
    }
  }
  return out;
}

/**
 * Every read of the public API against the model: records, counts,
 * neighbours, traversals, labels, lookups (equality and ranges), indexes,
 * names. `lookups` limits how many lookup probes run (they dominate the cost).
 */
export function assertReadsMatch(db: Reads, model: GraphModel, pools: ProbePools, where: string, lookups = Infinity, firstLookup = 0): void {
  assertRecordsMatch(db, model, where);
  // Lookups first: before any other read flushes what a transaction buffers.
  const pairs = pools.labels.flatMap((label) => pools.props.map((prop) => [label, prop] as const));
  for (let i = 0; i < Math.min(lookups, pairs.length); i++) {
    const [label, prop] = pairs[(firstLookup + i) % pairs.length]!;
    {
      const values = probeValues(model, prop, pools.values, 10);
      for (const v of values) {
        assert.deepEqual(db.findNodes(label, prop, v), model.findNodes(label, prop, v), `${where}: findNodes(${label}, ${prop}, ${showValue(v)})`);
      }
      for (const r of rangesAround(values)) {
        assert.deepEqual(db.findNodesInRange(label, prop, r), model.findNodesInRange(label, prop, r), `${where}: findNodesInRange(${label}, ${prop}, ${showRange(r)})`);
      }
    }
  }
  const names = [...new Set([...pools.labels, ...pools.types, ...pools.props, ...model.names, 'NeverUsed'])];
  for (const name of names) assert.equal(db.idOf(name), model.idOf(name) ?? null, `${where}: idOf(${JSON.stringify(name)})`);
  for (const label of [...pools.labels, 'NeverUsed']) {
    const want = model.nodesWithLabel(label);
    assert.deepEqual([...db.nodesWithLabel(label)], want, `${where}: nodesWithLabel(${label})`);
    assert.equal(db.countNodesWithLabel(label), want.length, `${where}: countNodesWithLabel(${label})`);
    const id = model.idOf(label);
    if (id !== undefined) assert.equal(db.countNodesWithLabel(id), want.length, `${where}: countNodesWithLabel(${id})`);
  }
  for (const type of [...pools.types, 'NeverUsed']) {
    assert.equal(db.countEdgesWithType(type), model.countEdgesWithType(type), `${where}: countEdgesWithType(${type})`);
  }
  assert.deepEqual(db.listIndexes(), model.listIndexes(), `${where}: listIndexes`);

  const directions: Direction[] = ['out', 'in', 'both'];
  const typeOptions: Array<string | number | undefined> = [undefined, ...pools.types, 'NeverUsed'];
  const firstType = model.idOf(pools.types[0]!);
  if (firstType !== undefined) typeOptions.push(firstType);
  // At most about 24 nodes (spread over the ids) for neighbours, half of them for traversals.
  const allIds = [...model.nodes.keys()].sort((a, b) => a - b);
  const stride = Math.max(1, Math.ceil(allIds.length / 24));
  const nodeIds = allIds.filter((_, i) => i % stride === 0);
  for (const id of [...nodeIds, model.nextNodeId]) {
    for (const direction of directions) {
      for (const edgeType of typeOptions) {
        for (const distinct of [true, false]) {
          const o: NeighborOptions = { direction, distinct, ...(edgeType !== undefined && { edgeType }) };
          assert.deepEqual(db.neighbors(id, o), model.neighbors(id, o), `${where}: neighbors(${id}, ${JSON.stringify(o)})`);
        }
      }
      const limit = id % 3;
      const o: NeighborOptions = { direction, limit, distinct: id % 2 === 0 };
      assert.deepEqual(db.neighbors(id, o), model.neighbors(id, o), `${where}: neighbors(${id}, ${JSON.stringify(o)})`);
    }
    assert.deepEqual(db.neighbors(id), model.neighbors(id), `${where}: neighbors(${id}) with default options`);
  }
  const bfsStarts = nodeIds.filter((_, i) => i % 2 === 0);
  bfsStarts.push(model.nextNodeId);
  for (const start of bfsStarts) {
    for (const direction of directions) {
      for (const maxDepth of [0, 1, 3]) {
        const variants: BfsOptions[] = [
          { direction },
          { direction, edgeTypes: [pools.types[start % pools.types.length]!] },
          { direction, edgeTypes: [...pools.types].reverse(), maxResults: 1 + (start % 4) },
          { direction, edgeTypes: ['NeverUsed'] },
          { direction, maxResults: 1 },
        ];
        for (const o of variants) {
          assert.deepEqual(db.bfs(start, maxDepth, o), model.bfs(start, maxDepth, o), `${where}: bfs(${start}, ${maxDepth}, ${JSON.stringify(o)})`);
        }
      }
    }
  }

}

export function showRange(r: RangePredicate): string {
  return `{ ${Object.entries(r)
    .map(([k, v]) => `${k}: ${showValue(v)}`)
    .join(', ')} }`;
}

/** A full, comparable dump of what a database holds (for "changed nothing" checks). */
export function dump(db: Reads, maxId: number, pools: ProbePools): unknown {
  const exact = (v: PropValue): string =>
    Array.isArray(v) ? `list:[${v.map(exact).join('|')}]` : v instanceof Uint8Array ? `bytes:${Array.from(v).join(',')}` : typeof v === 'string' ? `string:${v}` : `${typeof v}:${showValue(v)}`;
  const props = (p: Props): string[] => Object.entries(p).map(([k, v]) => `${k}=${exact(v)}`).sort();
  const nodes: unknown[] = [];
  const edges: unknown[] = [];
  for (let id = 1; id <= maxId; id++) {
    const n = db.getNode(id);
    if (n !== null) nodes.push({ ...n, props: props(n.props) });
    const e = db.getEdge(id);
    if (e !== null) edges.push({ ...e, props: props(e.props) });
  }
  const names = [...pools.labels, ...pools.types, ...pools.props].map((n) => [n, db.idOf(n)]);
  const labels = pools.labels.map((l) => [l, [...db.nodesWithLabel(l)], db.countNodesWithLabel(l)]);
  const types = pools.types.map((t) => [t, db.countEdgesWithType(t)]);
  const adjacency = nodes.map((n) => db.neighbors((n as NodeRecord).id, { direction: 'both', distinct: false }));
  return {
    nodes,
    edges,
    names,
    labels,
    types,
    adjacency,
    nodeCount: db.nodeCount(),
    edgeCount: db.edgeCount(),
    indexes: db.listIndexes(),
  };
}
