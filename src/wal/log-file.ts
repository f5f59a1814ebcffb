/**
 * `WalFile`: the write-ahead log file (`NAME-wal`) of one database: appends
 * atomic records of frames, syncs, reads frames back, restarts the log.
 * The byte format is specified in format.ts; recovery.ts finds the valid
 * prefix when the file is opened.
 *
 * Invariants
 * - Frames are appended only at `frameCount`, right after the last commit
 *   frame; the chained checksum continues from that frame (or the header).
 * - A new header (at open when the old one was invalid, or at restart) is
 *   synced before any frame of its generation is written, unless the caller
 *   runs with `synchronous: 'off'`.
 * - FSNs grow across restarts: frame i of this generation is `baseFsn + 1 + i`.
 */
import crypto from 'node:crypto';
import { readU32 } from '../base/bytes.js';
import { assert } from '../base/assert.js';
import { CorruptionError } from '../base/errors.js';
import { dirname, type Vfs, type VfsFile } from '../vfs/vfs.js';
import {
  FRAME_HEADER_SIZE_BYTES,
  WAL_HEADER_SIZE_BYTES,
  decodeFrame,
  encodeFrame,
  encodeWalHeader,
  frameOffsetBytes,
  frameSizeBytes,
  type WalHeader,
} from './format.js';
import { emptyRecoveredLog, scanLog, type RecoveredLog } from './recovery.js';

const PREALLOCATE_CHUNK_BYTES = 1024 * 1024;
/** A log that grew past this many times its preallocated size is cut back at restart. */
const OVERSIZED_LOG_FACTOR = 4;

function randomU32(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]!;
}

export interface WalFileOptions {
  readOnly: boolean;
  preallocateBytes: number;
  /** Whether headers are synced (false only for synchronous 'off'). */
  syncHeaders: boolean;
}

export class WalFile {
  readonly path: string;
  readonly pageSizeBytes: number;
  readonly #file: VfsFile | null;
  readonly #frameSizeBytes: number;
  readonly #preallocateBytes: number;
  #header: WalHeader | null;
  #frameCount: number;
  #checksums: Uint32Array;
  #chainPrev: number;
  #baseFsn = 0;
  #scratch: Uint8Array = new Uint8Array(0);
  #writesIssued = 0;
  #writesSynced = 0;

  private constructor(path: string, file: VfsFile | null, pageSizeBytes: number, recovered: RecoveredLog, preallocateBytes: number) {
    this.path = path;
    this.#file = file;
    this.pageSizeBytes = pageSizeBytes;
    this.#frameSizeBytes = frameSizeBytes(pageSizeBytes);
    this.#preallocateBytes = preallocateBytes;
    this.#header = recovered.header;
    this.#frameCount = recovered.frameCount;
    this.#checksums = new Uint32Array(Math.max(1024, recovered.frameCount * 2));
    this.#checksums.set(recovered.frameChecksums);
    this.#chainPrev = recovered.frameCount > 0 ? recovered.frameChecksums[recovered.frameCount - 1]! : (recovered.header?.checksum ?? 0);
  }

  /**
   * Opens (creating when needed) and recovers the log. In read-only mode a
   * missing log is an empty one. Otherwise an invalid header is replaced by a
   * fresh one, and the file is extended to `preallocateBytes` with real
   * zero blocks so that commit syncs need not persist a size change.
   */
  static async open(vfs: Vfs, path: string, pageSizeBytes: number, options: WalFileOptions): Promise<{ wal: WalFile; recovered: RecoveredLog }> {
    const existed = vfs.exists(path);
    if (!existed && options.readOnly) {
      const recovered = emptyRecoveredLog('no log file');
      return { wal: new WalFile(path, null, pageSizeBytes, recovered, 0), recovered };
    }
    const file = vfs.open(path, { create: !options.readOnly, readOnly: options.readOnly });
    let recovered: RecoveredLog;
    try {
      recovered = scanLog(file, pageSizeBytes);
    } catch (err) {
      file.close();
      throw err;
    }
    const wal = new WalFile(path, file, pageSizeBytes, recovered, options.preallocateBytes);
    if (!options.readOnly) {
      try {
        let needSync = false;
        if (wal.#header === null) {
          wal.#writeNewHeader(0, randomU32());
          needSync = true;
        }
        if (wal.#preallocate()) needSync = true;
        if (needSync && options.syncHeaders) await wal.sync();
        if (!existed && options.syncHeaders) await vfs.syncDir(dirname(path));
      } catch (err) {
        file.close();
        throw err;
      }
    }
    return { wal, recovered };
  }

  get baseFsn(): number {
    return this.#baseFsn;
  }

  /** FSN of the last frame written (acknowledged or not). */
  get lastFsn(): number {
    return this.#baseFsn + this.#frameCount;
  }

  get frameCount(): number {
    return this.#frameCount;
  }

  get checkpointSeq(): number {
    return this.#header?.checkpointSeq ?? 0;
  }

  get hasUnsyncedWrites(): boolean {
    return this.#writesIssued !== this.#writesSynced;
  }

  sizeBytes(): number {
    return this.#file?.sizeBytes() ?? 0;
  }

  /**
   * Appends one atomic record: a frame per page, the last one a commit frame
   * carrying `dbSizePages`, in a single write. Returns the FSN of the first
   * frame; page i of the record is at FSN `first + i`.
   */
  appendRecord(pageNos: readonly number[], images: readonly Uint8Array[], dbSizePages: number): number {
    const file = this.#requireWritable();
    const header = this.#header!;
    const n = pageNos.length;
    assert(n > 0 && n === images.length, 'a record needs at least one frame and one image per page');
    assert(dbSizePages > 0, 'a commit frame needs a database size');
    const bytes = n * this.#frameSizeBytes;
    if (this.#scratch.length < bytes) this.#scratch = new Uint8Array(Math.max(bytes, this.#scratch.length * 2));
    const buf = this.#scratch;
    if (this.#checksums.length < this.#frameCount + n) {
      const grown = new Uint32Array(Math.max(this.#checksums.length * 2, this.#frameCount + n));
      grown.set(this.#checksums.subarray(0, this.#frameCount));
      this.#checksums = grown;
    }
    let prev = this.#chainPrev;
    for (let i = 0; i < n; i++) {
      const at = i * this.#frameSizeBytes;
      const image = images[i]!;
      assert(image.length === this.pageSizeBytes, 'page image size differs from the page size');
      buf.set(image, at + FRAME_HEADER_SIZE_BYTES);
      prev = encodeFrame(buf, at, this.pageSizeBytes, {
        pageNo: pageNos[i]!,
        commitDbSizePages: i === n - 1 ? dbSizePages : 0,
        salt1: header.salt1,
        salt2: header.salt2,
        prevChecksum: prev,
      });
      this.#checksums[this.#frameCount + i] = prev;
    }
    const firstFsn = this.#baseFsn + this.#frameCount + 1;
    this.#writesIssued++;
    file.write(buf, 0, bytes, frameOffsetBytes(this.#frameCount, this.pageSizeBytes));
    this.#frameCount += n;
    this.#chainPrev = prev;
    return firstFsn;
  }

  /** fdatasync of the log; covers every write issued before the call. */
  async sync(): Promise<void> {
    const file = this.#requireWritable();
    const covered = this.#writesIssued;
    await file.sync();
    if (covered > this.#writesSynced) this.#writesSynced = covered;
  }

  /** Bytes of one frame (header and page image): the size of a `readFrameImage` buffer. */
  get frameSizeBytes(): number {
    return this.#frameSizeBytes;
  }

  /**
   * Reads the page image of frame `fsn`, verifying its place in the checksum
   * chain. Into a new buffer, or into `frameBuffer` (at least `frameSizeBytes`)
   * when the caller uses the image at once and reuses the buffer: an 8 KiB
   * allocation costs more than the read on some machines (~24 us measured on
   * a VM whose first touch of a page costs 12 us), and a checkpoint reads
   * thousands of frames.
   */
  readFrameImage(fsn: number, frameBuffer?: Uint8Array): Uint8Array {
    const file = this.#file;
    const header = this.#header;
    const i = fsn - this.#baseFsn - 1;
    assert(file !== null && header !== null && i >= 0 && i < this.#frameCount, () => `frame FSN ${fsn} is not in the current log generation`);
    assert(frameBuffer === undefined || frameBuffer.length >= this.#frameSizeBytes, 'the frame buffer is smaller than a frame');
    const buf = frameBuffer === undefined ? new Uint8Array(this.#frameSizeBytes) : frameBuffer.subarray(0, this.#frameSizeBytes);
    const offset = frameOffsetBytes(i, this.pageSizeBytes);
    const got = file.read(buf, 0, buf.length, offset);
    const prev = i === 0 ? header.checksum : this.#checksums[i - 1]!;
    const frame = got === buf.length ? decodeFrame(buf, 0, this.pageSizeBytes, header, prev) : null;
    if (frame === null || frame.checksum !== this.#checksums[i]) {
      throw new CorruptionError(
        `${this.path}: frame ${i} (offset ${offset}) no longer matches its checksum chain (rule V2); the log was damaged after it was written`,
        { file: this.path, pageNo: got >= 4 ? readU32(buf, 0) : null, offsetBytes: offset },
      );
    }
    return buf.subarray(FRAME_HEADER_SIZE_BYTES);
  }

  /**
   * Starts a new generation: new salts, frames from the start of the file
   * again. The caller has copied every frame into the database file and
   * synced it, and syncs the log (the new header) before appending.
   */
  restart(): void {
    const file = this.#requireWritable();
    const old = this.#header!;
    this.#baseFsn += this.#frameCount;
    this.#frameCount = 0;
    if (this.#preallocateBytes > 0 && file.sizeBytes() > Math.max(this.#preallocateBytes, PREALLOCATE_CHUNK_BYTES) * OVERSIZED_LOG_FACTOR) {
      file.truncate(this.#preallocateBytes);
    }
    this.#writeNewHeader(old.checkpointSeq + 1, old.salt1 + 1);
  }

  /**
   * At a clean close, after a checkpoint restarted the log: cuts the file
   * back to its header, so a closed database does not keep the preallocated
   * (or grown) log on disk. Safe at any crash point: every byte past the
   * header belongs to an older generation (other salts) and is never
   * replayed, whether the cut reached the disk or not (the caller syncs it
   * unless in `off` mode). The next open preallocates again. False (nothing
   * done) when frames remain or the file is no longer than its header.
   */
  trimToHeader(): boolean {
    const file = this.#file;
    if (file === null || this.#frameCount !== 0 || this.#header === null) return false;
    if (file.sizeBytes() <= WAL_HEADER_SIZE_BYTES) return false;
    file.truncate(WAL_HEADER_SIZE_BYTES);
    return true;
  }

  close(): void {
    this.#file?.close();
  }

  #writeNewHeader(checkpointSeq: number, salt1: number): void {
    const file = this.#requireWritable();
    const bytes = new Uint8Array(WAL_HEADER_SIZE_BYTES);
    this.#header = encodeWalHeader(bytes, { pageSizeBytes: this.pageSizeBytes, checkpointSeq, salt1, salt2: randomU32() });
    this.#chainPrev = this.#header.checksum;
    this.#frameCount = 0;
    this.#writesIssued++;
    file.write(bytes, 0, bytes.length, 0);
  }

  /** Extends the file with zero blocks up to the preallocated size; true if it wrote. */
  #preallocate(): boolean {
    const file = this.#requireWritable();
    let size = file.sizeBytes();
    if (size >= this.#preallocateBytes) return false;
    const zeros = new Uint8Array(Math.min(PREALLOCATE_CHUNK_BYTES, this.#preallocateBytes - size));
    while (size < this.#preallocateBytes) {
      const n = Math.min(zeros.length, this.#preallocateBytes - size);
      this.#writesIssued++;
      file.write(zeros, 0, n, size);
      size += n;
    }
    return true;
  }

  #requireWritable(): VfsFile {
    assert(this.#file !== null, 'the log of a read-only database without a log file is not writable');
    return this.#file;
  }
}
