/**
 * The server's metrics: Prometheus text through prom-client (`GET /metrics`)
 * and a short history of samples for the dashboard's live charts.
 *
 * The engine keeps cumulative counters (`db.stats()`, the pager's stats);
 * a sampler reads them every `sampleIntervalMs` and on every scrape, adds
 * the deltas to the Prometheus counters, and per interval observes the
 * group-commit factor (commits / log syncs of that interval) into a
 * histogram. Commit latency is timed around each write the server runs.
 * Query count and latency are labelled by kind: cypher_read, cypher_write,
 * explain, builder, mutate, node, neighbors.
 */
import client from 'prom-client';
import type { Database } from '../db/database.js';

export type QueryKind = 'cypher_read' | 'cypher_write' | 'explain' | 'builder' | 'mutate' | 'node' | 'neighbors';

/** One point of the dashboard's charts (rates over the interval that ends at `timeMs`). */
export interface StatsSample {
  timeMs: number;
  commits: number;
  logSyncs: number;
  commitsPerSecond: number;
  syncsPerSecond: number;
  /** commits / syncs of the interval, null when there was no sync. */
  commitsPerSync: number | null;
  queriesPerSecond: number;
}

interface Totals {
  commits: number;
  flushes: number;
  logSyncs: number;
  framesWritten: number;
  checkpoints: number;
  cacheHits: number;
  cacheMisses: number;
}

const TOTAL_KEYS = ['commits', 'flushes', 'logSyncs', 'framesWritten', 'checkpoints', 'cacheHits', 'cacheMisses'] as const;

export class ServerMetrics {
  readonly registry = new client.Registry();
  readonly #db: Database;
  readonly #historyMax: number;
  readonly #history: StatsSample[] = [];
  /** Totals at the last read (Prometheus counter deltas). */
  #last: Totals;
  /** Totals at the last chart sample (interval rates). */
  #lastRecorded: Totals;
  #lastSampleMs: number;
  #queriesAtLastSample = 0;
  #queriesTotal = 0;
  #timer: NodeJS.Timeout | null = null;

  readonly #counters: Record<(typeof TOTAL_KEYS)[number], client.Counter>;
  readonly #commitsPerSync: client.Histogram;
  readonly #commitSeconds: client.Histogram;
  readonly #queries: client.Counter<'kind'>;
  readonly #querySeconds: client.Histogram<'kind'>;
  readonly #queryErrors: client.Counter<'kind' | 'code'>;

  constructor(db: Database, options: { sampleIntervalMs: number; historySamplesMax: number }) {
    this.#db = db;
    this.#historyMax = options.historySamplesMax;
    const r = this.registry;
    const counter = (name: string, help: string): client.Counter => new client.Counter({ name, help, registers: [r] });
    this.#counters = {
      commits: counter('sombra_commits_total', 'Acknowledged commits since the database was opened.'),
      flushes: counter('sombra_log_flushes_total', 'Log writes; each carries one or more commits (group commit).'),
      logSyncs: counter('sombra_log_syncs_total', 'fdatasync calls on the log.'),
      framesWritten: counter('sombra_log_frames_written_total', 'Page frames appended to the log.'),
      checkpoints: counter('sombra_checkpoints_total', 'Checkpoints run (log copied into the database file).'),
      cacheHits: counter('sombra_cache_hits_total', 'Page reads answered by the page cache.'),
      cacheMisses: counter('sombra_cache_misses_total', 'Page reads that went to the log or the database file.'),
    };
    const gauge = (name: string, help: string, read: (s: ReturnType<Database['stats']>, openSnapshots: number) => number): void => {
      const self = this;
      new client.Gauge({
        name,
        help,
        registers: [r],
        collect() {
          if (self.#db.closed) return;
          this.set(read(self.#db.stats(), self.#db.pager.stats().readersOpen));
        },
      });
    };
    gauge('sombra_log_frames', 'Frames in the log now (0 after a checkpoint restarted it).', (s) => s.walFrames);
    gauge('sombra_log_size_bytes', 'Size of the log file, its preallocation included.', (s) => s.walFileSizeBytes);
    gauge('sombra_db_size_bytes', 'Size of the database file.', (s) => s.dbFileSizeBytes);
    gauge('sombra_pages', 'Pages in the database, page 0 included.', (s) => s.pageCount);
    gauge('sombra_cache_pages', 'Pages held in the page cache.', (s) => s.cachePages);
    gauge('sombra_cache_capacity_pages', 'Capacity of the page cache in pages.', (s) => s.cacheCapacityPages);
    gauge('sombra_open_snapshots', 'Read snapshots open now (queries and iterators in flight).', (_s, open) => open);
    gauge('sombra_nodes', 'Nodes in the newest acknowledged state.', (s) => s.nodes);
    gauge('sombra_edges', 'Edges in the newest acknowledged state.', (s) => s.edges);
    this.#commitsPerSync = new client.Histogram({
      name: 'sombra_commits_per_sync',
      help: 'Commits per log sync over each sampling interval that had a sync (the group-commit factor).',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [r],
    });
    this.#commitSeconds = new client.Histogram({
      name: 'sombra_commit_duration_seconds',
      help: 'Time from the start of a write request\'s transaction to its acknowledgement (durable in full mode), as the server sees it.',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [r],
    });
    this.#queries = new client.Counter({ name: 'sombra_queries_total', help: 'Requests that ran a query or a read, by kind.', labelNames: ['kind'], registers: [r] });
    this.#querySeconds = new client.Histogram({
      name: 'sombra_query_duration_seconds',
      help: 'Time to answer a query, by kind (streamed results: until the last row is written).',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
      registers: [r],
    });
    this.#queryErrors = new client.Counter({ name: 'sombra_query_errors_total', help: 'Queries that failed, by kind and error code.', labelNames: ['kind', 'code'], registers: [r] });
    // Counters report since the database was opened; chart rates start now.
    this.#last = { commits: 0, flushes: 0, logSyncs: 0, framesWritten: 0, checkpoints: 0, cacheHits: 0, cacheMisses: 0 };
    this.#lastRecorded = this.#totals();
    this.#lastSampleMs = Date.now();
    this.#timer = setInterval(() => this.sample(), options.sampleIntervalMs);
    this.#timer.unref();
  }

  #totals(): Totals {
    const s = this.#db.pager.stats();
    return { commits: s.commits, flushes: s.flushes, logSyncs: s.logSyncs, framesWritten: s.framesWritten, checkpoints: s.checkpoints, cacheHits: s.cacheHits, cacheMisses: s.cacheMisses };
  }

  /** Reads the engine's counters and folds the deltas in; appends a chart sample when `record`. */
  sample(record = true): void {
    if (this.#db.closed) return;
    const now = Date.now();
    const t = this.#totals();
    for (const k of TOTAL_KEYS) {
      const d = t[k] - this.#last[k];
      if (d > 0) this.#counters[k].inc(d);
    }
    this.#last = t;
    // A scrape between samples brings the counters up to date; the interval's rates wait for the timer.
    if (!record) return;
    const commits = t.commits - this.#lastRecorded.commits;
    const syncs = t.logSyncs - this.#lastRecorded.logSyncs;
    const seconds = Math.max(1e-3, (now - this.#lastSampleMs) / 1000);
    if (syncs > 0) this.#commitsPerSync.observe(commits / syncs);
    const queries = this.#queriesTotal - this.#queriesAtLastSample;
    this.#history.push({
      timeMs: now,
      commits: t.commits,
      logSyncs: t.logSyncs,
      commitsPerSecond: commits / seconds,
      syncsPerSecond: syncs / seconds,
      commitsPerSync: syncs > 0 ? commits / syncs : null,
      queriesPerSecond: queries / seconds,
    });
    if (this.#history.length > this.#historyMax) this.#history.shift();
    this.#lastRecorded = t;
    this.#lastSampleMs = now;
    this.#queriesAtLastSample = this.#queriesTotal;
  }

  /** The chart samples, oldest first. */
  history(): StatsSample[] {
    return this.#history.slice();
  }

  /** Counts a query of `kind` that took `seconds`; `errorCode` when it failed. */
  observeQuery(kind: QueryKind, seconds: number, errorCode?: string): void {
    this.#queriesTotal++;
    this.#queries.inc({ kind });
    this.#querySeconds.observe({ kind }, seconds);
    if (errorCode !== undefined) this.#queryErrors.inc({ kind, code: errorCode });
  }

  /** Times one acknowledged write. */
  observeCommit(seconds: number): void {
    this.#commitSeconds.observe(seconds);
  }

  /** Prometheus text of every metric, counters brought up to date first. */
  async text(): Promise<string> {
    this.sample(false);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  stop(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
