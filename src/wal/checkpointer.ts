/**
 * The checkpointer copies the newest frame of each page from the log into the
 * database file, syncs the file, and restarts the log.
 *
 * Algorithm (each step is safe against a crash before or after it)
 *  1. Target = the newest acknowledged commit, lowered to the oldest live
 *     reader's snapshot: a page a reader still reads from the database file
 *     must not be overwritten with a newer version.
 *  2. If the log has unsynced writes (normal mode), sync it first: the
 *     database file must never hold a page whose frame could still vanish.
 *  3. Copy, for every page with frames in (backfilled, target], its newest
 *     frame <= target into the database file, yielding to the event loop
 *     after every page so commits are never held up for longer than one copy;
 *     unless the run is urgent (a writer is blocked until it ends, or the
 *     database is closing): a turn of the event loop costs several times a
 *     page copy, and there is nothing to yield to.
 *  4. Sync the database file (full and normal). Only now is `backfilledFsn`
 *     advanced: a crash before this point replays the same log again.
 *  5. Restart: with flushes paused (commits still queue), copy what was
 *     acknowledged during steps 2-4, then, if every acknowledged frame is in
 *     the database file, write a new log header with new salts and sync it.
 *     Frames of the old generation can no longer be replayed; the file is
 *     reused, not truncated.
 *
 * A crash anywhere leaves either the old log (replayed over a database file
 * that holds the same or older page versions: recovery reads pages from the
 * log first, so the copies are idempotent) or the new empty log over a synced
 * database file.
 */
import type { VfsFile } from '../vfs/vfs.js';
import type { GroupCommitter } from './group-committer.js';
import type { WalFile } from './log-file.js';
import type { WalIndex } from './wal-index.js';

export interface CheckpointHost {
  readonly dbFile: VfsFile;
  readonly pageSizeBytes: number;
  /** FSN of the newest acknowledged commit. */
  ackedFsn(): number;
  /** Lowest snapshot FSN of a live registered reader, or Infinity. */
  oldestReaderFsn(): number;
  /** Whether checkpoints sync (false in `off` mode). */
  syncsEnabled(): boolean;
  /** The cached image of `pageNo` if it is exactly the version of frame `fsn`. */
  cachedVersion(pageNo: number, fsn: number): Uint8Array | undefined;
  /**
   * The bytes to store in the database file for an image from the log (the
   * pager fills the page checksum there). May return a shared scratch buffer.
   */
  imageForDbFile(pageNo: number, image: Uint8Array): Uint8Array;
}

/** What a checkpoint did (`db.checkpoint()`). */
export interface CheckpointResult {
  /** Pages copied into the database file. */
  pagesCopied: number;
  /** Whether the log was restarted (it is empty now). */
  restarted: boolean;
  /** Frames left in the log (held by a reader, or acknowledged during the run). */
  framesRemaining: number;
}

export class Checkpointer {
  readonly #wal: WalFile;
  readonly #index: WalIndex;
  readonly #committer: GroupCommitter;
  readonly #host: CheckpointHost;
  #backfilledFsn: number;
  #running: Promise<CheckpointResult> | null = null;
  /** The running checkpoint has a waiter that is blocked until it ends: copy without yielding. */
  #urgent = false;
  /** Frames read from the log go here: each is written to the database file at once. */
  #frameScratch: Uint8Array | null = null;
  checkpoints = 0;

  constructor(wal: WalFile, index: WalIndex, committer: GroupCommitter, host: CheckpointHost) {
    this.#wal = wal;
    this.#index = index;
    this.#committer = committer;
    this.#host = host;
    this.#backfilledFsn = index.baseFsn;
  }

  get running(): boolean {
    return this.#running !== null;
  }

  get backfilledFsn(): number {
    return this.#backfilledFsn;
  }

  /**
   * Runs a checkpoint, or joins the one already running. `urgent`: the caller
   * is blocked until it ends (writer backpressure, close), so the copy stops
   * yielding to the event loop between pages from now on.
   */
  run(urgent = false): Promise<CheckpointResult> {
    if (urgent) this.#urgent = true;
    if (this.#running) return this.#running;
    this.#running = this.#run().finally(() => {
      this.#running = null;
      this.#urgent = false;
    });
    return this.#running;
  }

  async #run(): Promise<CheckpointResult> {
    if (this.#committer.failed) throw this.#committer.failed;
    let pagesCopied = 0;
    try {
      pagesCopied += await this.#backfillTo(this.#target(), true);
      await this.#committer.pause();
      let restarted = false;
      try {
        pagesCopied += await this.#backfillTo(this.#target(), false);
        const acked = this.#host.ackedFsn();
        if (this.#backfilledFsn === acked && this.#wal.frameCount > 0 && this.#wal.lastFsn === acked) {
          this.#wal.restart();
          if (this.#host.syncsEnabled()) await this.#wal.sync();
          this.#index.reset(this.#wal.baseFsn);
          this.#backfilledFsn = this.#wal.baseFsn;
          restarted = true;
        }
      } finally {
        this.#committer.resume();
      }
      this.checkpoints++;
      return { pagesCopied, restarted, framesRemaining: this.#index.frameCount };
    } catch (err) {
      // A failed copy or sync may have left the database file between states;
      // the log still covers it, but nothing may be retried: fail the database.
      throw this.#committer.fail(err);
    }
  }

  #target(): number {
    return Math.min(this.#host.ackedFsn(), this.#host.oldestReaderFsn());
  }

  async #backfillTo(targetFsn: number, yieldBetweenPages: boolean): Promise<number> {
    if (targetFsn <= this.#backfilledFsn) return 0;
    const syncs = this.#host.syncsEnabled();
    if (syncs && this.#wal.hasUnsyncedWrites) await this.#wal.sync();
    const frames = this.#index.newestFramesBetween(this.#backfilledFsn, targetFsn);
    const pageSize = this.#host.pageSizeBytes;
    for (const { pageNo, fsn } of frames) {
      let image = this.#host.cachedVersion(pageNo, fsn);
      if (image === undefined) {
        this.#frameScratch ??= new Uint8Array(this.#wal.frameSizeBytes);
        image = this.#wal.readFrameImage(fsn, this.#frameScratch);
      }
      this.#host.dbFile.write(this.#host.imageForDbFile(pageNo, image), 0, pageSize, pageNo * pageSize);
      if (yieldBetweenPages && !this.#urgent) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (syncs && frames.length > 0) await this.#host.dbFile.sync();
    this.#backfilledFsn = targetFsn;
    return frames.length;
  }
}
