/**
 * A write transaction of the pager: private copies of the pages it changes,
 * committed as one unit or dropped on rollback. Only one is active at a time
 * (the pager's FIFO writer lock).
 *
 * Its view is the newest state: the base images are those of every commit
 * handed to the group committer, acknowledged or not, so the next writer can
 * start while the previous commit's sync runs.
 */
import { assert } from '../base/assert.js';
import { ClosedError, CorruptionError, TxClosedError } from '../base/errors.js';
import * as header from './file-header.js';
import { popFreePage, pushFreePage } from './freelist.js';
import type { AllocatedPage, PageWriter } from './page-store.js';

/** What a write transaction needs from the pager. */
export interface WriteTxnHost {
  readonly pageSizeBytes: number;
  readonly usableSizeBytes: number;
  readonly fileName: string;
  /** Newest image of a page: pending commits first, then acknowledged state. */
  readBasePage(pageNo: number): Uint8Array;
  /** A page buffer for a private copy (content unspecified). */
  takePage(): Uint8Array;
  /** Hands the dirty pages to the committer, releases the writer lock, resolves on acknowledgement. */
  commitTxn(txn: WriteTxn, dirty: Map<number, Uint8Array>, dbSizePages: number): Promise<void>;
  /** Ends the transaction without writing (rollback) and releases the writer lock. */
  abandonTxn(txn: WriteTxn): void;
}

type TxState = 'active' | 'committing' | 'committed' | 'rolledBack' | 'closed';

export class WriteTxn implements PageWriter {
  readonly pageSizeBytes: number;
  readonly usableSizeBytes: number;
  readonly fileName: string;
  readonly #host: WriteTxnHost;
  readonly #dirty = new Map<number, Uint8Array>();
  #pageCount: number;
  #state: TxState = 'active';

  constructor(host: WriteTxnHost) {
    this.#host = host;
    this.pageSizeBytes = host.pageSizeBytes;
    this.usableSizeBytes = host.usableSizeBytes;
    this.fileName = host.fileName;
    this.#pageCount = header.readPageCount(host.readBasePage(0));
  }

  get active(): boolean {
    return this.#state === 'active';
  }

  get dirtyPageCount(): number {
    return this.#dirty.size;
  }

  #check(): void {
    if (this.#state === 'active') return;
    if (this.#state === 'closed') throw new ClosedError('the database was closed; the transaction was rolled back');
    throw new TxClosedError();
  }

  getPage(pageNo: number): Uint8Array {
    this.#check();
    const dirty = this.#dirty.get(pageNo);
    if (dirty !== undefined) return dirty;
    if (pageNo >= this.#pageCount || pageNo < 0) {
      throw new CorruptionError(`${this.fileName}: a reference to page ${pageNo} is past the end of the database (${this.#pageCount} pages)`, { file: this.fileName, pageNo });
    }
    return this.#host.readBasePage(pageNo);
  }

  getWritablePage(pageNo: number): Uint8Array {
    this.#check();
    const dirty = this.#dirty.get(pageNo);
    if (dirty !== undefined) return dirty;
    const base = this.getPage(pageNo);
    const copy = this.#host.takePage();
    copy.set(base);
    this.#dirty.set(pageNo, copy);
    return copy;
  }

  /** A zero-filled private image of `pageNo`, replacing its content without reading it. */
  overwritePage(pageNo: number): Uint8Array {
    this.#check();
    assert(pageNo > 0 && pageNo < this.#pageCount, () => `cannot overwrite page ${pageNo} of ${this.#pageCount}`);
    const page = this.#host.takePage().fill(0);
    this.#dirty.set(pageNo, page);
    return page;
  }

  pageCount(): number {
    this.#check();
    return this.#pageCount;
  }

  allocatePage(): AllocatedPage {
    this.#check();
    let pageNo = popFreePage(this);
    if (pageNo === 0) {
      pageNo = this.#pageCount;
      this.#pageCount++;
      header.writePageCount(this.getWritablePage(0), this.#pageCount);
    }
    const page = this.#host.takePage().fill(0);
    this.#dirty.set(pageNo, page);
    return { pageNo, page };
  }

  freePage(pageNo: number): void {
    this.#check();
    assert(pageNo > 0 && pageNo < this.#pageCount, () => `cannot free page ${pageNo} of ${this.#pageCount}`);
    this.#dirty.delete(pageNo);
    pushFreePage(this, pageNo);
  }

  getRoot(name: string): number | null {
    return header.getRoot(this.getPage(0), name);
  }

  listRoots(): Array<[string, number]> {
    return header.listRoots(this.getPage(0));
  }

  setRoot(name: string, pageNo: number): void {
    header.setRoot(this.getWritablePage(0), name, pageNo);
  }

  deleteRoot(name: string): boolean {
    this.#check();
    if (header.getRoot(this.getPage(0), name) === null) return false;
    return header.deleteRoot(this.getWritablePage(0), name);
  }

  getCounter(name: string): number {
    return header.getCounter(this.getPage(0), name);
  }

  setCounter(name: string, value: number): void {
    header.setCounter(this.getWritablePage(0), name, value);
  }

  /** Commits; resolves when the commit is as durable as the synchronous mode promises. */
  commit(): Promise<void> {
    try {
      this.#check();
    } catch (err) {
      return Promise.reject(err);
    }
    this.#state = 'committing';
    const done = this.#host.commitTxn(this, this.#dirty, this.#pageCount);
    return done.then(
      () => {
        this.#state = 'committed';
      },
      (err: unknown) => {
        this.#state = 'committed';
        throw err;
      },
    );
  }

  /** Drops every change. Rolling back twice, or after commit, does nothing. */
  rollback(): void {
    if (this.#state !== 'active') return;
    this.#state = 'rolledBack';
    this.#dirty.clear();
    this.#host.abandonTxn(this);
  }

  /** The database is closing: the transaction is rolled back and unusable. */
  closeForShutdown(): void {
    if (this.#state !== 'active') return;
    this.#state = 'closed';
    this.#dirty.clear();
    this.#host.abandonTxn(this);
  }
}
