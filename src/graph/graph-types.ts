/**
 * The values the graph layer hands to callers (the public API re-exports
 * them). Every record is a fresh object: nothing refers into a cached page.
 */
import type { PropValue } from './value-codec.js';

export type { PropValue } from './value-codec.js';

/** A property map as callers read and write it. */
export type Props = Record<string, PropValue>;

/** A label, edge type or property key, by name or by its interned numeric id. */
export type NameOrId = string | number;

export interface NodeRecord {
  id: number;
  /** Label names, in the order of their interned ids. */
  labels: string[];
  props: Props;
}

export interface EdgeRecord {
  id: number;
  src: number;
  dst: number;
  type: string;
  props: Props;
}

export type Direction = 'out' | 'in' | 'both';

export interface Neighbor {
  /** The node at the other end of the edge. */
  nodeId: number;
  edgeId: number;
  /** Edge type name. */
  type: string;
  /** Whether the edge leaves (`out`) or enters (`in`) the node asked about. */
  direction: 'out' | 'in';
}

export interface NeighborOptions {
  /** Default `'out'`. */
  direction?: Direction;
  /** Only edges of this type. */
  edgeType?: NameOrId;
  /** One entry per neighbouring node (the first edge found). Default `true`. */
  distinct?: boolean;
  /** At most this many entries. */
  limit?: number;
}

export interface BfsOptions {
  /** Default `'out'`. */
  direction?: Direction;
  /** Only follow edges of these types. */
  edgeTypes?: readonly NameOrId[];
  /** Stop after this many visited nodes (the start included). */
  maxResults?: number;
}

export interface BfsVisit {
  nodeId: number;
  /** Hops from the start node (0 for the start itself). */
  depth: number;
}

/** A change of a node's or an edge's properties. */
export interface PropsUpdate {
  /** Properties to add or replace. */
  set?: Props;
  /** Property names to remove (missing ones are ignored). */
  unset?: readonly string[];
}

/** A range predicate on an indexed property (`findNodesInRange`). */
export interface RangePredicate {
  gt?: PropValue;
  gte?: PropValue;
  lt?: PropValue;
  lte?: PropValue;
}

export interface IndexInfo {
  label: string;
  property: string;
}
