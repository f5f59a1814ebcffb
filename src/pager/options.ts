/**
 * Pager options: defaults, validation, and the live settings (pragmas).
 * Every bad value is an INVALID_ARG error naming the option, the allowed
 * range and the value received; nothing changes when a value is rejected.
 */
import { InvalidArgError } from '../base/errors.js';
import * as limits from '../base/limits.js';
import type { SynchronousMode } from '../wal/group-committer.js';
import { isValidPageSize } from './file-header.js';

export interface PagerOptions {
  /** Create the database file when it does not exist. Default `true`. */
  createIfMissing?: boolean;
  /** Open without writing; write calls fail with `READ_ONLY`. Never creates a file; still takes the lock. Default `false`. */
  readOnly?: boolean;
  /** Page size in bytes of a new database: a power of two in [4096, 65536]. Default 8192. Ignored for an existing file. */
  pageSize?: number;
  /** Pages kept in the page cache: an integer in [16, 16777216]. Default 4096 (32 MiB at 8 KiB pages). Pragma `cache_size`. */
  cachePages?: number;
  /**
   * `'full'` (default): a commit resolves once it survives power loss.
   * `'normal'`: once written to the OS (a power cut may lose the last few ms, never corrupts).
   * `'off'`: never syncs (throwaway data, tmpfs, benchmarks).
   */
  synchronous?: SynchronousMode;
  /**
   * An integer in [0, 1000]. Default 0. `full`: how long a flush waits for
   * more commits to share its sync (0: no added latency). `normal`: the
   * minimum spacing of background log syncs (never below 10 ms). Pragma `wal_coalesce_ms`.
   */
  commitCoalesceMs?: number;
  /** Most log frames one flush writes: an integer in [1, 1000000]. Default 4096. Pragma `commit_max_frames`. */
  commitMaxFrames?: number;
  /** Checkpoint timer in ms, an integer in [1, 86400000], or `null` for none. Default 30000. Pragma `autocheckpoint_ms`. */
  autocheckpointMs?: number | null;
  /** Checkpoint once the log holds this many frames: an integer in [1, 1e9]. Default 2048. Pragma `autocheckpoint_pages`. */
  autocheckpointPages?: number;
  /** Log file size allocated up front, in [0, 4 GiB]. Default 64 MiB (0 for `':memory:'`). */
  walPreallocateBytes?: number;
  /** TEST ONLY: acknowledge commits before their sync (the crash-suite canary). */
  testOnlyAckBeforeSync?: boolean;
}

export interface ResolvedPagerOptions {
  createIfMissing: boolean;
  readOnly: boolean;
  pageSize: number;
  cachePages: number;
  synchronous: SynchronousMode;
  commitCoalesceMs: number;
  commitMaxFrames: number;
  autocheckpointMs: number | null;
  autocheckpointPages: number;
  walPreallocateBytes: number;
  testOnlyAckBeforeSync: boolean;
}

export const SYNCHRONOUS_MODES: readonly SynchronousMode[] = ['full', 'normal', 'off'];

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || value === undefined || typeof value !== 'object') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

export function checkInteger(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgError(`${name} must be an integer in [${min}, ${max}], got ${show(value)}`);
  }
  return value;
}

export function checkBoolean(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new InvalidArgError(`${name} must be true or false, got ${show(value)}`);
  return value;
}

export function checkSynchronous(name: string, value: unknown): SynchronousMode {
  if (typeof value !== 'string' || !(SYNCHRONOUS_MODES as readonly string[]).includes(value)) {
    throw new InvalidArgError(`${name} must be one of 'full', 'normal', 'off', got ${show(value)}`);
  }
  return value as SynchronousMode;
}

export function checkPageSize(name: string, value: unknown): number {
  if (typeof value !== 'number' || !isValidPageSize(value)) {
    throw new InvalidArgError(`${name} must be a power of two in [${limits.PAGE_SIZE_MIN_BYTES}, ${limits.PAGE_SIZE_MAX_BYTES}], got ${show(value)}`);
  }
  return value;
}

export function checkAutocheckpointMs(name: string, value: unknown): number | null {
  if (value === null) return null;
  return checkInteger(name, value, 1, limits.AUTOCHECKPOINT_MS_MAX);
}

export function resolvePagerOptions(o: PagerOptions): ResolvedPagerOptions {
  const opt = (n: string) => `option "${n}"`;
  return {
    createIfMissing: o.createIfMissing === undefined ? true : checkBoolean(opt('createIfMissing'), o.createIfMissing),
    readOnly: o.readOnly === undefined ? false : checkBoolean(opt('readOnly'), o.readOnly),
    pageSize: o.pageSize === undefined ? limits.PAGE_SIZE_DEFAULT_BYTES : checkPageSize(opt('pageSize'), o.pageSize),
    cachePages: o.cachePages === undefined ? limits.CACHE_PAGES_DEFAULT : checkInteger(opt('cachePages'), o.cachePages, limits.CACHE_PAGES_MIN, limits.CACHE_PAGES_MAX),
    synchronous: o.synchronous === undefined ? 'full' : checkSynchronous(opt('synchronous'), o.synchronous),
    commitCoalesceMs: o.commitCoalesceMs === undefined ? limits.COMMIT_COALESCE_MS_DEFAULT : checkInteger(opt('commitCoalesceMs'), o.commitCoalesceMs, 0, limits.COMMIT_COALESCE_MS_MAX),
    commitMaxFrames: o.commitMaxFrames === undefined ? limits.COMMIT_MAX_FRAMES_DEFAULT : checkInteger(opt('commitMaxFrames'), o.commitMaxFrames, 1, limits.COMMIT_MAX_FRAMES_MAX),
    autocheckpointMs: o.autocheckpointMs === undefined ? limits.AUTOCHECKPOINT_MS_DEFAULT : checkAutocheckpointMs(opt('autocheckpointMs'), o.autocheckpointMs),
    autocheckpointPages: o.autocheckpointPages === undefined ? limits.AUTOCHECKPOINT_PAGES_DEFAULT : checkInteger(opt('autocheckpointPages'), o.autocheckpointPages, 1, limits.AUTOCHECKPOINT_PAGES_MAX),
    walPreallocateBytes: o.walPreallocateBytes === undefined ? limits.WAL_PREALLOCATE_BYTES_DEFAULT : checkInteger(opt('walPreallocateBytes'), o.walPreallocateBytes, 0, limits.WAL_PREALLOCATE_BYTES_MAX),
    testOnlyAckBeforeSync: o.testOnlyAckBeforeSync === true,
  };
}

/** Names accepted by `Pager.pragma`; the read-only ones reject a value. */
export const PRAGMA_NAMES = [
  'synchronous',
  'wal_coalesce_ms',
  'autocheckpoint_ms',
  'autocheckpoint_pages',
  'commit_max_frames',
  'cache_size',
  'page_size',
  'page_count',
  'wal_frames',
  'freelist_count',
] as const;
export type PragmaName = (typeof PRAGMA_NAMES)[number];
/** The value of a pragma: a mode name (`synchronous`), a number, or `null` (`autocheckpoint_ms` off). */
export type PragmaValue = string | number | null;
