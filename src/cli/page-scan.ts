/**
 * Reads the database file page by page, outside the pager, for the checks
 * and views that look at bytes on disk (`verify --level fast`, `inspect`):
 * the file header (page 0) and each page's checksum (page-format.ts rule P1).
 */
import fs from 'node:fs';
import { readPageSizeFromPrefix } from '../pager/file-header.js';
import { computePageChecksum, PAGE_CHECKSUM_SIZE_BYTES } from '../pager/page-format.js';
import { readU32 } from '../base/bytes.js';

/** An open database file read page by page. */
export class PageFile {
  readonly pageSizeBytes: number;
  readonly pageCountInFile: number;
  readonly #fd: number;
  readonly path: string;

  private constructor(path: string, fd: number, pageSizeBytes: number, sizeBytes: number) {
    this.path = path;
    this.#fd = fd;
    this.pageSizeBytes = pageSizeBytes;
    this.pageCountInFile = Math.floor(sizeBytes / pageSizeBytes);
  }

  static open(path: string): PageFile {
    const fd = fs.openSync(path, 'r');
    try {
      const prefix = new Uint8Array(16);
      fs.readSync(fd, prefix, 0, 16, 0);
      const pageSize = readPageSizeFromPrefix(prefix, path);
      return new PageFile(path, fd, pageSize, fs.fstatSync(fd).size);
    } catch (err) {
      fs.closeSync(fd);
      throw err;
    }
  }

  /** The bytes of page `pageNo` as stored in the file (not the log's newer image). */
  read(pageNo: number, into = new Uint8Array(this.pageSizeBytes)): Uint8Array {
    fs.readSync(this.#fd, into, 0, this.pageSizeBytes, pageNo * this.pageSizeBytes);
    return into;
  }

  /** Whether the stored checksum (rule P1) matches; [stored, computed]. */
  checksum(page: Uint8Array, pageNo: number): { ok: boolean; stored: number; computed: number } {
    const stored = readU32(page, page.length - PAGE_CHECKSUM_SIZE_BYTES);
    const computed = computePageChecksum(page, pageNo);
    return { ok: stored === computed, stored, computed };
  }

  close(): void {
    fs.closeSync(this.#fd);
  }
}
