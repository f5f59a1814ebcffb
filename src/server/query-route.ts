/**
 * `POST /api/query`: Cypher text with parameters, or a builder spec (the
 * JSON of `db.query().toSpec()`, or the original Sombra's QuerySpec v1).
 *
 * Body: `{ cypher, params? }` or `{ spec, params? }`, plus optional
 * `explain: true | "analyze"` (builder specs; Cypher uses EXPLAIN/PROFILE),
 * `rowsMax` and `timeoutMs` (each at most the server's limit).
 *
 * Answer as JSON (`{ columns, rows, rowCount, truncated, stats?, plan?,
 * elapsedMs }`) or, with `Accept: application/x-ndjson` or `?format=ndjson`,
 * as NDJSON: one `{"row": {...}}` line per row, then one `{"summary": {...}}`
 * line (row count, truncated, columns, elapsed time), or an `{"error": {code, message}}` line when the query fails after
 * the first row was sent. A stream writes as fast as the client reads
 * (back-pressure), so its memory stays bounded whatever the row count.
 *
 * A query that writes needs the token; the text is parsed (and rejected,
 * 400) before anything runs.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InvalidArgError } from '../base/errors.js';
import { queryEngine } from '../db/query-engine.js';
import type { QueryParam } from '../query/builder/query-builder.js';
import type { QueryRow, QueryStats } from '../query/exec/query-result.js';
import type { PlanDescription } from '../query/plan/plan-description.js';
import { HttpError, errorResponse } from './http-error.js';
import { paramsFromJson, rowJson, type JsonValue } from './json-values.js';
import type { RequestSignal } from './request-signal.js';
import type { RouteContext } from './route-context.js';
import type { QueryKind } from './server-metrics.js';

/** How long a row loop may run before it lets the event loop (and a disconnect or timeout) in. */
const LOOP_SLICE_MS = 20;

interface QueryBody {
  cypher?: unknown;
  spec?: unknown;
  params?: unknown;
  explain?: unknown;
  rowsMax?: unknown;
  timeoutMs?: unknown;
}

/** What one request asks to run, checked and ready. */
interface PreparedQuery {
  kind: QueryKind;
  /** Runs to the end (writes, EXPLAIN, PROFILE, builder explain): rows and the extras. */
  runAll: ((signal: AbortSignal) => Promise<{ rows: QueryRow[]; columns: string[]; stats?: QueryStats; plan?: PlanDescription }>) | null;
  /** Streams rows lazily (read-only queries); Cypher streams know their columns before the first row. */
  stream: ((signal: AbortSignal) => AsyncIterableIterator<QueryRow> & { readonly columns?: string[] }) | null;
}

function optionalLimit(v: unknown, name: string, max: number): number {
  if (v === undefined || v === null) return max;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new InvalidArgError(`"${name}" must be a positive integer, got ${JSON.stringify(v)}`);
  return Math.min(v, max);
}

function prepare(ctx: RouteContext, body: QueryBody, request: FastifyRequest): PreparedQuery {
  const params = paramsFromJson(body.params);
  if (typeof body.cypher === 'string') {
    if (body.spec !== undefined) throw new InvalidArgError('give either "cypher" or "spec", not both');
    const text = body.cypher;
    const stmt = queryEngine.parse(text); // CypherError (400) before anything runs
    const writes = queryEngine.writes(stmt);
    if (writes) ctx.guard.check(request.headers, 'a query that writes');
    const kind: QueryKind = stmt.explain !== null ? 'explain' : writes ? 'cypher_write' : 'cypher_read';
    if (writes || stmt.explain !== null) {
      return {
        kind,
        runAll: async (signal) => {
          const r = await ctx.db.cypher(text, params, { signal });
          return r.plan === undefined ? { rows: r.rows, columns: r.columns, stats: r.stats } : { rows: r.rows, columns: r.columns, stats: r.stats, plan: r.plan };
        },
        stream: null,
      };
    }
    return { kind, runAll: null, stream: (signal) => ctx.db.cypherStream(text, params, { signal }) };
  }
  if (body.cypher !== undefined) throw new InvalidArgError('"cypher" must be a string');
  if (body.spec === undefined) throw new InvalidArgError('the body needs "cypher" (query text) or "spec" (a builder spec)');
  const builder = ctx.db.query(body.spec);
  builder.toStatement(); // spec errors (400, with the spec path) before anything runs
  if (body.explain !== undefined && body.explain !== false) {
    if (body.explain !== true && body.explain !== 'analyze') throw new InvalidArgError('"explain" must be true or "analyze"');
    const analyze = body.explain === 'analyze';
    return {
      kind: 'explain',
      runAll: async (signal) => ({ rows: [], columns: [], plan: await builder.explain({ analyze, params: params as Record<string, QueryParam>, signal }) }),
      stream: null,
    };
  }
  return { kind: 'builder', runAll: null, stream: (signal) => builder.stream({ params: params as Record<string, QueryParam>, signal }) };
}

/** Pulls at most `max` rows (and one more, to tell whether there were more), letting the event loop in now and then. */
async function collect(rows: AsyncIterableIterator<QueryRow>, max: number): Promise<{ rows: QueryRow[]; truncated: boolean }> {
  const out: QueryRow[] = [];
  let truncated = false;
  let sliceStart = Date.now();
  try {
    for await (const row of rows) {
      if (out.length === max) {
        truncated = true;
        break;
      }
      out.push(row);
      if ((out.length & 255) === 0 && Date.now() - sliceStart > LOOP_SLICE_MS) {
        await yieldToLoop();
        sliceStart = Date.now();
      }
    }
  } finally {
    await rows.return?.();
  }
  return { rows: out, truncated };
}

function wantsNdjson(request: FastifyRequest): boolean {
  const q = request.query as Record<string, unknown> | undefined;
  if (q?.format === 'ndjson') return true;
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.includes('application/x-ndjson');
}

/** The error to answer when the query was cancelled by its signal, else `err` itself. */
function cancelledAs(err: unknown, rs: RequestSignal, timeoutMs: number): unknown {
  if (rs.cause === 'timeout') return new HttpError(504, 'QUERY_TIMEOUT', `the query ran longer than ${timeoutMs} ms and was cancelled`);
  if (rs.cause === 'shutdown') return new HttpError(503, 'NOT_READY', 'the server is shutting down; the query was cancelled');
  return err;
}

export function registerQueryRoute(app: FastifyInstance, ctx: RouteContext): void {
  app.post('/api/query', async (request, reply) => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InvalidArgError('the body must be a JSON object');
    const b = body as QueryBody;
    const ndjson = wantsNdjson(request);
    const rowsMax = optionalLimit(b.rowsMax, 'rowsMax', ndjson ? ctx.options.streamRowsMax : ctx.options.rowsMax);
    const timeoutMs = optionalLimit(b.timeoutMs, 'timeoutMs', ctx.options.queryTimeoutMs);
    const started = performance.now();
    let prepared: PreparedQuery;
    try {
      prepared = prepare(ctx, b, request);
    } catch (err) {
      ctx.metrics.observeQuery('cypher_read', (performance.now() - started) / 1000, errorResponse(err).body.code);
      throw err;
    }
    const rs = ctx.signalFor(reply, timeoutMs);
    const done = (errorCode?: string): void => {
      const seconds = (performance.now() - started) / 1000;
      ctx.metrics.observeQuery(prepared.kind, seconds, errorCode);
      if (prepared.kind === 'cypher_write' && errorCode === undefined) ctx.metrics.observeCommit(seconds);
    };
    if (ndjson) return streamNdjson(reply, prepared, rs, rowsMax, timeoutMs, started, done);
    try {
      let result: { rows: QueryRow[]; columns: string[]; truncated: boolean; stats?: QueryStats; plan?: PlanDescription };
      if (prepared.runAll !== null) {
        const r = await prepared.runAll(rs.signal);
        result = { ...r, truncated: r.rows.length > rowsMax, rows: r.rows.length > rowsMax ? r.rows.slice(0, rowsMax) : r.rows };
      } else {
        const stream = prepared.stream!(rs.signal);
        const r = await collect(stream, rowsMax);
        result = { ...r, columns: stream.columns?.slice() ?? (r.rows.length > 0 ? Object.keys(r.rows[0]!) : []) };
      }
      done();
      const out: Record<string, unknown> = {
        columns: result.columns,
        rows: result.rows.map(rowJson),
        rowCount: result.rows.length,
        truncated: result.truncated,
        elapsedMs: Math.round((performance.now() - started) * 1000) / 1000,
      };
      if (result.stats !== undefined) out.stats = result.stats;
      if (result.plan !== undefined) out.plan = result.plan;
      return out;
    } catch (err) {
      const e = cancelledAs(err, rs, timeoutMs);
      done(errorResponse(e).body.code);
      throw e;
    } finally {
      rs.dispose();
    }
  });
}

/**
 * Writes `text` and waits while the socket's buffer is full; false when the
 * client went away. A cancelled query stops waiting for a client that does
 * not read (the caller sees the signal next), so a shutdown or a time limit
 * is never held up by a stalled reader.
 */
async function writeChunk(reply: FastifyReply, text: string, signal: AbortSignal): Promise<boolean> {
  const res = reply.raw;
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(text) || signal.aborted) return true;
  return new Promise((resolve) => {
    const settle = (connected: boolean): void => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      signal.removeEventListener('abort', onDrain);
      resolve(connected);
    };
    const onDrain = (): void => settle(true);
    const onClose = (): void => settle(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
    signal.addEventListener('abort', onDrain, { once: true });
  });
}

async function streamNdjson(
  reply: FastifyReply,
  prepared: PreparedQuery,
  rs: RequestSignal,
  rowsMax: number,
  timeoutMs: number,
  started: number,
  done: (errorCode?: string) => void,
): Promise<void> {
  let headersSent = false;
  let rowCount = 0;
  let truncated = false;
  let stats: QueryStats | undefined;
  let plan: PlanDescription | undefined;
  const CHUNK_BYTES = 64 * 1024;
  let pending = '';
  const sendHead = (): void => {
    if (headersSent) return;
    headersSent = true;
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' });
  };
  const flush = async (): Promise<boolean> => {
    sendHead();
    const text = pending;
    pending = '';
    return text.length === 0 ? true : writeChunk(reply, text, rs.signal);
  };
  try {
    let rows: AsyncIterableIterator<QueryRow> | QueryRow[];
    let columns: string[] | undefined;
    if (prepared.runAll !== null) {
      const r = await prepared.runAll(rs.signal);
      rows = r.rows;
      columns = r.columns;
      stats = r.stats;
      plan = r.plan;
    } else {
      const stream = prepared.stream!(rs.signal);
      rows = stream;
      columns = stream.columns;
    }
    let sliceStart = Date.now();
    try {
      for await (const row of rows) {
        if (rowCount === rowsMax) {
          truncated = true;
          break;
        }
        rowCount++;
        pending += `{"row":${JSON.stringify(rowJson(row))}}\n`;
        // The first row goes out at once (headers, time to first row), then chunks.
        // Neither a write nor a wait for 'drain' proves the event loop ran (a
        // socket that takes the bytes at once emits 'drain' on the next tick),
        // so only a yield of our own starts a new slice: a client that reads
        // fast must not starve timers, signals and other requests.
        if (pending.length >= CHUNK_BYTES || rowCount === 1) {
          if (!(await flush())) throw new Error('client went away');
        }
        if ((rowCount & 255) === 0 && Date.now() - sliceStart > LOOP_SLICE_MS) {
          await yieldToLoop();
          sliceStart = Date.now();
        }
        if (rs.signal.aborted) break;
      }
    } finally {
      if (!Array.isArray(rows)) await rows.return?.();
    }
    if (rs.cause !== null) throw cancelledAs(new Error('cancelled'), rs, timeoutMs);
    const summary: Record<string, JsonValue> = { rowCount, truncated, elapsedMs: Math.round((performance.now() - started) * 1000) / 1000 };
    if (columns !== undefined) summary.columns = columns;
    if (stats !== undefined) summary.stats = stats as unknown as JsonValue;
    if (plan !== undefined) summary.plan = plan as unknown as JsonValue;
    pending += `${JSON.stringify({ summary })}\n`;
    await flush();
    done();
    reply.raw.end();
  } catch (err) {
    const e = rs.cause === 'disconnect' ? err : cancelledAs(err, rs, timeoutMs);
    const { status, body } = errorResponse(e);
    done(rs.cause === 'disconnect' ? 'CANCELLED' : body.code);
    if (reply.raw.destroyed) return;
    if (!headersSent) {
      headersSent = true;
      reply.hijack();
      reply.raw.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      reply.raw.end(JSON.stringify(body));
      return;
    }
    pending += `${JSON.stringify({ error: body })}\n`;
    await flush();
    reply.raw.end();
  } finally {
    rs.dispose();
  }
}
