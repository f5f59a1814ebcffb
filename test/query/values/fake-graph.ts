// A GraphAccess over in-memory tables, for tests of operators and functions
// that read labels, types and properties.
import type { GraphAccess } from '../../../src/query/values/graph-access.js';
import type { CypherMap, NodeRef, RelRef, Value } from '../../../src/query/values/value.js';

export interface FakeGraphSpec {
  nodes?: Record<number, { labels?: string[]; props?: CypherMap }>;
  rels?: Record<number, { type: string; props?: CypherMap }>;
}

export function fakeGraph(spec: FakeGraphSpec = {}): GraphAccess {
  const node = (n: NodeRef) => {
    const entry = spec.nodes?.[n.id];
    if (entry === undefined) throw new Error(`no node ${n.id} in the fake graph`);
    return entry;
  };
  const rel = (r: RelRef) => {
    const entry = spec.rels?.[r.id];
    if (entry === undefined) throw new Error(`no relationship ${r.id} in the fake graph`);
    return entry;
  };
  return {
    nodeLabels: (n) => [...(node(n).labels ?? [])],
    nodeHasLabel: (n, label) => (node(n).labels ?? []).includes(label),
    nodeProperty: (n, key) => (node(n).props?.[key] ?? null) as Value,
    nodeProperties: (n) => ({ ...(node(n).props ?? {}) }),
    relType: (r) => rel(r).type,
    relProperty: (r, key) => (rel(r).props?.[key] ?? null) as Value,
    relProperties: (r) => ({ ...(rel(r).props ?? {}) }),
  };
}
