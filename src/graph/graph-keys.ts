/**
 * The trees of the graph layer and the layout of their keys, format version 1.
 *
 * All integers are big-endian, so byte order is numeric order. Node and edge
 * ids are u64 on disk and JS safe integers (< 2^53) in memory; 0 is never an
 * id. Catalog ids (labels, edge types, property keys) are u32, from 1.
 *
 *     TREE (root name)   KEY                                            VALUE
 *     graph.nodes        node id u64                                    node record (records.ts)
 *     graph.edges        edge id u64                                    edge record (records.ts)
 *     graph.out          src u64 | type u32 | dst u64 | edge u64 (28)   empty
 *     graph.in           dst u64 | type u32 | src u64 | edge u64 (28)   empty
 *     graph.labels       label u32 | node u64 (12)                      empty
 *     graph.catalog      0x01 | UTF-8 name                              id u32
 *                        0x02 | id u32                                  UTF-8 name
 *     graph.meta         see meta-store.ts (the property index directory)
 *
 * Id counters and counts sit in sentinel entries at the right end of
 * graph.nodes, graph.edges and each label's range of graph.labels
 * (counters.ts); scans of ids stop before them.
 *     (one per index)    encoded value (key-codec.ts) | node u64        empty
 *
 * The out and in trees are the adjacency: every edge has exactly one entry in
 * each (rule G1 of verify-graph.ts), so the edges of a node, optionally of one
 * type, are one prefix scan in either direction.
 */
import { readU32, readU64Number, writeU32, writeU64Number } from '../base/bytes.js';

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

export const ID_KEY_BYTES = 8;
export const ADJ_KEY_BYTES = 28;
export const ADJ_TYPE_OFFSET = 8;
export const ADJ_OTHER_OFFSET = 12;
export const ADJ_EDGE_OFFSET = 20;
export const LABEL_KEY_BYTES = 12;

export function idKey(id: number, out: Uint8Array = new Uint8Array(ID_KEY_BYTES)): Uint8Array {
  writeU64Number(out, 0, id);
  return out;
}

export function readIdKey(key: Uint8Array): number {
  return readU64Number(key, 0);
}

/** Adjacency key: (node, type, other, edge); out: node = src, other = dst; in: the reverse. */
export function adjKey(node: number, type: number, other: number, edge: number, out: Uint8Array = new Uint8Array(ADJ_KEY_BYTES)): Uint8Array {
  writeU64Number(out, 0, node);
  writeU32(out, ADJ_TYPE_OFFSET, type);
  writeU64Number(out, ADJ_OTHER_OFFSET, other);
  writeU64Number(out, ADJ_EDGE_OFFSET, edge);
  return out;
}

/** Prefix of every adjacency key of `node` (8 bytes), or of `node` and `type` (12 bytes). */
export function adjPrefix(node: number, type?: number): Uint8Array {
  const out = new Uint8Array(type === undefined ? ID_KEY_BYTES : ID_KEY_BYTES + 4);
  writeU64Number(out, 0, node);
  if (type !== undefined) writeU32(out, ADJ_TYPE_OFFSET, type);
  return out;
}

export function labelKey(label: number, node: number, out: Uint8Array = new Uint8Array(LABEL_KEY_BYTES)): Uint8Array {
  writeU32(out, 0, label);
  writeU64Number(out, 4, node);
  return out;
}

export function labelPrefix(label: number): Uint8Array {
  const out = new Uint8Array(4);
  writeU32(out, 0, label);
  return out;
}

export function readAdjType(key: Uint8Array): number {
  return readU32(key, ADJ_TYPE_OFFSET);
}

export function readAdjOther(key: Uint8Array): number {
  return readU64Number(key, ADJ_OTHER_OFFSET);
}

export function readAdjEdge(key: Uint8Array): number {
  return readU64Number(key, ADJ_EDGE_OFFSET);
}

export function readLabelKeyNode(key: Uint8Array): number {
  return readU64Number(key, 4);
}

export function readLabelKeyLabel(key: Uint8Array): number {
  return readU32(key, 0);
}
