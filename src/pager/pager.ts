/**
 * The pager: owns the database file, the page cache, transactions and
 * snapshots, and drives the write-ahead log below it (as SQLite's pager.c
 * drives wal.c).
 *
 * States of a page, newest first
 *   1. a write transaction's private copy (write-txn.ts);
 *   2. the overlay: images of commits handed to the group committer and not
 *      yet acknowledged; only the writer sees them;
 *   3. acknowledged: the newest log frame of the page in the WAL index (the
 *      cache holds it), else the database file.
 *
 * Invariants
 * - R1. A new snapshot sees exactly the acknowledged commits (`ackedFsn`).
 *   In `full` mode no reader sees data a power cut could still take away.
 * - R2. A snapshot reads frame `lookup(page, snapshotFsn)` or, when there is
 *   none, the database file; the checkpoint never copies a frame newer than
 *   the oldest registered snapshot, so the file never runs ahead of a reader.
 * - R3. The cache holds only acknowledged images (page-cache.ts).
 * - R4. Every image read from disk is verified: from the database file by its
 *   page checksum (page-format.ts), from the log by its frame checksum.
 * - R5. One writer at a time (FIFO); it releases the lock when it hands its
 *   commit over, before the sync.
 */
import { assert } from '../base/assert.js';
import {
  ClosedError,
  CorruptionError,
  InvalidArgError,
  NotFoundError,
  ReadOnlyError,
  SombraError,
} from '../base/errors.js';
import { COMMIT_QUEUE_MAX_FRAMES_FACTOR } from '../base/limits.js';
import { FifoMutex, type Release } from '../base/mutex.js';
import { LockFile } from '../vfs/lock-file.js';
import { dirname, type Vfs, type VfsFile } from '../vfs/vfs.js';
import { Checkpointer, type CheckpointResult } from '../wal/checkpointer.js';
import { GroupCommitter, type FlushedRecord, type SynchronousMode } from '../wal/group-committer.js';
import { WalFile } from '../wal/log-file.js';
import type { RecoveredLog } from '../wal/recovery.js';
import { WalIndex } from '../wal/wal-index.js';
import * as header from './file-header.js';
import {
  checkAutocheckpointMs,
  checkInteger,
  checkSynchronous,
  resolvePagerOptions,
  PRAGMA_NAMES,
  type PagerOptions,
  type PragmaName,
  type PragmaValue,
  type ResolvedPagerOptions,
} from './options.js';
import { PageCache } from './page-cache.js';
import { PagePool } from './page-pool.js';
import { sealPage, usableSizeBytes, verifyPage } from './page-format.js';
import type { PageReader } from './page-store.js';
import { ReadSnapshot, type SnapshotHost } from './read-snapshot.js';
import { WriteTxn, type WriteTxnHost } from './write-txn.js';
import { collectFreePages } from './freelist.js';
import * as limits from '../base/limits.js';

export interface PagerStats {
  pageSizeBytes: number;
  pageCount: number;
  freelistCount: number;
  dbFileSizeBytes: number;
  walFileSizeBytes: number;
  walFrames: number;
  cachePages: number;
  cacheCapacityPages: number;
  cacheHits: number;
  cacheMisses: number;
  commits: number;
  flushes: number;
  logSyncs: number;
  framesWritten: number;
  checkpoints: number;
  readersOpen: number;
  synchronous: SynchronousMode;
  failed: boolean;
}

export interface OpenInfo {
  created: boolean;
  recovered: RecoveredLog;
}

const PREFIX_BYTES = 64;
/** Writers wait for a running checkpoint once the log holds this many times autocheckpointPages. */
const WAL_BACKPRESSURE_FACTOR = 2;

export class Pager implements SnapshotHost, WriteTxnHost {
  readonly path: string;
  readonly fileName: string;
  readonly pageSizeBytes: number;
  readonly usableSizeBytes: number;
  readonly readOnly: boolean;
  readonly openInfo: OpenInfo;
  readonly #vfs: Vfs;
  readonly #dbFile: VfsFile;
  readonly #wal: WalFile;
  readonly #index: WalIndex;
  readonly #cache: PageCache;
  readonly #committer: GroupCommitter;
  readonly #checkpointer: Checkpointer;
  readonly #lock: LockFile;
  readonly #writerLock = new FifoMutex();
  readonly #overlay = new Map<number, { image: Uint8Array; seq: number }>();
  readonly #readers = new Set<ReadSnapshot>();
  #latestSnapshot: ReadSnapshot | null = null;
  readonly #sealScratch: Uint8Array;
  readonly #pool: PagePool;
  #options: ResolvedPagerOptions;
  #ackedFsn: number;
  #ackedDbSizePages: number;
  #commitSeq = 0;
  #activeTxn: WriteTxn | null = null;
  #activeRelease: Release | null = null;
  #timer: NodeJS.Timeout | null = null;
  #closing = false;
  #closed = false;
  #closePromise: Promise<void> | null = null;
  #failure: SombraError | null = null;
  #lastCheckpointError: SombraError | null = null;

  private constructor(args: {
    vfs: Vfs;
    path: string;
    dbFile: VfsFile;
    wal: WalFile;
    recovered: RecoveredLog;
    lock: LockFile;
    pageSizeBytes: number;
    options: ResolvedPagerOptions;
    created: boolean;
  }) {
    this.#vfs = args.vfs;
    this.path = args.path;
    this.fileName = args.path;
    this.#dbFile = args.dbFile;
    this.#wal = args.wal;
    this.#lock = args.lock;
    this.pageSizeBytes = args.pageSizeBytes;
    this.usableSizeBytes = usableSizeBytes(args.pageSizeBytes);
    this.#options = args.options;
    this.readOnly = args.options.readOnly;
    this.openInfo = { created: args.created, recovered: args.recovered };
    this.#cache = new PageCache(args.options.cachePages);
    this.#index = new WalIndex();
    const rec = args.recovered;
    for (let i = 0; i < rec.frameCount; i++) this.#index.add(rec.framePageNos[i]!, i + 1);
    this.#index.advanceTo(rec.frameCount);
    this.#ackedFsn = rec.frameCount;
    this.#ackedDbSizePages = rec.frameCount > 0 ? rec.dbSizePages : 0;
    this.#sealScratch = new Uint8Array(args.pageSizeBytes);
    this.#pool = new PagePool(args.pageSizeBytes);
    this.#committer = new GroupCommitter(
      args.wal,
      {
        onAcknowledged: (record) => this.#onAcknowledged(record),
        onFailure: (err) => {
          this.#failure = err;
        },
        commitsWaiting: () => this.#writerLock.waiterCount > 0,
        recycle: (image) => this.#pool.give(image),
      },
      {
        synchronous: args.options.synchronous,
        commitCoalesceMs: args.options.commitCoalesceMs,
        commitMaxFrames: args.options.commitMaxFrames,
        testOnlyAckBeforeSync: args.options.testOnlyAckBeforeSync,
      },
    );
    this.#checkpointer = new Checkpointer(args.wal, this.#index, this.#committer, {
      dbFile: args.dbFile,
      pageSizeBytes: args.pageSizeBytes,
      ackedFsn: () => this.#ackedFsn,
      oldestReaderFsn: () => this.#oldestReaderFsn(),
      syncsEnabled: () => this.#committer.settings.synchronous !== 'off',
      cachedVersion: (pageNo, fsn) => (this.#cache.versionOf(pageNo) === fsn ? this.#cache.peek(pageNo) : undefined),
      imageForDbFile: (pageNo, image) => {
        this.#sealScratch.set(image);
        sealPage(this.#sealScratch, pageNo);
        return this.#sealScratch;
      },
    });
  }

  /**
   * Opens or creates a database file. Takes the lock file first, recovers the
   * log, and validates page 0.
   */
  static async open(vfs: Vfs, path: string, options: PagerOptions = {}): Promise<Pager> {
    const opts = resolvePagerOptions(options);
    const walPath = `${path}-wal`;
    const lock = LockFile.acquire(vfs, `${path}-lock`, path);
    let dbFile: VfsFile | null = null;
    let wal: WalFile | null = null;
    try {
      let created = false;
      let pageSize: number;
      if (Pager.#needsCreation(vfs, path, walPath)) {
        if (!opts.createIfMissing || opts.readOnly) {
          throw new NotFoundError(`database ${path} does not exist${opts.readOnly ? ' (read-only open never creates one)' : ' and createIfMissing is false'}`);
        }
        pageSize = opts.pageSize;
        dbFile = vfs.open(path, { create: true });
        const page0 = new Uint8Array(pageSize);
        header.initFileHeader(page0);
        sealPage(page0, 0);
        dbFile.truncate(0);
        dbFile.write(page0, 0, pageSize, 0);
        await dbFile.sync();
        await vfs.syncDir(dirname(path));
        created = true;
      } else {
        dbFile = vfs.open(path, { create: false, readOnly: opts.readOnly });
        const prefix = new Uint8Array(PREFIX_BYTES);
        const got = dbFile.read(prefix, 0, PREFIX_BYTES, 0);
        if (got < 16) throw new CorruptionError(`${path}: file is ${got} bytes, too short for a header`, { file: path, pageNo: 0 });
        pageSize = header.readPageSizeFromPrefix(prefix, path);
      }
      const opened = await WalFile.open(vfs, walPath, pageSize, {
        readOnly: opts.readOnly,
        preallocateBytes: opts.walPreallocateBytes,
        syncHeaders: opts.synchronous !== 'off' || created,
      });
      wal = opened.wal;
      const pager = new Pager({ vfs, path, dbFile, wal, recovered: opened.recovered, lock, pageSizeBytes: pageSize, options: opts, created });
      pager.#validateHeaderPage();
      pager.#startTimer();
      return pager;
    } catch (err) {
      wal?.close();
      dbFile?.close();
      lock.release();
      throw err;
    }
  }

  /**
   * A database needs creating when its file is missing or empty, or when the
   * creation itself never finished: no log file exists yet (the log is
   * created only after page 0 is synced) and page 0 is not a valid header.
   */
  static #needsCreation(vfs: Vfs, path: string, walPath: string): boolean {
    if (!vfs.exists(path)) return true;
    const f = vfs.open(path, { create: false, readOnly: true });
    try {
      const size = f.sizeBytes();
      if (size === 0) return true;
      if (vfs.exists(walPath) || size > limits.PAGE_SIZE_MAX_BYTES) return false;
      const prefix = new Uint8Array(PREFIX_BYTES);
      f.read(prefix, 0, PREFIX_BYTES, 0);
      let pageSize: number;
      try {
        pageSize = header.readPageSizeFromPrefix(prefix, path);
      } catch {
        return prefix.every((b) => b === 0);
      }
      if (size < pageSize) return true;
      const page0 = new Uint8Array(pageSize);
      f.read(page0, 0, pageSize, 0);
      try {
        verifyPage(page0, 0, path);
        return false;
      } catch {
        return true;
      }
    } finally {
      f.close();
    }
  }

  #validateHeaderPage(): void {
    const page0 = this.readPage(0, this.#ackedFsn, Number.MAX_SAFE_INTEGER);
    header.validateFileHeader(page0, this.path);
    const count = header.readPageCount(page0);
    if (this.#ackedDbSizePages !== 0 && this.#ackedDbSizePages !== count) {
      throw new CorruptionError(`${this.path}: the last commit frame says ${this.#ackedDbSizePages} pages, page 0 says ${count}`, { file: this.path, pageNo: 0 });
    }
    this.#ackedDbSizePages = count;
  }

  get closed(): boolean {
    return this.#closed || this.#closing;
  }

  /** The error that put the database in the failed state, or null. */
  get failure(): SombraError | null {
    return this.#failure;
  }

  get ackedFsn(): number {
    return this.#ackedFsn;
  }

  get ackedDbSizePages(): number {
    return this.#ackedDbSizePages;
  }

  get synchronous(): SynchronousMode {
    return this.#committer.settings.synchronous;
  }

  /** Statistics of the group committer (flushes, commits, syncs). */
  get committerStats(): Readonly<GroupCommitter['stats']> {
    return this.#committer.stats;
  }

  // ---------------------------------------------------------------- reads

  /** Reads a page as of snapshot `snapshotFsn` (R2, R4). */
  readPage(pageNo: number, snapshotFsn: number, dbSizePages: number): Uint8Array {
    const cached = this.#cache.get(pageNo, snapshotFsn);
    if (cached !== undefined) return cached;
    if (pageNo >= dbSizePages || pageNo < 0 || !Number.isInteger(pageNo)) {
      throw new CorruptionError(`${this.path}: a reference to page ${pageNo} is past the end of the database (${dbSizePages} pages)`, { file: this.path, pageNo });
    }
    const frameFsn = this.#index.lookup(pageNo, snapshotFsn);
    let image: Uint8Array;
    if (frameFsn > 0) {
      // The frame's chained checksum protects the image in the log (format.ts V2).
      image = this.#wal.readFrameImage(frameFsn);
    } else {
      image = new Uint8Array(this.pageSizeBytes);
      const got = this.#dbFile.read(image, 0, this.pageSizeBytes, pageNo * this.pageSizeBytes);
      if (got !== this.pageSizeBytes) {
        throw new CorruptionError(`${this.path}: page ${pageNo} is missing (the file ends at byte ${pageNo * this.pageSizeBytes + got})`, { file: this.path, pageNo, offsetBytes: pageNo * this.pageSizeBytes });
      }
      verifyPage(image, pageNo, this.path);
    }
    // Only the newest acknowledged version may be cached (R3).
    if (frameFsn === this.#index.newest(pageNo)) this.#cache.put(pageNo, image, frameFsn);
    return image;
  }

  /** A registered snapshot of the acknowledged state; release it when done. */
  beginRead(): ReadSnapshot {
    this.#checkOpen();
    const snapshot = new ReadSnapshot(this, this.#ackedFsn, this.#ackedDbSizePages);
    this.#readers.add(snapshot);
    return snapshot;
  }

  /**
   * A view of the newest acknowledged state for synchronous use only: it is
   * not registered, so it must not be held across an `await`.
   */
  latest(): PageReader {
    return this.latestSnapshot();
  }

  /**
   * An unregistered snapshot of the newest acknowledged state, shared by
   * every caller until the next acknowledgement (so structures cached per
   * view stay valid across calls). Synchronous use only: the checkpoint
   * does not know about it, so it must not be held across an `await`.
   */
  latestSnapshot(): ReadSnapshot {
    this.#checkOpen();
    let s = this.#latestSnapshot;
    if (s === null || s.fsn !== this.#ackedFsn) {
      s = new ReadSnapshot(this, this.#ackedFsn, this.#ackedDbSizePages);
      this.#latestSnapshot = s;
    }
    return s;
  }

  releaseSnapshot(snapshot: ReadSnapshot): void {
    this.#readers.delete(snapshot);
  }

  #oldestReaderFsn(): number {
    let min = Infinity;
    for (const r of this.#readers) if (r.fsn < min) min = r.fsn;
    return min;
  }

  // ---------------------------------------------------------------- writes

  /** Starts the write transaction once the writer lock is free (FIFO). */
  async beginWrite(): Promise<WriteTxn> {
    this.#checkOpen();
    if (this.readOnly) throw new ReadOnlyError(`${this.path} was opened read-only`);
    if (this.#failure) throw this.#failure;
    const release = await this.#writerLock.acquire();
    try {
      const maxQueued = this.#committer.settings.commitMaxFrames * COMMIT_QUEUE_MAX_FRAMES_FACTOR;
      if (this.#committer.queuedFrames > maxQueued) await this.#committer.waitForQueueBelow(maxQueued);
      // Log backpressure: a caller committing in a loop that never yields to
      // the event loop (off/normal modes need no I/O wait) would starve the
      // checkpoint, which yields between page copies; past twice the
      // checkpoint threshold, writers wait for the running checkpoint.
      while (this.#checkpointer.running && this.#index.frameCount >= WAL_BACKPRESSURE_FACTOR * this.#options.autocheckpointPages) {
        await this.#checkpointer.run(true).catch(() => undefined);
      }
      this.#checkOpen();
      if (this.#failure) throw this.#failure;
      const txn = new WriteTxn(this);
      this.#activeTxn = txn;
      this.#activeRelease = release;
      return txn;
    } catch (err) {
      release();
      throw err;
    }
  }

  takePage(): Uint8Array {
    return this.#pool.take();
  }

  readBasePage(pageNo: number): Uint8Array {
    const pending = this.#overlay.get(pageNo);
    if (pending !== undefined) return pending.image;
    return this.readPage(pageNo, this.#ackedFsn, Number.MAX_SAFE_INTEGER);
  }

  async commitTxn(txn: WriteTxn, dirty: Map<number, Uint8Array>, dbSizePages: number): Promise<void> {
    assert(txn === this.#activeTxn, 'only the active transaction commits');
    if (dirty.size === 0) {
      this.#endWriter();
      // Nothing to write, but the transaction may have read pending commits:
      // it resolves once they are acknowledged, like any later commit would.
      await this.#committer.whenSubmittedSettled();
      if (this.#failure) throw this.#failure;
      return;
    }
    if (this.#failure) {
      this.#endWriter();
      throw this.#failure;
    }
    const seq = ++this.#commitSeq;
    for (const [pageNo, image] of dirty) this.#overlay.set(pageNo, { image, seq });
    const acknowledged = this.#committer.submit({ seq, pages: dirty, dbSizePages });
    this.#endWriter();
    await acknowledged;
  }

  abandonTxn(txn: WriteTxn): void {
    if (txn === this.#activeTxn) this.#endWriter();
  }

  #endWriter(): void {
    const release = this.#activeRelease;
    this.#activeTxn = null;
    this.#activeRelease = null;
    release?.();
  }

  #onAcknowledged(record: FlushedRecord): void {
    const { pageNos, images, firstFsn, lastCommitSeq } = record;
    for (let i = 0; i < pageNos.length; i++) {
      const pageNo = pageNos[i]!;
      const fsn = firstFsn + i;
      this.#index.add(pageNo, fsn);
      const replaced = this.#cache.put(pageNo, images[i]!, fsn);
      // With no registered snapshot, nothing can still read the replaced
      // image: writers see pending images, sync readers are not running now.
      if (replaced !== undefined && this.#readers.size === 0) this.#pool.give(replaced);
      const pending = this.#overlay.get(pageNo);
      if (pending !== undefined && pending.seq <= lastCommitSeq) this.#overlay.delete(pageNo);
    }
    this.#index.advanceTo(record.commitFsn);
    this.#ackedFsn = record.commitFsn;
    this.#ackedDbSizePages = record.dbSizePages;
    if (this.#index.frameCount >= this.#options.autocheckpointPages && !this.#checkpointer.running && !this.#closing) {
      this.#runBackgroundCheckpoint();
    }
  }

  // ------------------------------------------------------------ checkpoint

  /** Copies the log into the database file and restarts the log when it can. */
  async checkpoint(): Promise<CheckpointResult> {
    this.#checkOpen();
    if (this.readOnly) throw new ReadOnlyError(`${this.path} was opened read-only; it cannot be checkpointed`);
    if (this.#failure) throw this.#failure;
    return this.#checkpointer.run();
  }

  #runBackgroundCheckpoint(): void {
    this.#checkpointer.run().catch((err: unknown) => {
      // The checkpointer already failed the committer; keep the error for stats().
      this.#lastCheckpointError = err instanceof SombraError ? err : this.#committer.fail(err);
    });
  }

  #startTimer(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    const ms = this.#options.autocheckpointMs;
    if (ms === null || this.readOnly) return;
    this.#timer = setInterval(() => {
      if (this.#index.frameCount > 0 && !this.#checkpointer.running && !this.#closing && !this.#failure) this.#runBackgroundCheckpoint();
    }, ms);
    this.#timer.unref();
  }

  // -------------------------------------------------------------- settings

  /**
   * Reads (value undefined) or changes a live setting. Changes take effect
   * for the next commit; a rejected value changes nothing.
   */
  pragma(name: string, value?: PragmaValue): PragmaValue {
    this.#checkOpen();
    if (!(PRAGMA_NAMES as readonly string[]).includes(name)) {
      throw new InvalidArgError(`unknown pragma ${JSON.stringify(name)}; known: ${PRAGMA_NAMES.join(', ')}`);
    }
    const p = name as PragmaName;
    const s = this.#committer.settings;
    const readOnlyPragma = (v: PragmaValue): PragmaValue => {
      if (value !== undefined) throw new InvalidArgError(`pragma ${p} is read-only`);
      return v;
    };
    switch (p) {
      case 'synchronous':
        if (value !== undefined) s.synchronous = checkSynchronous(`pragma synchronous`, value);
        return s.synchronous;
      case 'wal_coalesce_ms':
        if (value !== undefined) s.commitCoalesceMs = checkInteger('pragma wal_coalesce_ms', value, 0, limits.COMMIT_COALESCE_MS_MAX);
        return s.commitCoalesceMs;
      case 'commit_max_frames':
        if (value !== undefined) s.commitMaxFrames = checkInteger('pragma commit_max_frames', value, 1, limits.COMMIT_MAX_FRAMES_MAX);
        return s.commitMaxFrames;
      case 'autocheckpoint_ms':
        if (value !== undefined) {
          this.#options = { ...this.#options, autocheckpointMs: checkAutocheckpointMs('pragma autocheckpoint_ms', value) };
          this.#startTimer();
        }
        return this.#options.autocheckpointMs;
      case 'autocheckpoint_pages':
        if (value !== undefined) {
          this.#options = { ...this.#options, autocheckpointPages: checkInteger('pragma autocheckpoint_pages', value, 1, limits.AUTOCHECKPOINT_PAGES_MAX) };
        }
        return this.#options.autocheckpointPages;
      case 'cache_size':
        if (value !== undefined) {
          const pages = checkInteger('pragma cache_size', value, limits.CACHE_PAGES_MIN, limits.CACHE_PAGES_MAX);
          this.#cache.resize(pages);
          this.#options = { ...this.#options, cachePages: pages };
        }
        return this.#cache.capacityPages;
      case 'page_size':
        return readOnlyPragma(this.pageSizeBytes);
      case 'page_count':
        return readOnlyPragma(this.#ackedDbSizePages);
      case 'wal_frames':
        return readOnlyPragma(this.#index.frameCount);
      case 'freelist_count':
        return readOnlyPragma(header.readFreelistCount(this.latestSnapshot().getPage(0)));
    }
  }

  stats(): PagerStats {
    this.#checkOpen();
    const cs = this.#committer.stats;
    return {
      pageSizeBytes: this.pageSizeBytes,
      pageCount: this.#ackedDbSizePages,
      freelistCount: header.readFreelistCount(this.latestSnapshot().getPage(0)),
      dbFileSizeBytes: this.#dbFile.sizeBytes(),
      walFileSizeBytes: this.#wal.sizeBytes(),
      walFrames: this.#index.frameCount,
      cachePages: this.#cache.sizePages,
      cacheCapacityPages: this.#cache.capacityPages,
      cacheHits: this.#cache.hits,
      cacheMisses: this.#cache.misses,
      commits: cs.commits,
      flushes: cs.flushes,
      logSyncs: cs.syncs,
      framesWritten: cs.framesWritten,
      checkpoints: this.#checkpointer.checkpoints,
      readersOpen: this.#readers.size,
      synchronous: this.#committer.settings.synchronous,
      failed: this.#failure !== null,
    };
  }

  get lastCheckpointError(): SombraError | null {
    return this.#lastCheckpointError;
  }

  /** Every free page, checking the freelist rules (used by verify). */
  collectFreePages(reader: PageReader): Set<number> {
    return collectFreePages(reader);
  }

  // ----------------------------------------------------------------- close

  /**
   * Rolls back an open transaction, waits for pending commits, checkpoints
   * (unless read-only or failed), cuts the emptied log back to its header,
   * and releases the files and the lock.
   * Calling it again returns the same promise.
   */
  close(): Promise<void> {
    if (this.#closePromise === null) this.#closePromise = this.#close();
    return this.#closePromise;
  }

  async #close(): Promise<void> {
    this.#closing = true;
    this.#activeTxn?.closeForShutdown();
    this.#readers.clear();
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
    let error: unknown = null;
    try {
      await this.#committer.drain();
      if (!this.readOnly && this.#failure === null) {
        await this.#committer.syncPending();
        for (let attempt = 0; attempt < 3 && this.#index.frameCount > 0; attempt++) {
          const result = await this.#checkpointer.run(true);
          if (result.restarted) break;
        }
        // A closed database keeps no preallocated log on disk (reopening preallocates again).
        if (this.#index.frameCount === 0 && this.#wal.trimToHeader() && this.#committer.settings.synchronous !== 'off') await this.#wal.sync();
      }
    } catch (err) {
      error = err;
    } finally {
      this.#committer.shutdown();
      this.#closed = true;
      try {
        this.#wal.close();
        this.#dbFile.close();
      } catch (err) {
        error ??= err;
      }
      this.#lock.release();
    }
    if (error !== null) throw error;
  }

  #checkOpen(): void {
    if (this.#closed || this.#closing) throw new ClosedError(`database ${this.path} is closed`);
  }

  /** For tests and verify: the header fields as of the acknowledged state. */
  headerPage(): Uint8Array {
    return this.latestSnapshot().getPage(0);
  }

  /** For tests: the VFS the pager runs on. */
  get vfs(): Vfs {
    return this.#vfs;
  }
}
