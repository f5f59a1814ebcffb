/**
 * The values a query hands to its caller: nodes, relationships and paths as
 * instances of these exported classes (so a map is never mistaken for a
 * node), everything else as plain JavaScript values (integers as numbers
 * when safe, bigints beyond; floats as numbers; maps as plain objects;
 * lists as arrays; dates, times and durations as their ISO 8601 text). `toPublic` converts an engine value (`value.ts`) while
 * the query's snapshot is still open.
 */
import type { PropValue } from '../../graph/value-codec.js';
import type { GraphAccess } from './graph-access.js';
import { BoxedFloat, NodeRef, PathValue, RelRef, isMap, type Value } from './value.js';

/** A node in a query result. */
export class Node {
  constructor(
    /** The node id. */
    readonly id: number,
    /** Label names. */
    readonly labels: string[],
    /** Properties by name. */
    readonly properties: Record<string, PublicValue>,
  ) {}
}

/** A relationship (edge) in a query result. */
export class Relationship {
  constructor(
    /** The edge id. */
    readonly id: number,
    /** The relationship type. */
    readonly type: string,
    /** Id of the node it leaves. */
    readonly startNodeId: number,
    /** Id of the node it enters. */
    readonly endNodeId: number,
    /** Properties by name. */
    readonly properties: Record<string, PublicValue>,
  ) {}
}

/** A path in a query result: `relationships[i]` joins `nodes[i]` and `nodes[i + 1]`. */
export class Path {
  constructor(
    readonly nodes: Node[],
    readonly relationships: Relationship[],
  ) {}

  /** Number of relationships. */
  get length(): number {
    return this.relationships.length;
  }
}

/** A value in a query result. */
export type PublicValue = PropValue | PublicValue[] | { [key: string]: PublicValue } | Node | Relationship | Path | BoxedFloat;

/**
 * Converts an engine value for the caller. `keepFloatBoxes` keeps `BoxedFloat`
 * (integral floats) instead of unboxing them to numbers: for the TCK runner,
 * which must tell `1.0` from `1`.
 */
export function toPublic(v: Value, graph: GraphAccess, keepFloatBoxes = false): PublicValue {
  if (v === null || typeof v !== 'object') return v;
  if (v instanceof BoxedFloat) return keepFloatBoxes ? v : v.value;
  if (v instanceof Uint8Array || v instanceof Date) return v;
  if (Array.isArray(v)) return v.map((x) => toPublic(x, graph, keepFloatBoxes));
  if (v instanceof NodeRef) return publicNode(v, graph, keepFloatBoxes);
  if (v instanceof RelRef) return publicRel(v, graph, keepFloatBoxes);
  if (v instanceof PathValue) {
    return new Path(
      v.nodes.map((n) => publicNode(n, graph, keepFloatBoxes)),
      v.rels.map((r) => publicRel(r, graph, keepFloatBoxes)),
    );
  }
  if (isMap(v)) return publicMap(v, graph, keepFloatBoxes);
  return v.toString(); // temporal values and durations: their ISO 8601 text
}

function publicMap(m: Record<string, Value>, graph: GraphAccess, keepFloatBoxes: boolean): Record<string, PublicValue> {
  const out: Record<string, PublicValue> = {};
  for (const k of Object.keys(m)) out[k] = toPublic(m[k]!, graph, keepFloatBoxes);
  return out;
}

function publicNode(n: NodeRef, graph: GraphAccess, keepFloatBoxes: boolean): Node {
  return new Node(n.id, graph.nodeLabels(n), publicMap(graph.nodeProperties(n), graph, keepFloatBoxes));
}

function publicRel(r: RelRef, graph: GraphAccess, keepFloatBoxes: boolean): Relationship {
  return new Relationship(r.id, graph.relType(r), r.src, r.dst, publicMap(graph.relProperties(r), graph, keepFloatBoxes));
}
