/**
 * Decoders of on-disk structures for `sombra inspect`, under the field names
 * of the format comments they implement: the file header (page 0,
 * src/pager/file-header.ts), a page (src/pager/page-format.ts and, for tree
 * pages, src/btree/node-format.ts), the log (src/wal/format.ts) and a tree's
 * pages level by level. Read-only; they read the raw files (and, for pages
 * and trees, the pager's snapshot so that pages still in the log are seen).
 */
import fs from 'node:fs';
import { hex32, readU32 } from '../base/bytes.js';
import {
  NODE_CELL_COUNT_OFFSET,
  NODE_CONTENT_START_OFFSET,
  NODE_FRAGMENTED_OFFSET,
  NODE_HEADER_SIZE_BYTES,
  NODE_LEVEL_OFFSET,
  NODE_RIGHT_CHILD_OFFSET,
  SLOT_SIZE_BYTES,
  LEAF_LOCAL_OVERFLOW,
} from '../btree/node-format.js';
import * as header from '../pager/file-header.js';
import { computePageChecksum, PAGE_CHECKSUM_SIZE_BYTES, PageType } from '../pager/page-format.js';
import { FRAME_COMMIT_OFFSET, FRAME_HEADER_SIZE_BYTES, FRAME_PAGE_NO_OFFSET, WAL_HEADER_SIZE_BYTES, decodeFrame, decodeWalHeader, frameOffsetBytes, frameSizeBytes } from '../wal/format.js';

const readU16 = (b: Uint8Array, at: number): number => (b[at]! << 8) | b[at + 1]!;

/** Hex of the first `max` bytes, with "…" when longer. */
function hexBytes(b: Uint8Array, max = 24): string {
  const s = Buffer.from(b.buffer, b.byteOffset, Math.min(b.length, max)).toString('hex');
  return b.length > max ? `${s}…` : s;
}

const PAGE_TYPE_NAMES: Record<number, string> = {
  [PageType.FileHeader]: 'file header',
  [PageType.FreelistTrunk]: 'freelist trunk',
  [PageType.BtreeLeaf]: 'btree leaf',
  [PageType.BtreeInterior]: 'btree interior',
  [PageType.Overflow]: 'overflow',
};

function checksumField(page: Uint8Array, pageNo: number): Record<string, unknown> {
  const stored = readU32(page, page.length - PAGE_CHECKSUM_SIZE_BYTES);
  const computed = computePageChecksum(page, pageNo);
  return { checksum: hex32(stored), 'checksum ok': stored === computed };
}

/** Page 0 under the field names of file-header.ts. */
export function decodeFileHeader(page: Uint8Array): Record<string, unknown> {
  return {
    magic: new TextDecoder().decode(page.subarray(header.HEADER_MAGIC_OFFSET, header.HEADER_MAGIC_OFFSET + 8)),
    'format version': readU32(page, header.HEADER_VERSION_OFFSET),
    'page size in bytes': readU32(page, header.HEADER_PAGE_SIZE_OFFSET),
    'page count': header.readPageCount(page),
    'freelist head': header.readFreelistHead(page),
    'freelist count': header.readFreelistCount(page),
    'root table': Object.fromEntries(header.listRoots(page)),
    'counter table': Object.fromEntries(header.listCounters(page)),
    ...checksumField(page, 0),
  };
}

/** One page: its type and checksum; for a tree node, the node header and its cells. */
export function decodePage(page: Uint8Array, pageNo: number, cellsMax = 50): Record<string, unknown> {
  if (pageNo === 0) return { 'page number': 0, 'page type': 'file header', ...decodeFileHeader(page) };
  const type = page[0]!;
  const out: Record<string, unknown> = { 'page number': pageNo, 'page type': `0x${type.toString(16).padStart(2, '0')} (${PAGE_TYPE_NAMES[type] ?? 'free or unknown'})`, ...checksumField(page, pageNo) };
  if (type === PageType.BtreeLeaf || type === PageType.BtreeInterior) {
    const n = readU16(page, NODE_CELL_COUNT_OFFSET);
    out.level = page[NODE_LEVEL_OFFSET];
    out['cell count'] = n;
    out['content start'] = readU16(page, NODE_CONTENT_START_OFFSET);
    out['fragmented bytes'] = readU16(page, NODE_FRAGMENTED_OFFSET);
    if (type === PageType.BtreeInterior) out['rightmost child page'] = readU32(page, NODE_RIGHT_CHILD_OFFSET);
    const cells: Array<Record<string, unknown>> = [];
    for (let i = 0; i < Math.min(n, cellsMax); i++) {
      const off = readU16(page, NODE_HEADER_SIZE_BYTES + i * SLOT_SIZE_BYTES);
      if (off + 8 > page.length) {
        cells.push({ slot: i, offset: off, error: 'offset past the page' });
        continue;
      }
      if (type === PageType.BtreeLeaf) {
        const k = readU16(page, off);
        const local = readU16(page, off + 2);
        const key = page.subarray(off + 4, Math.min(off + 4 + k, page.length));
        if (local === LEAF_LOCAL_OVERFLOW) {
          cells.push({ slot: i, offset: off, 'key length': k, key: hexBytes(key), 'value length': readU32(page, off + 4 + k), 'overflow page': readU32(page, off + 8 + k) });
        } else {
          cells.push({ slot: i, offset: off, 'key length': k, key: hexBytes(key), 'value length': local, value: hexBytes(page.subarray(off + 4 + k, Math.min(off + 4 + k + local, page.length))) });
        }
      } else {
        const k = readU16(page, off + 4);
        cells.push({ slot: i, offset: off, 'child page': readU32(page, off), 'key length': k, key: hexBytes(page.subarray(off + 6, Math.min(off + 6 + k, page.length))) });
      }
    }
    out.cells = cells;
    if (n > cellsMax) out['cells not shown'] = n - cellsMax;
  } else if (type === PageType.Overflow || type === PageType.FreelistTrunk) {
    out['next page'] = readU32(page, 4);
    out['first bytes'] = hexBytes(page.subarray(0, 32), 32);
  }
  return out;
}

/** The log file under the field names of wal/format.ts, with each frame's validity (rule V2). */
export function decodeWalFile(walPath: string, framesMax = 200): Record<string, unknown> {
  if (!fs.existsSync(walPath)) return { file: walPath, exists: false };
  const fd = fs.openSync(walPath, 'r');
  try {
    const sizeBytes = fs.fstatSync(fd).size;
    const out: Record<string, unknown> = { file: walPath, 'size in bytes': sizeBytes };
    const head = new Uint8Array(WAL_HEADER_SIZE_BYTES);
    if (fs.readSync(fd, head, 0, WAL_HEADER_SIZE_BYTES, 0) < WAL_HEADER_SIZE_BYTES) return { ...out, header: 'too short: an empty log' };
    const h = decodeWalHeader(head);
    out.magic = `0x${readU32(head, 0).toString(16)}`;
    out['format version'] = readU32(head, 4);
    out['page size in bytes'] = readU32(head, 8);
    out['checkpoint sequence'] = readU32(head, 12);
    out['salt-1'] = readU32(head, 16);
    out['salt-2'] = hex32(readU32(head, 20));
    out['header checksum'] = hex32(readU32(head, 28));
    out['header valid (V1)'] = h.ok ? true : h.reason;
    if (!h.ok) return out;
    const pageSize = h.header.pageSizeBytes;
    const frame = new Uint8Array(frameSizeBytes(pageSize));
    const frames: Array<Record<string, unknown>> = [];
    let prev = h.header.checksum;
    let valid = 0;
    let lastCommit = -1;
    for (let i = 0; frameOffsetBytes(i, pageSize) + frame.length <= sizeBytes; i++) {
      fs.readSync(fd, frame, 0, frame.length, frameOffsetBytes(i, pageSize));
      const f = decodeFrame(frame, 0, pageSize, h.header, prev);
      if (f === null) break; // V2: the valid frames end here
      valid++;
      prev = f.checksum;
      if (f.commitDbSizePages !== 0) lastCommit = i;
      if (frames.length < framesMax) frames.push({ frame: i, 'page number': readU32(frame, FRAME_PAGE_NO_OFFSET), commit: readU32(frame, FRAME_COMMIT_OFFSET), 'chained checksum': hex32(f.checksum) });
    }
    out['valid frames (V2)'] = valid;
    out['frames up to the last commit (V3)'] = lastCommit + 1;
    out['frame size in bytes'] = FRAME_HEADER_SIZE_BYTES + pageSize;
    out.frames = frames;
    if (valid > framesMax) out['frames not shown'] = valid - framesMax;
    return out;
  } finally {
    fs.closeSync(fd);
  }
}

/** A tree from its root: pages per level, cells, bytes used. */
export function decodeTree(getPage: (pageNo: number) => Uint8Array, name: string, rootPageNo: number): Record<string, unknown> {
  const levels: Array<{ level: number; pages: number; cells: number; usedBytes: number; pageNumbers: number[] }> = [];
  let frontier = [rootPageNo];
  let overflowRefs = 0;
  while (frontier.length > 0) {
    const next: number[] = [];
    const first = getPage(frontier[0]!);
    const entry = { level: first[NODE_LEVEL_OFFSET]!, pages: 0, cells: 0, usedBytes: 0, pageNumbers: [] as number[] };
    for (const pageNo of frontier) {
      const page = getPage(pageNo);
      const n = readU16(page, NODE_CELL_COUNT_OFFSET);
      entry.pages++;
      entry.cells += n;
      entry.usedBytes += page.length - PAGE_CHECKSUM_SIZE_BYTES - readU16(page, NODE_CONTENT_START_OFFSET) - readU16(page, NODE_FRAGMENTED_OFFSET) + NODE_HEADER_SIZE_BYTES + 2 * n;
      if (entry.pageNumbers.length < 20) entry.pageNumbers.push(pageNo);
      if (page[0] === PageType.BtreeInterior) {
        for (let i = 0; i < n; i++) next.push(readU32(page, readU16(page, NODE_HEADER_SIZE_BYTES + i * SLOT_SIZE_BYTES)));
        next.push(readU32(page, NODE_RIGHT_CHILD_OFFSET));
      } else {
        for (let i = 0; i < n; i++) {
          const off = readU16(page, NODE_HEADER_SIZE_BYTES + i * SLOT_SIZE_BYTES);
          if (readU16(page, off + 2) === LEAF_LOCAL_OVERFLOW) overflowRefs++;
        }
      }
    }
    levels.push(entry);
    frontier = next;
  }
  const leaf = levels[levels.length - 1]!;
  return { tree: name, 'root page': rootPageNo, depth: levels.length, 'entries (leaf cells)': leaf.cells, 'values in overflow chains': overflowRefs, levels };
}
