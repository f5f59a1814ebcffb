/**
 * Page 0 of a Sombra database file: the file header, format version 1.
 *
 * All integers are big-endian. Page 0 is exempt from rule P2 of
 * page-format.ts (its first bytes are the magic, not a page type); rule P1
 * (the trailing checksum) applies to it as to every page.
 *
 *     OFFSET SIZE FIELD
 *        0     8  magic "SOMBRADB"
 *        8     4  format version (1)
 *       12     4  page size in bytes (a power of two, 4096..65536)
 *       16     4  page count: pages in the database, page 0 included
 *       20     4  freelist head: first freelist trunk page, 0 = none
 *       24     4  freelist count: free pages, trunks and leaves
 *       28    12  reserved, 0
 *       40  1024  root table: 32 entries of 32 bytes
 *     1064  1024  counter table: 32 entries of 32 bytes
 *     2088   ...  zero
 *     pageSize-4 4 checksum (page-format.ts rule P1)
 *
 * Root table entry (32 bytes): name, 28 bytes of UTF-8 padded with NULs (an
 * all-NUL name is a free slot), then the root page number (u32). The layers
 * above look their trees up by name ("graph.nodes", ...).
 *
 * Counter table entry (32 bytes): name, 24 bytes of UTF-8 padded with NULs,
 * then a u64 value.
 *
 * Validity: H1. magic matches; H2. version is 1; H3. page size is a power of
 * two in range and equals the size the file was opened with; H4. page count
 * >= 1; H5. freelist head < page count; H6. every used name is valid UTF-8.
 */
import { readU32, writeU32, readU64Number, writeU64Number } from '../base/bytes.js';
import { CorruptionError, InvalidArgError, UnsupportedFormatError } from '../base/errors.js';
import { PAGE_SIZE_MAX_BYTES, PAGE_SIZE_MIN_BYTES } from '../base/limits.js';

export const FILE_MAGIC = new TextEncoder().encode('SOMBRADB');
export const FILE_FORMAT_VERSION = 1;

export const HEADER_MAGIC_OFFSET = 0;
export const HEADER_VERSION_OFFSET = HEADER_MAGIC_OFFSET + 8;
export const HEADER_PAGE_SIZE_OFFSET = HEADER_VERSION_OFFSET + 4;
export const HEADER_PAGE_COUNT_OFFSET = HEADER_PAGE_SIZE_OFFSET + 4;
export const HEADER_FREELIST_HEAD_OFFSET = HEADER_PAGE_COUNT_OFFSET + 4;
export const HEADER_FREELIST_COUNT_OFFSET = HEADER_FREELIST_HEAD_OFFSET + 4;
export const HEADER_RESERVED_OFFSET = HEADER_FREELIST_COUNT_OFFSET + 4;
export const HEADER_ROOT_TABLE_OFFSET = HEADER_RESERVED_OFFSET + 12;
export const ROOT_ENTRY_COUNT = 32;
export const ROOT_ENTRY_SIZE_BYTES = 32;
export const ROOT_NAME_MAX_BYTES = 28;
export const HEADER_COUNTER_TABLE_OFFSET = HEADER_ROOT_TABLE_OFFSET + ROOT_ENTRY_COUNT * ROOT_ENTRY_SIZE_BYTES;
export const COUNTER_ENTRY_COUNT = 32;
export const COUNTER_ENTRY_SIZE_BYTES = 32;
export const COUNTER_NAME_MAX_BYTES = 24;
export const HEADER_END_OFFSET = HEADER_COUNTER_TABLE_OFFSET + COUNTER_ENTRY_COUNT * COUNTER_ENTRY_SIZE_BYTES;

if (HEADER_ROOT_TABLE_OFFSET !== 40 || HEADER_COUNTER_TABLE_OFFSET !== 1064 || HEADER_END_OFFSET !== 2088) {
  throw new Error('file header offsets do not add up to the documented table');
}

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

export function isValidPageSize(n: number): boolean {
  return Number.isInteger(n) && n >= PAGE_SIZE_MIN_BYTES && n <= PAGE_SIZE_MAX_BYTES && (n & (n - 1)) === 0;
}

/** Builds page 0 of a new, empty database (checksum not yet sealed). */
export function initFileHeader(page: Uint8Array): void {
  page.fill(0);
  page.set(FILE_MAGIC, HEADER_MAGIC_OFFSET);
  writeU32(page, HEADER_VERSION_OFFSET, FILE_FORMAT_VERSION);
  writeU32(page, HEADER_PAGE_SIZE_OFFSET, page.length);
  writeU32(page, HEADER_PAGE_COUNT_OFFSET, 1);
}

/**
 * Reads the page size from the first bytes of a database file, checking
 * rules H1-H3. `prefix` needs at least 16 bytes.
 */
export function readPageSizeFromPrefix(prefix: Uint8Array, file: string): number {
  for (let i = 0; i < FILE_MAGIC.length; i++) {
    if (prefix[HEADER_MAGIC_OFFSET + i] !== FILE_MAGIC[i]) {
      throw new UnsupportedFormatError(`${file} is not a Sombra database (H1: bad magic)`);
    }
  }
  const version = readU32(prefix, HEADER_VERSION_OFFSET);
  if (version !== FILE_FORMAT_VERSION) {
    throw new UnsupportedFormatError(`${file} has format version ${version}; this build reads version ${FILE_FORMAT_VERSION}`);
  }
  const pageSize = readU32(prefix, HEADER_PAGE_SIZE_OFFSET);
  if (!isValidPageSize(pageSize)) {
    throw new CorruptionError(`${file}: H3: page size ${pageSize} is not a power of two in [4096, 65536]`, { file, pageNo: 0, offsetBytes: HEADER_PAGE_SIZE_OFFSET });
  }
  return pageSize;
}

/** Checks rules H1-H5 on a whole page 0 whose checksum already verified. */
export function validateFileHeader(page: Uint8Array, file: string): void {
  const pageSize = readPageSizeFromPrefix(page, file);
  if (pageSize !== page.length) {
    throw new CorruptionError(`${file}: H3: header says page size ${pageSize}, file opened with ${page.length}`, { file, pageNo: 0, offsetBytes: HEADER_PAGE_SIZE_OFFSET });
  }
  const pageCount = readU32(page, HEADER_PAGE_COUNT_OFFSET);
  if (pageCount < 1) throw new CorruptionError(`${file}: H4: page count ${pageCount}`, { file, pageNo: 0, offsetBytes: HEADER_PAGE_COUNT_OFFSET });
  const head = readU32(page, HEADER_FREELIST_HEAD_OFFSET);
  if (head >= pageCount) {
    throw new CorruptionError(`${file}: H5: freelist head ${head} is past the page count ${pageCount}`, { file, pageNo: 0, offsetBytes: HEADER_FREELIST_HEAD_OFFSET });
  }
}

export function readPageCount(page: Uint8Array): number {
  return readU32(page, HEADER_PAGE_COUNT_OFFSET);
}
export function writePageCount(page: Uint8Array, n: number): void {
  writeU32(page, HEADER_PAGE_COUNT_OFFSET, n);
}
export function readFreelistHead(page: Uint8Array): number {
  return readU32(page, HEADER_FREELIST_HEAD_OFFSET);
}
export function writeFreelistHead(page: Uint8Array, pageNo: number): void {
  writeU32(page, HEADER_FREELIST_HEAD_OFFSET, pageNo);
}
export function readFreelistCount(page: Uint8Array): number {
  return readU32(page, HEADER_FREELIST_COUNT_OFFSET);
}
export function writeFreelistCount(page: Uint8Array, n: number): void {
  writeU32(page, HEADER_FREELIST_COUNT_OFFSET, n);
}

function encodeName(name: string, maxBytes: number, what: string): Uint8Array {
  const bytes = utf8.encode(name);
  if (bytes.length === 0 || bytes.length > maxBytes || bytes.includes(0)) {
    throw new InvalidArgError(`${what} name ${JSON.stringify(name)} must be 1..${maxBytes} UTF-8 bytes without NUL`);
  }
  return bytes;
}

function nameAt(page: Uint8Array, off: number, maxBytes: number): string | null {
  let len = 0;
  while (len < maxBytes && page[off + len] !== 0) len++;
  if (len === 0) return null;
  try {
    return utf8Strict.decode(page.subarray(off, off + len));
  } catch {
    throw new CorruptionError(`page 0: H6: table entry at offset ${off} has a name that is not UTF-8`, { file: '', pageNo: 0, offsetBytes: off });
  }
}

function nameMatches(page: Uint8Array, off: number, maxBytes: number, name: Uint8Array): boolean {
  for (let i = 0; i < maxBytes; i++) {
    const want = i < name.length ? name[i]! : 0;
    if (page[off + i] !== want) return false;
  }
  return true;
}

/** A named-value table inside page 0 (roots or counters). */
class NamedTable {
  constructor(
    readonly offset: number,
    readonly entryCount: number,
    readonly entrySize: number,
    readonly nameMaxBytes: number,
    readonly what: string,
  ) {}

  #find(page: Uint8Array, name: Uint8Array): number {
    for (let i = 0; i < this.entryCount; i++) {
      const off = this.offset + i * this.entrySize;
      if (nameMatches(page, off, this.nameMaxBytes, name)) return off;
    }
    return -1;
  }

  get(page: Uint8Array, name: string, read: (page: Uint8Array, off: number) => number): number | null {
    const off = this.#find(page, encodeName(name, this.nameMaxBytes, this.what));
    return off < 0 ? null : read(page, off + this.nameMaxBytes);
  }

  set(page: Uint8Array, name: string, value: number, write: (page: Uint8Array, off: number, v: number) => void): void {
    const encoded = encodeName(name, this.nameMaxBytes, this.what);
    let off = this.#find(page, encoded);
    if (off < 0) {
      off = this.#find(page, new Uint8Array(0));
      if (off < 0) throw new InvalidArgError(`the ${this.what} table of page 0 is full (${this.entryCount} entries); cannot add ${JSON.stringify(name)}`);
      page.fill(0, off, off + this.nameMaxBytes);
      page.set(encoded, off);
    }
    write(page, off + this.nameMaxBytes, value);
  }

  delete(page: Uint8Array, name: string): boolean {
    const off = this.#find(page, encodeName(name, this.nameMaxBytes, this.what));
    if (off < 0) return false;
    page.fill(0, off, off + this.entrySize);
    return true;
  }

  list(page: Uint8Array, read: (page: Uint8Array, off: number) => number): Array<[string, number]> {
    const out: Array<[string, number]> = [];
    for (let i = 0; i < this.entryCount; i++) {
      const off = this.offset + i * this.entrySize;
      const name = nameAt(page, off, this.nameMaxBytes);
      if (name !== null) out.push([name, read(page, off + this.nameMaxBytes)]);
    }
    return out;
  }
}

const rootTable = new NamedTable(HEADER_ROOT_TABLE_OFFSET, ROOT_ENTRY_COUNT, ROOT_ENTRY_SIZE_BYTES, ROOT_NAME_MAX_BYTES, 'root');
const counterTable = new NamedTable(HEADER_COUNTER_TABLE_OFFSET, COUNTER_ENTRY_COUNT, COUNTER_ENTRY_SIZE_BYTES, COUNTER_NAME_MAX_BYTES, 'counter');

export function getRoot(page: Uint8Array, name: string): number | null {
  return rootTable.get(page, name, readU32);
}
export function setRoot(page: Uint8Array, name: string, pageNo: number): void {
  rootTable.set(page, name, pageNo, writeU32);
}
export function deleteRoot(page: Uint8Array, name: string): boolean {
  return rootTable.delete(page, name);
}
export function listRoots(page: Uint8Array): Array<[string, number]> {
  return rootTable.list(page, readU32);
}
export function getCounter(page: Uint8Array, name: string): number {
  return counterTable.get(page, name, readU64Number) ?? 0;
}
export function setCounter(page: Uint8Array, name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new InvalidArgError(`counter ${name} must be a non-negative safe integer, got ${value}`);
  counterTable.set(page, name, value, writeU64Number);
}
export function listCounters(page: Uint8Array): Array<[string, number]> {
  return counterTable.list(page, readU64Number);
}
