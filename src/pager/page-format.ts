/**
 * Layout rules shared by every page of a Sombra database file, format version 1.
 *
 * All integers are big-endian. A page is `pageSize` bytes:
 *
 *     +--------------------------------------------+----------+
 *     | content, owned by the layer that uses it   | checksum |
 *     | byte 0 is the page type                    | 4 bytes  |
 *     +--------------------------------------------+----------+
 *     0                                   usableSize          pageSize
 *
 *  P1. In the database file, the last 4 bytes hold crc32(page[0, usableSize))
 *      seeded with the page number, so a page written to the wrong place also
 *      fails its check. `usableSize = pageSize - 4`.
 *  P2. Byte 0 is the page type (below). A free page that sits in the
 *      freelist as a leaf keeps whatever it held; only trunks are typed.
 *  P3. The checksum is verified on every read from the database file; a
 *      mismatch is a CORRUPTION error naming the file and page.
 *
 * Images in the log are protected by their frame's chained checksum
 * (wal/format.ts rule V2) instead, so the commit path computes one checksum
 * per page per flush. The checkpoint fills the page checksum when it copies a
 * page into the database file; images in memory may carry a stale one.
 */
import { readU32, writeU32, hex32 } from '../base/bytes.js';
import { crc32 } from '../base/checksum.js';
import { CorruptionError } from '../base/errors.js';

export const PAGE_CHECKSUM_SIZE_BYTES = 4;

export const PageType = {
  /** Page 0: the file header (file-header.ts). */
  FileHeader: 0x01,
  /** A freelist trunk page (freelist.ts). */
  FreelistTrunk: 0x02,
  /** B+-tree leaf (btree/). */
  BtreeLeaf: 0x0a,
  /** B+-tree interior (btree/). */
  BtreeInterior: 0x0b,
  /** A page of an overflow chain holding part of a large value (btree/). */
  Overflow: 0x0c,
} as const;

export type PageTypeValue = (typeof PageType)[keyof typeof PageType];

export function usableSizeBytes(pageSizeBytes: number): number {
  return pageSizeBytes - PAGE_CHECKSUM_SIZE_BYTES;
}

export function computePageChecksum(page: Uint8Array, pageNo: number): number {
  return crc32(page.subarray(0, page.length - PAGE_CHECKSUM_SIZE_BYTES), pageNo);
}

/** Fills the trailer checksum (rule P1). */
export function sealPage(page: Uint8Array, pageNo: number): void {
  writeU32(page, page.length - PAGE_CHECKSUM_SIZE_BYTES, computePageChecksum(page, pageNo));
}

/** Verifies the trailer checksum (rule P3) or throws CORRUPTION naming file and page. */
export function verifyPage(page: Uint8Array, pageNo: number, file: string): void {
  const stored = readU32(page, page.length - PAGE_CHECKSUM_SIZE_BYTES);
  const computed = computePageChecksum(page, pageNo);
  if (stored !== computed) {
    throw new CorruptionError(
      `page ${pageNo} of ${file}: checksum mismatch (stored ${hex32(stored)}, computed ${hex32(computed)})`,
      { file, pageNo, offsetBytes: pageNo * page.length },
    );
  }
}
