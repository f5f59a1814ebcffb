/**
 * The HTTP server of `sombra serve`: fastify with the API routes, health,
 * Prometheus metrics and the dashboard, over one open `Database` that the
 * caller owns (the CLI opens it, and closes it after `close()`).
 *
 * Invariants:
 * - every error response is JSON `{ code, message }` with its status
 *   (http-error.ts), fastify's own errors included;
 * - nothing writes without the token, and nothing writes on a read-only server;
 * - every query runs under a RequestSignal: the client leaving, the time
 *   limit or the shutdown's grace period cancels it;
 * - `close()` stops accepting (new requests get 503), lets running requests
 *   finish for `graceMs`, cancels what is still running, then resolves.
 */
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { Database } from '../db/database.js';
import { DASHBOARD_MISSING_HTML, defaultDashboardDir, loadDashboardAssets } from './dashboard-assets.js';
import { registerGraphRoutes } from './graph-routes.js';
import { HttpError, errorResponse } from './http-error.js';
import { registerQueryRoute } from './query-route.js';
import { RequestSignal } from './request-signal.js';
import type { RouteContext } from './route-context.js';
import { resolveServeOptions, type ResolvedServeOptions, type ServeOptions } from './serve-options.js';
import { ServerMetrics } from './server-metrics.js';
import { WriteGuard } from './write-guard.js';

/** Default time running requests get to finish when the server closes. */
export const SHUTDOWN_GRACE_MS = 5_000;
/** After the grace period's cancel, how long connections get to flush their last bytes before they are cut. */
const SHUTDOWN_CUT_AFTER_CANCEL_MS = 2_000;

export class SombraServer {
  readonly app: FastifyInstance;
  readonly options: ResolvedServeOptions;
  readonly metrics: ServerMetrics;
  readonly #db: Database;
  readonly #aborts = new Set<() => void>();
  #accepting = false;
  #closing: Promise<void> | null = null;
  #url: string | null = null;

  constructor(db: Database, options: ServeOptions) {
    this.#db = db;
    this.options = resolveServeOptions(options);
    this.metrics = new ServerMetrics(db, this.options);
    this.app = Fastify({ bodyLimit: this.options.bodyLimitBytes, logger: false, return503OnClosing: true, forceCloseConnections: 'idle' });
    const self = this;
    const ctx: RouteContext = {
      db,
      options: this.options,
      guard: new WriteGuard(this.options.token, this.options.readOnly),
      metrics: this.metrics,
      signalFor: (reply: FastifyReply, timeoutMs?: number) =>
        new RequestSignal(reply.raw, Math.min(timeoutMs ?? this.options.queryTimeoutMs, this.options.queryTimeoutMs), (abort) => {
          this.#aborts.add(abort);
          return () => this.#aborts.delete(abort);
        }),
      get accepting() {
        return self.#accepting;
      },
    };
    this.#routes(ctx);
  }

  /** The base URL once listening (`http://127.0.0.1:7475`). */
  get url(): string {
    if (this.#url === null) throw new Error('the server is not listening');
    return this.#url;
  }

  /** Whether the server takes requests (false before `listen` and from `close` on). */
  get accepting(): boolean {
    return this.#accepting;
  }

  #routes(ctx: RouteContext): void {
    const app = this.app;
    const db = this.#db;
    if (this.options.corsOrigins.length > 0) {
      void app.register(cors, { origin: [...this.options.corsOrigins], methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization', 'accept'] });
    }
    app.setErrorHandler((err, _request, reply) => {
      const { status, body } = errorResponse(err);
      void reply.status(status).header('cache-control', 'no-store').send(body);
    });
    app.setNotFoundHandler((request, reply) => {
      void reply.status(404).send({ code: 'ROUTE_NOT_FOUND', message: `no endpoint ${request.method} ${request.url.split('?')[0]}` });
    });
    app.addHook('onRequest', async (request) => {
      if (!this.#accepting && !request.url.startsWith('/health/live')) throw new HttpError(503, 'NOT_READY', 'the server is shutting down');
    });

    app.get('/health/live', async () => ({ status: 'ok' }));
    app.get('/health/ready', async (_request, reply) => {
      const checks = { accepting: this.#accepting, open: !db.closed, page0: false, lockHeld: !db.closed, writable: false };
      if (!db.closed) {
        try {
          const snapshot = db.pager.beginRead();
          try {
            checks.page0 = snapshot.getPage(0).length === db.pager.pageSizeBytes;
          } finally {
            snapshot.release();
          }
          checks.writable = !db.stats().failed;
        } catch {
          checks.page0 = false;
        }
      }
      const ready = checks.accepting && checks.open && checks.page0 && checks.lockHeld && (checks.writable || this.options.readOnly);
      if (!ready) return reply.status(503).send({ code: 'NOT_READY', message: 'the database is not ready', checks });
      return { status: 'ready', readOnly: this.options.readOnly, checks };
    });
    app.get('/metrics', async (_request, reply) => {
      void reply.header('content-type', this.metrics.contentType);
      return this.metrics.text();
    });

    registerGraphRoutes(app, ctx);
    registerQueryRoute(app, ctx);

    const assets = loadDashboardAssets(this.options.dashboardDir ?? defaultDashboardDir());
    app.get('/', async (_request, reply) => {
      const index = assets.get('/index.html');
      void reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache');
      return index === undefined ? DASHBOARD_MISSING_HTML : index.body;
    });
    app.get('/assets/*', async (request, reply) => {
      const asset = assets.get(request.url.split('?')[0]!);
      if (asset === undefined) return reply.status(404).send({ code: 'ROUTE_NOT_FOUND', message: `no dashboard file ${request.url}` });
      return reply.header('content-type', asset.contentType).header('cache-control', 'no-cache').send(asset.body);
    });
  }

  /** Starts listening; resolves with the base URL. */
  async listen(): Promise<string> {
    await this.app.listen({ host: this.options.host, port: this.options.port });
    const addr = this.app.server.address();
    const port = addr !== null && typeof addr === 'object' ? addr.port : this.options.port;
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    this.#url = `http://${host}:${port}`;
    this.#accepting = true;
    return this.#url;
  }

  /** Requests with a query running now. */
  get runningQueries(): number {
    return this.#aborts.size;
  }

  /**
   * Stops accepting, gives running requests `graceMs` to finish, cancels the
   * rest, and stops the sampler. The database stays open (its owner closes it).
   */
  close(graceMs: number = SHUTDOWN_GRACE_MS): Promise<void> {
    this.#closing ??= (async () => {
      this.#accepting = false;
      const closed = this.app.close();
      const timer = setTimeout(() => {
        for (const abort of [...this.#aborts]) abort();
      }, graceMs);
      // A client that stopped reading keeps its connection (and so the close)
      // open however its query ended: cut such connections a while after the
      // cancel, so a shutdown always ends.
      const cut = setTimeout(() => this.app.server.closeAllConnections(), graceMs + SHUTDOWN_CUT_AFTER_CANCEL_MS);
      try {
        await closed;
      } finally {
        clearTimeout(timer);
        clearTimeout(cut);
        this.metrics.stop();
      }
    })();
    return this.#closing;
  }
}

/** Creates the server over `db` and starts listening. */
export async function startServer(db: Database, options: ServeOptions): Promise<SombraServer> {
  const server = new SombraServer(db, options);
  await server.listen();
  return server;
}
