/**
 * What every route file gets from the server: the database, the resolved
 * options, the write guard, the metrics, and `signalFor(reply)` which ties a
 * query to its client, its time limit and the server's shutdown.
 */
import type { FastifyReply } from 'fastify';
import type { Database } from '../db/database.js';
import type { ServerMetrics } from './server-metrics.js';
import type { RequestSignal } from './request-signal.js';
import type { ResolvedServeOptions } from './serve-options.js';
import type { WriteGuard } from './write-guard.js';

export interface RouteContext {
  readonly db: Database;
  readonly options: ResolvedServeOptions;
  readonly guard: WriteGuard;
  readonly metrics: ServerMetrics;
  /** A signal for the query of this reply, with a time limit of at most `options.queryTimeoutMs`. */
  signalFor(reply: FastifyReply, timeoutMs?: number): RequestSignal;
  /** Whether the server accepts work (false while starting or shutting down). */
  readonly accepting: boolean;
}
