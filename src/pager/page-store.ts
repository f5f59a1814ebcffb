/**
 * The page interfaces the layers above the pager (the B+-tree) work against.
 *
 * A `PageReader` is a consistent view: a read snapshot, or a write
 * transaction's own view. A `PageWriter` is a write transaction: its changes
 * are private copies of pages until commit (copy-on-write).
 *
 * Images returned by `getPage` are read-only views, possibly shared with the
 * cache; a caller that wants to change a page asks `getWritablePage`, which
 * returns the transaction's private copy (the same one on every call).
 */

export interface PageReader {
  readonly pageSizeBytes: number;
  /** Bytes a layer above may use in each page (the page minus its checksum). */
  readonly usableSizeBytes: number;
  /** Name of the database file, for error messages. */
  readonly fileName: string;
  /** A read-only image of `pageNo`. Throws CORRUPTION for a page past the end. */
  getPage(pageNo: number): Uint8Array;
  /** Pages in this view of the database, page 0 included. */
  pageCount(): number;
  /** Root page registered under `name` in page 0, or null. */
  getRoot(name: string): number | null;
  /** All registered roots. */
  listRoots(): Array<[string, number]>;
  /** Value of a named counter in page 0 (0 when never set). */
  getCounter(name: string): number;
}

export interface AllocatedPage {
  pageNo: number;
  /** The new page's private image, zero-filled. */
  page: Uint8Array;
}

export interface PageWriter extends PageReader {
  /** The transaction's private, writable copy of `pageNo`. */
  getWritablePage(pageNo: number): Uint8Array;
  /** A page from the freelist, or a new one at the end of the file. */
  allocatePage(): AllocatedPage;
  /** Returns a page to the freelist; its content is discarded. */
  freePage(pageNo: number): void;
  setRoot(name: string, pageNo: number): void;
  deleteRoot(name: string): boolean;
  setCounter(name: string, value: number): void;
}
