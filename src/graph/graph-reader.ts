/**
 * Read operations of the graph over one consistent view of the pages (a read
 * snapshot, or a write transaction's own view through `GraphWriter`).
 *
 * Names are resolved through the catalog; a name the catalog does not know,
 * or that a transaction this view does not see interned, reads as empty (no
 * node has an unknown label). Numeric ids are accepted
 * wherever a name is (the fast path). Everything returned is a fresh value.
 */
import { InvalidArgError } from '../base/errors.js';
import { BTree } from '../btree/tree.js';
import type { Cursor } from '../btree/cursor.js';
import type { KeyAtVisitor } from '../btree/scan.js';
import type { PageReader } from '../pager/page-store.js';
import { Catalog, type NameRole } from './catalog.js';
import {
  adjPrefix,
  readAdjKeyAt,
  type AdjFields,
  idKey,
  labelPrefix,
  readIdKey,
  readLabelKeyNode,
} from './graph-keys.js';
import type { GraphRoots, GraphStore } from './graph-store.js';
import type {
  BfsOptions,
  BfsVisit,
  Direction,
  EdgeRecord,
  IndexInfo,
  NameOrId,
  Neighbor,
  NeighborOptions,
  NodeRecord,
  RangePredicate,
} from './graph-types.js';
import { type KeyPredicate } from './key-codec.js';
import { INDEX_PREFIX, decodeIndexRecord, indexKey } from './meta-store.js';
import { TOTALS_KEY, decodeCount, decodeTotals, labelCountKey, typeCountKey, type Totals } from './counters.js';
import { IdSet } from './id-set.js';
import { scanIndex } from './property-index.js';
import { edgeProps, nodeProp, nodeProps, readEdgeHeader, readNodeHeader } from './records.js';
import { family, valuesEqual, withinBounds } from './value-compare.js';
import { checkPropValue, type PropValue } from './value-codec.js';

export type TreeKey = keyof GraphRoots;

const OUT_ONLY: readonly ('out' | 'in')[] = ['out'];
const IN_ONLY: readonly ('out' | 'in')[] = ['in'];
const BOTH_DIRECTIONS: readonly ('out' | 'in')[] = ['out', 'in'];

/** The adjacency trees a direction reads, in order (shared arrays, nothing allocated). */
function treesOf(direction: Direction): readonly ('out' | 'in')[] {
  return direction === 'both' ? BOTH_DIRECTIONS : direction === 'in' ? IN_ONLY : OUT_ONLY;
}

/**
 * The visited set of bfs and of distinct neighbour lists, shared by every
 * reader: each of them clears it, fills it and is done synchronously, and
 * none calls out to code that could start another (id-set.ts).
 */
const VISITED = new IdSet();

/** Validates a node or edge id argument. */
export function checkId(id: unknown, what: string): number {
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) {
    throw new InvalidArgError(`${what} must be a positive safe integer, got ${typeof id === 'number' ? id : typeof id === 'string' ? JSON.stringify(id) : id === null ? 'null' : typeof id}`);
  }
  return id;
}

function checkDirection(d: unknown): Direction {
  if (d === undefined) return 'out';
  if (d !== 'out' && d !== 'in' && d !== 'both') throw new InvalidArgError(`direction must be 'out', 'in' or 'both', got ${JSON.stringify(d)}`);
  return d;
}

function checkLimit(v: unknown, what: string): number {
  if (v === undefined) return Infinity;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InvalidArgError(`${what} must be a non-negative integer, got ${String(v)}`);
  return v;
}

/** An options object whose keys are all in `known` (a misspelt option is an error, not a silent default). */
function checkOptions(o: unknown, what: string, known: readonly string[]): Record<string, unknown> {
  if (o === undefined) return {};
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new InvalidArgError(`${what} must be an object`);
  for (const k of Object.keys(o)) if (!known.includes(k)) throw new InvalidArgError(`${what}: unknown option ${JSON.stringify(k)}; known: ${known.join(', ')}`);
  return o as Record<string, unknown>;
}

export class GraphReader {
  readonly view: PageReader;
  readonly store: GraphStore;
  readonly #trees = new Map<TreeKey, BTree>();
  readonly #adj: AdjFields = { node: 0, type: 0, other: 0, edge: 0 };
  readonly #indexTrees = new Map<number, Map<number, BTree | null>>();
  #catalogIdMax: number | undefined;

  constructor(view: PageReader, store: GraphStore) {
    this.view = view;
    this.store = store;
  }

  tree(key: TreeKey): BTree {
    let t = this.#trees.get(key);
    if (t === undefined) {
      t = BTree.open(this.view, this.store.roots[key]);
      this.#trees.set(key, t);
    }
    return t;
  }

  /** Hook for the writer: make buffered adjacency and label entries, and deferred property indexes, visible to reads. */
  protected beforeIndexRead(): void {}

  /** Nodes with a label, as this view counts them (counters.ts). */
  protected labelCount(labelId: number): number {
    return decodeCount(this.tree('labels').get(labelCountKey(labelId)), `count of label ${labelId}`);
  }

  /** Edges of a type, as this view counts them. */
  protected typeCount(typeId: number): number {
    return decodeCount(this.tree('edges').get(typeCountKey(typeId)), `count of type ${typeId}`);
  }

  /** Node or edge totals (next id and count) as this view sees them. */
  protected totals(kind: 'nodes' | 'edges'): Totals {
    return decodeTotals(this.tree(kind).get(TOTALS_KEY), `graph.${kind} totals`);
  }

  // ---------------------------------------------------------------- names

  /**
   * Ids above this are names the shared catalog cache got from a write
   * transaction this view does not see (still open, or not yet
   * acknowledged): unknown here. The writer sees every cached name. For a
   * snapshot this is also the number of names it holds (ids are dense, C2).
   */
  catalogIdMax(): number {
    return (this.#catalogIdMax ??= Catalog.idMaxIn(this.view, this.store.roots.catalog));
  }

  /** The id of a label, type or property name, or undefined when this view's catalog does not know it. */
  idOf(nameOrId: NameOrId, role: NameRole): number | undefined {
    if (typeof nameOrId === 'number') {
      if (!Number.isInteger(nameOrId) || nameOrId < 1 || nameOrId > 0xffff_ffff) throw new InvalidArgError(`${role} id must be an integer in [1, 2^32), got ${nameOrId}`);
      return this.store.catalog.hasId(nameOrId) && nameOrId <= this.catalogIdMax() ? nameOrId : undefined;
    }
    if (typeof nameOrId !== 'string') throw new InvalidArgError(`${role} must be a string or a numeric id, got ${nameOrId === null ? 'null' : typeof nameOrId}`);
    const id = this.store.catalog.idOf(nameOrId);
    return id !== undefined && id <= this.catalogIdMax() ? id : undefined;
  }

  nameOf(id: number): string {
    return this.store.catalog.nameOf(id);
  }

  readonly #nameOf = (id: number): string => this.store.catalog.nameOf(id);

  // ---------------------------------------------------------------- records

  /** The raw record of a node, or null. The bytes are a copy. */
  nodeRecordBytes(id: number): Uint8Array | null {
    return this.tree('nodes').get(idKey(id));
  }

  getNode(id: number): NodeRecord | null {
    checkId(id, 'node id');
    const rec = this.nodeRecordBytes(id);
    return rec === null ? null : this.#nodeOf(id, rec);
  }

  #nodeOf(id: number, rec: Uint8Array): NodeRecord {
    const header = readNodeHeader(rec, id);
    const labels = header.labels.map(this.#nameOf);
    return { id, labels, props: nodeProps(rec, header, this.#nameOf) };
  }

  hasNode(id: number): boolean {
    checkId(id, 'node id');
    return this.tree('nodes').has(idKey(id));
  }

  getEdge(id: number): EdgeRecord | null {
    checkId(id, 'edge id');
    const rec = this.tree('edges').get(idKey(id));
    return rec === null ? null : this.#edgeOf(id, rec);
  }

  #edgeOf(id: number, rec: Uint8Array): EdgeRecord {
    const h = readEdgeHeader(rec, id);
    return { id, src: h.src, dst: h.dst, type: this.#nameOf(h.type), props: edgeProps(rec, h, this.#nameOf) };
  }

  hasEdge(id: number): boolean {
    checkId(id, 'edge id');
    return this.tree('edges').has(idKey(id));
  }

  // ---------------------------------------------------------------- adjacency

  /** Calls `visit(otherNode, edgeId, typeId)` for each adjacency entry of `node`; stops when it returns false. */
  forEachAdjacent(node: number, dir: 'out' | 'in', typeId: number | undefined, visit: (other: number, edge: number, type: number) => boolean): void {
    this.#visitAdjacency(dir, adjPrefix(node, typeId), visit);
  }

  /** Like `forEachAdjacent`, but only the edges of one type between `node` and `other` (one seek, no scan of the other edges). */
  forEachAdjacentTo(node: number, dir: 'out' | 'in', typeId: number, other: number, visit: (other: number, edge: number, type: number) => boolean): void {
    this.#visitAdjacency(dir, adjPrefix(node, typeId, other), visit);
  }

  #visitAdjacency(dir: 'out' | 'in', prefix: Uint8Array, visit: (other: number, edge: number, type: number) => boolean): void {
    this.beforeIndexRead();
    const f = this.#adj;
    // One descent and a callback per key (BTree.forEachKeyInPrefix): no cursor, no view per entry.
    this.tree(dir).forEachKeyInPrefix(prefix, (page, start, end) => {
      readAdjKeyAt(page, start, end, f);
      return Boolean(visit(f.other, f.edge, f.type));
    });
  }

  #neighborArgs(id: number, options: NeighborOptions | undefined, what: string): { direction: Direction; distinct: boolean; limit: number; typeId: number | undefined; unknownType: boolean } {
    checkId(id, 'node id');
    const o = checkOptions(options, what, ['direction', 'edgeType', 'distinct', 'limit']);
    const direction = checkDirection(o['direction']);
    if (o['distinct'] !== undefined && typeof o['distinct'] !== 'boolean') throw new InvalidArgError(`distinct must be true or false, got ${String(o['distinct'])}`);
    const distinct = o['distinct'] !== false;
    const limit = checkLimit(o['limit'], 'limit');
    let typeId: number | undefined;
    if (o['edgeType'] !== undefined) typeId = this.idOf(o['edgeType'] as NameOrId, 'edge type');
    return { direction, distinct, limit, typeId, unknownType: o['edgeType'] !== undefined && typeId === undefined };
  }

  /** Ids of the nodes adjacent to `id` (same options as `neighbors`), without edge details. */
  neighborIds(id: number, options?: NeighborOptions): number[] {
    const { direction, distinct, limit, typeId, unknownType } = this.#neighborArgs(id, options, 'neighborIds options');
    if (unknownType) return [];
    const out: number[] = [];
    const seen = distinct ? VISITED : null;
    seen?.clear();
    for (const dir of treesOf(direction)) {
      this.forEachAdjacent(id, dir, typeId, (other) => {
        if (out.length >= limit) return false;
        if (seen !== null && !seen.add(other)) return true;
        out.push(other);
        return true;
      });
    }
    return out;
  }

  neighbors(id: number, options?: NeighborOptions): Neighbor[] {
    const { direction, distinct, limit, typeId, unknownType } = this.#neighborArgs(id, options, 'neighbors options');
    if (unknownType) return [];
    const out: Neighbor[] = [];
    const seen = distinct ? VISITED : null;
    seen?.clear();
    for (const dir of treesOf(direction)) {
      this.forEachAdjacent(id, dir, typeId, (other, edge, type) => {
        if (out.length >= limit) return false;
        if (seen !== null && !seen.add(other)) return true;
        out.push({ nodeId: other, edgeId: edge, type: this.#nameOf(type), direction: dir });
        return true;
      });
    }
    return out;
  }

  /**
   * The hot path of bfs: hands every adjacency key of `id` (no records, no
   * names, duplicates kept) to `collect`, one visitor per bfs rather than a
   * closure per node. The caller has made buffered entries visible.
   */
  #scanAdjacent(id: number, dir: Direction, typeIds: readonly number[] | undefined, collect: KeyAtVisitor): void {
    for (const d of treesOf(dir)) {
      const tree = this.tree(d);
      if (typeIds === undefined) tree.forEachKeyInPrefix(adjPrefix(id), collect);
      else for (const t of typeIds) tree.forEachKeyInPrefix(adjPrefix(id, t), collect);
    }
  }

  bfs(start: number, maxDepth: number, options?: BfsOptions): BfsVisit[] {
    checkId(start, 'start node id');
    if (typeof maxDepth !== 'number' || !Number.isInteger(maxDepth) || maxDepth < 0) {
      throw new InvalidArgError(`maxDepth must be a non-negative integer, got ${String(maxDepth)}`);
    }
    const o = checkOptions(options, 'bfs options', ['direction', 'edgeTypes', 'maxResults']);
    const direction = checkDirection(o['direction']);
    const maxResults = checkLimit(o['maxResults'], 'maxResults');
    let typeIds: number[] | undefined;
    if (o['edgeTypes'] !== undefined) {
      if (!Array.isArray(o['edgeTypes'])) throw new InvalidArgError('edgeTypes must be an array of names or ids');
      typeIds = [];
      for (const t of o['edgeTypes'] as NameOrId[]) {
        const id = this.idOf(t, 'edge type');
        if (id !== undefined) typeIds.push(id);
      }
      typeIds.sort((a, b) => a - b);
    }
    if (maxResults === 0) return [];
    this.beforeIndexRead();
    const f = this.#adj;
    const found: number[] = [];
    const collect: KeyAtVisitor = (page, keyStart, keyEnd) => {
      found.push(readAdjKeyAt(page, keyStart, keyEnd, f).other);
    };
    if (maxDepth > 0) this.#scanAdjacent(start, direction, typeIds, collect);
    // An edge's endpoints exist (a node is deleted with its edges or not at
    // all), so only a start without adjacency entries is looked up.
    if (found.length === 0 && !this.hasNode(start)) return [];
    const visits: BfsVisit[] = [{ nodeId: start, depth: 0 }];
    if (visits.length >= maxResults) return visits;
    const seen = VISITED;
    seen.clear();
    seen.add(start);
    let frontier = [start];
    for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
      const next: number[] = [];
      for (const node of frontier) {
        if (depth > 1) {
          // (At depth 1 the frontier is the start, whose entries are in `found` already.)
          found.length = 0;
          this.#scanAdjacent(node, direction, typeIds, collect);
        }
        for (const other of found) {
          if (!seen.add(other)) continue;
          visits.push({ nodeId: other, depth });
          if (visits.length >= maxResults) return visits;
          next.push(other);
        }
      }
      frontier = next;
    }
    return visits;
  }

  // ---------------------------------------------------------------- labels and counts

  /** Ids of the nodes with a label, ascending, read lazily from the label index. */
  *nodesWithLabel(label: NameOrId): Generator<number, void, undefined> {
    const labelId = this.idOf(label, 'label');
    if (labelId === undefined) return;
    this.beforeIndexRead();
    // [label | 0, label | FF x 8): every node of the label, not its count sentinel.
    const c: Cursor = this.tree('labels').cursor({ gte: labelPrefix(labelId), lt: labelCountKey(labelId) });
    for (let ok = c.first(); ok; ok = c.next()) yield readLabelKeyNode(c.keyView());
  }

  /** Every node, ascending by id, read lazily from the node tree (one pass, no lookup per id). */
  *allNodes(): Generator<NodeRecord, void, undefined> {
    const c: Cursor = this.tree('nodes').cursor({ lt: TOTALS_KEY });
    for (let ok = c.first(); ok; ok = c.next()) {
      const id = readIdKey(c.keyView());
      yield this.#nodeOf(id, c.valueView());
    }
  }

  /** Every edge, ascending by id, read lazily from the edge tree (its count sentinels sort after every edge). */
  *allEdges(): Generator<EdgeRecord, void, undefined> {
    const c: Cursor = this.tree('edges').cursor({ lt: TOTALS_KEY });
    for (let ok = c.first(); ok; ok = c.next()) {
      const id = readIdKey(c.keyView());
      yield this.#edgeOf(id, c.valueView());
    }
  }

  /** Ids of every node, ascending (label or not), read lazily from the node tree. */
  *allNodeIds(): Generator<number, void, undefined> {
    const c: Cursor = this.tree('nodes').cursor({ lt: TOTALS_KEY });
    for (let ok = c.first(); ok; ok = c.next()) yield readIdKey(c.keyView());
  }

  countNodesWithLabel(label: NameOrId): number {
    const labelId = this.idOf(label, 'label');
    return labelId === undefined ? 0 : this.labelCount(labelId);
  }

  countEdgesWithType(type: NameOrId): number {
    const typeId = this.idOf(type, 'edge type');
    return typeId === undefined ? 0 : this.typeCount(typeId);
  }

  nodeCount(): number {
    return this.totals('nodes').count;
  }

  edgeCount(): number {
    return this.totals('edges').count;
  }

  // ---------------------------------------------------------------- property lookups

  /** The root page of the (label, property) index in this view, or undefined. */
  indexRoot(labelId: number, propId: number): number | undefined {
    const v = this.tree('meta').get(indexKey(labelId, propId));
    return v === null ? undefined : decodeIndexRecord(indexKey(labelId, propId), v).rootPageNo;
  }

  /**
   * The (label, property) index tree of this view, or null. A snapshot never
   * changes, so its answers are cached per reader; the writer's indexes
   * change with its own createIndex/dropIndex (it overrides indexRoot).
   */
  protected indexTree(labelId: number, propId: number): BTree | null {
    let byProp = this.#indexTrees.get(labelId);
    if (byProp === undefined) this.#indexTrees.set(labelId, (byProp = new Map()));
    let t = byProp.get(propId);
    if (t === undefined) {
      const root = this.indexRoot(labelId, propId);
      t = root === undefined ? null : BTree.open(this.view, root);
      byProp.set(propId, t);
    }
    return t;
  }

  /** Whether index roots can change under this reader (a write transaction). */
  protected get indexesChange(): boolean {
    return false;
  }

  listIndexes(): IndexInfo[] {
    const out: IndexInfo[] = [];
    const c = this.tree('meta').cursor({ prefix: INDEX_PREFIX });
    for (let ok = c.first(); ok; ok = c.next()) {
      const r = decodeIndexRecord(c.key(), c.value());
      out.push({ label: this.#nameOf(r.label), property: this.#nameOf(r.prop) });
    }
    return out;
  }

  /** Nodes with `label` whose `property` equals `value`, ascending by id; through an index when one exists. */
  findNodes(label: NameOrId, property: NameOrId, value: PropValue): number[] {
    checkPropValue(value, typeof property === 'string' ? property : undefined);
    return this.#lookup(label, property, { op: 'eq', value }, (v) => valuesEqual(v, value));
  }

  /** Nodes with `label` whose `property` lies in the range, ascending by id. */
  findNodesInRange(label: NameOrId, property: NameOrId, range: RangePredicate): number[] {
    const r = checkOptions(range, 'range', ['gt', 'gte', 'lt', 'lte']) as RangePredicate;
    const { gt, gte, lt, lte } = r;
    if (gt !== undefined && gte !== undefined) throw new InvalidArgError('range: give gt or gte, not both');
    if (lt !== undefined && lte !== undefined) throw new InvalidArgError('range: give lt or lte, not both');
    const low = gt !== undefined ? gt : gte;
    const high = lt !== undefined ? lt : lte;
    if (low === undefined && high === undefined) throw new InvalidArgError('range needs at least one of gt, gte, lt, lte');
    for (const v of [low, high]) if (v !== undefined) checkPropValue(v);
    if (low !== undefined && high !== undefined && family(low) !== family(high)) {
      throw new InvalidArgError(`range bounds must have the same type, got ${family(low)} and ${family(high)}`);
    }
    let predicate: KeyPredicate;
    if (low !== undefined && high !== undefined) {
      predicate = { op: 'between', low, high, lowInclusive: gte !== undefined, highInclusive: lte !== undefined };
    } else if (low !== undefined) {
      predicate = { op: gte !== undefined ? 'ge' : 'gt', value: low };
    } else {
      predicate = { op: lte !== undefined ? 'le' : 'lt', value: high! };
    }
    return this.#lookup(label, property, predicate, (v) => withinBounds(v, r));
  }

  #lookup(label: NameOrId, property: NameOrId, predicate: KeyPredicate, matches: (v: PropValue) => boolean): number[] {
    const labelId = this.idOf(label, 'label');
    const propId = this.idOf(property, 'property key');
    if (labelId === undefined || propId === undefined) return [];
    const tree = this.indexesChange ? this.#openIndex(labelId, propId) : this.indexTree(labelId, propId);
    if (tree !== null) {
      this.beforeIndexRead();
      const hits = scanIndex(tree, predicate);
      const ids = hits.recheck.size === 0 ? hits.nodeIds : hits.nodeIds.filter((id) => !hits.recheck.has(id) || this.#propMatches(id, propId, matches));
      return ids.sort((a, b) => a - b);
    }
    const out: number[] = [];
    for (const id of this.nodesWithLabel(labelId)) if (this.#propMatches(id, propId, matches)) out.push(id);
    return out;
  }

  #openIndex(labelId: number, propId: number): BTree | null {
    const root = this.indexRoot(labelId, propId);
    return root === undefined ? null : BTree.open(this.view, root);
  }

  #propMatches(id: number, propId: number, matches: (v: PropValue) => boolean): boolean {
    const rec = this.nodeRecordBytes(id);
    if (rec === null) return false;
    const v = nodeProp(rec, readNodeHeader(rec, id), propId);
    return v !== undefined && matches(v);
  }
}
