/**
 * Shared fixtures for storage-layer tests: pagers on in-memory and
 * fault-injecting file systems, page patterns that name their writer, and a
 * way to "crash" a pager and reopen the database on what survived.
 */
import { Pager } from '../../src/pager/pager.js';
import type { PagerOptions } from '../../src/pager/options.js';
import type { PageReader, PageWriter } from '../../src/pager/page-store.js';
import { FaultVfs, type FaultVfsOptions } from '../../src/vfs/fault-vfs.js';
import { MemVfs } from '../../src/vfs/mem-vfs.js';
import type { Vfs } from '../../src/vfs/vfs.js';
import { readU32, writeU32 } from '../../src/base/bytes.js';

export const DB_PATH = '/data/test.sombra';

/** Defaults that keep tests fast and deterministic: no log preallocation, no timer. */
export const TEST_PAGER_OPTIONS: PagerOptions = { walPreallocateBytes: 0, autocheckpointMs: null, pageSize: 4096 };

export function openPager(vfs: Vfs, options: PagerOptions = {}, path = DB_PATH): Promise<Pager> {
  return Pager.open(vfs, path, { ...TEST_PAGER_OPTIONS, ...options });
}

export async function freshPager(options: PagerOptions = {}): Promise<{ mem: MemVfs; pager: Pager }> {
  const mem = new MemVfs();
  return { mem, pager: await openPager(mem, options) };
}

export function faulty(mem: MemVfs, options: FaultVfsOptions = {}): FaultVfs {
  return new FaultVfs(mem, options);
}

/** Fills a data page with a pattern derived from (tag, version): byte 0 is 0x0a, then tag, version, then filler. */
export function fillPage(page: Uint8Array, tag: number, version: number): void {
  page[0] = 0x0a;
  writeU32(page, 4, tag);
  writeU32(page, 8, version);
  const limit = page.length - 4;
  let x = (tag * 2654435761 + version * 40503) >>> 0;
  for (let i = 12; i < limit; i += 4) {
    x = (x * 1103515245 + 12345) >>> 0;
    if (i + 4 <= limit) writeU32(page, i, x);
  }
}

/** The (tag, version) a page was filled with, checking the filler too; null if the bytes are not a valid pattern. */
export function readPattern(page: Uint8Array): { tag: number; version: number } | null {
  if (page[0] !== 0x0a) return null;
  const tag = readU32(page, 4);
  const version = readU32(page, 8);
  const expected = new Uint8Array(page.length);
  fillPage(expected, tag, version);
  for (let i = 0; i < page.length - 4; i++) if (expected[i] !== page[i]) return null;
  return { tag, version };
}

/** Writes pattern (tag, version) into a page of a write transaction. */
export function writePattern(txn: PageWriter, pageNo: number, tag: number, version: number): void {
  fillPage(txn.getWritablePage(pageNo), tag, version);
}

export function patternOf(view: PageReader, pageNo: number): { tag: number; version: number } | null {
  return readPattern(view.getPage(pageNo));
}

/** Closes a pager whose file system lost power (errors are expected and ignored). */
export async function abandon(pager: Pager): Promise<void> {
  await pager.close().catch(() => undefined);
}

/** Yields to the event loop until `cond()` holds, at most `maxTurns` times. */
export async function until(cond: () => boolean, maxTurns = 10_000): Promise<void> {
  for (let i = 0; i < maxTurns && !cond(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!cond()) throw new Error('condition not reached');
}

/** Waits for real time to pass (for timer-driven behaviour; never used to assert speed). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** XORs one byte of a buffer (to damage a file in place). */
export function flipByte(buf: Uint8Array, at: number, mask = 0xff): void {
  buf[at] = buf[at]! ^ mask;
}
