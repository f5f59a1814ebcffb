/**
 * Recovery: reads a log file (format.ts) and finds its valid prefix.
 *
 * Reads frames in order while rule V2 holds (salts match, the chained checksum
 * holds) and remembers the last commit frame; the log ends there (rule V3).
 * Recovery only reads: it never modifies the log, so a crash during recovery
 * is harmless.
 */
import type { VfsFile } from '../vfs/vfs.js';
import {
  WAL_HEADER_SIZE_BYTES,
  decodeFrame,
  decodeWalHeader,
  frameOffsetBytes,
  frameSizeBytes,
  type WalHeader,
} from './format.js';

export interface RecoveredLog {
  /** The valid header, or null when the log is empty or its header is invalid (V1). */
  header: WalHeader | null;
  /** Why the scan stopped, for diagnostics (`sombra doctor`, tests). */
  stopReason: string;
  /** Page number of each frame up to and including the last commit frame. */
  framePageNos: Uint32Array;
  /** Chained checksum of each of those frames. */
  frameChecksums: Uint32Array;
  /** Frames in the valid prefix (= index of the last commit frame + 1), 0 if none. */
  frameCount: number;
  /** Frame indexes of the commit frames in the valid prefix, ascending. */
  commitFrameIndexes: number[];
  /** Database size in pages after the last valid commit, 0 when there is none. */
  dbSizePages: number;
  /** Valid frames after the last commit frame (an unfinished record), ignored. */
  ignoredTailFrames: number;
}

const SCAN_CHUNK_FRAMES = 128;

/** A log with no valid frame (missing, empty, or with an invalid header). */
export function emptyRecoveredLog(stopReason: string): RecoveredLog {
  return {
    header: null,
    stopReason,
    framePageNos: new Uint32Array(0),
    frameChecksums: new Uint32Array(0),
    frameCount: 0,
    commitFrameIndexes: [],
    dbSizePages: 0,
    ignoredTailFrames: 0,
  };
}

export function scanLog(file: VfsFile, pageSizeBytes: number): RecoveredLog {
  const empty = emptyRecoveredLog;

  const fileSize = file.sizeBytes();
  if (fileSize < WAL_HEADER_SIZE_BYTES) return empty('log shorter than its header');
  const headerBytes = new Uint8Array(WAL_HEADER_SIZE_BYTES);
  file.read(headerBytes, 0, WAL_HEADER_SIZE_BYTES, 0);
  const decoded = decodeWalHeader(headerBytes);
  if (!decoded.ok) return empty(decoded.reason);
  const header = decoded.header;
  if (header.pageSizeBytes !== pageSizeBytes) {
    return empty(`V1: log page size ${header.pageSizeBytes} differs from the database's ${pageSizeBytes}`);
  }

  const frameSize = frameSizeBytes(pageSizeBytes);
  const maxFrames = Math.max(0, Math.floor((fileSize - WAL_HEADER_SIZE_BYTES) / frameSize));
  let pageNos = new Uint32Array(Math.min(maxFrames, 1024));
  let checksums = new Uint32Array(pageNos.length);
  const commits: number[] = [];
  let prev = header.checksum;
  let validFrames = 0;
  let lastCommitIndex = -1;
  let dbSizePages = 0;
  let stopReason = 'end of file';
  const chunk = new Uint8Array(SCAN_CHUNK_FRAMES * frameSize);

  scan: for (let start = 0; start < maxFrames; start += SCAN_CHUNK_FRAMES) {
    const n = Math.min(SCAN_CHUNK_FRAMES, maxFrames - start);
    const got = file.read(chunk, 0, n * frameSize, frameOffsetBytes(start, pageSizeBytes));
    const usable = Math.floor(got / frameSize);
    for (let j = 0; j < usable; j++) {
      const frame = decodeFrame(chunk, j * frameSize, pageSizeBytes, header, prev);
      if (frame === null) {
        stopReason = `V2: frame ${start + j} has other salts or a broken checksum chain`;
        break scan;
      }
      const i = start + j;
      if (i >= pageNos.length) {
        const grownPages = new Uint32Array(Math.min(maxFrames, pageNos.length * 2 + 1024));
        grownPages.set(pageNos);
        pageNos = grownPages;
        const grownSums = new Uint32Array(grownPages.length);
        grownSums.set(checksums);
        checksums = grownSums;
      }
      pageNos[i] = frame.pageNo;
      checksums[i] = frame.checksum;
      prev = frame.checksum;
      validFrames = i + 1;
      if (frame.commitDbSizePages !== 0) {
        lastCommitIndex = i;
        dbSizePages = frame.commitDbSizePages;
        commits.push(i);
      }
    }
    if (usable < n) break;
  }

  const frameCount = lastCommitIndex + 1;
  return {
    header,
    stopReason,
    framePageNos: pageNos.slice(0, frameCount),
    frameChecksums: checksums.slice(0, frameCount),
    frameCount,
    commitFrameIndexes: commits,
    dbSizePages,
    ignoredTailFrames: validFrames - frameCount,
  };
}
