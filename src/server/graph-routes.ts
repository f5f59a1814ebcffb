/**
 * The graph endpoints besides queries: `GET /api/stats`, `GET /api/schema`,
 * `GET /api/nodes/:id`, `GET /api/nodes/:id/neighbors` and
 * `POST /api/mutate` (the operations of `db.mutateMany`, all or nothing;
 * token).
 */
import type { FastifyInstance } from 'fastify';
import { InvalidArgError, NotFoundError } from '../base/errors.js';
import type { EdgeRecord, NodeRecord } from '../graph/graph-types.js';
import type { PublicValue } from '../query/values/public-values.js';
import { errorResponse } from './http-error.js';
import { fromJsonParam, toJsonValue, type JsonValue } from './json-values.js';
import type { RouteContext } from './route-context.js';

const STARTED_MS = Date.now();

function nodeOut(n: NodeRecord): { id: number; labels: string[]; properties: JsonValue } {
  return { id: n.id, labels: n.labels, properties: toJsonValue(n.props as Record<string, PublicValue>) };
}

function edgeOut(e: EdgeRecord): { id: number; type: string; start: number; end: number; properties: JsonValue } {
  return { id: e.id, type: e.type, start: e.src, end: e.dst, properties: toJsonValue(e.props as Record<string, PublicValue>) };
}

function nodeIdParam(raw: unknown): number {
  const s = typeof raw === 'string' ? raw : '';
  if (!/^[1-9]\d{0,15}$/.test(s) || !Number.isSafeInteger(Number(s))) throw new InvalidArgError(`node id must be a positive integer, got ${JSON.stringify(s)}`);
  return Number(s);
}

export function registerGraphRoutes(app: FastifyInstance, ctx: RouteContext): void {
  const { db, metrics, options } = ctx;

  app.get('/api/stats', async () => {
    metrics.sample(false);
    return {
      stats: db.stats(),
      openSnapshots: db.pager.stats().readersOpen,
      server: { readOnly: options.readOnly, uptimeMs: Date.now() - STARTED_MS, sampleIntervalMs: options.sampleIntervalMs, path: db.pager.path },
      history: metrics.history(),
    };
  });

  app.get('/api/schema', async () => db.schema());

  app.get('/api/nodes/:id', async (request) => {
    const started = performance.now();
    const id = nodeIdParam((request.params as Record<string, unknown>).id);
    const node = db.getNode(id);
    metrics.observeQuery('node', (performance.now() - started) / 1000, node === null ? 'NOT_FOUND' : undefined);
    if (node === null) throw new NotFoundError(`node ${id} does not exist`);
    return { node: nodeOut(node) };
  });

  app.get('/api/nodes/:id/neighbors', async (request) => {
    const started = performance.now();
    try {
      const id = nodeIdParam((request.params as Record<string, unknown>).id);
      const q = request.query as Record<string, unknown>;
      const direction = q.direction ?? 'both';
      if (direction !== 'out' && direction !== 'in' && direction !== 'both') throw new InvalidArgError(`direction must be out, in or both, got ${JSON.stringify(direction)}`);
      let limit = options.neighborsMax;
      if (q.limit !== undefined) {
        const n = Number(q.limit);
        if (!Number.isInteger(n) || n < 1) throw new InvalidArgError(`limit must be a positive integer, got ${JSON.stringify(q.limit)}`);
        limit = Math.min(n, options.neighborsMax);
      }
      const type = typeof q.type === 'string' && q.type !== '' ? q.type : undefined;
      const out = db.read((view) => {
        const node = view.getNode(id);
        if (node === null) throw new NotFoundError(`node ${id} does not exist`);
        const found = view.neighbors(id, { direction, distinct: false, limit: limit + 1, ...(type === undefined ? {} : { edgeType: type }) });
        const truncated = found.length > limit;
        const neighbors = found.slice(0, limit).map((n) => {
          const other = view.getNode(n.nodeId);
          const edge = view.getEdge(n.edgeId);
          return { node: other === null ? null : nodeOut(other), edge: edge === null ? null : edgeOut(edge), direction: n.direction };
        });
        return { node: nodeOut(node), neighbors, truncated };
      });
      metrics.observeQuery('neighbors', (performance.now() - started) / 1000);
      return out;
    } catch (err) {
      metrics.observeQuery('neighbors', (performance.now() - started) / 1000, errorResponse(err).body.code);
      throw err;
    }
  });

  app.post('/api/mutate', async (request) => {
    const started = performance.now();
    try {
      ctx.guard.check(request.headers, 'mutate');
      const body = request.body as unknown;
      const raw = Array.isArray(body) ? body : body !== null && typeof body === 'object' ? (body as { ops?: unknown }).ops : undefined;
      if (!Array.isArray(raw)) throw new InvalidArgError('the body must be {"ops": [...]} (or the array of operations itself)');
      const ops = fromJsonParam(raw, 'ops');
      const result = await db.mutateMany(ops as Parameters<typeof db.mutateMany>[0]);
      const seconds = (performance.now() - started) / 1000;
      metrics.observeQuery('mutate', seconds);
      metrics.observeCommit(seconds);
      return result;
    } catch (err) {
      metrics.observeQuery('mutate', (performance.now() - started) / 1000, errorResponse(err).body.code);
      throw err;
    }
  });
}
