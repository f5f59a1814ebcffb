/**
 * B+-tree node pages (leaf 0x0a, interior 0x0b), format version 1.
 *
 * All integers are big-endian. A node uses bytes [0, usableSize) of its page;
 * the pager owns the 4-byte checksum trailer after them (page-format.ts).
 * A node is a slotted page: a fixed header, then an array of 2-byte cell
 * offsets in ascending key order growing towards the end of the page, and the
 * cells themselves packed from the end of the usable area towards the start.
 *
 *     0        16              16+2n          contentStart            usableSize
 *     +--------+----------------+---------------+-------------------------+
 *     | header | slot 0 .. n-1  |  free space   | cells, in any order,    |
 *     |        | (u16 offsets)  |               | with dead gaps between  |
 *     +--------+----------------+---------------+-------------------------+
 *                  slots grow ->                 <- cells grow
 *
 * Header (16 bytes)
 *
 *     OFFSET SIZE FIELD
 *      0      1   page type: 0x0a leaf, 0x0b interior (PageType in page-format.ts)
 *      1      1   level: 0 for a leaf; an interior node is one more than its children
 *      2      2   cell count n
 *      4      2   content start: offset of the lowest cell byte (usableSize when no cell was ever written)
 *      6      2   fragmented bytes: bytes of dead cells between contentStart and usableSize
 *      8      4   interior: rightmost child page; leaf: 0
 *     12      4   reserved, 0
 *     16    2*n   slot array: offset of cell i, cells in ascending key order
 *
 * Leaf cell (one key and its value)
 *
 *     OFFSET SIZE FIELD
 *      0      2   key length k
 *      2      2   local: the value length v when the value is inline
 *                 (< 0x8000), or 0x8000 when it is in an overflow chain
 *      4      k   key
 *     inline value (local < 0x8000):
 *      4+k    v   the value
 *     overflow value (local = 0x8000; overflow.ts):
 *      4+k    4   value length v
 *      8+k    4   first page of the overflow chain
 *
 * Interior cell (a separator and the child left of it)
 *
 *     OFFSET SIZE FIELD
 *      0      4   child page: holds every key k with previousKey <= k < key
 *      4      2   key length k
 *      6      k   key (the separator)
 *
 * An interior node with cells (s0, c0) ... (s[n-1], c[n-1]) and rightmost
 * child r routes key K to c[i] for the first i with K < s[i], else to r.
 *
 * Sizes (derived from the usable size U; `nodeGeometry` computes them)
 *  - maxCellBytes = floor((U - 16) / 4) - 2: four cells of any kind, with
 *    their slots, always fit in one node. Splits and merges rely on it.
 *  - maxKeyBytes = maxCellBytes - 12: a leaf cell with the longest key and an
 *    overflow reference is still a legal cell (and so is an interior cell).
 *    4 KiB pages: 1005 bytes; 8 KiB: 2029; 16 KiB: 4077; 64 KiB: 16365.
 *  - A value is stored inline iff 4 + k + v <= maxCellBytes (so v < 0x8000
 *    even with 64 KiB pages), else in an overflow chain. Values are at most
 *    VALUE_MAX_BYTES (the u32 length of an overflow value).
 *
 * Validity rules of one node (the decoder cites them in CORRUPTION errors)
 *  N1. Byte 0 is 0x0a or 0x0b; the level is 0 for a leaf and in
 *      [1, BTREE_MAX_DEPTH) for an interior node; reserved bytes are ignored.
 *  N2. 16 + 2n <= contentStart <= usableSize, and
 *      fragmented <= usableSize - contentStart.
 *  N3. Every cell lies inside [contentStart, usableSize): its offset is
 *      >= contentStart and its header and body end at or before usableSize.
 *  N4. Leaf cell: k <= maxKeyBytes; local is < 0x8000 or exactly 0x8000; an
 *      inline cell is at most maxCellBytes; an overflow value is too large to
 *      be inline and has a first page in [1, page count). Interior cell: 1 <= k <= maxKeyBytes and the child
 *      is in [1, page count). A leaf's header child field is 0; an interior
 *      node's rightmost child is in [1, page count).
 *  N5. Keys are in strictly ascending unsigned-byte order within the node.
 *  N6. Cells do not overlap, and the bytes of the cells plus the fragmented
 *      bytes equal usableSize - contentStart.
 *
 * Validity rules of a tree (verify.ts checks them all)
 *  T1. Every key of the subtree under child c[i] is >= s[i-1] (when i > 0,
 *      else the node's own lower bound) and < s[i] (the rightmost child: <
 *      the node's own upper bound); separators lie strictly inside the
 *      node's bounds.
 *  T2. A child's level is its parent's level minus 1, so every leaf is at
 *      the same depth; the depth is at most BTREE_MAX_DEPTH.
 *  T3. A non-root node has at least one cell (an interior node therefore at
 *      least two children). The root may be an empty leaf.
 *  T4. Every page of a tree (nodes and overflow pages) is reached exactly
 *      once from its root, and no page belongs to two trees.
 *  T5. An overflow chain of a value of v bytes has exactly
 *      ceil(v / overflowCapacity) pages, each of type 0x0c, and the last one
 *      links to 0 (overflow.ts, rules O1-O3).
 *  T6. No page of a tree is on the freelist.
 *
 * The root page of a tree never changes during its life: when the root
 * splits, its content moves into a new child and the root becomes an interior
 * node above it; when an interior root is left with a single child, that
 * child's content moves up into the root page.
 *
 * Everything here reads bytes that came from disk: offsets and lengths are
 * validated before use (a CorruptionError naming the file, page and offset),
 * never asserted.
 */
import { readU16, readU32, writeU16, writeU32 } from '../base/bytes.js';
import { CorruptionError } from '../base/errors.js';
import { BTREE_MAX_DEPTH } from '../base/limits.js';
import { assert } from '../base/assert.js';
import { PageType } from '../pager/page-format.js';

export const NODE_FORMAT_VERSION = 1;

export const NODE_TYPE_OFFSET = 0;
export const NODE_LEVEL_OFFSET = NODE_TYPE_OFFSET + 1;
export const NODE_CELL_COUNT_OFFSET = NODE_LEVEL_OFFSET + 1;
export const NODE_CONTENT_START_OFFSET = NODE_CELL_COUNT_OFFSET + 2;
export const NODE_FRAGMENTED_OFFSET = NODE_CONTENT_START_OFFSET + 2;
export const NODE_RIGHT_CHILD_OFFSET = NODE_FRAGMENTED_OFFSET + 2;
export const NODE_RESERVED_OFFSET = NODE_RIGHT_CHILD_OFFSET + 4;
export const NODE_HEADER_SIZE_BYTES = NODE_RESERVED_OFFSET + 4;
export const SLOT_SIZE_BYTES = 2;

export const LEAF_CELL_KEY_LENGTH_OFFSET = 0;
export const LEAF_CELL_LOCAL_OFFSET = LEAF_CELL_KEY_LENGTH_OFFSET + 2;
export const LEAF_CELL_HEADER_SIZE_BYTES = LEAF_CELL_LOCAL_OFFSET + 2;
/** The local field of a cell whose value is in an overflow chain. */
export const LEAF_LOCAL_OVERFLOW = 0x8000;
/** After the key of an overflow cell: value length (u32), first overflow page (u32). */
export const OVERFLOW_REF_SIZE_BYTES = 8;

export const INTERIOR_CELL_CHILD_OFFSET = 0;
export const INTERIOR_CELL_KEY_LENGTH_OFFSET = INTERIOR_CELL_CHILD_OFFSET + 4;
export const INTERIOR_CELL_HEADER_SIZE_BYTES = INTERIOR_CELL_KEY_LENGTH_OFFSET + 2;

/** Four cells and their slots fit in any node (see "Sizes" above). */
export const MIN_CELLS_PER_NODE = 4;

/** Values are at most 4 GiB - 1 bytes: the value length is a u32. */
export const VALUE_MAX_BYTES = 0xffff_ffff;

if (NODE_HEADER_SIZE_BYTES !== 16 || LEAF_CELL_HEADER_SIZE_BYTES !== 4 || INTERIOR_CELL_HEADER_SIZE_BYTES !== 6) {
  throw new Error('B+-tree node offsets do not add up to the documented table');
}

export const LEAF = PageType.BtreeLeaf;
export const INTERIOR = PageType.BtreeInterior;

/** Sizes that follow from the usable size of a page (see "Sizes"). */
export interface NodeGeometry {
  readonly usableSizeBytes: number;
  readonly maxCellBytes: number;
  readonly maxKeyBytes: number;
  /** A non-root node using fewer bytes than this (header, slots and cells) is rebalanced. */
  readonly underflowBytes: number;
}

const geometries = new Map<number, NodeGeometry>();

export function nodeGeometry(usableSizeBytes: number): NodeGeometry {
  let g = geometries.get(usableSizeBytes);
  if (g === undefined) {
    const maxCellBytes = Math.floor((usableSizeBytes - NODE_HEADER_SIZE_BYTES) / MIN_CELLS_PER_NODE) - SLOT_SIZE_BYTES;
    g = {
      usableSizeBytes,
      maxCellBytes,
      maxKeyBytes: maxCellBytes - LEAF_CELL_HEADER_SIZE_BYTES - OVERFLOW_REF_SIZE_BYTES,
      // A third: a merge of an underfull node with a sibling up to two thirds
      // full fits one page; otherwise the two split their cells evenly.
      underflowBytes: Math.floor(usableSizeBytes / 3),
    };
    assert(g.maxKeyBytes > 0 && usableSizeBytes <= 0xffff && g.maxCellBytes < LEAF_LOCAL_OVERFLOW, `usable size ${usableSizeBytes} is out of range for B+-tree nodes`);
    geometries.set(usableSizeBytes, g);
  }
  return g;
}

/** True when a value of `valueLength` bytes under a key of `keyLength` bytes is stored inline. */
export function isInlineValue(g: NodeGeometry, keyLength: number, valueLength: number): boolean {
  return LEAF_CELL_HEADER_SIZE_BYTES + keyLength + valueLength <= g.maxCellBytes;
}

export function leafCellSizeFor(g: NodeGeometry, keyLength: number, valueLength: number): number {
  return isInlineValue(g, keyLength, valueLength)
    ? LEAF_CELL_HEADER_SIZE_BYTES + keyLength + valueLength
    : LEAF_CELL_HEADER_SIZE_BYTES + keyLength + OVERFLOW_REF_SIZE_BYTES;
}

export function interiorCellSizeFor(keyLength: number): number {
  return INTERIOR_CELL_HEADER_SIZE_BYTES + keyLength;
}

// ------------------------------------------------------------------ errors

/** Where a node lives, for error messages. */
export interface NodeSite {
  readonly fileName: string;
}

export function nodeCorruption(site: NodeSite, pageNo: number, offsetBytes: number, what: string): CorruptionError {
  return new CorruptionError(`${site.fileName}: B+-tree page ${pageNo}, offset ${offsetBytes}: ${what}`, {
    file: site.fileName,
    pageNo,
    offsetBytes,
  });
}

// ------------------------------------------------------------------ header

export function nodeType(page: Uint8Array): number {
  return page[NODE_TYPE_OFFSET]!;
}
export function nodeLevel(page: Uint8Array): number {
  return page[NODE_LEVEL_OFFSET]!;
}
export function nodeCellCount(page: Uint8Array): number {
  return readU16(page, NODE_CELL_COUNT_OFFSET);
}
export function nodeContentStart(page: Uint8Array): number {
  return readU16(page, NODE_CONTENT_START_OFFSET);
}
export function nodeFragmented(page: Uint8Array): number {
  return readU16(page, NODE_FRAGMENTED_OFFSET);
}
export function nodeRightChild(page: Uint8Array): number {
  return readU32(page, NODE_RIGHT_CHILD_OFFSET);
}
export function setNodeRightChild(page: Uint8Array, pageNo: number): void {
  writeU32(page, NODE_RIGHT_CHILD_OFFSET, pageNo);
}
export function slotOffset(page: Uint8Array, i: number): number {
  const s = NODE_HEADER_SIZE_BYTES + i * SLOT_SIZE_BYTES;
  return (page[s]! << 8) | page[s + 1]!;
}

/** Writes the header of an empty node. */
export function initNode(page: Uint8Array, type: number, level: number, usableSizeBytes: number): void {
  page.fill(0, 0, NODE_HEADER_SIZE_BYTES);
  page[NODE_TYPE_OFFSET] = type;
  page[NODE_LEVEL_OFFSET] = level;
  writeU16(page, NODE_CELL_COUNT_OFFSET, 0);
  writeU16(page, NODE_CONTENT_START_OFFSET, usableSizeBytes);
  writeU16(page, NODE_FRAGMENTED_OFFSET, 0);
  writeU32(page, NODE_RIGHT_CHILD_OFFSET, 0);
}

/**
 * Checks rules N1 and N2 (and, for an interior node, the rightmost child of
 * N4) and that the level is the one the parent implies (T2; pass -1 for a
 * root). Returns the cell count.
 */
export function checkNode(site: NodeSite, page: Uint8Array, pageNo: number, usable: number, expectedLevel: number, pageCount: number): number {
  const type = page[NODE_TYPE_OFFSET]!;
  const level = page[NODE_LEVEL_OFFSET]!;
  if (type === LEAF) {
    if (level !== 0) throw nodeCorruption(site, pageNo, NODE_LEVEL_OFFSET, `N1: leaf has level ${level}`);
  } else if (type === INTERIOR) {
    if (level === 0 || level >= BTREE_MAX_DEPTH) throw nodeCorruption(site, pageNo, NODE_LEVEL_OFFSET, `N1: interior node has level ${level}, not in [1, ${BTREE_MAX_DEPTH})`);
    const right = readU32(page, NODE_RIGHT_CHILD_OFFSET);
    if (right === 0 || right >= pageCount) throw nodeCorruption(site, pageNo, NODE_RIGHT_CHILD_OFFSET, `N4: rightmost child ${right} is not in [1, ${pageCount})`);
  } else {
    throw nodeCorruption(site, pageNo, NODE_TYPE_OFFSET, `N1: page type 0x${type.toString(16).padStart(2, '0')} is not a B+-tree node (0x0a leaf, 0x0b interior)`);
  }
  if (expectedLevel >= 0 && level !== expectedLevel) {
    throw nodeCorruption(site, pageNo, NODE_LEVEL_OFFSET, `T2: level ${level} where the parent implies ${expectedLevel}`);
  }
  const n = readU16(page, NODE_CELL_COUNT_OFFSET);
  const contentStart = readU16(page, NODE_CONTENT_START_OFFSET);
  if (contentStart < NODE_HEADER_SIZE_BYTES + n * SLOT_SIZE_BYTES || contentStart > usable) {
    throw nodeCorruption(site, pageNo, NODE_CONTENT_START_OFFSET, `N2: content start ${contentStart} is not in [${NODE_HEADER_SIZE_BYTES + n * SLOT_SIZE_BYTES}, ${usable}] for ${n} cells`);
  }
  const frag = readU16(page, NODE_FRAGMENTED_OFFSET);
  if (frag > usable - contentStart) {
    throw nodeCorruption(site, pageNo, NODE_FRAGMENTED_OFFSET, `N2: ${frag} fragmented bytes exceed the ${usable - contentStart}-byte cell area`);
  }
  return n;
}

/** Bytes a node uses: header, slots and live cells. */
export function nodeUsedBytes(page: Uint8Array, usable: number): number {
  const n = readU16(page, NODE_CELL_COUNT_OFFSET);
  return NODE_HEADER_SIZE_BYTES + n * SLOT_SIZE_BYTES + usable - readU16(page, NODE_CONTENT_START_OFFSET) - readU16(page, NODE_FRAGMENTED_OFFSET);
}

// ------------------------------------------------------------------ cells

/** Offset of cell i, checked against rule N3 for the cell's fixed header. */
export function cellOffsetChecked(site: NodeSite, page: Uint8Array, pageNo: number, i: number, headerBytes: number, usable: number): number {
  const off = slotOffset(page, i);
  if (off < readU16(page, NODE_CONTENT_START_OFFSET) || off + headerBytes > usable) {
    throw nodeCorruption(site, pageNo, NODE_HEADER_SIZE_BYTES + i * SLOT_SIZE_BYTES, `N3: cell ${i} offset ${off} is outside the cell area [${readU16(page, NODE_CONTENT_START_OFFSET)}, ${usable})`);
  }
  return off;
}

export function leafKeyLength(page: Uint8Array, off: number): number {
  return (page[off]! << 8) | page[off + 1]!;
}
/** Whether the value of the leaf cell at `off` is in an overflow chain. */
export function leafIsOverflow(page: Uint8Array, off: number): boolean {
  return page[off + LEAF_CELL_LOCAL_OFFSET] === LEAF_LOCAL_OVERFLOW >>> 8 && page[off + LEAF_CELL_LOCAL_OFFSET + 1] === 0;
}
/** Length of the value of the leaf cell at `off`, inline or not. */
export function leafValueLength(page: Uint8Array, off: number): number {
  const local = (page[off + 2]! << 8) | page[off + 3]!;
  if (local !== LEAF_LOCAL_OVERFLOW) return local;
  return readU32(page, off + LEAF_CELL_HEADER_SIZE_BYTES + leafKeyLength(page, off));
}
/** Offset of the inline value (or of the overflow reference) of the leaf cell at `off`. */
export function leafValueStart(page: Uint8Array, off: number): number {
  return off + LEAF_CELL_HEADER_SIZE_BYTES + leafKeyLength(page, off);
}
/** First overflow page of an overflow leaf cell. */
export function leafOverflowPage(page: Uint8Array, off: number): number {
  return readU32(page, leafValueStart(page, off) + 4);
}
export function interiorChild(page: Uint8Array, off: number): number {
  return readU32(page, off + INTERIOR_CELL_CHILD_OFFSET);
}
export function interiorKeyLength(page: Uint8Array, off: number): number {
  return (page[off + 4]! << 8) | page[off + 5]!;
}

/**
 * Validates leaf cell `i` (N3, N4) and returns its offset. The cell's key is
 * at [off + 7, off + 7 + k); its value or overflow reference follows.
 */
export function leafCellChecked(site: NodeSite, page: Uint8Array, pageNo: number, i: number, g: NodeGeometry, pageCount: number): number {
  const usable = g.usableSizeBytes;
  const off = cellOffsetChecked(site, page, pageNo, i, LEAF_CELL_HEADER_SIZE_BYTES, usable);
  const k = leafKeyLength(page, off);
  const local = (page[off + 2]! << 8) | page[off + 3]!;
  if (k > g.maxKeyBytes) throw nodeCorruption(site, pageNo, off, `N4: key length ${k} exceeds the ${g.maxKeyBytes}-byte limit`);
  if (local < LEAF_LOCAL_OVERFLOW) {
    const size = LEAF_CELL_HEADER_SIZE_BYTES + k + local;
    if (size > g.maxCellBytes || off + size > usable) throw nodeCorruption(site, pageNo, off, `N4: inline cell of ${size} bytes at ${off} does not fit (limit ${g.maxCellBytes}, page area ends at ${usable})`);
  } else if (local === LEAF_LOCAL_OVERFLOW) {
    const end = off + LEAF_CELL_HEADER_SIZE_BYTES + k + OVERFLOW_REF_SIZE_BYTES;
    if (end > usable) throw nodeCorruption(site, pageNo, off, `N3: cell ends at ${end}, past the page area ${usable}`);
    const v = readU32(page, end - 8);
    if (isInlineValue(g, k, v)) throw nodeCorruption(site, pageNo, end - 8, `N4: an overflow value of ${v} bytes would fit inline`);
    const first = readU32(page, end - 4);
    if (first === 0 || first >= pageCount) throw nodeCorruption(site, pageNo, end - 4, `N4: overflow page ${first} is not in [1, ${pageCount})`);
  } else {
    throw nodeCorruption(site, pageNo, off + LEAF_CELL_LOCAL_OFFSET, `N4: local length 0x${local.toString(16)} is neither an inline length (< 0x8000) nor 0x8000`);
  }
  return off;
}

/** Validates interior cell `i` (N3, N4) and returns its offset. */
export function interiorCellChecked(site: NodeSite, page: Uint8Array, pageNo: number, i: number, g: NodeGeometry, pageCount: number): number {
  const usable = g.usableSizeBytes;
  const off = cellOffsetChecked(site, page, pageNo, i, INTERIOR_CELL_HEADER_SIZE_BYTES, usable);
  const k = interiorKeyLength(page, off);
  if (k === 0 || k > g.maxKeyBytes || off + INTERIOR_CELL_HEADER_SIZE_BYTES + k > usable) {
    throw nodeCorruption(site, pageNo, off, `N4: separator length ${k} is not in [1, ${g.maxKeyBytes}] or runs past the page area`);
  }
  const child = readU32(page, off);
  if (child === 0 || child >= pageCount) throw nodeCorruption(site, pageNo, off, `N4: child page ${child} is not in [1, ${pageCount})`);
  return off;
}

/** Size in bytes of a cell, trusting the page (call after validating the cell). */
export function cellSize(page: Uint8Array, off: number, type: number): number {
  if (type === LEAF) {
    const local = (page[off + 2]! << 8) | page[off + 3]!;
    return LEAF_CELL_HEADER_SIZE_BYTES + ((page[off]! << 8) | page[off + 1]!) + (local === LEAF_LOCAL_OVERFLOW ? OVERFLOW_REF_SIZE_BYTES : local);
  }
  return INTERIOR_CELL_HEADER_SIZE_BYTES + interiorKeyLength(page, off);
}

/** Key start of the cell at `off` (leaf or interior). */
export function cellKeyStart(off: number, type: number): number {
  return off + (type === LEAF ? LEAF_CELL_HEADER_SIZE_BYTES : INTERIOR_CELL_HEADER_SIZE_BYTES);
}
export function cellKeyLength(page: Uint8Array, off: number, type: number): number {
  return type === LEAF ? leafKeyLength(page, off) : interiorKeyLength(page, off);
}

// ------------------------------------------------------------------ search

/** Unsigned comparison of `key` with page[start, end). */
export function compareKeyAt(key: Uint8Array, page: Uint8Array, start: number, end: number): number {
  const kLen = key.length;
  const pLen = end - start;
  const n = kLen < pLen ? kLen : pLen;
  for (let i = 0; i < n; i++) {
    const d = key[i]! - page[start + i]!;
    if (d !== 0) return d;
  }
  return kLen - pLen;
}

/**
 * Binary search of a leaf: the index of `key` if present, else -(insertion
 * point + 1). Every probed cell is checked against N3 (its key must lie in
 * the cell area); the rest of the cell is checked when it is read. `from`
 * (default 0) skips cells [0, from) that the caller knows to be below `key`.
 */
export function leafSearch(site: NodeSite, page: Uint8Array, pageNo: number, n: number, key: Uint8Array, usable: number, from = 0): number {
  const contentStart = (page[NODE_CONTENT_START_OFFSET]! << 8) | page[NODE_CONTENT_START_OFFSET + 1]!;
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = NODE_HEADER_SIZE_BYTES + mid * SLOT_SIZE_BYTES;
    const off = (page[s]! << 8) | page[s + 1]!;
    const ks = off + LEAF_CELL_HEADER_SIZE_BYTES;
    const ke = ks + ((page[off]! << 8) | page[off + 1]!);
    if (off < contentStart || ke > usable) throw badProbe(site, page, pageNo, mid, usable);
    const c = compareKeyAt(key, page, ks, ke);
    if (c > 0) lo = mid + 1;
    else if (c < 0) hi = mid;
    else return mid;
  }
  return -(lo + 1);
}

/**
 * Binary search of an interior node: the child position in [0, n] for `key`
 * (the first i with key < s[i], or n for the rightmost child). `from`
 * (default 0) skips separators [0, from) that the caller knows to be <= `key`.
 */
export function interiorSearch(site: NodeSite, page: Uint8Array, pageNo: number, n: number, key: Uint8Array, usable: number, from = 0): number {
  const contentStart = (page[NODE_CONTENT_START_OFFSET]! << 8) | page[NODE_CONTENT_START_OFFSET + 1]!;
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const s = NODE_HEADER_SIZE_BYTES + mid * SLOT_SIZE_BYTES;
    const off = (page[s]! << 8) | page[s + 1]!;
    const ks = off + INTERIOR_CELL_HEADER_SIZE_BYTES;
    const ke = ks + ((page[off + 4]! << 8) | page[off + 5]!);
    if (off < contentStart || ke > usable) throw badProbe(site, page, pageNo, mid, usable);
    if (compareKeyAt(key, page, ks, ke) < 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function badProbe(site: NodeSite, page: Uint8Array, pageNo: number, i: number, usable: number): CorruptionError {
  const off = slotOffset(page, i);
  return nodeCorruption(site, pageNo, NODE_HEADER_SIZE_BYTES + i * SLOT_SIZE_BYTES, `N3: cell ${i} at offset ${off} lies outside the cell area [${nodeContentStart(page)}, ${usable})`);
}

/**
 * Child page at position `pos` (0..n; n is the rightmost child), checked
 * against N4.
 */
export function childAt(site: NodeSite, page: Uint8Array, pageNo: number, n: number, pos: number, g: NodeGeometry, pageCount: number): number {
  if (pos === n) return readU32(page, NODE_RIGHT_CHILD_OFFSET); // checked by checkNode
  return interiorChild(page, interiorCellChecked(site, page, pageNo, pos, g, pageCount));
}

// ------------------------------------------------------------------ editing

/**
 * Makes room for a cell of `size` bytes at slot `index` of a node with `n`
 * cells: shifts the slot array, defragments when only the scattered free
 * space is large enough, and returns the offset to write the cell at, or -1
 * when the node has no room (it must split). Only for writable pages.
 */
export function insertCellSpace(site: NodeSite, page: Uint8Array, pageNo: number, n: number, index: number, size: number, usable: number): number {
  const slotsEnd = NODE_HEADER_SIZE_BYTES + n * SLOT_SIZE_BYTES;
  let contentStart = readU16(page, NODE_CONTENT_START_OFFSET);
  const frag = readU16(page, NODE_FRAGMENTED_OFFSET);
  const need = size + SLOT_SIZE_BYTES;
  if (contentStart - slotsEnd < need) {
    if (contentStart - slotsEnd + frag < need) return -1;
    defragment(site, page, pageNo, n, usable);
    contentStart = readU16(page, NODE_CONTENT_START_OFFSET);
  }
  const off = contentStart - size;
  const slot = NODE_HEADER_SIZE_BYTES + index * SLOT_SIZE_BYTES;
  if (index < n) page.copyWithin(slot + SLOT_SIZE_BYTES, slot, slotsEnd);
  writeU16(page, slot, off);
  writeU16(page, NODE_CELL_COUNT_OFFSET, n + 1);
  writeU16(page, NODE_CONTENT_START_OFFSET, off);
  return off;
}

/** Removes cell `index` (its bytes become free space). */
export function removeCell(page: Uint8Array, n: number, index: number, size: number): void {
  const off = slotOffset(page, index);
  const slot = NODE_HEADER_SIZE_BYTES + index * SLOT_SIZE_BYTES;
  const slotsEnd = NODE_HEADER_SIZE_BYTES + n * SLOT_SIZE_BYTES;
  page.copyWithin(slot, slot + SLOT_SIZE_BYTES, slotsEnd);
  writeU16(page, NODE_CELL_COUNT_OFFSET, n - 1);
  const contentStart = readU16(page, NODE_CONTENT_START_OFFSET);
  if (off === contentStart) writeU16(page, NODE_CONTENT_START_OFFSET, off + size);
  else writeU16(page, NODE_FRAGMENTED_OFFSET, readU16(page, NODE_FRAGMENTED_OFFSET) + size);
  if (n === 1) {
    writeU16(page, NODE_CONTENT_START_OFFSET, readU16(page, NODE_CONTENT_START_OFFSET) + readU16(page, NODE_FRAGMENTED_OFFSET));
    writeU16(page, NODE_FRAGMENTED_OFFSET, 0);
  }
}

let defragScratch = new Uint8Array(0);

/**
 * Packs the cells of a writable node against the end of the usable area.
 * Cells are checked against N3 and N6 on the way (the node may come from
 * disk with only its probed cells validated).
 */
export function defragment(site: NodeSite, page: Uint8Array, pageNo: number, n: number, usable: number): void {
  const type = page[NODE_TYPE_OFFSET]!;
  if (defragScratch.length < usable) defragScratch = new Uint8Array(usable);
  const scratch = defragScratch;
  const contentStart = readU16(page, NODE_CONTENT_START_OFFSET);
  const slotsEnd = NODE_HEADER_SIZE_BYTES + n * SLOT_SIZE_BYTES;
  let pos = usable;
  for (let i = 0; i < n; i++) {
    const off = slotOffset(page, i);
    const headerBytes = type === LEAF ? LEAF_CELL_HEADER_SIZE_BYTES : INTERIOR_CELL_HEADER_SIZE_BYTES;
    const size = off < contentStart || off + headerBytes > usable ? -1 : cellSize(page, off, type);
    if (size < 0 || off + size > usable) {
      throw nodeCorruption(site, pageNo, NODE_HEADER_SIZE_BYTES + i * SLOT_SIZE_BYTES, `N3: cell ${i} at offset ${off} lies outside the cell area [${contentStart}, ${usable})`);
    }
    pos -= size;
    if (pos < slotsEnd) throw nodeCorruption(site, pageNo, off, `N6: the cells hold more bytes than the cell area (cells overlap)`);
    scratch.set(page.subarray(off, off + size), pos);
  }
  pos = usable;
  for (let i = 0; i < n; i++) {
    const off = slotOffset(page, i);
    pos -= cellSize(page, off, type);
    writeU16(page, NODE_HEADER_SIZE_BYTES + i * SLOT_SIZE_BYTES, pos);
  }
  page.set(scratch.subarray(pos, usable), pos);
  writeU16(page, NODE_CONTENT_START_OFFSET, pos);
  writeU16(page, NODE_FRAGMENTED_OFFSET, 0);
}

/**
 * A list of cells gathered from one or more nodes (and pending new cells),
 * used when nodes are split, merged or rebuilt. Cell i is
 * bufs[i][offs[i], offs[i] + sizes[i]).
 */
export class CellList {
  readonly bufs: Uint8Array[] = [];
  readonly offs: number[] = [];
  readonly sizes: number[] = [];

  get length(): number {
    return this.sizes.length;
  }

  /** Empties the list for reuse (it keeps no reference to page images). */
  clear(): void {
    this.bufs.length = 0;
    this.offs.length = 0;
    this.sizes.length = 0;
  }

  push(buf: Uint8Array, off: number, size: number): void {
    this.bufs.push(buf);
    this.offs.push(off);
    this.sizes.push(size);
  }

  removeRange(index: number, count: number): void {
    this.bufs.splice(index, count);
    this.offs.splice(index, count);
    this.sizes.splice(index, count);
  }

  insert(index: number, buf: Uint8Array, off: number, size: number): void {
    this.bufs.splice(index, 0, buf);
    this.offs.splice(index, 0, off);
    this.sizes.splice(index, 0, size);
  }
}

/** Rewrites `page` as a node holding cells [from, to) of `cells`, packed. */
export function buildNode(page: Uint8Array, type: number, level: number, rightChild: number, cells: CellList, from: number, to: number, usable: number): void {
  initNode(page, type, level, usable);
  const { bufs, offs, sizes } = cells;
  let pos = usable;
  let i = from;
  while (i < to) {
    // Cells laid out as this function lays them out (each just below the
    // previous one, in one source) move as one block.
    const src = bufs[i]!;
    let j = i;
    let bytes = sizes[i]!;
    while (j + 1 < to && bufs[j + 1] === src && offs[j + 1]! + sizes[j + 1]! === offs[j]!) {
      j++;
      bytes += sizes[j]!;
    }
    const start = offs[j]!;
    pos -= bytes;
    if (bytes <= 48) for (let b = 0; b < bytes; b++) page[pos + b] = src[start + b]!;
    else page.set(src.subarray(start, start + bytes), pos);
    let cellPos = pos + bytes;
    for (let k = i; k <= j; k++) {
      cellPos -= sizes[k]!;
      const slot = NODE_HEADER_SIZE_BYTES + (k - from) * SLOT_SIZE_BYTES;
      page[slot] = cellPos >>> 8;
      page[slot + 1] = cellPos;
    }
    i = j + 1;
  }
  assert(pos >= NODE_HEADER_SIZE_BYTES + (to - from) * SLOT_SIZE_BYTES, () => `built node overflows: ${to - from} cells end at ${pos}`);
  writeU16(page, NODE_CELL_COUNT_OFFSET, to - from);
  writeU16(page, NODE_CONTENT_START_OFFSET, pos);
  writeU32(page, NODE_RIGHT_CHILD_OFFSET, rightChild);
}

/** Writes an interior cell (child, key) into `buf` at `off`; returns its size. */
export function writeInteriorCell(buf: Uint8Array, off: number, child: number, key: Uint8Array, keyStart: number, keyLength: number): number {
  writeU32(buf, off + INTERIOR_CELL_CHILD_OFFSET, child);
  writeU16(buf, off + INTERIOR_CELL_KEY_LENGTH_OFFSET, keyLength);
  buf.set(key.subarray(keyStart, keyStart + keyLength), off + INTERIOR_CELL_HEADER_SIZE_BYTES);
  return INTERIOR_CELL_HEADER_SIZE_BYTES + keyLength;
}

/**
 * Writes a whole leaf cell at `off`: inline when `firstOverflowPage` is 0,
 * else an overflow reference to the chain holding `value`.
 */
export function writeLeafCell(buf: Uint8Array, off: number, key: Uint8Array, value: Uint8Array, firstOverflowPage: number): void {
  const k = key.length;
  buf[off] = k >>> 8;
  buf[off + 1] = k;
  const vs = off + LEAF_CELL_HEADER_SIZE_BYTES + k;
  if (k <= 32) for (let i = 0; i < k; i++) buf[off + LEAF_CELL_HEADER_SIZE_BYTES + i] = key[i]!;
  else buf.set(key, off + LEAF_CELL_HEADER_SIZE_BYTES);
  if (firstOverflowPage === 0) {
    const v = value.length;
    buf[off + 2] = v >>> 8;
    buf[off + 3] = v;
    if (v <= 32) for (let i = 0; i < v; i++) buf[vs + i] = value[i]!;
    else buf.set(value, vs);
  } else {
    writeU16(buf, off + LEAF_CELL_LOCAL_OFFSET, LEAF_LOCAL_OVERFLOW);
    writeU32(buf, vs, value.length);
    writeU32(buf, vs + 4, firstOverflowPage);
  }
}

/** Sets the child pointer at position `pos` (0..n; n is the rightmost) of a writable interior node. */
export function setChildAt(page: Uint8Array, n: number, pos: number, child: number): void {
  if (pos === n) writeU32(page, NODE_RIGHT_CHILD_OFFSET, child);
  else writeU32(page, slotOffset(page, pos) + INTERIOR_CELL_CHILD_OFFSET, child);
}

/**
 * The separator between neighbouring keys a < b (suffix truncation, so that
 * interior nodes hold short keys): a shortest s with a < s <= b. With c =
 * the length of the common prefix, every such s is b[0, c) plus one byte in
 * (a[c], b[c]] (a[c] counts as -1 when a has only c bytes). `high` picks the
 * largest, b[0, c + 1), so that an ascending run of inserts above a keeps
 * going to a's node; otherwise the smallest, b[0, c) + (a[c] + 1) (or
 * + 0x00), so that a descending run below b keeps going to b's node.
 */
export function shortestSeparator(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number, bEnd: number, high = false): Uint8Array {
  const aLen = aEnd - aStart;
  const bLen = bEnd - bStart;
  const n = aLen < bLen ? aLen : bLen;
  let c = 0;
  while (c < n && a[aStart + c] === b[bStart + c]) c++;
  assert(c < bLen && (c === aLen || a[aStart + c]! < b[bStart + c]!), 'separator keys must be strictly ascending');
  const s = new Uint8Array(c + 1);
  s.set(b.subarray(bStart, bStart + c));
  s[c] = high ? b[bStart + c]! : c < aLen ? a[aStart + c]! + 1 : 0;
  return s;
}

/**
 * Checks rule N5 on a node (used behind VERIFY_ENABLED after structural
 * changes); returns a description of the first violation or null.
 */
export function findOrderViolation(page: Uint8Array): string | null {
  const n = nodeCellCount(page);
  const type = page[NODE_TYPE_OFFSET]!;
  for (let i = 1; i < n; i++) {
    const a = slotOffset(page, i - 1);
    const b = slotOffset(page, i);
    const as = cellKeyStart(a, type);
    const bs = cellKeyStart(b, type);
    const c = compareKeyAt(page.subarray(as, as + cellKeyLength(page, a, type)), page, bs, bs + cellKeyLength(page, b, type));
    if (c >= 0) return `N5: key ${i - 1} is not below key ${i}`;
  }
  return null;
}
