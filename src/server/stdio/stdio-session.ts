/**
 * One stdio connection's state and methods: the open database, the
 * transactions the client began (by number) and the cursors of streamed
 * results (by number). `call(method, params)` runs one request and resolves
 * with the wire form of its result; errors propagate to the server, which
 * answers them (protocol.ts P5).
 *
 * Invariants: a transaction number is in `#txs` exactly while the engine
 * transaction is active or committing; a cursor is in `#cursors` until it is
 * done or closed, and a done cursor has released its snapshot. After
 * `shutdown()` no new transaction or cursor is registered.
 */
import { ClosedError, InvalidArgError, TxClosedError } from '../../base/errors.js';
import type { Database } from '../../db/database.js';
import type { GraphReads } from '../../db/graph-reads.js';
import type { MutationOp } from '../../db/mutations.js';
import { queryEngine } from '../../db/query-engine.js';
import type { Transaction } from '../../db/transaction.js';
import type { BfsOptions, NameOrId, NeighborOptions, Props, PropsUpdate, PropValue, RangePredicate } from '../../graph/graph-types.js';
import type { PragmaValue } from '../../pager/options.js';
import { emptyStats, type QueryRow, type QueryStats } from '../../query/exec/query-result.js';
import type { PlanDescription } from '../../query/plan/plan-description.js';
import { STDIO_CHUNK_ROWS_DEFAULT, STDIO_CHUNK_ROWS_MAX, STDIO_CURSORS_MAX } from './protocol.js';
import { Encoded, decodeValue, encodeValue, type WireJson } from './wire-values.js';

/** The params object of a request. */
export type Params = Record<string, unknown>;

type RowSource = Iterator<QueryRow> | AsyncIterator<QueryRow>;

/** A streamed result: rows pulled on demand, one fetch at a time. */
class Cursor {
  #chain: Promise<unknown> = Promise.resolve();
  #done = false;

  constructor(
    readonly columns: string[],
    readonly source: RowSource,
  ) {}

  get done(): boolean {
    return this.#done;
  }

  /** Up to `maxRows` rows, each as a list in column order; fetches on one cursor run in turn. */
  pull(maxRows: number): Promise<WireJson[]> {
    const run = this.#chain.then(async () => {
      const rows: WireJson[] = [];
      while (!this.#done && rows.length < maxRows) {
        const r = await this.source.next();
        if (r.done === true) {
          this.#done = true;
          break;
        }
        rows.push(this.columns.map((c) => encodeValue(r.value[c])));
      }
      return rows;
    });
    this.#chain = run.catch(() => undefined);
    return run.catch(async (err: unknown) => {
      this.#done = true;
      throw err;
    });
  }

  /** Releases the source (its snapshot) early. */
  async close(): Promise<void> {
    this.#done = true;
    await this.#chain;
    await this.source.return?.();
  }
}

function str(p: Params, key: string): string {
  const v = p[key];
  if (typeof v !== 'string') throw new InvalidArgError(`params.${key} must be a string, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  return v;
}

function int(p: Params, key: string): number {
  const v = p[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) throw new InvalidArgError(`params.${key} must be an integer, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  return v;
}

/** The decoded value of `params[key]`, or undefined when absent. */
function val(p: Params, key: string): unknown {
  const v = p[key];
  return v === undefined ? undefined : decodeValue(v, `params.${key}`);
}

function chunkRows(p: Params, key: string): number {
  if (p[key] === undefined) return STDIO_CHUNK_ROWS_DEFAULT;
  const n = int(p, key);
  if (n < 1 || n > STDIO_CHUNK_ROWS_MAX) throw new InvalidArgError(`params.${key} must be in [1, ${STDIO_CHUNK_ROWS_MAX}], got ${n}`);
  return n;
}

export class StdioSession {
  readonly #db: Database;
  readonly #txs = new Map<number, Transaction>();
  readonly #cursors = new Map<number, Cursor>();
  #nextTx = 1;
  #nextCursor = 1;
  #closed = false;

  constructor(db: Database) {
    this.#db = db;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs one request's method; resolves with its result on the wire. */
  async call(method: string, p: Params): Promise<WireJson> {
    if (this.#closed) throw new ClosedError('the server is shutting down');
    if (!Object.prototype.hasOwnProperty.call(this.#methods, method)) {
      throw new InvalidArgError(`unknown method ${JSON.stringify(method)} (known: ${Object.keys(this.#methods).join(', ')})`);
    }
    return encodeValue(await this.#methods[method]!(p));
  }

  /** Rolls back open transactions, closes cursors, then closes the database (P7). */
  async shutdown(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const tx of this.#txs.values()) if (tx.active) tx.rollback();
    this.#txs.clear();
    const cursors = [...this.#cursors.values()];
    this.#cursors.clear();
    await Promise.allSettled(cursors.map((c) => c.close()));
    await this.#db.close();
  }

  // ------------------------------------------------------------ helpers

  /** The transaction `params.tx` names, or null when absent. */
  #txOf(p: Params): Transaction | null {
    if (p['tx'] === undefined || p['tx'] === null) return null;
    const id = int(p, 'tx');
    const tx = this.#txs.get(id);
    if (tx === undefined) throw new TxClosedError(`transaction ${id} is not open (it committed, rolled back, or never began)`);
    return tx;
  }

  #reads(p: Params): GraphReads {
    return this.#txOf(p) ?? this.#db;
  }

  /** Opens a cursor over `source` and answers with its first chunk (P6). */
  async #result(columns: string[] | null, source: RowSource, stats: QueryStats, plan: PlanDescription | undefined, chunk: number): Promise<unknown> {
    let cols = columns;
    const first: QueryRow[] = [];
    // Without known columns (a streamed read), they are the first row's keys.
    if (cols === null) {
      const r = await source.next();
      if (r.done === true) cols = [];
      else {
        cols = Object.keys(r.value);
        first.push(r.value);
      }
    }
    const buffered = first[Symbol.iterator]();
    const rest = source;
    const chained: AsyncIterator<QueryRow> = {
      next: async () => {
        const b = buffered.next();
        if (b.done !== true) return b;
        return rest.next();
      },
      return: async () => {
        await rest.return?.();
        return { done: true, value: undefined };
      },
    };
    const cursor = new Cursor(cols, chained);
    const rows = await cursor.pull(chunk);
    let cursorId: number | null = null;
    if (!cursor.done) {
      if (this.#cursors.size >= STDIO_CURSORS_MAX) {
        await cursor.close();
        throw new InvalidArgError(`too many open cursors (${STDIO_CURSORS_MAX}): read results to the end or close them`);
      }
      cursorId = this.#nextCursor++;
      this.#cursors.set(cursorId, cursor);
    }
    const out: Record<string, unknown> = { columns: cols, rows: new Encoded(rows), stats, cursor: cursorId };
    if (plan !== undefined) out['plan'] = plan;
    return out;
  }

  #cursorOf(p: Params): [number, Cursor] {
    const id = int(p, 'cursor');
    const c = this.#cursors.get(id);
    if (c === undefined) throw new InvalidArgError(`cursor ${id} is not open (it ended or was closed)`);
    return [id, c];
  }

  async #cypher(p: Params): Promise<unknown> {
    const text = str(p, 'text');
    const params = (val(p, 'params') ?? {}) as Record<string, unknown>;
    const chunk = chunkRows(p, 'chunkRows');
    const tx = this.#txOf(p);
    if (tx !== null) {
      const r = await tx.cypher(text, params, { keepFloatBoxes: true });
      return this.#result(r.columns, r.rows[Symbol.iterator](), r.stats, r.plan, chunk);
    }
    const stmt = queryEngine.parse(text);
    if (stmt.explain !== null || queryEngine.writes(stmt)) {
      const r = await this.#db.cypher(text, params, { keepFloatBoxes: true });
      return this.#result(r.columns, r.rows[Symbol.iterator](), r.stats, r.plan, chunk);
    }
    return this.#result(null, this.#db.cypherStream(text, params, { keepFloatBoxes: true }), emptyStats(), undefined, chunk);
  }

  async #query(p: Params): Promise<unknown> {
    const builder = this.#db.query(p['spec']);
    const params = (val(p, 'params') ?? {}) as Record<string, never>;
    return this.#result(null, builder.stream({ params }), emptyStats(), undefined, chunkRows(p, 'chunkRows'));
  }

  async #explain(p: Params): Promise<unknown> {
    const params = (val(p, 'params') ?? {}) as Record<string, never>;
    if (p['spec'] !== undefined) return this.#db.query(p['spec']).explain({ params, analyze: p['analyze'] === true });
    const text = str(p, 'text');
    const r = await this.#db.cypher(`${p['analyze'] === true ? 'PROFILE' : 'EXPLAIN'} ${text}`, params);
    return r.plan ?? null;
  }

  // ------------------------------------------------------------ methods

  readonly #methods: Record<string, (p: Params) => unknown> = {
    hello: () => ({ path: this.#db.path }),

    // writes: auto-commit on the database, or inside params.tx
    createNode: (p) => {
      const tx = this.#txOf(p);
      const labels = val(p, 'labels') as NameOrId[];
      const props = val(p, 'props') as Props | undefined;
      return tx !== null ? tx.createNode(labels, props) : this.#db.createNode(labels, props);
    },
    updateNode: (p) => {
      const tx = this.#txOf(p);
      const update = { set: val(p, 'set'), unset: val(p, 'unset') } as PropsUpdate;
      if (update.set === undefined) delete update.set;
      if (update.unset === undefined) delete update.unset;
      return tx !== null ? tx.updateNode(int(p, 'id'), update) : this.#db.updateNode(int(p, 'id'), update);
    },
    deleteNode: (p) => {
      const tx = this.#txOf(p);
      const options = { cascade: p['cascade'] === true };
      return tx !== null ? tx.deleteNode(int(p, 'id'), options) : this.#db.deleteNode(int(p, 'id'), options);
    },
    createEdge: (p) => {
      const tx = this.#txOf(p);
      const type = val(p, 'type') as NameOrId;
      const props = val(p, 'props') as Props | undefined;
      return tx !== null ? tx.createEdge(int(p, 'src'), int(p, 'dst'), type, props) : this.#db.createEdge(int(p, 'src'), int(p, 'dst'), type, props);
    },
    updateEdge: (p) => {
      const tx = this.#txOf(p);
      const update = { set: val(p, 'set'), unset: val(p, 'unset') } as PropsUpdate;
      if (update.set === undefined) delete update.set;
      if (update.unset === undefined) delete update.unset;
      return tx !== null ? tx.updateEdge(int(p, 'id'), update) : this.#db.updateEdge(int(p, 'id'), update);
    },
    deleteEdge: (p) => {
      const tx = this.#txOf(p);
      return tx !== null ? tx.deleteEdge(int(p, 'id')) : this.#db.deleteEdge(int(p, 'id'));
    },
    mutateMany: (p) => this.#db.mutateMany(val(p, 'ops') as MutationOp[]),
    createIndex: (p) => {
      const tx = this.#txOf(p);
      const [label, prop] = [val(p, 'label') as NameOrId, val(p, 'property') as NameOrId];
      return tx !== null ? tx.createIndex(label, prop) : this.#db.createIndex(label, prop);
    },
    dropIndex: (p) => {
      const tx = this.#txOf(p);
      const [label, prop] = [val(p, 'label') as NameOrId, val(p, 'property') as NameOrId];
      return tx !== null ? tx.dropIndex(label, prop) : this.#db.dropIndex(label, prop);
    },

    // transactions
    beginWrite: async (p) => {
      const tx = await this.#db.beginWrite({ deferIndexes: p['deferIndexes'] === true });
      if (this.#closed) {
        tx.rollback();
        throw new ClosedError('the server is shutting down');
      }
      const id = this.#nextTx++;
      this.#txs.set(id, tx);
      return { tx: id };
    },
    commit: async (p) => {
      const tx = this.#txOf(p);
      if (tx === null) throw new InvalidArgError('commit needs params.tx');
      this.#txs.delete(int(p, 'tx'));
      await tx.commit();
      return null;
    },
    rollback: (p) => {
      const tx = this.#txOf(p);
      if (tx === null) throw new InvalidArgError('rollback needs params.tx');
      this.#txs.delete(int(p, 'tx'));
      tx.rollback();
      return null;
    },

    // reads: the newest acknowledged state, or inside params.tx
    getNode: (p) => this.#reads(p).getNode(int(p, 'id')),
    getEdge: (p) => this.#reads(p).getEdge(int(p, 'id')),
    neighbors: (p) => this.#reads(p).neighbors(int(p, 'id'), (val(p, 'options') ?? {}) as NeighborOptions),
    bfs: (p) => this.#reads(p).bfs(int(p, 'start'), int(p, 'maxDepth'), (val(p, 'options') ?? {}) as BfsOptions),
    findNodes: (p) => this.#reads(p).findNodes(val(p, 'label') as NameOrId, val(p, 'property') as NameOrId, val(p, 'value') as PropValue),
    findNodesInRange: (p) => this.#reads(p).findNodesInRange(val(p, 'label') as NameOrId, val(p, 'property') as NameOrId, val(p, 'range') as RangePredicate),
    countNodesWithLabel: (p) => this.#reads(p).countNodesWithLabel(val(p, 'label') as NameOrId),
    countEdgesWithType: (p) => this.#reads(p).countEdgesWithType(val(p, 'type') as NameOrId),
    nodeCount: (p) => this.#reads(p).nodeCount(),
    edgeCount: (p) => this.#reads(p).edgeCount(),
    listIndexes: (p) => this.#reads(p).listIndexes(),

    // queries
    cypher: (p) => this.#cypher(p),
    query: (p) => this.#query(p),
    explain: (p) => this.#explain(p),
    fetch: async (p) => {
      const [id, cursor] = this.#cursorOf(p);
      const maxRows = chunkRows(p, 'maxRows');
      try {
        const rows = await cursor.pull(maxRows);
        if (cursor.done) this.#cursors.delete(id);
        return { rows: new Encoded(rows), done: cursor.done };
      } catch (err) {
        this.#cursors.delete(id);
        await cursor.close().catch(() => undefined);
        throw err;
      }
    },
    closeCursor: async (p) => {
      const id = int(p, 'cursor');
      const c = this.#cursors.get(id);
      this.#cursors.delete(id);
      if (c !== undefined) await c.close();
      return null;
    },

    // maintenance
    pragma: (p) => (p['value'] === undefined ? this.#db.pragma(str(p, 'name')) : this.#db.pragma(str(p, 'name'), val(p, 'value') as PragmaValue)),
    checkpoint: () => this.#db.checkpoint(),
    verify: () => this.#db.verify(),
    stats: () => this.#db.stats(),
  };
}
