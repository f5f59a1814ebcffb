/**
 * What a write query changed, as the difference between the graph before
 * and after it (the openCypher TCK's side effects, and `stats`):
 *
 *   nodesCreated / nodesDeleted   nodes that exist after but not before, and
 *                                 the reverse (a node created and deleted by
 *                                 the same query counts in neither)
 *   relationshipsCreated / ...Deleted   likewise
 *   labelsAdded / labelsRemoved   label names that no node carried before and
 *                                 some node carries after, and the reverse
 *   propertiesSet / ...Removed    (entity, key, value) triples present after
 *                                 and not before, and the reverse (changing a
 *                                 value is one of each)
 *
 * Before-states are captured lazily, at the first touch of a node,
 * relationship or label (from the transaction's view, just before the write
 * changes it), so only what the query touches costs anything.
 */
import { valueKey } from '../values/equality.js';
import { NodeRef, type Value } from '../values/value.js';
import type { GraphView } from './graph-view.js';
import { emptyStats, type QueryStats } from './query-result.js';

type PropsSnapshot = Map<string, string> | null;

function snapshotProps(props: Record<string, Value> | null): PropsSnapshot {
  if (props === null) return null;
  const m = new Map<string, string>();
  for (const k of Object.keys(props)) m.set(k, valueKey(props[k]!));
  return m;
}

export class ChangeTracker {
  readonly #nodes = new Map<number, PropsSnapshot>();
  readonly #rels = new Map<number, PropsSnapshot>();
  readonly #labels = new Map<number, number>();

  /** Call before changing or deleting a node (or right after creating one, with `created`). */
  touchNode(graph: GraphView, id: number, created = false): void {
    if (this.#nodes.has(id)) return;
    this.#nodes.set(id, created || !graph.nodeExists(id) ? null : snapshotProps(graph.nodeProperties(new NodeRef(id))));
  }

  /** Call before changing or deleting a relationship (or right after creating one, with `created`). */
  touchRel(graph: GraphView, id: number, created = false): void {
    if (this.#rels.has(id)) return;
    this.#rels.set(id, created || !graph.relExists(id) ? null : snapshotProps(graph.relPropertiesById(id)));
  }

  /** Call before a write that can change how many nodes carry a label. */
  touchLabel(graph: GraphView, labelId: number): void {
    if (this.#labels.has(labelId)) return;
    this.#labels.set(labelId, graph.reader.countNodesWithLabel(labelId));
  }

  /** The counters, comparing every touched entity and label with its state now. */
  stats(graph: GraphView): QueryStats {
    const s = emptyStats();
    const diff = (before: PropsSnapshot, after: PropsSnapshot): void => {
      const b = before ?? new Map<string, string>();
      const a = after ?? new Map<string, string>();
      for (const [k, v] of a) {
        const old = b.get(k);
        if (old === undefined) s.propertiesSet++;
        else if (old !== v) {
          s.propertiesSet++;
          s.propertiesRemoved++;
        }
      }
      for (const k of b.keys()) if (!a.has(k)) s.propertiesRemoved++;
    };
    for (const [id, before] of this.#nodes) {
      const exists = graph.nodeExists(id);
      if (before === null && exists) s.nodesCreated++;
      if (before !== null && !exists) s.nodesDeleted++;
      diff(before, exists ? snapshotProps(graph.nodeProperties(new NodeRef(id))) : null);
    }
    for (const [id, before] of this.#rels) {
      const exists = graph.relExists(id);
      if (before === null && exists) s.relationshipsCreated++;
      if (before !== null && !exists) s.relationshipsDeleted++;
      diff(before, exists ? snapshotProps(graph.relPropertiesById(id)) : null);
    }
    for (const [label, before] of this.#labels) {
      const after = graph.reader.countNodesWithLabel(label);
      if (before === 0 && after > 0) s.labelsAdded++;
      if (before > 0 && after === 0) s.labelsRemoved++;
    }
    return s;
  }
}
