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
 * fdatasync, and acknowledges the drained commits in order when it returns.
 *
 * Overlapped syncs (`full`): the leader does not wait for a sync before it
 * writes the next record. Up to LOG_SYNCS_IN_FLIGHT_MAX syncs run at once;
 * a sync covers every write issued before it started, so when one returns,
 * its record and every earlier one are durable and are acknowledged (in log
 * order: acknowledgement walks the written records front to back). The
 * callers of an acknowledged record compute their next commits while the
 * next sync runs, instead of the whole process waiting for each sync. An
 * idle leader that finds a burst of commits (COMMIT_BURST_SPLIT_MIN or more)
 * writes it as two records with a sync each, so that the callers form two
 * groups that take turns: one computes while the other's sync runs.
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
 * - I3. Records are written one at a time, in submission order, by one
 *       leader; at most LOG_SYNCS_IN_FLIGHT_MAX syncs are in flight.
 * - I4. After a failed write or sync, the committer is failed: that flush's
 *       commits and every later one reject with IO, and nothing is retried
 *       (a failed fsync may have dropped dirty pages; retrying would lie).
 */
import { assert } from '../base/assert.js';
import { IoError, SombraError, ioErrorFrom } from '../base/errors.js';
import { COMMIT_BURST_SPLIT_MIN, LOG_SYNCS_IN_FLIGHT_MAX, NORMAL_SYNC_MIN_INTERVAL_MS } from '../base/limits.js';
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

/** A record written to the log and waiting for a sync (`full` mode). */
interface UnsyncedRecord {
  batch: PendingCommit[];
  record: FlushedRecord;
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
  /** Written records not yet acknowledged, in log order (`full` mode). */
  #unsynced: UnsyncedRecord[] = [];
  #syncsInFlight = 0;
  #syncSlotWaiters: Array<() => void> = [];
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
    return this.#leading || this.#queue.length > 0 || this.#unsynced.length > 0;
  }

  /** Log syncs running now. */
  get syncsInFlight(): number {
    return this.#syncsInFlight;
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

  /** Stops new flushes from starting and waits for those in flight, written records acknowledged (checkpoint restart). */
  async pause(): Promise<void> {
    this.#pauseCount++;
    while (this.#leading || this.#unsynced.length > 0) await new Promise<void>((resolve) => this.#idleWaiters.push(resolve));
  }

  resume(): void {
    assert(this.#pauseCount > 0, 'resume without pause');
    this.#pauseCount--;
    this.#startLeaderIfIdle();
  }

  /** Waits until the queue is empty and no flush is in flight (or the committer failed). */
  async drain(): Promise<void> {
    while ((this.#queue.length > 0 && !this.#failed) || this.#leading || this.#unsynced.length > 0) {
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
    // Written records not yet covered by a sync may have lost their pages
    // with the failed one: none of them is acknowledged.
    const written = this.#unsynced;
    this.#unsynced = [];
    for (const u of written) for (const c of u.batch) c.reject(this.#failed);
    const queued = this.#queue;
    this.#queue = [];
    this.#queuedFrames = 0;
    for (const c of queued) c.reject(this.#failed);
    this.#wakeSyncSlotWaiters();
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
        const full = this.settings.synchronous === 'full' && this.settings.testOnlyAckBeforeSync !== true;
        if (full && this.#syncsInFlight >= LOG_SYNCS_IN_FLIGHT_MAX) {
          await new Promise<void>((resolve) => this.#syncSlotWaiters.push(resolve));
          continue;
        }
        const idle = this.#syncsInFlight === 0;
        let burst = false;
        if (this.settings.synchronous === 'full' && this.settings.commitCoalesceMs > 0 && this.#queuedFrames < this.settings.commitMaxFrames) {
          await this.#coalesceWait();
          if (this.#failed) break;
        } else if (idle && this.#queuedFrames < this.settings.commitMaxFrames && this.#hooks.commitsWaiting?.() === true) {
          // Gather the burst; with a sync in flight, what is queued goes at once.
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (this.#failed || this.#pauseCount > 0) break;
          burst = true;
        }
        // A gathered burst (not a coalescing window the user asked for) goes out as two records.
        const split = full && burst && this.#queue.length >= COMMIT_BURST_SPLIT_MIN;
        const batch = this.#drainBatch(split ? Math.ceil(this.#queue.length / 2) : this.#queue.length);
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

  /** Takes at most `commitsMax` queued commits (and at most commitMaxFrames frames, but at least one commit). */
  #drainBatch(commitsMax: number): PendingCommit[] {
    const max = this.settings.commitMaxFrames;
    let frames = 0;
    let n = 0;
    while (n < this.#queue.length && n < commitsMax) {
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
    let record: FlushedRecord;
    try {
      const firstFsn = this.#wal.appendRecord(pageNos, images, last.dbSizePages);
      this.stats.framesWritten += pageNos.length;
      record = {
        pageNos,
        images,
        firstFsn,
        commitFsn: firstFsn + pageNos.length - 1,
        dbSizePages: last.dbSizePages,
        lastCommitSeq: last.seq,
        commitCount: batch.length,
      };
    } catch (err) {
      const failure = this.fail(err);
      for (const c of batch) c.reject(failure);
      return;
    }
    if (mode === 'full' && !this.settings.testOnlyAckBeforeSync) {
      // Overlapped: the sync runs while the leader goes on (see the file comment).
      const entry: UnsyncedRecord = { batch, record };
      this.#unsynced.push(entry);
      this.#syncsInFlight++;
      this.#syncLog().then(
        () => {
          this.#syncsInFlight--;
          try {
            this.#acknowledgeThrough(entry);
          } catch (err) {
            this.fail(err);
          }
          this.#wakeSyncSlotWaiters();
        },
        (err: unknown) => {
          this.#syncsInFlight--;
          this.fail(err);
          this.#wakeSyncSlotWaiters();
          this.#notifyIdle();
        },
      );
      return;
    }
    try {
      this.#acknowledge(batch, record);
      if (mode === 'full') await this.#syncLog();
    } catch (err) {
      const failure = this.fail(err);
      for (const c of batch) c.reject(failure);
      return;
    }
    if (mode === 'normal') this.#scheduleBackgroundSync();
  }

  /** A sync that started after `entry` was written returned: `entry` and every record before it are durable. */
  #acknowledgeThrough(entry: UnsyncedRecord): void {
    if (this.#failed) return;
    const at = this.#unsynced.indexOf(entry);
    if (at < 0) return; // acknowledged already, by a later record's sync that returned first
    const done = this.#unsynced.splice(0, at + 1);
    for (const u of done) this.#acknowledge(u.batch, u.record);
    if (this.#unsynced.length === 0 && !this.#leading) this.#notifyIdle();
  }

  /** Makes a record visible (the pager's hook), then resolves its commits in order. */
  #acknowledge(batch: PendingCommit[], record: FlushedRecord): void {
    this.stats.flushes++;
    this.stats.commits += batch.length;
    this.#hooks.onAcknowledged(record);
    for (const c of batch) c.resolve();
  }

  #wakeSyncSlotWaiters(): void {
    const waiters = this.#syncSlotWaiters;
    this.#syncSlotWaiters = [];
    for (const w of waiters) w();
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
