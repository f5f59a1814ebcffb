/**
 * What the planner knows of the data when it chooses access paths and join
 * order: counts the graph layer keeps current on every write (nodes, nodes
 * per label, edges per type) and which property indexes exist. Read from
 * the snapshot the statement is planned against; never cached beyond it.
 */
import type { GraphReader } from '../../graph/graph-reader.js';

export interface PlanStatistics {
  nodeCount: number;
  edgeCount: number;
  labelCount(label: string): number;
  typeCount(type: string): number;
  hasIndex(label: string, property: string): boolean;
  /** A string that changes whenever the set of indexes changes (part of the plan cache key). */
  indexSignature: string;
}

export function statisticsOf(reader: GraphReader): PlanStatistics {
  const indexes = reader.listIndexes();
  const set = new Set(indexes.map((i) => `${i.label}\u0000${i.property}`));
  const labels = new Map<string, number>();
  const types = new Map<string, number>();
  return {
    nodeCount: reader.nodeCount(),
    edgeCount: reader.edgeCount(),
    labelCount(label: string): number {
      let n = labels.get(label);
      if (n === undefined) labels.set(label, (n = reader.countNodesWithLabel(label)));
      return n;
    },
    typeCount(type: string): number {
      let n = types.get(type);
      if (n === undefined) types.set(type, (n = reader.countEdgesWithType(type)));
      return n;
    },
    hasIndex(label: string, property: string): boolean {
      return set.has(`${label}\u0000${property}`);
    },
    indexSignature: [...set].sort().join('\u0001'),
  };
}
