/**
 * The group committer: one queue of pending commits per database, flushed to
 * the log by a single leader so that many small commits share one fsync.
 *
 * A commit hands over its page images and gets a promise; the caller releases
 * the writer lock at once, so the next transaction runs while the sync does.
 * When no flush is in flight, the arriving commit starts one (the leader):
 * in `full` mode it waits up to `commitCoalesceMs` or until `commitMaxFrames`
 * frames are pending, drains the queue, writes the newest image of every page
 * any drained commit touched as one atomic record (one write), issues one
 * fdatasync, then acknowledges the drained commits in order. Commits that
 * arrive during a flush are taken by the next one, which starts as soon as the
 * current one ends.
 *
 * Modes (`synchronous`)
 * - full: a commit resolves after the sync that covers its commit frame.
 * - normal: a commit resolves once its record is written to the OS; the log
 *   is synced in the background, at most once per `commitCoalesceMs` and no
 *   more often than every NORMAL_SYNC_MIN_INTERVAL_MS (and by the checkpoint
 *   and on close).
 * - off: never syncs.
 *
 * Invariants
 * - I1. Acknowledged commits form a prefix of the submitted ones (log order).
 * - I2. In `full`, no commit resolves before the sync covering its last frame.
 * - I3. At most one flush is in flight.
 * - I4. After a failed write or sync, the committer is failed: that flush's
 *       commits and every later one reject with IO, and nothing is retried
 *       (a failed fsync may have dropped dirty pages; retrying would lie).
 */
import { assert } from '../base/assert.js';
import { IoError, SombraError, ioErrorFrom } from '../base/errors.js';
import { NORMAL_SYNC_MIN_INTERVAL_MS } from '../base/limits.js';
import type { WalFile } from './log-file.js';

/** When a commit is acknowledged: after its log sync (`full`), once written to the OS (`normal`), or never synced (`off`). See the file comment. */
export type SynchronousMode = 'full' | 'normal' | 'off';

export interface CommitRequest {
  /** Sequence number of the commit (ascending, assigned by the pager). */
  seq: number;
  /** Page images of the commit, owned by the committer from now on. */
  pages: Map<number, Uint8Array>;
  /** Database size in pages after the commit. */
  dbSizePages: number;
}

/** What a flush wrote, handed to the pager when it is acknowledged. */
export interface FlushedRecord {
  pageNos: number[];
  images: Uint8Array[];
  /** FSN of the frame of `pageNos[0]`; frame i has FSN `firstFsn + i`. */
  firstFsn: number;
  /** FSN of the commit frame (the last one). */
  commitFsn: number;
  dbSizePages: number;
  /** Sequence number of the last commit in the flush. */
  lastCommitSeq: number;
  commitCount: number;
}

export interface GroupCommitterHooks {
  /** The record is acknowledged: make it visible. Runs before any commit of it resolves. */
  onAcknowledged(record: FlushedRecord): void;
  /** The committer failed (I4). */
  onFailure(error: SombraError): void;
  /**
   * Whether more commits are about to arrive (writers queued for the writer
   * lock). The leader then yields one turn of the event loop before it
   * drains, so that a burst of concurrent commits shares one flush even
   * when nothing else would make it wait (normal and off modes, or the
   * first commit of a burst in full mode). A lone writer never waits.
   */
  commitsWaiting?(): boolean;
  /** An image a later commit of the same flush replaced: never written, never visible. */
  recycle?(image: Uint8Array): void;
}

export interface GroupCommitterSettings {
  synchronous: SynchronousMode;
  commitCoalesceMs: number;
  commitMaxFrames: number;
  /**
   * TEST ONLY. Acknowledge before syncing: breaks I2 on purpose so the crash
   * suite can prove that it notices lost commits (the canary).
   */
  testOnlyAckBeforeSync?: boolean;
}

interface PendingCommit {
  request: CommitRequest;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface GroupCommitterStats {
  flushes: number;
  commits: number;
  framesWritten: number;
  syncs: number;
}

export class GroupCommitter {
  readonly #wal: WalFile;
  readonly #hooks: GroupCommitterHooks;
  readonly settings: GroupCommitterSettings;
  readonly stats: GroupCommitterStats = { flushes: 0, commits: 0, framesWritten: 0, syncs: 0 };
  #queue: PendingCommit[] = [];
  #queuedFrames = 0;
  #leading = false;
  #pauseCount = 0;
  #failed: SombraError | null = null;
  #coalesceWake: (() => void) | null = null;
  #idleWaiters: Array<() => void> = [];
  #lastSubmitted: Promise<void> = Promise.resolve();
  // Background sync of `normal` mode.
  #bgTimer: NodeJS.Timeout | null = null;
  #bgSyncing = false;
  #bgDirty = false;
  #bgLastStartMs = 0;
  #bgIdleWaiters: Array<() => void> = [];

  constructor(wal: WalFile, hooks: GroupCommitterHooks, settings: GroupCommitterSettings) {
    this.#wal = wal;
    this.#hooks = hooks;
    this.settings = { ...settings };
  }

  get failed(): SombraError | null {
    return this.#failed;
  }

  /** Frames submitted and not yet written. */
  get queuedFrames(): number {
    return this.#queuedFrames;
  }

  get busy(): boolean {
    return this.#leading || this.#queue.length > 0;
  }

  /** Queues a commit; resolves when it is acknowledged per the synchronous mode. */
  submit(request: CommitRequest): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    assert(request.pages.size > 0, 'a commit must carry at least one page');
    const promise = new Promise<void>((resolve, reject) => {
      this.#queue.push({ request, resolve, reject });
    });
    this.#queuedFrames += request.pages.size;
    this.#lastSubmitted = promise.catch(() => undefined);
    if (this.#coalesceWake && this.#queuedFrames >= this.settings.commitMaxFrames) this.#coalesceWake();
    this.#startLeaderIfIdle();
    return promise;
  }

  /** Resolves when every commit submitted so far has been acknowledged or rejected. */
  whenSubmittedSettled(): Promise<void> {
    return this.#lastSubmitted;
  }

  /** Stops new flushes from starting and waits for the one in flight (checkpoint restart). */
  async pause(): Promise<void> {
    this.#pauseCount++;
    if (this.#leading) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  resume(): void {
    assert(this.#pauseCount > 0, 'resume without pause');
    this.#pauseCount--;
    this.#startLeaderIfIdle();
  }

  /** Waits until the queue is empty and no flush is in flight (or the committer failed). */
  async drain(): Promise<void> {
    while ((this.#queue.length > 0 && !this.#failed) || this.#leading) {
      if (!this.#leading) this.#startLeaderIfIdle();
      await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    }
  }

  /** Waits while more than `maxFrames` frames are queued (writer backpressure). */
  async waitForQueueBelow(maxFrames: number): Promise<void> {
    while (this.#queuedFrames > maxFrames && !this.#failed && (this.#leading || this.#pauseCount > 0)) {
      await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
    }
  }

  /** Syncs the log now if `normal` mode left writes unsynced (close, checkpoint). */
  async syncPending(): Promise<void> {
    this.#cancelBackgroundSync();
    while (this.#bgSyncing) await new Promise<void>((resolve) => this.#bgIdleWaiters.push(resolve));
    if (this.#failed || this.settings.synchronous === 'off' || !this.#wal.hasUnsyncedWrites) return;
    await this.#syncLog();
  }

  /** Stops timers; pending commits must have drained first. */
  shutdown(): void {
    this.#cancelBackgroundSync();
  }

  /** Puts the committer in the failed state (also used when a checkpoint sync fails). */
  fail(err: unknown): SombraError {
    if (this.#failed) return this.#failed;
    const cause = err instanceof SombraError ? err : ioErrorFrom(err, 'write', this.#wal.path);
    this.#failed = new IoError(
      `a previous write or sync of the log failed (${cause.message}); the database refuses writes until it is closed and reopened`,
      { syscall: cause instanceof IoError ? cause.syscall : 'write', path: this.#wal.path, errno: cause instanceof IoError ? cause.errno : null, cause },
    );
    const queued = this.#queue;
    this.#queue = [];
    this.#queuedFrames = 0;
    for (const c of queued) c.reject(this.#failed);
    this.#cancelBackgroundSync();
    this.#hooks.onFailure(this.#failed);
    this.#notifyIdle();
    return this.#failed;
  }

  #startLeaderIfIdle(): void {
    if (this.#leading || this.#pauseCount > 0 || this.#queue.length === 0 || this.#failed) return;
    void this.#lead();
  }

  async #lead(): Promise<void> {
    this.#leading = true;
    try {
      while (this.#queue.length > 0 && this.#pauseCount === 0 && !this.#failed) {
        if (this.settings.synchronous === 'full' && this.settings.commitCoalesceMs > 0 && this.#queuedFrames < this.settings.commitMaxFrames) {
          await this.#coalesceWait();
          if (this.#failed) break;
        } else if (this.#queuedFrames < this.settings.commitMaxFrames && this.#hooks.commitsWaiting?.() === true) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (this.#failed || this.#pauseCount > 0) break;
        }
        const batch = this.#drainBatch();
        await this.#flush(batch);
      }
    } finally {
      this.#leading = false;
      this.#notifyIdle();
    }
  }

  #coalesceWait(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(wake, this.settings.commitCoalesceMs);
      const self = this;
      function wake(): void {
        clearTimeout(timer);
        self.#coalesceWake = null;
        resolve();
      }
      this.#coalesceWake = wake;
    });
  }

  #drainBatch(): PendingCommit[] {
    const max = this.settings.commitMaxFrames;
    let frames = 0;
    let n = 0;
    while (n < this.#queue.length) {
      const size = this.#queue[n]!.request.pages.size;
      if (n > 0 && frames + size > max) break;
      frames += size;
      n++;
    }
    const batch = this.#queue.splice(0, n);
    this.#queuedFrames -= frames;
    return batch;
  }

  async #flush(batch: PendingCommit[]): Promise<void> {
    // The newest image of every page wins; Map keeps first-insertion order.
    let merged = batch[0]!.request.pages;
    if (batch.length > 1) {
      merged = new Map<number, Uint8Array>();
      for (const c of batch) {
        for (const [pageNo, image] of c.request.pages) {
          const replaced = merged.get(pageNo);
          merged.set(pageNo, image);
          if (replaced !== undefined && replaced !== image) this.#hooks.recycle?.(replaced);
        }
      }
    }
    const last = batch[batch.length - 1]!.request;
    const pageNos: number[] = [];
    const images: Uint8Array[] = [];
    for (const [pageNo, image] of merged) {
      pageNos.push(pageNo);
      images.push(image);
    }
    const mode = this.settings.synchronous;
    let firstFsn: number;
    try {
      firstFsn = this.#wal.appendRecord(pageNos, images, last.dbSizePages);
      this.stats.framesWritten += pageNos.length;
      const record: FlushedRecord = {
        pageNos,
        images,
        firstFsn,
        commitFsn: firstFsn + pageNos.length - 1,
        dbSizePages: last.dbSizePages,
        lastCommitSeq: last.seq,
        commitCount: batch.length,
      };
      if (mode === 'full' && !this.settings.testOnlyAckBeforeSync) await this.#syncLog();
      if (this.#failed) throw this.#failed;
      this.stats.flushes++;
      this.stats.commits += batch.length;
      this.#hooks.onAcknowledged(record);
      for (const c of batch) c.resolve();
      if (mode === 'full' && this.settings.testOnlyAckBeforeSync) await this.#syncLog();
    } catch (err) {
      const failure = this.fail(err);
      for (const c of batch) c.reject(failure);
      return;
    }
    if (mode === 'normal') this.#scheduleBackgroundSync();
  }

  async #syncLog(): Promise<void> {
    this.stats.syncs++;
    await this.#wal.sync();
  }

  /**
   * Normal mode: start a sync of the log now if the previous one started at
   * least `commitCoalesceMs` ago and none is in flight, else make sure one is
   * scheduled. Starting it from the flush (not only from a timer) keeps the
   * unsynced window bounded even when callers commit in a loop that never
   * yields to timers.
   */
  #scheduleBackgroundSync(): void {
    if (this.#bgSyncing) {
      this.#bgDirty = true;
      return;
    }
    const delayMs = this.#bgLastStartMs + Math.max(this.settings.commitCoalesceMs, NORMAL_SYNC_MIN_INTERVAL_MS) - Date.now();
    if (delayMs <= 0) {
      this.#cancelBackgroundSync();
      void this.#backgroundSync();
      return;
    }
    if (this.#bgTimer === null) {
      this.#bgTimer = setTimeout(() => void this.#backgroundSync(), delayMs);
      this.#bgTimer.unref();
    }
  }

  async #backgroundSync(): Promise<void> {
    this.#bgTimer = null;
    if (this.#failed || this.#bgSyncing) return;
    this.#bgSyncing = true;
    this.#bgDirty = false;
    this.#bgLastStartMs = Date.now();
    try {
      if (this.#wal.hasUnsyncedWrites) await this.#syncLog();
    } catch (err) {
      this.fail(err);
    } finally {
      this.#bgSyncing = false;
      const waiters = this.#bgIdleWaiters;
      this.#bgIdleWaiters = [];
      for (const w of waiters) w();
    }
    if (this.#bgDirty && !this.#failed && this.settings.synchronous === 'normal') this.#scheduleBackgroundSync();
  }

  #cancelBackgroundSync(): void {
    if (this.#bgTimer !== null) {
      clearTimeout(this.#bgTimer);
      this.#bgTimer = null;
    }
  }

  #notifyIdle(): void {
    const waiters = this.#idleWaiters;
    this.#idleWaiters = [];
    for (const w of waiters) w();
  }
}
