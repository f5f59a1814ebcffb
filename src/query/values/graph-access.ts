/**
 * What the query engine's expressions and functions may ask of the graph
 * while a query runs: labels, types and properties of the nodes and
 * relationships in its values. The executor implements it over the query's
 * snapshot (a read query) or its transaction (a write query, which sees its
 * own writes). Functions never reach the graph any other way.
 */
import type { CypherMap, NodeRef, RelRef, Value } from './value.js';

export interface GraphAccess {
  /** Label names of a node, in catalog id order. Throws `CypherError` EntityNotFound/DeletedEntityAccess for a node this query deleted. */
  nodeLabels(node: NodeRef): string[];
  /** Whether the node has the label. */
  nodeHasLabel(node: NodeRef, label: string): boolean;
  /** A property of a node, or null when it has none. */
  nodeProperty(node: NodeRef, key: string): Value;
  /** Every property of a node, as a fresh map. */
  nodeProperties(node: NodeRef): CypherMap;
  /** The type name of a relationship. */
  relType(rel: RelRef): string;
  /** A property of a relationship, or null when it has none. */
  relProperty(rel: RelRef, key: string): Value;
  /** Every property of a relationship, as a fresh map. */
  relProperties(rel: RelRef): CypherMap;
}
