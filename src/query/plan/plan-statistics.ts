/**
 * What the planner knows of the data when it chooses access paths and join
 * order: counts the graph layer keeps current on every write (nodes, nodes
 * per label, edges per type) and which property indexes exist. Read from
 * the view the statement is planned against, lazily (a cached plan reads
 * nothing).
 *
 * Which indexes exist only decides whether a plan seeks or scans: a plan
 * whose index was dropped since still answers correctly (the graph layer's
 * lookups fall back to a label scan), so plans are cached per version of the
 * index directory, not per snapshot.
 */
import type { GraphReader } from '../../graph/graph-reader.js';

export interface PlanStatistics {
  readonly nodeCount: number;
  readonly edgeCount: number;
  labelCount(label: string): number;
  typeCount(type: string): number;
  hasIndex(label: string, property: string): boolean;
}

/** The version of the index directory a plan made now depends on. */
export function indexVersionOf(reader: GraphReader): number {
  return reader.store.indexes.version;
}

export function statisticsOf(reader: GraphReader): PlanStatistics {
  const labels = new Map<string, number>();
  const types = new Map<string, number>();
  let nodes: number | undefined;
  let edges: number | undefined;
  return {
    get nodeCount(): number {
      return (nodes ??= reader.nodeCount());
    },
    get edgeCount(): number {
      return (edges ??= reader.edgeCount());
    },
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
      const l = reader.idOf(label, 'label');
      const p = reader.idOf(property, 'property key');
      return l !== undefined && p !== undefined && reader.store.indexes.get(l, p) !== undefined;
    },
  };
}
