/**
 * The read methods shared by `Database` (newest acknowledged state),
 * `Transaction` (the transaction's own view, its writes included) and
 * `ReadView` (one snapshot). Each subclass says which graph reader answers.
 */
import { InvalidArgError } from '../base/errors.js';
import type { GraphReader } from '../graph/graph-reader.js';
import type {
  BfsOptions,
  BfsVisit,
  EdgeRecord,
  IndexInfo,
  NameOrId,
  Neighbor,
  NeighborOptions,
  NodeRecord,
  PropValue,
  RangePredicate,
} from '../graph/graph-types.js';
import { schemaSummary, type SchemaSummary } from '../graph/schema-summary.js';

export abstract class GraphReads {
  /** The reader of the state this object reads. */
  protected abstract reader(): GraphReader;

  /**
   * The node with this id, or `null`.
   * @example db.getNode(1) // { id: 1, labels: ['User'], props: { name: 'Ada' } }
   */
  getNode(id: number): NodeRecord | null {
    return this.reader().getNode(id);
  }

  /** Whether a node with this id exists. */
  hasNode(id: number): boolean {
    return this.reader().hasNode(id);
  }

  /**
   * The edge with this id, or `null`.
   * @example db.getEdge(7) // { id: 7, src: 1, dst: 2, type: 'KNOWS', props: {} }
   */
  getEdge(id: number): EdgeRecord | null {
    return this.reader().getEdge(id);
  }

  /** Whether an edge with this id exists. */
  hasEdge(id: number): boolean {
    return this.reader().hasEdge(id);
  }

  /**
   * The nodes adjacent to `id`: out-neighbours by default; `direction: 'in'`
   * or `'both'`; optionally one `edgeType`; `distinct` (default true) gives
   * one entry per neighbouring node.
   * @example db.neighbors(1, { direction: 'both', edgeType: 'KNOWS' })
   */
  neighbors(id: number, options?: NeighborOptions): Neighbor[] {
    return this.reader().neighbors(id, options);
  }

  /**
   * Ids of the nodes adjacent to `id`, with the options of `neighbors`
   * (distinct by default): the fast path when edge ids and types are not needed.
   * @example db.neighborIds(1, { direction: 'both' }) // [2, 3]
   */
  neighborIds(id: number, options?: NeighborOptions): number[] {
    return this.reader().neighborIds(id, options);
  }

  /**
   * Breadth-first traversal from `start` up to `maxDepth` hops; the start
   * node is included at depth 0. Each node appears once, at its shortest depth.
   * @example db.bfs(1, 2, { direction: 'out', edgeTypes: ['KNOWS'], maxResults: 100 })
   */
  bfs(start: number, maxDepth: number, options?: BfsOptions): BfsVisit[] {
    return this.reader().bfs(start, maxDepth, options);
  }

  /** Number of nodes with the label (0 for an unknown label). */
  countNodesWithLabel(label: NameOrId): number {
    return this.reader().countNodesWithLabel(label);
  }

  /** Number of edges of the type (0 for an unknown type). */
  countEdgesWithType(type: NameOrId): number {
    return this.reader().countEdgesWithType(type);
  }

  /** Number of nodes. */
  nodeCount(): number {
    return this.reader().nodeCount();
  }

  /** Number of edges. */
  edgeCount(): number {
    return this.reader().edgeCount();
  }

  /**
   * Ids of the nodes with `label` whose `property` equals `value`, ascending.
   * Uses the (label, property) index when one exists, else scans the label.
   * A node without the property never matches (not even `null`).
   * @example db.findNodes('User', 'name', 'Ada') // [1]
   */
  findNodes(label: NameOrId, property: NameOrId, value: PropValue): number[] {
    return this.reader().findNodes(label, property, value);
  }

  /**
   * Ids of the nodes with `label` whose `property` lies in the range,
   * ascending; bounds of one type (numbers mix ints, floats and bigints).
   * @example db.findNodesInRange('User', 'age', { gte: 18, lt: 65 })
   */
  findNodesInRange(label: NameOrId, property: NameOrId, range: RangePredicate): number[] {
    return this.reader().findNodesInRange(label, property, range);
  }

  /**
   * Labels and edge types with exact counts, property keys with the nodes
   * and edges carrying them (counted over at most `sampleMax` of each;
   * `sampled` says when that bound cut the scan), and the indexes.
   * @example db.schema().labels // [{ name: 'User', count: 1200 }, ...]
   */
  schema(options?: { sampleMax?: number }): SchemaSummary {
    const max = options?.sampleMax;
    if (max !== undefined && (!Number.isInteger(max) || max < 0)) throw new InvalidArgError(`sampleMax must be a non-negative integer, got ${String(max)}`);
    return schemaSummary(this.reader(), max);
  }

  /** The property indexes that exist. */
  listIndexes(): IndexInfo[] {
    return this.reader().listIndexes();
  }

  /**
   * The numeric id of a label, edge type or property key, or `null` when
   * the name was never used. (`Database.intern` creates ids.)
   */
  idOf(name: string): number | null {
    if (typeof name !== 'string') throw new InvalidArgError(`name must be a string, got ${name === null ? 'null' : typeof name}`);
    return this.reader().idOf(name, 'name') ?? null;
  }

  /** Alias of `idOf` for labels. */
  labelId(name: string): number | null {
    return this.idOf(name);
  }

  /** Alias of `idOf` for edge types. */
  edgeTypeId(name: string): number | null {
    return this.idOf(name);
  }

  /** Alias of `idOf` for property keys. */
  propertyKeyId(name: string): number | null {
    return this.idOf(name);
  }
}
