/**
 * The values the graph layer hands to callers (the public API re-exports
 * them). Every record is a fresh object: nothing refers into a cached page.
 */
import type { PropValue } from './value-codec.js';

/**
 * A property value: `null`, a boolean, a number, a bigint (int64), a string,
 * a `Uint8Array`, a `Date`, a `BoxedFloat` (a float JS would take for an
 * integer, such as Cypher's 1.0: stored as a float, read back by the public
 * API as a plain number), a `TemporalValue` (Cypher's DATE, LOCAL TIME,
 * ZONED TIME, LOCAL DATETIME, ZONED DATETIME; read back as a fresh
 * `TemporalValue`), a `DurationValue` (Cypher's DURATION; read back as a
 * fresh `DurationValue`), or an array of those other than null (a list; no
 * nested arrays). `PropScalar` is the type of a list element.
 * @example { name: 'Ada', tags: ['admin', 'ops'], scores: [1, 2.5], ratio: new BoxedFloat(1), born: new TemporalValue('DATE', -21790, 0, 0) }
 */
export type { PropScalar, PropValue } from './value-codec.js';

/** A property map as callers read and write it. */
export type Props = Record<string, PropValue>;

/** A label, edge type or property key, by name or by its interned numeric id. */
export type NameOrId = string | number;

/**
 * A node as `getNode` returns it (a fresh object each call).
 * @example db.getNode(1) // { id: 1, labels: ['User'], props: { name: 'Ada' } }
 */
export interface NodeRecord {
  /** The node id: a positive safe integer. */
  id: number;
  /** Label names, in the order of their interned ids. */
  labels: string[];
  /** Properties by name, in the order of their interned key ids. */
  props: Props;
}

/**
 * An edge as `getEdge` returns it (a fresh object each call).
 * @example db.getEdge(1) // { id: 1, src: 1, dst: 2, type: 'KNOWS', props: { since: 2020 } }
 */
export interface EdgeRecord {
  /** The edge id: a positive safe integer (edge ids are a counter of their own). */
  id: number;
  /** The node the edge leaves. */
  src: number;
  /** The node the edge enters. */
  dst: number;
  /** Edge type name. */
  type: string;
  /** Properties by name, in the order of their interned key ids. */
  props: Props;
}

/** Which edges of a node to follow: leaving it (`out`), entering it (`in`), or both. */
export type Direction = 'out' | 'in' | 'both';

/** One entry of `neighbors`: an adjacent node and the edge that joins it. */
export interface Neighbor {
  /** The node at the other end of the edge. */
  nodeId: number;
  /** The edge joining the two nodes. */
  edgeId: number;
  /** Edge type name. */
  type: string;
  /** Whether the edge leaves (`out`) or enters (`in`) the node asked about. */
  direction: 'out' | 'in';
}

/** Options of `neighbors`. */
export interface NeighborOptions {
  /** Default `'out'`. */
  direction?: Direction;
  /** Only edges of this type (an unknown type gives no entries). */
  edgeType?: NameOrId;
  /** One entry per neighbouring node (the first edge found). Default `true`. */
  distinct?: boolean;
  /** At most this many entries (a non-negative integer). Default: no limit. */
  limit?: number;
}

/** Options of `bfs`. */
export interface BfsOptions {
  /** Default `'out'`. */
  direction?: Direction;
  /** Only follow edges of these types (unknown names are ignored). Default: every type. */
  edgeTypes?: readonly NameOrId[];
  /** Stop after this many visited nodes (the start included). Default: no limit. */
  maxResults?: number;
}

/** One node reached by `bfs`. */
export interface BfsVisit {
  /** The node reached. */
  nodeId: number;
  /** Hops from the start node (0 for the start itself). */
  depth: number;
}

/**
 * A change of a node's or an edge's properties: `unset` is applied first,
 * then `set`, so a name in both ends up set.
 * @example tx.updateNode(1, { set: { age: 37 }, unset: ['nickname'] })
 */
export interface PropsUpdate {
  /** Properties to add or replace (`undefined` is not a value: use `unset`). */
  set?: Props;
  /** Property names to remove (missing ones are ignored). */
  unset?: readonly string[];
}

/**
 * A range of property values (`findNodesInRange`), with or without an index:
 * at least one bound, at most one lower (`gt`/`gte`) and one upper
 * (`lt`/`lte`), bounds of one type (ints, floats and bigints count as one;
 * list bounds select lists, compared element by element).
 * @example db.findNodesInRange('User', 'age', { gte: 18, lt: 65 })
 */
export interface RangePredicate {
  /** Values greater than this. */
  gt?: PropValue;
  /** Values greater than or equal to this. */
  gte?: PropValue;
  /** Values less than this. */
  lt?: PropValue;
  /** Values less than or equal to this. */
  lte?: PropValue;
}

/** A property index, as `listIndexes` reports it. */
export interface IndexInfo {
  /** Label name of the indexed nodes. */
  label: string;
  /** Property key name of the indexed values. */
  property: string;
}
