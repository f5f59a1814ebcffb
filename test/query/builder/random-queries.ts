/**
 * fast-check generators for the engine-versus-reference tests: small random
 * graphs (one or two of labels A-C, edge types F-H, self-loops, parallel edges, nulls
 * and mixed ints, floats and bigints, where an int and a float differ only
 * beyond 2^53) and random version 2 specs over them, and the loader that
 * writes a graph into a database and returns its in-memory copy.
 */
import fc from 'fast-check';
import type { Database, PropValue } from '../../../src/index.js';
import type { RefGraph } from './reference-evaluator.js';

const absent = undefined;

/** 2^55 as a float, and ints just above it: equal under a lossy conversion, different exactly. */
const BIG_FLOAT = 2 ** 55;
const BIG_INTS = [2n ** 55n + 1n, 2n ** 55n + 3n, -(2n ** 55n) - 1n];

const kValue = fc.option(fc.integer({ min: -3, max: 3 }), { nil: absent });
const xValue = fc.option(
  fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom(0.5, -1.5, 2.5, BIG_FLOAT), fc.constantFrom(...BIG_INTS)),
  { nil: absent },
);
const sValue = fc.option(fc.oneof(fc.constantFrom('a', 'ab', 'b', 'Ab', '', 'ba'), fc.constant(1)), { nil: absent });
const bValue = fc.option(fc.boolean(), { nil: absent });

function props(entries: Array<[string, PropValue | undefined]>): Record<string, PropValue> {
  const out: Record<string, PropValue> = {};
  for (const [k, v] of entries) if (v !== undefined) out[k] = v;
  return out;
}

export interface GraphPlan {
  nodes: Array<{ labels: string[]; props: Record<string, PropValue> }>;
  edges: Array<{ src: number; dst: number; type: string; props: Record<string, PropValue> }>;
}

export const graphArb: fc.Arbitrary<GraphPlan> = fc
  .array(
    fc.record({
      labels: fc.constantFrom<string[]>(['A'], ['B'], ['A', 'B'], ['C']),
      k: kValue,
      x: xValue,
      s: sValue,
      b: bValue,
    }),
    { minLength: 2, maxLength: 5 },
  )
  .chain((nodes) =>
    fc
      .array(
        fc.record({
          src: fc.nat({ max: nodes.length - 1 }),
          dst: fc.nat({ max: nodes.length - 1 }),
          type: fc.constantFrom('F', 'F', 'G', 'H'),
          w: fc.option(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constant(0.5)), { nil: absent }),
        }),
        { minLength: 2, maxLength: 14 },
      )
      .map((edges) => ({
        nodes: nodes.map((n) => ({ labels: n.labels, props: props([['k', n.k], ['x', n.x], ['s', n.s], ['b', n.b]]) })),
        edges: edges.map((e) => ({ src: e.src, dst: e.dst, type: e.type, props: props([['w', e.w]]) })),
      })),
  );

/** Writes the plan into `db` in one transaction; returns the in-memory copy with the real ids. */
export async function loadGraph(db: Database, plan: GraphPlan): Promise<RefGraph> {
  return db.transaction((tx) => {
    const nodes = plan.nodes.map((n) => ({ id: tx.createNode(n.labels, n.props), labels: n.labels, props: readBack(n.props) }));
    const edges = plan.edges.map((e) => {
      const src = nodes[e.src]!.id;
      const dst = nodes[e.dst]!.id;
      return { id: tx.createEdge(src, dst, e.type, e.props), src, dst, type: e.type, props: readBack(e.props) };
    });
    return { nodes, edges };
  });
}

/** A property map as it reads back (bigints in the safe range as numbers). */
function readBack(p: Record<string, PropValue>): Record<string, PropValue> {
  const out: Record<string, PropValue> = {};
  for (const [k, v] of Object.entries(p)) out[k] = typeof v === 'bigint' && v >= -(2n ** 53n - 1n) && v <= 2n ** 53n - 1n ? Number(v) : v;
  return out;
}

// ------------------------------------------------------------------ specs

const NODE_PROPS = ['k', 'x', 's', 'b'] as const;
const numLit = fc.constantFrom<unknown>(0, 1, 2, -1, 0.5, 2.5, BIG_FLOAT, { t: 'Int', v: (2n ** 55n + 1n).toString() });
const strLit = fc.constantFrom<unknown>('a', 'b', 'A', '', 'ab');
const anyLit = fc.oneof(numLit, strLit, fc.boolean());

type Json = Record<string, unknown>;

/** `usual` three times in four, else a value of `other`. */
function often<U, T>(usual: U, other: fc.Arbitrary<T>): fc.Arbitrary<U | T> {
  return fc.oneof({ arbitrary: fc.constant(usual), weight: 3 }, { arbitrary: other, weight: 1 });
}

function predicateArb(vars: string[], edgeVars: string[], depth: number): fc.Arbitrary<Json> {
  const nodeProp = fc.record({ var: fc.constantFrom(...vars), prop: fc.constantFrom(...NODE_PROPS) });
  const target = edgeVars.length === 0 ? nodeProp : fc.oneof(nodeProp, fc.record({ var: fc.constantFrom(...edgeVars), prop: fc.constant('w') }));
  const leaves: Array<fc.Arbitrary<Json>> = [
    fc.record({ op: fc.constantFrom('eq', 'ne', 'lt', 'le', 'gt', 'ge'), args: fc.tuple(target, anyLit.map((value) => ({ value }))) }),
    fc.record({ op: fc.constantFrom('eq', 'lt', 'ge'), args: fc.tuple(target, target) }),
    fc.record({ op: fc.constantFrom('startsWith', 'endsWith', 'contains'), args: fc.tuple(target, strLit.map((value) => ({ value }))) }),
    fc.record({ op: fc.constantFrom('isNull', 'isNotNull', 'exists'), args: fc.tuple(target) }),
    fc.record({ op: fc.constant('inList'), args: fc.tuple(target, fc.array(fc.oneof(anyLit, fc.constant(null)), { maxLength: 3 }).map((value) => ({ value }))) }),
    fc
      .tuple(target, numLit, numLit, fc.tuple(fc.boolean(), fc.boolean()))
      .map(([t, a, b, inclusive]) => ({ op: 'between', args: [t, { value: a }, { value: b }], inclusive })),
    fc.record({ op: fc.constant('hasLabel'), args: fc.tuple(fc.record({ var: fc.constantFrom(...vars) })), label: fc.constantFrom('A', 'B') }),
    fc.record({ op: fc.constantFrom('eq', 'ne', 'le'), args: fc.tuple(fc.record({ id: fc.constantFrom(...vars, ...edgeVars) }), fc.integer({ min: 1, max: 6 }).map((value) => ({ value }))) }),
    fc.record({ op: fc.constant('eq'), args: fc.tuple(nodeProp, fc.constant({ param: 'p' })) }),
  ];
  if (edgeVars.length > 0) {
    leaves.push(fc.record({ op: fc.constant('eq'), args: fc.tuple(fc.record({ type: fc.constantFrom(...edgeVars) }), fc.constantFrom('F', 'G').map((value) => ({ value }))) }));
  }
  const leaf = fc.oneof(...leaves);
  if (depth === 0) return leaf;
  const sub = predicateArb(vars, edgeVars, depth - 1);
  return fc.oneof(
    { arbitrary: leaf, weight: 3 },
    { arbitrary: fc.record({ op: fc.constantFrom('and', 'or'), args: fc.array(sub, { minLength: 1, maxLength: 3 }) }), weight: 2 },
    { arbitrary: fc.record({ op: fc.constant('not'), args: fc.tuple(sub) }), weight: 1 },
  );
}

interface Column {
  item: Json;
  orderable: boolean;
}

function selectArb(vars: string[], edgeVars: string[]): fc.Arbitrary<Column[]> {
  const all = [...vars, ...edgeVars];
  const plain: fc.Arbitrary<Column> = fc.oneof(
    fc.record({ var: fc.constantFrom(...vars), prop: fc.constantFrom(...NODE_PROPS) }).map((item) => ({ item, orderable: true })),
    fc.record({ id: fc.constantFrom(...all) }).map((item) => ({ item, orderable: true })),
    fc.record({ var: fc.constantFrom(...all) }).map((item) => ({ item, orderable: false })),
    ...(edgeVars.length === 0
      ? []
      : [
          fc.record({ type: fc.constantFrom(...edgeVars) }).map((item) => ({ item, orderable: true })),
          fc.record({ var: fc.constantFrom(...edgeVars), prop: fc.constant('w') }).map((item) => ({ item, orderable: true })),
        ]),
  );
  const agg: fc.Arbitrary<Column> = fc.oneof(
    fc.constant({ item: { agg: 'count' }, orderable: true }),
    fc.record({ agg: fc.constant('count'), var: fc.constantFrom(...vars), prop: fc.constantFrom(...NODE_PROPS), distinct: fc.boolean() }).map((item) => ({ item, orderable: true })),
    fc.record({ agg: fc.constantFrom('min', 'max'), var: fc.constantFrom(...vars), prop: fc.constantFrom(...NODE_PROPS) }).map((item) => ({ item, orderable: true })),
    fc.record({ agg: fc.constantFrom('sum', 'avg'), var: fc.constantFrom(...vars), prop: fc.constant('k'), distinct: fc.boolean() }).map((item) => ({ item, orderable: true })),
    fc.record({ agg: fc.constant('collect'), var: fc.constantFrom(...vars), prop: fc.constantFrom(...NODE_PROPS) }).map((item) => ({ item, orderable: false })),
    fc.record({ agg: fc.constant('count'), var: fc.constantFrom(...all) }).map((item) => ({ item, orderable: true })),
  );
  return fc.oneof(
    fc.constant<Column[]>([]),
    fc.array(plain, { minLength: 1, maxLength: 3 }),
    fc.tuple(fc.array(plain, { maxLength: 2 }), fc.array(agg, { minLength: 1, maxLength: 2 })).map(([a, b]) => [...a, ...b]),
  );
}

export interface SpecCase {
  spec: Json;
  params: Record<string, unknown>;
}

export const specArb: fc.Arbitrary<SpecCase> = fc
  .constantFrom(0, 1, 1, 2, 2, 3)
  .chain((edgeCount) => fc.record({ edgeCount: fc.constant(edgeCount), nodes: fc.array(fc.constantFrom<string | null>(null, null, 'A', 'B'), { minLength: Math.max(1, edgeCount), maxLength: edgeCount + 1 }) }))
  .chain(({ nodes, edgeCount }) => {
    const vars = nodes.map((_, i) => `v${i}`);
    return fc
      .array(
        fc.record({
          chained: fc.boolean(),
          from: fc.constantFrom(...vars),
          to: fc.constantFrom(...vars),
          types: fc.oneof(fc.constant([]), fc.subarray(['F', 'G', 'H'], { minLength: 1, maxLength: 2 })),
          direction: fc.constantFrom('out', 'in', 'both'),
          named: fc.boolean(),
          hops: often(
            null,
            fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 2 })).map(([a, b]): readonly [number, number] => [a, Math.max(1, Math.min(3, a + b))]),
          ),
        }),
        { minLength: edgeCount, maxLength: edgeCount },
      )
      .chain((edges) => {
        // At most one variable-length step per spec: with several, the paths multiply (in the
        // reference's enumeration and in the result) beyond what a test can wait for.
        const firstVarLength = edges.findIndex((e) => e.hops !== null);
        edges = edges.map((e, i) => (i === firstVarLength || e.hops === null ? e : { ...e, hops: null }));
        // a chained edge joins v_i to v_i+1 (a path, or a cycle when it wraps around); others join any two
        const edgeSpecs = edges.map((e, i) => ({
          var: e.named && e.hops === null ? `e${i}` : null,
          from: e.chained ? vars[i % vars.length]! : e.from,
          to: e.chained ? vars[(i + 1) % vars.length]! : e.to,
          types: e.types,
          direction: e.direction,
          minHops: e.hops === null ? null : Math.min(e.hops[0], e.hops[1]),
          maxHops: e.hops === null ? null : e.hops[1],
        }));
        const edgeVars = edgeSpecs.flatMap((e) => (e.var === null ? [] : [e.var]));
        return fc.record({
          where: fc.option(predicateArb(vars, edgeVars, 2), { nil: null, freq: 2 }),
          columns: selectArb(vars, edgeVars),
          distinct: fc.boolean(),
          orderPick: fc.array(fc.tuple(fc.nat(), fc.constantFrom('asc', 'desc')), { maxLength: 2 }),
          skip: often(null, fc.nat({ max: 3 })),
          limit: often(null, fc.integer({ min: 1, max: 5 })),
          p: anyLit,
        }).map(({ where, columns, distinct, orderPick, skip, limit, p }) => {
          const select = columns.map((c, i) => ({ ...c.item, as: `c${i}` }));
          const orderable = columns.flatMap((c, i) => (c.orderable ? [`c${i}`] : []));
          const keys = orderable.length === 0 ? [] : [...new Set(orderPick.map(([n]) => n % orderable.length))];
          const orderBy = keys.map((k, i) => ({ key: orderable[k]!, direction: orderPick[i]![1] }));
          return {
            spec: {
              $schemaVersion: 2,
              nodes: nodes.map((label, i) => ({ var: `v${i}`, label })),
              edges: edgeSpecs,
              where,
              select,
              distinct,
              orderBy,
              skip,
              limit,
            },
            params: { p },
          };
        });
      });
  });
