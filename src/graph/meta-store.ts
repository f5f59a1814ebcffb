/**
 * graph.meta: the property index directory. Format version 1; all integers
 * big-endian.
 *
 *     KEY                              VALUE
 *     0x20 | label u32 | property u32  property index: version u8 (1), root page u32
 *
 * Rules: M1. an index root is a tree root page no other structure uses
 * (verify-graph.ts checks it with the page accounting); M2. the record is
 * exactly 5 bytes of version 1. (Counters live beside the data they count:
 * counters.ts.)
 */
import { readU32, writeU32 } from '../base/bytes.js';
import { CorruptionError } from '../base/errors.js';
import type { BTree } from '../btree/tree.js';

export const META_FORMAT_VERSION = 1;
export const INDEX_RECORD_VERSION = 1;

const INDEX_TAG = 0x20;

export function indexKey(label: number, prop: number): Uint8Array {
  const k = new Uint8Array(9);
  k[0] = INDEX_TAG;
  writeU32(k, 1, label);
  writeU32(k, 5, prop);
  return k;
}

export const INDEX_PREFIX = new Uint8Array([INDEX_TAG]);

export interface IndexRecord {
  label: number;
  prop: number;
  rootPageNo: number;
}

export function encodeIndexRecord(rootPageNo: number): Uint8Array {
  const b = new Uint8Array(5);
  b[0] = INDEX_RECORD_VERSION;
  writeU32(b, 1, rootPageNo);
  return b;
}

export function decodeIndexRecord(key: Uint8Array, value: Uint8Array): IndexRecord {
  if (key.length !== 9 || value.length !== 5 || value[0] !== INDEX_RECORD_VERSION) {
    throw new CorruptionError(`graph.meta: index record of ${key.length}/${value.length} bytes, version ${value[0]}`, { file: '' });
  }
  return { label: readU32(key, 1), prop: readU32(key, 5), rootPageNo: readU32(value, 1) };
}

/** Every property index recorded in a meta tree. */
export function listIndexRecords(meta: BTree): IndexRecord[] {
  const out: IndexRecord[] = [];
  const c = meta.cursor({ prefix: INDEX_PREFIX });
  for (let ok = c.first(); ok; ok = c.next()) out.push(decodeIndexRecord(c.key(), c.value()));
  return out;
}

