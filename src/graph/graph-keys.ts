/**
 * The trees of the graph layer and the layout of their keys, format version 1.
 *
 * Ids in keys use the ordered compact encoding (OCE): one length byte n
 * (0..7), then the value in n big-endian bytes with no leading zero byte
 * (0 is the single byte 00). A longer encoding is a larger value, and
 * encodings of equal length compare bytewise, so byte order is numeric order;
 * no encoding is a prefix of another, so composite keys sort field by field.
 * Node and edge ids (< 2^53) take 2 to 8 bytes; catalog ids (u32, from 1)
 * 2 to 5. A 100k-node graph's adjacency keys are 14 bytes, not 28.
 *
 *     TREE (root name)   KEY                                    VALUE
 *     graph.nodes        OCE node id                            node record (records.ts)
 *     graph.edges        OCE edge id                            edge record (records.ts)
 *     graph.out          OCE src | OCE type | OCE dst | OCE edge  empty
 *     graph.in           OCE dst | OCE type | OCE src | OCE edge  empty
 *     graph.labels       OCE label | OCE node                   empty
 *     graph.catalog      0x01 | UTF-8 name                      id u32
 *                        0x02 | id u32                          UTF-8 name
 *     graph.meta         see meta-store.ts (the property index directory)
 *     (one per index)    encoded value (key-codec.ts) | node id u64   empty
 *
 * Rules: K1. a length byte is at most 7 and its bytes lie inside the key;
 * K2. an encoding is minimal (no leading zero byte); K3. a key has exactly
 * its fields, nothing after them.
 *
 * The out and in trees are the adjacency: every edge has exactly one entry in
 * each (rule G1 of verify-graph.ts), so the edges of a node, optionally of one
 * type, are one prefix scan in either direction.
 *
 * Id counters and counts sit in sentinel entries at the right end of
 * graph.nodes, graph.edges and each label's range of graph.labels
 * (counters.ts): their id part starts with 0xFF, above every length byte.
 */
import { toHex } from '../base/bytes.js';
import { CorruptionError } from '../base/errors.js';

export const GRAPH_KEYS_FORMAT_VERSION = 1;

export const TreeName = {
  nodes: 'graph.nodes',
  edges: 'graph.edges',
  out: 'graph.out',
  in: 'graph.in',
  labels: 'graph.labels',
  catalog: 'graph.catalog',
  meta: 'graph.meta',
} as const;

export type TreeNameValue = (typeof TreeName)[keyof typeof TreeName];

/** The largest key of the out, in and labels trees, in bytes. */
export const ADJ_KEY_MAX_BYTES = 4 * 8;

/** Bytes the OCE of `v` takes (v a non-negative safe integer). */
export function oceSize(v: number): number {
  if (v < 0x100) return v === 0 ? 1 : 2;
  if (v < 0x1_0000) return 3;
  if (v < 0x100_0000) return 4;
  if (v < 0x1_0000_0000) return 5;
  if (v < 0x100_0000_0000) return 6;
  if (v < 0x1_0000_0000_0000) return 7;
  return 8;
}

/** Writes the OCE of `v` at `b[at]`; returns the offset after it. */
export function writeOce(b: Uint8Array, at: number, v: number): number {
  const n = oceSize(v) - 1;
  b[at] = n;
  if (v < 0x1_0000_0000) {
    // Integer shifts for 32-bit values (most ids).
    for (let i = n, s = 0; i >= 1; i--, s += 8) b[at + i] = (v >>> s) & 0xff;
    return at + n + 1;
  }
  let x = v;
  for (let i = n; i >= 1; i--) {
    b[at + i] = x % 256;
    x = Math.floor(x / 256);
  }
  return at + n + 1;
}

function corrupt(key: Uint8Array, at: number, why: string): CorruptionError {
  return new CorruptionError(`graph key ${toHex(key)}: ${why} at byte ${at}`, { file: '', offsetBytes: at });
}

/** Offset just past the OCE at `b[at]` when it is well formed (K1) and ends by `limit`, else -1. */
function oceEndWithin(b: Uint8Array, at: number, limit: number): number {
  const n = b[at];
  return n === undefined || n > 7 || at + 1 + n > limit ? -1 : at + 1 + n;
}

/** The value of the OCE at `b[at]` that ends at `end` (checked by the caller). */
function oceValue(b: Uint8Array, at: number, end: number): number {
  let v = 0;
  for (let i = at + 1; i < end; i++) v = v * 256 + b[i]!;
  return v;
}

/** Offset just past the OCE at `b[at]` (rule K1). */
export function oceEnd(b: Uint8Array, at: number): number {
  const end = oceEndWithin(b, at, b.length);
  if (end < 0) throw corrupt(b, at, `K1: length byte ${b[at] ?? 'missing'}`);
  return end;
}

/** The value of the OCE at `b[at]` (rule K1 checked). */
export function readOce(b: Uint8Array, at: number): number {
  return oceValue(b, at, oceEnd(b, at));
}

/** Checks rule K2 (minimal form) of the OCE at `b[at]` (verify only). */
export function oceIsMinimal(b: Uint8Array, at: number): boolean {
  const n = b[at]!;
  return n === 0 ? true : b[at + 1] !== 0;
}

export function idKey(id: number): Uint8Array {
  const out = new Uint8Array(oceSize(id));
  writeOce(out, 0, id);
  return out;
}

/** The id of a whole id key (rules K1, K3). */
export function readIdKey(key: Uint8Array): number {
  if (oceEnd(key, 0) !== key.length) throw corrupt(key, 0, 'K3: bytes after the id');
  return readOce(key, 0);
}

/**
 * Adjacency key: (node, type, other, edge); out: node = src, other = dst;
 * in: the reverse. With `out` (at least ADJ_KEY_MAX_BYTES), writes into it
 * and returns a view of the used bytes.
 */
export function adjKey(node: number, type: number, other: number, edge: number, out?: Uint8Array): Uint8Array {
  const b = out ?? new Uint8Array(oceSize(node) + oceSize(type) + oceSize(other) + oceSize(edge));
  let p = writeOce(b, 0, node);
  p = writeOce(b, p, type);
  p = writeOce(b, p, other);
  p = writeOce(b, p, edge);
  return out === undefined ? b : b.subarray(0, p);
}

/**
 * Prefix of every adjacency key of `node`, of `node` and `type`, or of
 * `node`, `type` and `other` (the edges between two given nodes: OCE fields
 * are self-delimiting, so the prefix selects exactly them).
 */
export function adjPrefix(node: number, type?: number, other?: number): Uint8Array {
  const b = new Uint8Array(oceSize(node) + (type === undefined ? 0 : oceSize(type)) + (type === undefined || other === undefined ? 0 : oceSize(other)));
  let p = writeOce(b, 0, node);
  if (type !== undefined) {
    p = writeOce(b, p, type);
    if (other !== undefined) writeOce(b, p, other);
  }
  return b;
}

/** The fields of an adjacency key (rules K1, K3). */
export interface AdjFields {
  node: number;
  type: number;
  other: number;
  edge: number;
}

/** Parses an adjacency key into `out` (reused by hot loops). */
export function readAdjKey(key: Uint8Array, out: AdjFields): AdjFields {
  return readAdjKeyAt(key, 0, key.length, out);
}

/**
 * Parses the adjacency key at `b[start, end)` (a key in its page image) into
 * `out`: rules K1 and K3 checked against `end`, nothing allocated.
 */
export function readAdjKeyAt(b: Uint8Array, start: number, end: number, out: AdjFields): AdjFields {
  let p = start;
  for (let field = 0; field < 4; field++) {
    const e = oceEndWithin(b, p, end);
    if (e < 0) throw corrupt(b.subarray(start, end), p - start, `K1: length byte ${b[p] ?? 'missing'}`);
    const v = oceValue(b, p, e);
    if (field === 0) out.node = v;
    else if (field === 1) out.type = v;
    else if (field === 2) out.other = v;
    else out.edge = v;
    p = e;
  }
  if (p !== end) throw corrupt(b.subarray(start, end), p - start, 'K3: bytes after the edge id');
  return out;
}

export function labelKey(label: number, node: number, out?: Uint8Array): Uint8Array {
  const b = out ?? new Uint8Array(oceSize(label) + oceSize(node));
  const p = writeOce(b, writeOce(b, 0, label), node);
  return out === undefined ? b : b.subarray(0, p);
}

export function labelPrefix(label: number): Uint8Array {
  const b = new Uint8Array(oceSize(label));
  writeOce(b, 0, label);
  return b;
}

export function readLabelKeyLabel(key: Uint8Array): number {
  return readOce(key, 0);
}

/** Offset of the node part of a label key (where a count sentinel has its 0xFF bytes). */
export function labelKeyNodeOffset(key: Uint8Array): number {
  return oceEnd(key, 0);
}

export function readLabelKeyNode(key: Uint8Array): number {
  const p = oceEnd(key, 0);
  if (oceEnd(key, p) !== key.length) throw corrupt(key, p, 'K3: bytes after the node id');
  return readOce(key, p);
}
