/**
 * The WAL index: for the current log generation, which frames hold which page.
 *
 * Frames are named by a frame sequence number (FSN) that grows across log
 * restarts, so a snapshot is a single number: the FSN of the last commit frame
 * it sees. Frame i of the current generation has FSN `baseFsn + 1 + i`.
 *
 * Invariants
 * - Only frames of acknowledged records are indexed; a snapshot never finds a
 *   frame newer than the newest acknowledged commit.
 * - Per page, FSNs are ascending.
 * - After a restart the index is empty and `baseFsn` is the FSN of the last
 *   frame of the previous generation; every page of that generation is then
 *   in the database file (the checkpoint copied and synced it first).
 */

export class WalIndex {
  #baseFsn = 0;
  #lastFsn = 0;
  readonly #framesByPage = new Map<number, number[]>();

  get baseFsn(): number {
    return this.#baseFsn;
  }

  /** FSN of the newest indexed frame (= baseFsn when empty). */
  get lastFsn(): number {
    return this.#lastFsn;
  }

  /** Frames indexed in the current generation. */
  get frameCount(): number {
    return this.#lastFsn - this.#baseFsn;
  }

  get pageCount(): number {
    return this.#framesByPage.size;
  }

  /** Empties the index for a new generation that starts after `baseFsn`. */
  reset(baseFsn: number): void {
    this.#framesByPage.clear();
    this.#baseFsn = baseFsn;
    this.#lastFsn = baseFsn;
  }

  /** Records that frame `fsn` holds `pageNo`. FSNs must arrive in ascending order. */
  add(pageNo: number, fsn: number): void {
    const list = this.#framesByPage.get(pageNo);
    if (list === undefined) this.#framesByPage.set(pageNo, [fsn]);
    else list.push(fsn);
    if (fsn > this.#lastFsn) this.#lastFsn = fsn;
  }

  /** Marks the end of an indexed record (covers records whose frames are all known). */
  advanceTo(fsn: number): void {
    if (fsn > this.#lastFsn) this.#lastFsn = fsn;
  }

  /** Newest frame of `pageNo` with FSN <= `maxFsn`, or 0 when the page must come from the database file. */
  lookup(pageNo: number, maxFsn: number): number {
    const list = this.#framesByPage.get(pageNo);
    if (list === undefined) return 0;
    for (let i = list.length - 1; i >= 0; i--) {
      const fsn = list[i]!;
      if (fsn <= maxFsn) return fsn;
    }
    return 0;
  }

  /** Newest frame of `pageNo`, or 0. */
  newest(pageNo: number): number {
    const list = this.#framesByPage.get(pageNo);
    return list === undefined ? 0 : list[list.length - 1]!;
  }

  /** The frame index (position in the log file) of an FSN of this generation. */
  frameIndexOf(fsn: number): number {
    return fsn - this.#baseFsn - 1;
  }

  /**
   * For every page with a frame in (afterFsn, uptoFsn], the newest such frame;
   * sorted by page number so the database file is written front to back.
   */
  newestFramesBetween(afterFsn: number, uptoFsn: number): Array<{ pageNo: number; fsn: number }> {
    const out: Array<{ pageNo: number; fsn: number }> = [];
    for (const [pageNo, list] of this.#framesByPage) {
      for (let i = list.length - 1; i >= 0; i--) {
        const fsn = list[i]!;
        if (fsn > uptoFsn) continue;
        if (fsn > afterFsn) out.push({ pageNo, fsn });
        break;
      }
    }
    out.sort((a, b) => a.pageNo - b.pageNo);
    return out;
  }
}
