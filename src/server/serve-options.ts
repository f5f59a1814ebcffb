/**
 * The options of `sombra serve` and `startServer`, each with its default and
 * why. Every limit is named with its unit (STYLE: TigerBeetle's habit).
 */
import { InvalidArgError } from '../base/errors.js';

export interface ServeOptions {
  /** Interface to bind. Default 127.0.0.1: nothing outside this machine reaches the server unless asked. */
  host?: string;
  /** TCP port; 0 picks a free one. Default 7475. */
  port?: number;
  /** Bearer token required by every request that writes. Required unless `readOnly`. */
  token?: string;
  /** Refuse every write (403 READ_ONLY), token or not. */
  readOnly?: boolean;
  /** Origins allowed to call the API from a browser (CORS). Default none: only same-origin pages (the dashboard). */
  corsOrigins?: readonly string[];
  /** Largest request body. Default 1 MiB. */
  bodyLimitBytes?: number;
  /** Most rows of a JSON (non-streamed) query result; more are cut and `truncated` set. Default 10,000. */
  rowsMax?: number;
  /** Most rows of an NDJSON stream. Default 1,000,000. */
  streamRowsMax?: number;
  /** Longest a query may run before it is cancelled (504). Default 30 s. */
  queryTimeoutMs?: number;
  /** Most neighbours `/api/nodes/:id/neighbors` returns. Default 5,000. */
  neighborsMax?: number;
  /** Period of the metrics sampler (charts, histograms). Default 1 s. */
  sampleIntervalMs?: number;
  /** Samples kept for the dashboard's charts. Default 300 (5 min at 1 s). */
  historySamplesMax?: number;
  /** Directory of the built dashboard; default: found next to the code (dist/dashboard). */
  dashboardDir?: string;
}

export type ResolvedServeOptions = Required<Omit<ServeOptions, 'token' | 'dashboardDir'>> & { token: string | null; dashboardDir: string | null };

export const SERVE_DEFAULTS = {
  host: '127.0.0.1',
  port: 7475,
  bodyLimitBytes: 1024 * 1024,
  rowsMax: 10_000,
  streamRowsMax: 1_000_000,
  queryTimeoutMs: 30_000,
  neighborsMax: 5_000,
  sampleIntervalMs: 1_000,
  historySamplesMax: 300,
} as const;

function positiveInt(name: string, v: number | undefined, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < min) throw new InvalidArgError(`option "${name}" must be an integer >= ${min}, got ${String(v)}`);
  return v;
}

export function resolveServeOptions(o: ServeOptions): ResolvedServeOptions {
  const readOnly = o.readOnly === true;
  if (o.token !== undefined && (typeof o.token !== 'string' || o.token.length < 16)) {
    throw new InvalidArgError('option "token" must be a string of at least 16 characters');
  }
  if (!readOnly && o.token === undefined) throw new InvalidArgError('a server that accepts writes needs a token (or readOnly: true)');
  return {
    host: o.host ?? SERVE_DEFAULTS.host,
    port: positiveInt('port', o.port, SERVE_DEFAULTS.port, 0),
    token: o.token ?? null,
    readOnly,
    corsOrigins: [...(o.corsOrigins ?? [])],
    bodyLimitBytes: positiveInt('bodyLimitBytes', o.bodyLimitBytes, SERVE_DEFAULTS.bodyLimitBytes),
    rowsMax: positiveInt('rowsMax', o.rowsMax, SERVE_DEFAULTS.rowsMax),
    streamRowsMax: positiveInt('streamRowsMax', o.streamRowsMax, SERVE_DEFAULTS.streamRowsMax),
    queryTimeoutMs: positiveInt('queryTimeoutMs', o.queryTimeoutMs, SERVE_DEFAULTS.queryTimeoutMs),
    neighborsMax: positiveInt('neighborsMax', o.neighborsMax, SERVE_DEFAULTS.neighborsMax),
    sampleIntervalMs: positiveInt('sampleIntervalMs', o.sampleIntervalMs, SERVE_DEFAULTS.sampleIntervalMs, 10),
    historySamplesMax: positiveInt('historySamplesMax', o.historySamplesMax, SERVE_DEFAULTS.historySamplesMax),
    dashboardDir: o.dashboardDir ?? null,
  };
}
