/**
 * The schema of a graph as one view sees it: every label with its node
 * count and every edge type with its edge count (exact, from the counters
 * the writer keeps current, counters.ts), the property keys with the number
 * of nodes and edges carrying each (exact when the graph holds at most
 * `sampleMax` nodes and edges, else counted over the first `sampleMax` of
 * each and flagged `sampled`), and the property indexes.
 *
 * Labels, types and property keys share one catalog (catalog.ts); a name is
 * reported as a label when nodes carry it, as a type when edges do, and as a
 * property key when it was seen as one. Cost: one counter read per catalog
 * name, plus a bounded scan for the property keys.
 */
import { TOTALS_KEY } from './counters.js';
import { readIdKey } from './graph-keys.js';
import type { GraphReader } from './graph-reader.js';
import type { IndexInfo } from './graph-types.js';

/** A label or edge type with its exact count. */
export interface NameCount {
  name: string;
  count: number;
}

/** A property key with the nodes and edges (of those scanned) carrying it. */
export interface PropertyKeyCount {
  name: string;
  nodes: number;
  edges: number;
}

/** What `schemaSummary` returns. */
export interface SchemaSummary {
  /** Labels with at least one node, largest count first. */
  labels: NameCount[];
  /** Edge types with at least one edge, largest count first. */
  edgeTypes: NameCount[];
  /** Property keys seen on the scanned nodes and edges, most used first. */
  propertyKeys: PropertyKeyCount[];
  /** The property indexes. */
  indexes: IndexInfo[];
  /** Total nodes and edges. */
  nodes: number;
  edges: number;
  /** Nodes and edges scanned for the property keys. */
  scannedNodes: number;
  scannedEdges: number;
  /** True when the property-key counts come from the first `sampleMax` nodes and edges only. */
  sampled: boolean;
}

/** Default bound of the property-key scan (nodes, and separately edges). */
export const SCHEMA_SAMPLE_MAX = 100_000;

function byCountThenName(a: NameCount, b: NameCount): number {
  return b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export function schemaSummary(reader: GraphReader, sampleMax: number = SCHEMA_SAMPLE_MAX): SchemaSummary {
  const labels: NameCount[] = [];
  const edgeTypes: NameCount[] = [];
  const idMax = reader.catalogIdMax();
  for (let id = 1; id <= idMax; id++) {
    const name = reader.nameOf(id);
    const n = reader.countNodesWithLabel(id);
    if (n > 0) labels.push({ name, count: n });
    const e = reader.countEdgesWithType(id);
    if (e > 0) edgeTypes.push({ name, count: e });
  }
  labels.sort(byCountThenName);
  edgeTypes.sort(byCountThenName);

  const keys = new Map<string, PropertyKeyCount>();
  const entry = (name: string): PropertyKeyCount => {
    let k = keys.get(name);
    if (k === undefined) keys.set(name, (k = { name, nodes: 0, edges: 0 }));
    return k;
  };
  let scannedNodes = 0;
  for (const id of reader.allNodeIds()) {
    if (scannedNodes >= sampleMax) break;
    scannedNodes++;
    const node = reader.getNode(id);
    if (node !== null) for (const k of Object.keys(node.props)) entry(k).nodes++;
  }
  const edgeTotal = reader.edgeCount();
  let scannedEdges = 0;
  // Edge records sit below the totals sentinel of graph.edges (graph-keys.ts).
  const c = reader.tree('edges').cursor({ lt: TOTALS_KEY });
  for (let ok = c.first(); ok && scannedEdges < sampleMax; ok = c.next()) {
    scannedEdges++;
    const edge = reader.getEdge(readIdKey(c.keyView()));
    if (edge !== null) for (const k of Object.keys(edge.props)) entry(k).edges++;
  }
  const propertyKeys = [...keys.values()].sort((a, b) => b.nodes + b.edges - (a.nodes + a.edges) || (a.name < b.name ? -1 : 1));
  const nodes = reader.nodeCount();
  return {
    labels,
    edgeTypes,
    propertyKeys,
    indexes: reader.listIndexes(),
    nodes,
    edges: edgeTotal,
    scannedNodes,
    scannedEdges,
    sampled: scannedNodes < nodes || scannedEdges < edgeTotal,
  };
}
