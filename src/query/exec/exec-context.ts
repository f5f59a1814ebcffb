/**
 * What every operator and expression of one running query shares: the graph
 * as the query sees it, the parameters, the counters of what it changed,
 * cancellation, and the profile when one was asked for.
 */
import { CancelledError } from '../../base/errors.js';
import type { Value } from '../values/value.js';
import { ChangeTracker } from './change-tracker.js';
import type { GraphView } from './graph-view.js';
import type { QueryStats } from './query-result.js';

/** A row: one value per slot; the planner gives each variable and projected item a slot. */
export type Row = Value[];

/** Rows and time of one operator, gathered when profiling. */
export interface OperatorProfile {
  rows: number;
  timeNs: bigint;
}

export class ExecContext {
  readonly graph: GraphView;
  readonly params: Record<string, Value>;
  readonly stats: QueryStats;
  readonly signal: AbortSignal | undefined;
  /** Per operator (by identity), when profiling; null otherwise. */
  readonly profile: Map<object, OperatorProfile> | null;
  /** What the query changed (write queries: the view has a writer). */
  readonly changes: ChangeTracker | null;
  #checks = 0;

  constructor(graph: GraphView, params: Record<string, Value>, stats: QueryStats, signal: AbortSignal | undefined, profile: boolean) {
    this.graph = graph;
    this.params = params;
    this.stats = stats;
    this.signal = signal;
    this.profile = profile ? new Map() : null;
    this.changes = graph.writer === null ? null : new ChangeTracker();
  }

  /** Fills `stats` from the change tracker (call once the statement ran to the end). */
  finishStats(): void {
    if (this.changes !== null) Object.assign(this.stats, this.changes.stats(this.graph));
  }

  /** Throws CANCELLED when the signal fired; cheap enough to call per row. */
  checkCancelled(): void {
    if (this.signal !== undefined && (++this.#checks & 255) === 0 && this.signal.aborted) throw new CancelledError();
  }
}
