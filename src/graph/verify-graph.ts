/**
 * Verification of a whole graph database: everything the B+-tree verify
 * checks on every tree (order, fences, levels, page types, reachability,
 * overflow chains, no page both free and used, no leaked page), plus the
 * graph rules:
 *
 *  G1. Adjacency symmetry: every edge record has exactly its out entry
 *      (src, type, dst, edge) and its in entry (dst, type, src, edge); every
 *      out or in entry belongs to an edge record that says the same.
 *  G2. No dangling ids: an edge's endpoints are nodes; every label-index and
 *      property-index entry names an existing node.
 *  G3. Label index completeness: one entry per (label, node) of every node
 *      record, and no other.
 *  G4. Property index completeness: per index (label, property), exactly the
 *      entries of the nodes with that label and a value for the property,
 *      encoded as that value (rules I1, I2 of property-index.ts).
 *  G5. Counts in graph.meta equal the trees: node and edge totals, per label,
 *      per edge type.
 *  G6. The id counters are ahead of every node and edge id in use.
 *  G7. Every label, type and property key id in a record is in the catalog,
 *      and the catalog's two directions agree (catalog.ts C1).
 *
 * It reads everything: O(size of the database). Problems are collected (up
 * to a limit), not thrown, so one report names every broken place.
 */
import { compareKeys, readU32, readU64Number } from '../base/bytes.js';
import { SombraError } from '../base/errors.js';
import { BTree } from '../btree/tree.js';
import { formatProblems, verifyTrees } from '../btree/verify.js';
import type { PageReader } from '../pager/page-store.js';
import { adjKey, idKey, labelKey, labelKeyNodeOffset, oceIsMinimal, readAdjKey, readIdKey, readLabelKeyLabel, readLabelKeyNode, type AdjFields } from './graph-keys.js';
import type { GraphStore } from './graph-store.js';
import { entryNodeId, indexEntryKey } from './property-index.js';
import { listIndexRecords } from './meta-store.js';
import { TOTALS_KEY, decodeCount, decodeTotals, isSentinelId, listTypeCounts } from './counters.js';
import { edgePropEntries, nodePropEntries, readEdgeHeader, readNodeHeader } from './records.js';

export interface GraphVerifyReport {
  ok: boolean;
  /** One sentence per problem, naming the rule, the place and the ids. */
  problems: string[];
  nodes: number;
  edges: number;
  trees: number;
  pages: number;
  freePages: number;
}

const MAX_PROBLEMS = 200;

export function verifyGraph(view: PageReader, store: GraphStore): GraphVerifyReport {
  const problems: string[] = [];
  const add = (p: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const guard = (what: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof SombraError)) throw err;
      add(`${what}: ${err.code}: ${err.message}`);
    }
  };
  const roots = store.roots;
  const meta = BTree.open(view, roots.meta);
  const indexRecords = listIndexRecords(meta);

  // B+-tree structure of every tree, and page accounting across the file.
  let pages = 0;
  let freePages = 0;
  const allRoots = [roots.nodes, roots.edges, roots.out, roots.in, roots.labels, roots.catalog, roots.meta, ...indexRecords.map((r) => r.rootPageNo)];
  guard('B+-tree verify', () => {
    const r = verifyTrees(view, allRoots, { checkLeaks: true });
    pages = r.pageCount;
    freePages = r.freePageCount;
    if (!r.ok) for (const line of formatProblems(r.problems).split('\n')) add(`B+-tree: ${line}`);
  });
  if (problems.length > 0) return { ok: false, problems, nodes: 0, edges: 0, trees: allRoots.length, pages, freePages };

  const catalog = store.catalog;
  guard('catalog', () => {
    for (const p of catalog.verifyAgainst(view, roots.catalog)) add(p);
  });
  const known = (id: number, what: string, where: string): void => {
    if (!catalog.hasId(id)) add(`G7: ${where} refers to ${what} id ${id}, which the catalog does not know`);
  };

  // Nodes: labels, properties, expected label-index and property-index entries.
  const nodes = BTree.open(view, roots.nodes);
  const labelCounts = new Map<number, number>();
  const expectedLabelKeys: Uint8Array[] = [];
  const indexByLabel = new Map<number, Array<{ prop: number; root: number; expected: Uint8Array[] }>>();
  for (const r of indexRecords) {
    const list = indexByLabel.get(r.label) ?? [];
    list.push({ prop: r.prop, root: r.rootPageNo, expected: [] });
    indexByLabel.set(r.label, list);
  }
  let nodeCount = 0;
  let maxNodeId = 0;
  guard('nodes', () => {
    const c = nodes.cursor({ lt: TOTALS_KEY });
    for (let ok = c.first(); ok; ok = c.next()) {
      const key = c.keyView();
      const id = readIdKey(key);
      if (!oceIsMinimal(key, 0)) add(`G7: node key ${id} is not in minimal form (graph-keys.ts K2)`);
      nodeCount++;
      maxNodeId = Math.max(maxNodeId, id);
      guard(`node ${id}`, () => {
        const rec = c.value();
        const header = readNodeHeader(rec, id);
        const props = nodePropEntries(rec, header);
        for (const [k] of props) known(k, 'property key', `node ${id}`);
        for (const l of header.labels) {
          known(l, 'label', `node ${id}`);
          labelCounts.set(l, (labelCounts.get(l) ?? 0) + 1);
          expectedLabelKeys.push(labelKey(l, id));
          for (const idx of indexByLabel.get(l) ?? []) {
            const v = props.find((e) => e[0] === idx.prop);
            if (v !== undefined) idx.expected.push(indexEntryKey(v[1], id));
          }
        }
      });
    }
  });
  const nodeExists = (id: number): boolean => nodes.has(idKey(id));

  // G3: the label index equals the expected entries (its count sentinels aside).
  const labelSentinels = new Map<number, number>();
  guard('G3 label index', () => compareSorted(view, roots.labels, expectedLabelKeys, 'G3 label index', (k) => `label ${readLabelKeyLabel(k)} of node ${readLabelKeyNode(k)}`, add, (k, v) => {
    if (!isSentinelId(k, labelKeyNodeOffset(k))) return false;
    guard(`count of label ${readLabelKeyLabel(k)}`, () => labelSentinels.set(readLabelKeyLabel(k), decodeCount(v(), 'label count')));
    return true;
  }));

  // G4: each property index equals the expected entries.
  for (const [label, list] of indexByLabel) {
    for (const idx of list) {
      guard('G4', () => compareSorted(view, idx.root, idx.expected, `G4 index (label ${label}, property ${idx.prop})`, (k) => `node ${entryNodeId(k)}`, add));
    }
  }

  // Edges: endpoints, types, expected adjacency.
  const edges = BTree.open(view, roots.edges);
  const typeCounts = new Map<number, number>();
  const expectedOut: Uint8Array[] = [];
  const expectedIn: Uint8Array[] = [];
  let edgeCount = 0;
  let maxEdgeId = 0;
  guard('edges', () => {
    const c = edges.cursor({ lt: TOTALS_KEY });
    for (let ok = c.first(); ok; ok = c.next()) {
      const id = readIdKey(c.keyView());
      edgeCount++;
      maxEdgeId = Math.max(maxEdgeId, id);
      guard(`edge ${id}`, () => {
        const rec = c.value();
        const h = readEdgeHeader(rec, id);
        known(h.type, 'edge type', `edge ${id}`);
        for (const [k] of edgePropEntries(rec, h)) known(k, 'property key', `edge ${id}`);
        if (!nodeExists(h.src)) add(`G2: edge ${id} leaves node ${h.src}, which does not exist`);
        if (!nodeExists(h.dst)) add(`G2: edge ${id} enters node ${h.dst}, which does not exist`);
        typeCounts.set(h.type, (typeCounts.get(h.type) ?? 0) + 1);
        expectedOut.push(adjKey(h.src, h.type, h.dst, id));
        expectedIn.push(adjKey(h.dst, h.type, h.src, id));
      });
    }
  });
  const f: AdjFields = { node: 0, type: 0, other: 0, edge: 0 };
  const describeAdj = (k: Uint8Array): string => {
    readAdjKey(k, f);
    return `edge ${f.edge} (node ${f.node}, type ${f.type}, other ${f.other})`;
  };
  guard('G1 out adjacency', () => compareSorted(view, roots.out, expectedOut, 'G1 out adjacency', describeAdj, add));
  guard('G1 in adjacency', () => compareSorted(view, roots.in, expectedIn, 'G1 in adjacency', describeAdj, add));

  // G5, G6: counters (counters.ts).
  guard('counters', () => {
    const nodeTotals = decodeTotals(nodes.get(TOTALS_KEY), 'graph.nodes totals');
    const edgeTotals = decodeTotals(edges.get(TOTALS_KEY), 'graph.edges totals');
    if (nodeTotals.count !== nodeCount) add(`G5: the totals count ${nodeTotals.count} nodes, the tree holds ${nodeCount}`);
    if (edgeTotals.count !== edgeCount) add(`G5: the totals count ${edgeTotals.count} edges, the tree holds ${edgeCount}`);
    if (nodeCount > 0 && nodeTotals.nextId <= maxNodeId) add(`G6: next node id ${nodeTotals.nextId} is not above node ${maxNodeId}`);
    if (edgeCount > 0 && edgeTotals.nextId <= maxEdgeId) add(`G6: next edge id ${edgeTotals.nextId} is not above edge ${maxEdgeId}`);
    checkCounts(labelSentinels, labelCounts, 'label', add);
    checkCounts(new Map(listTypeCounts(edges)), typeCounts, 'edge type', add);
  });

  return { ok: problems.length === 0, problems, nodes: nodeCount, edges: edgeCount, trees: allRoots.length, pages, freePages };
}

function checkCounts(stored: Map<number, number>, expected: Map<number, number>, what: string, add: (p: string) => void): void {
  for (const [id, count] of stored) {
    if (count === 0) add(`G5: a zero count entry for ${what} ${id} (counters.ts K3)`);
    else if ((expected.get(id) ?? 0) !== count) add(`G5: the count of ${what} ${id} says ${count}, the trees hold ${expected.get(id) ?? 0}`);
  }
  for (const [id, n] of expected) if (!stored.has(id) && n > 0) add(`G5: no count entry for ${what} ${id} (the trees hold ${n})`);
}

/** Compares the keys of a tree with the expected set, reporting missing and extra entries. */
function compareSorted(
  view: PageReader,
  root: number,
  expected: Uint8Array[],
  what: string,
  describe: (k: Uint8Array) => string,
  add: (p: string) => void,
  /** Consumes entries that are not index entries (count sentinels); true to skip them. */
  skip: (key: Uint8Array, value: () => Uint8Array) => boolean = () => false,
): void {
  expected.sort(compareKeys);
  const c = BTree.open(view, root).cursor();
  let i = 0;
  let ok = c.first();
  while (ok || i < expected.length) {
    const have = ok ? c.keyView() : null;
    const want = i < expected.length ? expected[i]! : null;
    if (have !== null && skip(have, () => c.value())) {
      ok = c.next();
      continue;
    }
    const cmp = have === null ? 1 : want === null ? -1 : compareKeys(have, want);
    if (cmp === 0) {
      i++;
      ok = c.next();
    } else if (cmp < 0) {
      add(`${what}: extra entry for ${describe(have!)}`);
      ok = c.next();
    } else {
      add(`${what}: missing entry for ${describe(want!)}`);
      i++;
    }
  }
}
