/**
 * Whether a value a query returned matches a TCK cell, with the TCK's
 * semantics:
 *
 * - INTEGER and FLOAT are different: `1` matches only an integer (a safe
 *   integer number that is not -0, or a bigint), `1.0` only a float (a
 *   `BoxedFloat`, or a number that is not a safe integer). Floats compare by
 *   value, NaN matches NaN, and -0.0 matches 0.0 (IEEE equality).
 * - Strings, booleans and null compare exactly. The TCK writes temporal
 *   values as strings (`'1910-05-06'`, `'PT1H'`): a string matches a date,
 *   time, datetime or duration whose ISO text (`toString`) is that string.
 * - Lists compare element by element, in order unless `ignoreListOrder`
 *   (then as multisets, at every depth).
 * - Maps and property maps compare by key set and values, in any key order.
 * - Nodes: labels as a set, and properties; relationships: type and
 *   properties; paths: every node and relationship in walk order and the
 *   direction of every hop. Ids are never compared.
 *
 * `formatPublicValue` writes a result value in the same syntax, for reports.
 */
import { Node, Path, Relationship, type PublicValue } from '../../src/query/values/public-values.js';
import { DurationValue, TemporalValue } from '../../src/graph/temporal-value.js';
import { BoxedFloat, isIntNumber } from '../../src/query/values/value.js';
import type { TckMap, TckNode, TckRelationship, TckValue } from './cell-value.js';

/**
 * A value of a result row: the public values, and the temporal classes
 * spelled out so that this compiles before and after they join `PublicValue`.
 */
export type ResultValue = PublicValue | TemporalValue | DurationValue | ResultValue[] | { [key: string]: ResultValue };

/** How values compare. */
export interface CompareOptions {
  /** Compare lists as multisets (`ignoring element order for lists`). */
  ignoreListOrder: boolean;
}

/** Whether `actual` matches the expected TCK value. */
export function matchesTckValue(expected: TckValue, actual: ResultValue, options: CompareOptions): boolean {
  switch (expected.kind) {
    case 'null':
      return actual === null;
    case 'boolean':
      return actual === expected.value;
    case 'string':
      if (actual instanceof TemporalValue || actual instanceof DurationValue) return actual.toString() === expected.value;
      return actual === expected.value;
    case 'integer':
      if (typeof actual === 'bigint') return actual === expected.value;
      return typeof actual === 'number' && isIntNumber(actual) && BigInt(actual) === expected.value;
    case 'float': {
      let x: number;
      if (actual instanceof BoxedFloat) x = actual.value;
      else if (typeof actual === 'number' && !isIntNumber(actual)) x = actual;
      else return false;
      return Number.isNaN(expected.value) ? Number.isNaN(x) : x === expected.value;
    }
    case 'list':
      return Array.isArray(actual) && matchesList(expected.items, actual, options);
    case 'map':
      return isPlainMap(actual) && matchesMap(expected.entries, actual, options);
    case 'node':
      return actual instanceof Node && matchesNode(expected, actual, options);
    case 'relationship':
      return actual instanceof Relationship && matchesRelationship(expected, actual, options);
    case 'path': {
      if (!(actual instanceof Path)) return false;
      if (actual.relationships.length !== expected.steps.length || actual.nodes.length !== expected.steps.length + 1) return false;
      if (!matchesNode(expected.start, actual.nodes[0]!, options)) return false;
      for (let i = 0; i < expected.steps.length; i++) {
        const step = expected.steps[i]!;
        const from = actual.nodes[i]!;
        const to = actual.nodes[i + 1]!;
        const rel = actual.relationships[i]!;
        const forward = rel.startNodeId === from.id && rel.endNodeId === to.id;
        const backward = rel.startNodeId === to.id && rel.endNodeId === from.id;
        if (step.forward ? !forward : !backward) return false;
        if (!matchesRelationship(step.relationship, rel, options) || !matchesNode(step.node, to, options)) return false;
      }
      return true;
    }
  }
}

function isPlainMap(v: ResultValue): v is Record<string, ResultValue> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function matchesList(expected: readonly TckValue[], actual: readonly ResultValue[], options: CompareOptions): boolean {
  if (expected.length !== actual.length) return false;
  if (!options.ignoreListOrder) return expected.every((e, i) => matchesTckValue(e, actual[i]!, options));
  return matchesAsMultiset(expected, actual, (e, a) => matchesTckValue(e, a, options));
}

/**
 * Whether every expected item can be paired with a distinct actual item
 * (a bipartite matching, by augmenting paths: cells are small, and a greedy
 * pairing can fail where a matching exists when values only match loosely).
 */
export function matchesAsMultiset<E, A>(expected: readonly E[], actual: readonly A[], matches: (e: E, a: A) => boolean): boolean {
  if (expected.length !== actual.length) return false;
  const candidates = expected.map((e) => actual.flatMap((a, j) => (matches(e, a) ? [j] : [])));
  const pairedExpected: number[] = new Array<number>(actual.length).fill(-1);
  const tryPair = (i: number, seen: boolean[]): boolean => {
    for (const j of candidates[i]!) {
      if (seen[j]) continue;
      seen[j] = true;
      if (pairedExpected[j] === -1 || tryPair(pairedExpected[j]!, seen)) {
        pairedExpected[j] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < expected.length; i++) {
    if (!tryPair(i, new Array<boolean>(actual.length).fill(false))) return false;
  }
  return true;
}

function matchesMap(expected: TckMap, actual: Record<string, ResultValue>, options: CompareOptions): boolean {
  const keys = Object.keys(actual);
  if (keys.length !== expected.size) return false;
  for (const k of keys) {
    const e = expected.get(k);
    if (e === undefined || !matchesTckValue(e, actual[k]!, options)) return false;
  }
  return true;
}

function matchesNode(expected: TckNode, actual: Node, options: CompareOptions): boolean {
  const labels = new Set(actual.labels);
  const wanted = new Set(expected.labels);
  if (labels.size !== wanted.size || actual.labels.some((l) => !wanted.has(l))) return false;
  return matchesMap(expected.properties, actual.properties, options);
}

function matchesRelationship(expected: TckRelationship, actual: Relationship, options: CompareOptions): boolean {
  return actual.type === expected.type && matchesMap(expected.properties, actual.properties, options);
}

/** A result value in the TCK's cell syntax (`1`, `1.0`, `'a'`, `(:A {p: 1})`, ...), for reports. */
export function formatPublicValue(v: ResultValue): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return String(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return isIntNumber(v) ? String(v) : formatFloat(v);
    case 'string':
      return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    default:
      break;
  }
  if (v instanceof BoxedFloat) return formatFloat(v.value);
  if (v instanceof TemporalValue || v instanceof DurationValue) return formatPublicValue(v.toString());
  if (Array.isArray(v)) return `[${v.map(formatPublicValue).join(', ')}]`;
  if (v instanceof Node) return formatNode(v);
  if (v instanceof Relationship) return formatRelationship(v);
  if (v instanceof Path) {
    let out = `<${formatNode(v.nodes[0]!)}`;
    for (let i = 0; i < v.relationships.length; i++) {
      const rel = v.relationships[i]!;
      const from = v.nodes[i]!;
      const to = v.nodes[i + 1]!;
      const forward = rel.startNodeId === from.id;
      out += forward ? `-${formatRelationship(rel)}->` : `<-${formatRelationship(rel)}-`;
      out += formatNode(to);
    }
    return `${out}>`;
  }
  if (v instanceof Uint8Array) return `<bytes ${Buffer.from(v).toString('hex')}>`;
  if (v instanceof Date) return `<datetime ${v.toISOString()}>`;
  return formatProperties(v);
}

function formatFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x).replace('e+', 'e');
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

function formatProperties(m: Record<string, ResultValue>): string {
  const keys = Object.keys(m);
  return `{${keys.map((k) => `${formatName(k)}: ${formatPublicValue(m[k]!)}`).join(', ')}}`;
}

function formatName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `\`${name.replace(/`/g, '``')}\``;
}

function formatNode(n: Node): string {
  const labels = n.labels.map((l) => `:${formatName(l)}`).join('');
  const props = Object.keys(n.properties).length > 0 ? formatProperties(n.properties) : '';
  return `(${labels}${labels !== '' && props !== '' ? ' ' : ''}${props})`;
}

function formatRelationship(r: Relationship): string {
  const props = Object.keys(r.properties).length > 0 ? ` ${formatProperties(r.properties)}` : '';
  return `[:${formatName(r.type)}${props}]`;
}
