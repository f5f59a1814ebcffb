/**
 * Overflow chains: values too large to sit inline in a leaf cell, format
 * version 1.
 *
 * All integers are big-endian. A value of v bytes that does not fit inline
 * (node-format.ts, "Sizes") is cut into pieces of `overflowCapacity` bytes
 * (the last one may be shorter) stored in a chain of overflow pages; the leaf
 * cell keeps the value length and the first page of the chain.
 *
 *     Overflow page
 *     OFFSET SIZE FIELD
 *      0      1   page type 0x0c (PageType.Overflow)
 *      1      3   reserved, 0
 *      4      4   next page of the chain, 0 = last
 *      8     ...  value bytes: overflowCapacity = usableSize - 8 of them, or
 *                 the remainder in the last page (the rest of it is ignored)
 *     usableSize 4 checksum (page-format.ts)
 *
 *     leaf cell --> [0x0c|next]-->[0x0c|next]--> ... -->[0x0c|0]
 *                    bytes 0..C-1  bytes C..2C-1          last piece
 *
 * Validity rules (the reader cites them)
 *  O1. Every page of the chain is in [1, page count) and has type 0x0c.
 *  O2. A value of v bytes has exactly ceil(v / overflowCapacity) pages: the
 *      last of them links to 0 and every earlier one to a non-zero page.
 *      (A chain with a cycle therefore fails O2: every page of a cycle links
 *      onward. Walks stop after ceil(v / capacity) hops, so they never hang.)
 *  O3. No page is used by two chains or by a chain and a node (verify.ts).
 *
 * A chain is written in full when its value is stored, and freed in full
 * (every page back to the freelist) when the value is replaced or deleted.
 */
import { readU32, writeU32 } from '../base/bytes.js';
import { CorruptionError } from '../base/errors.js';
import { PageType } from '../pager/page-format.js';
import type { PageReader, PageWriter } from '../pager/page-store.js';

export const OVERFLOW_TYPE_OFFSET = 0;
export const OVERFLOW_NEXT_OFFSET = 4;
export const OVERFLOW_DATA_OFFSET = OVERFLOW_NEXT_OFFSET + 4;

if (OVERFLOW_DATA_OFFSET !== 8) throw new Error('overflow page offsets do not add up to the documented table');

export function overflowCapacity(usableSizeBytes: number): number {
  return usableSizeBytes - OVERFLOW_DATA_OFFSET;
}

/** Pages in the chain of a value of `valueLength` bytes (rule O2). */
export function overflowPageCount(valueLength: number, usableSizeBytes: number): number {
  return Math.ceil(valueLength / overflowCapacity(usableSizeBytes));
}

function corrupt(reader: PageReader, pageNo: number, offsetBytes: number, what: string): CorruptionError {
  return new CorruptionError(`${reader.fileName}: overflow page ${pageNo}, offset ${offsetBytes}: ${what}`, {
    file: reader.fileName,
    pageNo,
    offsetBytes,
  });
}

/** Writes `value` into a new chain; returns its first page. */
export function writeOverflowChain(writer: PageWriter, value: Uint8Array): number {
  const capacity = overflowCapacity(writer.usableSizeBytes);
  let first = 0;
  let prev: Uint8Array | null = null;
  for (let pos = 0; pos < value.length; pos += capacity) {
    const { pageNo, page } = writer.allocatePage();
    page[OVERFLOW_TYPE_OFFSET] = PageType.Overflow;
    const end = Math.min(value.length, pos + capacity);
    page.set(value.subarray(pos, end), OVERFLOW_DATA_OFFSET);
    if (prev === null) first = pageNo;
    else writeU32(prev, OVERFLOW_NEXT_OFFSET, pageNo);
    prev = page;
  }
  return first;
}

/**
 * Walks the chain of a value of `valueLength` bytes from `first`, checking
 * O1 and O2, and calls `visit` for each page in order. `ownerPageNo` names
 * the leaf for error messages.
 */
export function walkOverflowChain(
  reader: PageReader,
  first: number,
  valueLength: number,
  ownerPageNo: number,
  visit: (pageNo: number, page: Uint8Array, index: number) => void,
): void {
  const pageCount = reader.pageCount();
  const expected = overflowPageCount(valueLength, reader.usableSizeBytes);
  if (expected >= pageCount) {
    throw corrupt(reader, first, 0, `O2: a value of ${valueLength} bytes (leaf page ${ownerPageNo}) needs ${expected} pages, more than the file has`);
  }
  let pageNo = first;
  for (let i = 0; i < expected; i++) {
    if (pageNo === 0 || pageNo >= pageCount) {
      throw corrupt(reader, pageNo, 0, `O2: chain of leaf page ${ownerPageNo} links to page ${pageNo} after ${i} of ${expected} pages`);
    }
    const page = reader.getPage(pageNo);
    if (page[OVERFLOW_TYPE_OFFSET] !== PageType.Overflow) {
      throw corrupt(reader, pageNo, OVERFLOW_TYPE_OFFSET, `O1: page type 0x${page[OVERFLOW_TYPE_OFFSET]!.toString(16)} in the overflow chain of leaf page ${ownerPageNo}`);
    }
    const next = readU32(page, OVERFLOW_NEXT_OFFSET);
    if (i === expected - 1 && next !== 0) {
      throw corrupt(reader, pageNo, OVERFLOW_NEXT_OFFSET, `O2: the chain of a ${valueLength}-byte value (leaf page ${ownerPageNo}) continues to page ${next} after its ${expected} pages (too long, or a cycle)`);
    }
    visit(pageNo, page, i);
    pageNo = next;
  }
}

/** Reads a value of `valueLength` bytes from its chain into a new buffer. */
export function readOverflowValue(reader: PageReader, first: number, valueLength: number, ownerPageNo: number): Uint8Array {
  const out = new Uint8Array(valueLength);
  const capacity = overflowCapacity(reader.usableSizeBytes);
  walkOverflowChain(reader, first, valueLength, ownerPageNo, (_pageNo, page, index) => {
    const pos = index * capacity;
    const n = Math.min(capacity, valueLength - pos);
    out.set(page.subarray(OVERFLOW_DATA_OFFSET, OVERFLOW_DATA_OFFSET + n), pos);
  });
  return out;
}

/**
 * Frees every page of a chain. The whole chain is validated first, so a
 * corrupt chain frees nothing.
 */
export function freeOverflowChain(writer: PageWriter, first: number, valueLength: number, ownerPageNo: number): void {
  const pages: number[] = [];
  walkOverflowChain(writer, first, valueLength, ownerPageNo, (pageNo) => pages.push(pageNo));
  for (const p of pages) writer.freePage(p);
}
