/**
 * Every limit and default of the engine, each with the reason for its value.
 * Public option names are fixed by DESIGN.md; these constants back them.
 */

const KiB = 1024;
const MiB = 1024 * KiB;

/** 8 KiB: big enough for wide B+-tree fan-out, small enough that a one-row commit writes little. */
export const PAGE_SIZE_DEFAULT_BYTES = 8 * KiB;
/** 4 KiB: the smallest page every OS and SSD writes atomically-ish; smaller pages hurt fan-out. */
export const PAGE_SIZE_MIN_BYTES = 4 * KiB;
/** 64 KiB: page offsets inside a page are u16. */
export const PAGE_SIZE_MAX_BYTES = 64 * KiB;

/** 4096 pages (32 MiB at 8 KiB): holds the hot part of a million-key tree. */
export const CACHE_PAGES_DEFAULT = 4096;
/** A cache must hold a tree path plus the pages one operation touches. */
export const CACHE_PAGES_MIN = 16;
export const CACHE_PAGES_MAX = 16 * 1024 * 1024;

/** 0 ms: an idle database adds no latency to a commit; under load batching happens anyway. */
export const COMMIT_COALESCE_MS_DEFAULT = 0;
/** 1 s: longer waits would be a durability setting, not a batching one. */
export const COMMIT_COALESCE_MS_MAX = 1000;

/**
 * 10 ms: in `normal` mode the log is synced in the background no more often
 * than this (or `commitCoalesceMs` when larger). Back-to-back syncs would
 * compete with the writes they follow for the disk, for a durability normal
 * mode does not promise; a power cut loses at most about this much.
 */
export const NORMAL_SYNC_MIN_INTERVAL_MS = 10;

/** 4096 frames (32 MiB at 8 KiB) per flush: bounds the bytes one write call and one sync carry. */
export const COMMIT_MAX_FRAMES_DEFAULT = 4096;
export const COMMIT_MAX_FRAMES_MAX = 1_000_000;
/**
 * A writer waits before starting when this many frames are queued and not yet
 * written: callers that fire commits without awaiting them cannot grow the
 * queue without bound.
 */
export const COMMIT_QUEUE_MAX_FRAMES_FACTOR = 4;

/**
 * 2 log syncs in flight at once (`full` mode): the leader writes the next
 * record and starts its fdatasync while the previous one still runs, so the
 * callers of one sync compute their next commits while another sync covers
 * the commits before them. Each sync holds a thread of the libuv pool (4 by
 * default); two keep the disk busy without taking the whole pool.
 */
export const LOG_SYNCS_IN_FLIGHT_MAX = 2;
/** A burst of at least this many commits found by an idle leader in `full` mode is split in two records with a sync each (see group-committer.ts). */
export const COMMIT_BURST_SPLIT_MIN = 4;

/**
 * 2048 pages of log (16 MiB at 8 KiB) before an automatic checkpoint. Writers
 * wait for a running checkpoint at twice this (pager.ts), so the log stays
 * inside the preallocated 64 MiB, where writes never extend the file.
 */
export const AUTOCHECKPOINT_PAGES_DEFAULT = 2048;
export const AUTOCHECKPOINT_PAGES_MAX = 1_000_000_000;
/** 30 s: an idle database folds its log into the file soon, without a timer storm. */
export const AUTOCHECKPOINT_MS_DEFAULT = 30_000;
export const AUTOCHECKPOINT_MS_MAX = 24 * 60 * 60 * 1000;

/**
 * 64 MiB: the log file is extended with real blocks once, so a commit's
 * fdatasync does not also have to persist a file-size change (measured: see
 * docs/benchmarks.md).
 */
export const WAL_PREALLOCATE_BYTES_DEFAULT = 64 * MiB;
export const WAL_PREALLOCATE_BYTES_MAX = 4 * 1024 * MiB;

/** A B+-tree deeper than this is corrupt: with 4 KiB pages and 1 KiB keys, 2^53 keys fit in 25 levels. */
export const BTREE_MAX_DEPTH = 32;

// ------------------------------------------------------------------ query builder specs (src/query/builder)

/** 1 MiB of JSON per query spec: a spec is a query, not a data upload; bigger ones are almost surely a bug or an attack. */
export const QUERY_SPEC_MAX_BYTES = 1 * MiB;
/** 64 levels of and/or/not: deeper is machine-generated nonsense, and validation walks it recursively. */
export const QUERY_PREDICATE_DEPTH_MAX = 64;
/** 10 000 predicate parts per spec (the original's limit): bounds validation and planning work. */
export const QUERY_PREDICATE_NODES_MAX = 10_000;
/** 10 000 values in one inList (the original's limit): a longer list belongs in a parameter or a join. */
export const QUERY_IN_LIST_MAX = 10_000;
/** 64 node and edge variables per spec: far above any sensible pattern, and keeps the planner's search small. */
export const QUERY_VARIABLES_MAX = 64;
/** 16 hops: the default and largest maxHops of a variable-length step (the engine caps an unbounded `*` here too); the number of paths grows exponentially with it. */
export const QUERY_HOPS_MAX = 16;
