/**
 * The side effects of a query measured the way the TCK defines them (its
 * tck-api `SideEffectOps`): the graph's state is four sets (node ids,
 * relationship ids, the distinct label names in use, and the
 * (entity, key, value) property triples), and each side-effect key is a set
 * difference between the state before and after the query:
 *   +nodes / -nodes, +relationships / -relationships: ids new / gone;
 *   +labels / -labels: label names in use after but not before / before but not after
 *     (`CREATE (:L), (:L)` is +labels 1; labelling a node with a name already in use is +labels 0);
 *   +properties / -properties: triples new / gone (overwriting a value is +1 and -1;
 *     deleting an entity removes its properties).
 *
 * The runner checks `r.stats` (the engine's counters, which must follow these
 * definitions); this measurement is reported beside them when they differ, to
 * show what the graph actually went through. The state is read with Cypher
 * (`MATCH (n) RETURN n`, `MATCH ()-[r]->() RETURN r`) on the same session.
 */
import { Node, Relationship } from '../../src/query/values/public-values.js';
import type { CypherSession } from './scenario-runner.js';
import { formatPublicValue } from './value-compare.js';

/** The TCK's view of a graph's state. */
export interface GraphSnapshot {
  nodeIds: Set<number>;
  relationshipIds: Set<number>;
  labels: Set<string>;
  /** `n<id>.<key>=<value>` / `r<id>.<key>=<value>`, values in TCK syntax. */
  properties: Set<string>;
}

/** Reads the whole graph of a session; throws if the engine cannot run the two queries. */
export async function takeSnapshot(session: CypherSession, signal: AbortSignal): Promise<GraphSnapshot> {
  const snapshot: GraphSnapshot = { nodeIds: new Set(), relationshipIds: new Set(), labels: new Set(), properties: new Set() };
  const nodes = await session.run('MATCH (n) RETURN n', {}, signal);
  for (const row of nodes.rows) {
    const n = row.n;
    if (!(n instanceof Node)) throw new Error('MATCH (n) RETURN n returned something other than nodes');
    snapshot.nodeIds.add(n.id);
    for (const label of n.labels) snapshot.labels.add(label);
    for (const [k, v] of Object.entries(n.properties)) snapshot.properties.add(`n${n.id}.${k}=${formatPublicValue(v)}`);
  }
  const rels = await session.run('MATCH ()-[r]->() RETURN r', {}, signal);
  for (const row of rels.rows) {
    const r = row.r;
    if (!(r instanceof Relationship)) throw new Error('MATCH ()-[r]->() RETURN r returned something other than relationships');
    snapshot.relationshipIds.add(r.id);
    for (const [k, v] of Object.entries(r.properties)) snapshot.properties.add(`r${r.id}.${k}=${formatPublicValue(v)}`);
  }
  return snapshot;
}

/** The side effects between two snapshots, keyed `+nodes`, `-nodes`, ... (all eight keys). */
export function diffSnapshots(before: GraphSnapshot, after: GraphSnapshot): Record<string, number> {
  const added = <T>(from: Set<T>, to: Set<T>): number => [...to].filter((x) => !from.has(x)).length;
  return {
    '+nodes': added(before.nodeIds, after.nodeIds),
    '-nodes': added(after.nodeIds, before.nodeIds),
    '+relationships': added(before.relationshipIds, after.relationshipIds),
    '-relationships': added(after.relationshipIds, before.relationshipIds),
    '+labels': added(before.labels, after.labels),
    '-labels': added(after.labels, before.labels),
    '+properties': added(before.properties, after.properties),
    '-properties': added(after.properties, before.properties),
  };
}
