/**
 * A bounded cache of page images as of the newest acknowledged commit.
 *
 * Invariants
 * - An entry holds the newest acknowledged image of its page, tagged with the
 *   frame sequence number (FSN) of the log frame it came from, or 0 when it
 *   came from the database file and the log holds no frame of the page.
 *   A snapshot whose FSN is >= the tag may use the entry as is.
 * - Images are immutable once cached; readers keep references safely after
 *   eviction (no pinning).
 * - At most `capacityPages` entries; eviction is CLOCK (second chance): a hit
 *   only sets a bit, so the hot path costs one Map lookup.
 */
import { assert } from '../base/assert.js';

interface CacheEntry {
  pageNo: number;
  image: Uint8Array;
  versionFsn: number;
  referenced: boolean;
  slot: number;
}

export class PageCache {
  #capacityPages: number;
  readonly #entries = new Map<number, CacheEntry>();
  #ring: Array<CacheEntry | null> = [];
  #hand = 0;
  #freeSlots: number[] = [];
  hits = 0;
  misses = 0;

  constructor(capacityPages: number) {
    assert(capacityPages >= 1, 'cache capacity must be positive');
    this.#capacityPages = capacityPages;
  }

  get capacityPages(): number {
    return this.#capacityPages;
  }

  get sizePages(): number {
    return this.#entries.size;
  }

  /** Image usable by a snapshot at `snapshotFsn`, or undefined. */
  get(pageNo: number, snapshotFsn: number): Uint8Array | undefined {
    const e = this.#entries.get(pageNo);
    if (e !== undefined && e.versionFsn <= snapshotFsn) {
      e.referenced = true;
      this.hits++;
      return e.image;
    }
    this.misses++;
    return undefined;
  }

  /** The cached entry's FSN tag, or -1 when the page is not cached. */
  versionOf(pageNo: number): number {
    return this.#entries.get(pageNo)?.versionFsn ?? -1;
  }

  peek(pageNo: number): Uint8Array | undefined {
    return this.#entries.get(pageNo)?.image;
  }

  /** Installs the newest acknowledged image of a page; returns the image it replaced, if any. */
  put(pageNo: number, image: Uint8Array, versionFsn: number): Uint8Array | undefined {
    const e = this.#entries.get(pageNo);
    if (e !== undefined) {
      const old = e.image;
      e.image = image;
      e.versionFsn = versionFsn;
      e.referenced = true;
      return old === image ? undefined : old;
    }
    if (this.#entries.size >= this.#capacityPages) this.#evictOne();
    const entry: CacheEntry = { pageNo, image, versionFsn, referenced: false, slot: -1 };
    this.#place(entry);
    this.#entries.set(pageNo, entry);
    return undefined;
  }

  delete(pageNo: number): void {
    const e = this.#entries.get(pageNo);
    if (e === undefined) return;
    this.#entries.delete(pageNo);
    this.#ring[e.slot] = null;
    this.#freeSlots.push(e.slot);
  }

  clear(): void {
    this.#entries.clear();
    this.#ring = [];
    this.#freeSlots = [];
    this.#hand = 0;
  }

  resize(capacityPages: number): void {
    assert(capacityPages >= 1, 'cache capacity must be positive');
    this.#capacityPages = capacityPages;
    while (this.#entries.size > capacityPages) this.#evictOne();
    if (this.#ring.length > capacityPages * 2) this.#compact();
  }

  #place(entry: CacheEntry): void {
    const free = this.#freeSlots.pop();
    if (free !== undefined) {
      entry.slot = free;
      this.#ring[free] = entry;
      return;
    }
    entry.slot = this.#ring.length;
    this.#ring.push(entry);
  }

  #evictOne(): void {
    const n = this.#ring.length;
    for (let step = 0; step < 2 * n + 1; step++) {
      const slot = this.#hand;
      this.#hand = (this.#hand + 1) % n;
      const e = this.#ring[slot];
      if (e === null || e === undefined) continue;
      if (e.referenced) {
        e.referenced = false;
        continue;
      }
      this.#ring[slot] = null;
      this.#freeSlots.push(slot);
      this.#entries.delete(e.pageNo);
      return;
    }
  }

  #compact(): void {
    const live = this.#ring.filter((e): e is CacheEntry => e !== null);
    live.forEach((e, i) => (e.slot = i));
    this.#ring = live;
    this.#freeSlots = [];
    this.#hand = 0;
  }
}
