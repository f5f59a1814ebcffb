/**
 * Node and edge records (the values of graph.nodes and graph.edges), format
 * version 1. Fixed-width integers are big-endian; varints and the property
 * map are those of value-codec.ts.
 *
 * Node record
 *
 *     OFFSET SIZE    FIELD
 *      0     1       record version (1)
 *      1     varU32  label count L (>= 0; records written before the query
 *                    language always have L >= 1)
 *      ...   varU32  L label ids, strictly ascending
 *      ...           property map (value-codec.ts)
 *
 * Edge record
 *
 *     OFFSET SIZE    FIELD
 *      0     1       record version (1)
 *      1     2..8    source node id (OCE, graph-keys.ts)
 *      ...   2..8    destination node id (OCE)
 *      ...   2..5    edge type id (OCE)
 *      ...           property map (value-codec.ts)
 *
 * Validity: R1. the version byte is 1; R2. a node's label ids ascend strictly
 * (a node may have no label: Cypher's `CREATE ()`); R3. ids are non-zero; R4. the property map
 * fills the rest of the record exactly (value-codec.ts rules).
 *
 * The property readers take `boxIntegralFloats`: true returns a float that
 * holds a safe integer (stored from a BoxedFloat, such as Cypher's 1.0) as a
 * `BoxedFloat`, so the query engine keeps its FLOAT type; false returns it as
 * a plain number (the public API). It defaults to false, except for the
 * `*PropEntries` readers, whose entries the writer re-encodes.
 */
import { CorruptionError } from '../base/errors.js';
import { ByteReader } from './byte-reader.js';
import { ByteWriter } from './byte-writer.js';
import { oceEnd, readOce, writeOce } from './graph-keys.js';
import { decodeProps, decodePropsToObject, findProp, writeProps, type KeyNameOf, type PropEntry, type PropValue } from './value-codec.js';

export const RECORD_VERSION = 1;
export const EDGE_SRC_OFFSET = 1;

const scratch = new ByteWriter(1024);

/**
 * Encodes a node record. `labels` ascending and unique; `props` ascending by
 * key id. Returns a view of a shared scratch buffer, valid until the next
 * encode: hand it straight to the B+-tree, which copies it into the page.
 */
export function encodeNodeRecord(labels: readonly number[], props: ReadonlyArray<readonly [number, PropValue]>, nameOf?: KeyNameOf): Uint8Array {
  const w = scratch;
  w.reset();
  w.u8(RECORD_VERSION);
  w.varU32(labels.length);
  for (const l of labels) w.varU32(l);
  writeProps(w, props, nameOf);
  return w.view();
}

/** Encodes an edge record (a scratch view, as encodeNodeRecord). */
export function encodeEdgeRecord(src: number, dst: number, type: number, props: ReadonlyArray<readonly [number, PropValue]>, nameOf?: KeyNameOf): Uint8Array {
  const w = scratch;
  w.reset();
  w.u8(RECORD_VERSION);
  w.ensure(3 * 8);
  let p = writeOce(w.buf, w.length, src);
  p = writeOce(w.buf, p, dst);
  w.length = writeOce(w.buf, p, type);
  writeProps(w, props, nameOf);
  return w.view();
}

function corrupt(what: string, id: number, detail: string): CorruptionError {
  return new CorruptionError(`${what} ${id}: ${detail}`, { file: '' });
}

export interface NodeHeader {
  labels: number[];
  /** Offset of the property map in the record. */
  propsOffset: number;
}

/** Reads the label ids of a node record and where its property map starts (rules R1, R2). */
export function readNodeHeader(rec: Uint8Array, nodeId: number): NodeHeader {
  if (rec.length < 2 || rec[0] !== RECORD_VERSION) throw corrupt('node', nodeId, `R1: record version ${rec[0]} is not ${RECORD_VERSION}`);
  // Fast path (the read path of every query): a count and label ids below 128 are one byte each.
  const n1 = rec[1]!;
  if (n1 < 0x80 && rec.length >= 2 + n1) {
    const labels = new Array<number>(n1);
    let prev = 0;
    let ok = true;
    for (let i = 0; i < n1; i++) {
      const l = rec[2 + i]!;
      if (l >= 0x80 || l <= prev) {
        ok = false;
        break;
      }
      labels[i] = l;
      prev = l;
    }
    if (ok) return { labels, propsOffset: 2 + n1 };
  }
  const r = new ByteReader(rec, 1, rec.length, `node ${nodeId} record`);
  const n = r.varU32();
  const labels = new Array<number>(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const l = r.varU32();
    if (l <= prev) throw corrupt('node', nodeId, `R2: label ids are not ascending (${l} after ${prev})`);
    labels[i] = l;
    prev = l;
  }
  return { labels, propsOffset: r.pos };
}

/** A node's properties by name. */
export function nodeProps(rec: Uint8Array, header: NodeHeader, nameOf: KeyNameOf, boxIntegralFloats = false): Record<string, PropValue> {
  return decodePropsToObject(rec, nameOf, header.propsOffset, rec.length, boxIntegralFloats);
}

/**
 * A node's properties as [keyId, value] pairs, in key id order. Integral
 * floats come back boxed by default: these entries are what the writer
 * re-encodes when it changes a record, and a float must stay a float.
 */
export function nodePropEntries(rec: Uint8Array, header: NodeHeader, boxIntegralFloats = true): PropEntry[] {
  return decodeProps(rec, header.propsOffset, rec.length, boxIntegralFloats);
}

/** One property of a node, or undefined when it has none. */
export function nodeProp(rec: Uint8Array, header: NodeHeader, keyId: number, boxIntegralFloats = false): PropValue | undefined {
  return findProp(rec, keyId, header.propsOffset, rec.length, boxIntegralFloats);
}

export interface EdgeHeader {
  src: number;
  dst: number;
  type: number;
  /** Offset of the property map in the record. */
  propsOffset: number;
}

export function readEdgeHeader(rec: Uint8Array, edgeId: number): EdgeHeader {
  if (rec.length < 8 || rec[0] !== RECORD_VERSION) throw corrupt('edge', edgeId, `R1: record version ${rec[0]} or length ${rec.length} is wrong`);
  try {
    let p = EDGE_SRC_OFFSET;
    const src = readOce(rec, p);
    p = oceEnd(rec, p);
    const dst = readOce(rec, p);
    p = oceEnd(rec, p);
    const type = readOce(rec, p);
    p = oceEnd(rec, p);
    if (src === 0 || dst === 0 || type === 0) throw corrupt('edge', edgeId, `R3: zero id in (src ${src}, dst ${dst}, type ${type})`);
    return { src, dst, type, propsOffset: p };
  } catch (err) {
    if (err instanceof CorruptionError && !err.message.startsWith('edge ')) throw corrupt('edge', edgeId, err.message);
    throw err;
  }
}

/** An edge's properties by name. */
export function edgeProps(rec: Uint8Array, header: EdgeHeader, nameOf: KeyNameOf, boxIntegralFloats = false): Record<string, PropValue> {
  return decodePropsToObject(rec, nameOf, header.propsOffset, rec.length, boxIntegralFloats);
}

/** An edge's properties as [keyId, value] pairs, in key id order; integral floats boxed by default (as `nodePropEntries`). */
export function edgePropEntries(rec: Uint8Array, header: EdgeHeader, boxIntegralFloats = true): PropEntry[] {
  return decodeProps(rec, header.propsOffset, rec.length, boxIntegralFloats);
}

/** One property of an edge, or undefined when it has none. */
export function edgeProp(rec: Uint8Array, header: EdgeHeader, keyId: number, boxIntegralFloats = false): PropValue | undefined {
  return findProp(rec, keyId, header.propsOffset, rec.length, boxIntegralFloats);
}
