/**
 * A read snapshot: a consistent view of the database as of one acknowledged
 * commit. It keeps seeing that state while writers commit and checkpoints
 * run, until it is released. Registered snapshots hold back the checkpoint
 * (it never overwrites a page version a snapshot still reads from the file),
 * so release them when done.
 */
import { ClosedError } from '../base/errors.js';
import * as header from './file-header.js';
import type { PageReader } from './page-store.js';

/** What a snapshot needs from the pager. */
export interface SnapshotHost {
  readonly pageSizeBytes: number;
  readonly usableSizeBytes: number;
  readonly fileName: string;
  readonly closed: boolean;
  readPage(pageNo: number, snapshotFsn: number, dbSizePages: number): Uint8Array;
  releaseSnapshot(snapshot: ReadSnapshot): void;
}

export class ReadSnapshot implements PageReader {
  readonly fsn: number;
  readonly dbSizePages: number;
  readonly pageSizeBytes: number;
  readonly usableSizeBytes: number;
  readonly fileName: string;
  readonly #host: SnapshotHost;
  #released = false;

  constructor(host: SnapshotHost, fsn: number, dbSizePages: number) {
    this.#host = host;
    this.fsn = fsn;
    this.dbSizePages = dbSizePages;
    this.pageSizeBytes = host.pageSizeBytes;
    this.usableSizeBytes = host.usableSizeBytes;
    this.fileName = host.fileName;
  }

  get released(): boolean {
    return this.#released;
  }

  getPage(pageNo: number): Uint8Array {
    if (this.#released || this.#host.closed) throw new ClosedError(this.#host.closed ? 'the database is closed' : 'the read snapshot was released');
    return this.#host.readPage(pageNo, this.fsn, this.dbSizePages);
  }

  pageCount(): number {
    return this.dbSizePages;
  }

  getRoot(name: string): number | null {
    return header.getRoot(this.getPage(0), name);
  }

  listRoots(): Array<[string, number]> {
    return header.listRoots(this.getPage(0));
  }

  getCounter(name: string): number {
    return header.getCounter(this.getPage(0), name);
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.#host.releaseSnapshot(this);
  }

  [Symbol.dispose](): void {
    this.release();
  }
}
