/**
 * The freelist: pages no longer used, kept for reuse. Format version 1.
 *
 * All integers are big-endian. The list is a chain of trunk pages starting at
 * page 0's freelist head; each trunk names up to `capacity` leaf pages. Leaf
 * pages keep whatever they held (they are never written just to be freed).
 *
 *     Trunk page
 *     OFFSET SIZE FIELD
 *      0      1   page type 0x02 (PageType.FreelistTrunk)
 *      1      3   reserved, 0
 *      4      4   next trunk page, 0 = last
 *      8      4   leaf count n
 *     12    4*n   leaf page numbers
 *     pageSize-4 4 checksum (page-format.ts)
 *
 *     capacity = (usableSize - 12) / 4
 *
 * Page 0's freelist count is the number of free pages, trunks included.
 *
 * Rules: F1. every trunk has type 0x02; F2. n <= capacity; F3. every listed
 * page is in [1, page count); F4. no page appears twice and the chain has no
 * cycle (walks count hops against the page count).
 */
import { readU32, writeU32 } from '../base/bytes.js';
import { CorruptionError } from '../base/errors.js';
import {
  readFreelistCount,
  readFreelistHead,
  writeFreelistCount,
  writeFreelistHead,
} from './file-header.js';
import { PageType, usableSizeBytes } from './page-format.js';

const TRUNK_NEXT_OFFSET = 4;
const TRUNK_COUNT_OFFSET = 8;
const TRUNK_LEAVES_OFFSET = 12;

export function trunkCapacity(pageSizeBytes: number): number {
  return Math.floor((usableSizeBytes(pageSizeBytes) - TRUNK_LEAVES_OFFSET) / 4);
}

/** What the freelist needs from a write transaction. */
export interface FreelistHost {
  readonly pageSizeBytes: number;
  readonly fileName: string;
  getPage(pageNo: number): Uint8Array;
  getWritablePage(pageNo: number): Uint8Array;
  /** A writable, zero-filled image of `pageNo` whose old content is never read. */
  overwritePage(pageNo: number): Uint8Array;
  /** Page count of the transaction's view. */
  pageCount(): number;
}

function corrupt(host: { fileName: string }, pageNo: number, what: string): CorruptionError {
  return new CorruptionError(`${host.fileName}: freelist trunk page ${pageNo}: ${what}`, { file: host.fileName, pageNo });
}

function checkTrunk(host: FreelistHost, pageNo: number, page: Uint8Array): number {
  if (page[0] !== PageType.FreelistTrunk) throw corrupt(host, pageNo, `F1: page type 0x${page[0]!.toString(16)} is not a trunk`);
  const n = readU32(page, TRUNK_COUNT_OFFSET);
  if (n > trunkCapacity(host.pageSizeBytes)) throw corrupt(host, pageNo, `F2: leaf count ${n} exceeds capacity`);
  return n;
}

/** Takes a page off the freelist, or returns 0 when it is empty. */
export function popFreePage(host: FreelistHost): number {
  const header = host.getPage(0);
  const head = readFreelistHead(header);
  if (head === 0) return 0;
  const pageCount = host.pageCount();
  if (head >= pageCount) throw corrupt(host, head, `F3: trunk is past the page count ${pageCount}`);
  const trunk = host.getPage(head);
  const n = checkTrunk(host, head, trunk);
  const w0 = host.getWritablePage(0);
  writeFreelistCount(w0, readFreelistCount(w0) - 1);
  if (n > 0) {
    const leaf = readU32(trunk, TRUNK_LEAVES_OFFSET + (n - 1) * 4);
    if (leaf === 0 || leaf >= pageCount) throw corrupt(host, head, `F3: leaf ${leaf} is out of range`);
    writeU32(host.getWritablePage(head), TRUNK_COUNT_OFFSET, n - 1);
    return leaf;
  }
  // An empty trunk is itself the page handed out.
  writeFreelistHead(w0, readU32(trunk, TRUNK_NEXT_OFFSET));
  return head;
}

/** Puts `pageNo` on the freelist (as a leaf of the head trunk, or as a new trunk). */
export function pushFreePage(host: FreelistHost, pageNo: number): void {
  const w0 = host.getWritablePage(0);
  const head = readFreelistHead(w0);
  writeFreelistCount(w0, readFreelistCount(w0) + 1);
  if (head !== 0) {
    const n = checkTrunk(host, head, host.getPage(head));
    if (n < trunkCapacity(host.pageSizeBytes)) {
      const trunk = host.getWritablePage(head);
      writeU32(trunk, TRUNK_LEAVES_OFFSET + n * 4, pageNo);
      writeU32(trunk, TRUNK_COUNT_OFFSET, n + 1);
      return;
    }
  }
  const trunk = host.overwritePage(pageNo);
  trunk[0] = PageType.FreelistTrunk;
  writeU32(trunk, TRUNK_NEXT_OFFSET, head);
  writeU32(trunk, TRUNK_COUNT_OFFSET, 0);
  writeFreelistHead(w0, pageNo);
}

/**
 * Every free page (trunks and leaves), checking rules F1-F4 and that the
 * total matches page 0's freelist count.
 */
export function collectFreePages(reader: { pageSizeBytes: number; fileName: string; getPage(pageNo: number): Uint8Array; pageCount(): number }): Set<number> {
  const host = reader as FreelistHost;
  const free = new Set<number>();
  const header = reader.getPage(0);
  const pageCount = reader.pageCount();
  let trunkNo = readFreelistHead(header);
  let hops = 0;
  const add = (p: number, from: number): void => {
    if (p === 0 || p >= pageCount) throw corrupt(host, from, `F3: page ${p} is out of range [1, ${pageCount})`);
    if (free.has(p)) throw corrupt(host, from, `F4: page ${p} is listed twice`);
    free.add(p);
  };
  while (trunkNo !== 0) {
    if (++hops > pageCount) throw corrupt(host, trunkNo, 'F4: the trunk chain has a cycle');
    add(trunkNo, trunkNo);
    const trunk = reader.getPage(trunkNo);
    const n = checkTrunk(host, trunkNo, trunk);
    for (let i = 0; i < n; i++) add(readU32(trunk, TRUNK_LEAVES_OFFSET + i * 4), trunkNo);
    trunkNo = readU32(trunk, TRUNK_NEXT_OFFSET);
  }
  const counted = readFreelistCount(header);
  if (counted !== free.size) {
    throw new CorruptionError(`${reader.fileName}: page 0 counts ${counted} free pages, the freelist holds ${free.size}`, { file: reader.fileName, pageNo: 0 });
  }
  return free;
}
