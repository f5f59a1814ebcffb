/**
 * A pool of page-sized buffers for copy-on-write. Allocating an 8 KiB
 * ArrayBuffer per dirty page (1.4 us with its share of GC, measured) was the
 * largest single cost of a small commit; a pooled buffer costs a copy.
 *
 * Only buffers nobody can still read are given back (pager.ts says when):
 * images a later commit of the same flush replaced before they were ever
 * visible, and cache images replaced by an acknowledgement while no read
 * snapshot is registered. Anything else is left to the garbage collector.
 */

/** 512 pages (4 MiB at 8 KiB): enough for the dirty pages of many small commits in flight. */
export const PAGE_POOL_MAX_PAGES = 512;

export class PagePool {
  readonly #pageSizeBytes: number;
  readonly #free: Uint8Array[] = [];

  constructor(pageSizeBytes: number) {
    this.#pageSizeBytes = pageSizeBytes;
  }

  get size(): number {
    return this.#free.length;
  }

  /** A page buffer with unspecified content. */
  take(): Uint8Array {
    return this.#free.pop() ?? new Uint8Array(this.#pageSizeBytes);
  }

  /** A zero-filled page buffer. */
  takeZeroed(): Uint8Array {
    const b = this.#free.pop();
    if (b === undefined) return new Uint8Array(this.#pageSizeBytes);
    b.fill(0);
    return b;
  }

  give(buf: Uint8Array): void {
    if (buf.length === this.#pageSizeBytes && buf.byteOffset === 0 && buf.buffer.byteLength === this.#pageSizeBytes && this.#free.length < PAGE_POOL_MAX_PAGES) {
      this.#free.push(buf);
    }
  }
}
