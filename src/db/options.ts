/**
 * Options of `Database.open`: the pager's options plus nothing else yet.
 * Unknown keys are rejected with INVALID_ARG and, when a known option is
 * close (case or a small typo: `readonly` -> `readOnly`), a hint.
 */
import { InvalidArgError } from '../base/errors.js';
import { resolvePagerOptions, type PagerOptions, type ResolvedPagerOptions } from '../pager/options.js';
import type { SynchronousMode } from '../wal/group-committer.js';

/** Options of `Database.open`. Every option has a default; see docs/api.md. */
export interface DatabaseOptions {
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
}

const KNOWN: ReadonlyArray<keyof DatabaseOptions> = [
  'createIfMissing',
  'readOnly',
  'pageSize',
  'cachePages',
  'synchronous',
  'commitCoalesceMs',
  'commitMaxFrames',
  'autocheckpointMs',
  'autocheckpointPages',
  'walPreallocateBytes',
];

/** Internal options a test may pass in addition (never documented). */
const INTERNAL = ['testOnlyAckBeforeSync'] as const;

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

export function suggestName(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  const exactCase = known.find((k) => k.toLowerCase() === lower);
  if (exactCase) return exactCase;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = k;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : null;
}

export function resolveDatabaseOptions(options: unknown): ResolvedPagerOptions {
  if (options === undefined) return resolvePagerOptions({});
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidArgError(`options must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  }
  for (const key of Object.keys(options)) {
    if ((KNOWN as readonly string[]).includes(key) || (INTERNAL as readonly string[]).includes(key)) continue;
    const hint = suggestName(key, KNOWN);
    throw new InvalidArgError(`unknown option ${JSON.stringify(key)}${hint ? `; did you mean "${hint}"?` : ''} (known: ${KNOWN.join(', ')})`);
  }
  return resolvePagerOptions(options as PagerOptions);
}
