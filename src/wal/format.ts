/**
 * Sombra write-ahead log (`NAME-wal`), format version 1.
 *
 * All integers are big-endian. The log is a header followed by frames; a frame
 * is a frame header followed by one page image. The WAL treats page images as
 * opaque bytes: the pager owns their layout and their own checksums.
 *
 * Header (32 bytes, offset 0)
 *
 *     OFFSET SIZE FIELD
 *      0      4   magic 0x534F4D57 ("SOMW")
 *      4      4   format version (1)
 *      8      4   page size in bytes (equals the database's)
 *     12      4   checkpoint sequence: incremented at every log restart
 *     16      4   salt-1: incremented at every log restart
 *     20      4   salt-2: a fresh random value at every log restart
 *     24      4   reserved, 0
 *     28      4   header checksum: crc32 of bytes [0, 28)
 *
 * Frame i (0-based) starts at 32 + i * (24 + pageSize)
 *
 *     OFFSET SIZE FIELD
 *      0      4   page number
 *      4      4   commit: for the last frame of an atomic record (a "commit
 *                 frame"), the database size in pages after the record; else 0
 *      8      4   salt-1, copied from the header
 *     12      4   salt-2, copied from the header
 *     16      4   chained checksum: crc32 over frame bytes [0, 16) and then the
 *                 page image, seeded with the chained checksum of frame i-1
 *                 (for frame 0, with the header checksum)
 *     20      4   reserved, 0
 *     24   pageSize  page image
 *
 * Validity rules (the decoder cites them)
 *  V1. The header is valid iff its magic, version and checksum are right and
 *      its page size equals the database's. An invalid header means an empty
 *      log: nothing in the file after it is trusted.
 *  V2. Frame i is valid iff frame i-1 is valid (or i = 0), both salts equal
 *      the header's, and its chained checksum matches.
 *  V3. The log ends at the last valid commit frame. Valid frames after it
 *      belong to a record whose commit frame never reached the disk (a torn
 *      tail) and are ignored.
 *
 * Why salts: a log restart (after a checkpoint copied every frame into the
 * database file) writes a new header with new salts and overwrites frames from
 * the start. Frames of the previous generation further on in the file still
 * hold valid-looking bytes; their old salts (and the broken checksum chain)
 * stop recovery from replaying them. The new header is synced before any frame
 * of the new generation is written, so an old header never faces new frames.
 *
 * Atomic records: every commit frame closes one atomic record. The group
 * committer writes each flush as one record holding the newest image of every
 * page that any of its commits touched; recovery applies all of a record or
 * none of it.
 */
import { readU32, writeU32 } from '../base/bytes.js';
import { crc32 } from '../base/checksum.js';

export const WAL_MAGIC = 0x534f4d57;
export const WAL_FORMAT_VERSION = 1;

export const WAL_HEADER_MAGIC_OFFSET = 0;
export const WAL_HEADER_VERSION_OFFSET = WAL_HEADER_MAGIC_OFFSET + 4;
export const WAL_HEADER_PAGE_SIZE_OFFSET = WAL_HEADER_VERSION_OFFSET + 4;
export const WAL_HEADER_CHECKPOINT_SEQ_OFFSET = WAL_HEADER_PAGE_SIZE_OFFSET + 4;
export const WAL_HEADER_SALT1_OFFSET = WAL_HEADER_CHECKPOINT_SEQ_OFFSET + 4;
export const WAL_HEADER_SALT2_OFFSET = WAL_HEADER_SALT1_OFFSET + 4;
export const WAL_HEADER_RESERVED_OFFSET = WAL_HEADER_SALT2_OFFSET + 4;
export const WAL_HEADER_CHECKSUM_OFFSET = WAL_HEADER_RESERVED_OFFSET + 4;
export const WAL_HEADER_SIZE_BYTES = WAL_HEADER_CHECKSUM_OFFSET + 4;

export const FRAME_PAGE_NO_OFFSET = 0;
export const FRAME_COMMIT_OFFSET = FRAME_PAGE_NO_OFFSET + 4;
export const FRAME_SALT1_OFFSET = FRAME_COMMIT_OFFSET + 4;
export const FRAME_SALT2_OFFSET = FRAME_SALT1_OFFSET + 4;
export const FRAME_CHECKSUM_OFFSET = FRAME_SALT2_OFFSET + 4;
export const FRAME_RESERVED_OFFSET = FRAME_CHECKSUM_OFFSET + 4;
export const FRAME_HEADER_SIZE_BYTES = FRAME_RESERVED_OFFSET + 4;

if (WAL_HEADER_SIZE_BYTES !== 32 || FRAME_HEADER_SIZE_BYTES !== 24) {
  throw new Error('WAL format offsets do not add up to the documented sizes');
}

export interface WalHeader {
  pageSizeBytes: number;
  checkpointSeq: number;
  salt1: number;
  salt2: number;
  /** crc32 of bytes [0, 28); seeds the chain of frame 0. */
  checksum: number;
}

export function frameSizeBytes(pageSizeBytes: number): number {
  return FRAME_HEADER_SIZE_BYTES + pageSizeBytes;
}

export function frameOffsetBytes(frameIndex: number, pageSizeBytes: number): number {
  return WAL_HEADER_SIZE_BYTES + frameIndex * frameSizeBytes(pageSizeBytes);
}

/** Encodes a header into `out[0, 32)` and returns it with its checksum filled in. */
export function encodeWalHeader(
  out: Uint8Array,
  h: { pageSizeBytes: number; checkpointSeq: number; salt1: number; salt2: number },
): WalHeader {
  writeU32(out, WAL_HEADER_MAGIC_OFFSET, WAL_MAGIC);
  writeU32(out, WAL_HEADER_VERSION_OFFSET, WAL_FORMAT_VERSION);
  writeU32(out, WAL_HEADER_PAGE_SIZE_OFFSET, h.pageSizeBytes);
  writeU32(out, WAL_HEADER_CHECKPOINT_SEQ_OFFSET, h.checkpointSeq >>> 0);
  writeU32(out, WAL_HEADER_SALT1_OFFSET, h.salt1 >>> 0);
  writeU32(out, WAL_HEADER_SALT2_OFFSET, h.salt2 >>> 0);
  writeU32(out, WAL_HEADER_RESERVED_OFFSET, 0);
  const checksum = crc32(out.subarray(0, WAL_HEADER_CHECKSUM_OFFSET));
  writeU32(out, WAL_HEADER_CHECKSUM_OFFSET, checksum);
  return { pageSizeBytes: h.pageSizeBytes, checkpointSeq: h.checkpointSeq >>> 0, salt1: h.salt1 >>> 0, salt2: h.salt2 >>> 0, checksum };
}

export type WalHeaderDecodeResult =
  | { ok: true; header: WalHeader }
  | { ok: false; reason: string };

/** Decodes and validates a header (rule V1, except the page-size match, which the caller checks). */
export function decodeWalHeader(b: Uint8Array): WalHeaderDecodeResult {
  if (b.length < WAL_HEADER_SIZE_BYTES) return { ok: false, reason: `header is ${b.length} bytes, needs ${WAL_HEADER_SIZE_BYTES}` };
  const magic = readU32(b, WAL_HEADER_MAGIC_OFFSET);
  if (magic !== WAL_MAGIC) return { ok: false, reason: `V1: bad magic 0x${magic.toString(16)}` };
  const version = readU32(b, WAL_HEADER_VERSION_OFFSET);
  if (version !== WAL_FORMAT_VERSION) return { ok: false, reason: `V1: unsupported version ${version}` };
  const stored = readU32(b, WAL_HEADER_CHECKSUM_OFFSET);
  const computed = crc32(b.subarray(0, WAL_HEADER_CHECKSUM_OFFSET));
  if (stored !== computed) return { ok: false, reason: `V1: header checksum mismatch (stored ${stored}, computed ${computed})` };
  return {
    ok: true,
    header: {
      pageSizeBytes: readU32(b, WAL_HEADER_PAGE_SIZE_OFFSET),
      checkpointSeq: readU32(b, WAL_HEADER_CHECKPOINT_SEQ_OFFSET),
      salt1: readU32(b, WAL_HEADER_SALT1_OFFSET),
      salt2: readU32(b, WAL_HEADER_SALT2_OFFSET),
      checksum: stored,
    },
  };
}

/**
 * Encodes a frame header into `out[at, at+24)`, given that the page image is
 * already in `out[at+24, at+24+pageSize)`. Returns the chained checksum.
 */
export function encodeFrame(
  out: Uint8Array,
  at: number,
  pageSizeBytes: number,
  f: { pageNo: number; commitDbSizePages: number; salt1: number; salt2: number; prevChecksum: number },
): number {
  writeU32(out, at + FRAME_PAGE_NO_OFFSET, f.pageNo);
  writeU32(out, at + FRAME_COMMIT_OFFSET, f.commitDbSizePages);
  writeU32(out, at + FRAME_SALT1_OFFSET, f.salt1);
  writeU32(out, at + FRAME_SALT2_OFFSET, f.salt2);
  const checksum = frameChecksum(out, at, pageSizeBytes, f.prevChecksum);
  writeU32(out, at + FRAME_CHECKSUM_OFFSET, checksum);
  writeU32(out, at + FRAME_RESERVED_OFFSET, 0);
  return checksum;
}

/** The chained checksum of the frame at `b[at, ...)`: header bytes [0,16) then the image. */
export function frameChecksum(b: Uint8Array, at: number, pageSizeBytes: number, prevChecksum: number): number {
  const c = crc32(b.subarray(at, at + FRAME_CHECKSUM_OFFSET), prevChecksum);
  const imageStart = at + FRAME_HEADER_SIZE_BYTES;
  return crc32(b.subarray(imageStart, imageStart + pageSizeBytes), c);
}

export interface DecodedFrame {
  pageNo: number;
  commitDbSizePages: number;
  checksum: number;
}

/**
 * Validates the frame at `b[at, ...)` against the header salts and the
 * previous checksum (rule V2). Returns null when it is not valid.
 */
export function decodeFrame(
  b: Uint8Array,
  at: number,
  pageSizeBytes: number,
  header: WalHeader,
  prevChecksum: number,
): DecodedFrame | null {
  if (readU32(b, at + FRAME_SALT1_OFFSET) !== header.salt1) return null;
  if (readU32(b, at + FRAME_SALT2_OFFSET) !== header.salt2) return null;
  const stored = readU32(b, at + FRAME_CHECKSUM_OFFSET);
  if (stored !== frameChecksum(b, at, pageSizeBytes, prevChecksum)) return null;
  return {
    pageNo: readU32(b, at + FRAME_PAGE_NO_OFFSET),
    commitDbSizePages: readU32(b, at + FRAME_COMMIT_OFFSET),
    checksum: stored,
  };
}
