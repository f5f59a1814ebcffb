/**
 * `Database`: the embedded graph database as users open it.
 *
 * - Reads are synchronous and see the newest acknowledged state (in `full`
 *   mode, only what a power cut cannot take away).
 * - Writes run in transactions: the auto-commit methods (`createNode`, ...)
 *   each run one and resolve when it is acknowledged; `transaction(fn)` runs
 *   `fn` in one and commits on return, rolls back on throw; `beginWrite()`
 *   hands the transaction out. Transactions run one at a time (FIFO); many
 *   small concurrent ones share one fsync (group commit).
 * - `read(fn)` gives `fn` one consistent snapshot for several reads.
 */
import { CancelledError, InvalidArgError, SombraError, UnsupportedFormatError } from '../base/errors.js';
import { GraphReader } from '../graph/graph-reader.js';
import { GraphStore } from '../graph/graph-store.js';
import type { NameOrId, Props, PropsUpdate } from '../graph/graph-types.js';
import { verifyGraph } from '../graph/verify-graph.js';
import type { PragmaValue } from '../pager/options.js';
import { Pager } from '../pager/pager.js';
import type { ReadSnapshot } from '../pager/read-snapshot.js';
import type { CheckpointResult } from '../wal/checkpointer.js';
import type { SynchronousMode } from '../wal/group-committer.js';
import { MemVfs } from '../vfs/mem-vfs.js';
import { NodeVfs } from '../vfs/node-vfs.js';
import type { Vfs } from '../vfs/vfs.js';
import { GraphView } from '../query/exec/graph-view.js';
import { emptyStats, type QueryResult, type QueryRow, type QueryRunOptions } from '../query/exec/query-result.js';
import { StatementExecution, executeToEnd, type ExecuteOptions } from '../query/exec/statement-executor.js';
import type { StatementRunner } from '../query/exec/statement-runner.js';
import type { Statement } from '../query/cypher/ast.js';
import type { PlanDescription } from '../query/plan/plan-description.js';
import { QueryBuilder } from '../query/builder/query-builder.js';
import { paramValues } from '../query/values/param-values.js';
import type { Value } from '../query/values/value.js';
import { GraphReads } from './graph-reads.js';
import { queryEngine } from './query-engine.js';
import { applyOps, validateOps, type MutationOp, type MutationResult } from './mutations.js';
import { resolveDatabaseOptions, type DatabaseOptions } from './options.js';
import { ReadView } from './read-view.js';
import { Transaction, assertNotInTransactionCallback, runTransactionCallback, type TransactionOptions } from './transaction.js';

/**
 * What `db.stats()` reports. Counters (`cacheHits`, `commits`, `flushes`,
 * `logSyncs`, `checkpoints`) count since this open.
 */
export interface DatabaseStats {
  /** Nodes in the newest acknowledged state. */
  nodes: number;
  /** Edges in the newest acknowledged state. */
  edges: number;
  /** Interned names in the newest acknowledged state (labels, edge types and property keys share one catalog). */
  names: number;
  /** Property indexes in the newest acknowledged state. */
  indexes: number;
  /** Page size of the file. */
  pageSizeBytes: number;
  /** Pages in the database, page 0 (the header) included. */
  pageCount: number;
  /** Free pages waiting for reuse. */
  freelistCount: number;
  /** Size of the database file (lags `pageCount` until a checkpoint copies new pages in). */
  dbFileSizeBytes: number;
  /** Size of the log file, its preallocation included. */
  walFileSizeBytes: number;
  /** Frames in the log (0 after a checkpoint restarted it). */
  walFrames: number;
  /** Pages held in the page cache now. */
  cachePages: number;
  /** Capacity of the page cache in pages (`cachePages` option, pragma `cache_size`). */
  cacheCapacityPages: number;
  /** Page reads answered by the cache. */
  cacheHits: number;
  /** Page reads that went to the log or the database file. */
  cacheMisses: number;
  /** hits / (hits + misses), 0 before the first read. */
  cacheHitRate: number;
  /** Acknowledged commits. */
  commits: number;
  /** Log writes; each carries one or more commits (group commit). */
  flushes: number;
  /** fdatasync calls on the log; `commits / logSyncs` is the group-commit factor. */
  logSyncs: number;
  /** Checkpoints run. */
  checkpoints: number;
  /** The current durability mode. */
  synchronous: SynchronousMode;
  /** True after a failed write or sync: writes are refused until reopened. */
  failed: boolean;
}

/** What `db.verify()` reports. */
export interface VerifyReport {
  /** True when `problems` is empty. */
  ok: boolean;
  /** One sentence per problem, naming the rule and the place. */
  problems: string[];
  /** Node records checked (0 when the trees themselves are damaged). */
  nodes: number;
  /** Edge records checked (0 when the trees themselves are damaged). */
  edges: number;
  /** Pages in the database, page 0 included. */
  pages: number;
  /** Pages on the freelist. */
  freePages: number;
}

/** What `db.cypherStream` returns: the rows as an async iterable, and the column names known before the first row. */
export type QueryStream = AsyncIterableIterator<QueryRow> & { readonly columns: string[] };

/** Options of `db.cypher` and `db.cypherStream`. */
export interface CypherOptions extends QueryRunOptions {
  /** @internal Keep integral floats as `BoxedFloat` (the TCK runner tells 1.0 from 1). */
  keepFloatBoxes?: boolean;
}

const abandonedIterators = new FinalizationRegistry<ReadSnapshot>((snapshot) => snapshot.release());

/**
 * Runs `fn` in a transaction of `db` (shared by `transaction` and the
 * auto-commit methods). `userCallback`: `fn` is the caller's, so it runs in a
 * scope where a `db` write is refused (it would deadlock on the writer lock).
 */
async function inTransaction<T>(db: Database, fn: (tx: Transaction) => T | Promise<T>, options?: TransactionOptions, userCallback = false): Promise<T> {
  const tx = await db.beginWrite(options);
  let result: T;
  try {
    result = await (userCallback ? runTransactionCallback(db, tx, fn) : fn(tx));
  } catch (err) {
    tx.rollback();
    throw err;
  }
  if (tx.active) await tx.commit();
  return result;
}

/**
 * An open database: synchronous reads of the newest acknowledged state (the
 * methods of `GraphReads`), auto-commit writes that resolve when acknowledged,
 * transactions (`transaction`, `beginWrite`), snapshots (`read`), pragmas,
 * checkpoint, verify, stats and close. Open one with `Database.open`.
 * @example
 *   const db = await Database.open('graph.sombra');
 *   const ada = await db.createNode('User', { name: 'Ada' });
 *   console.log(db.getNode(ada)); // { id: 1, labels: ['User'], props: { name: 'Ada' } }
 *   await db.close();
 */
export class Database extends GraphReads {
  /** The path the database was opened with (`:memory:` for an in-memory one). */
  readonly path: string;
  readonly #pager: Pager;
  readonly #store: GraphStore;
  #latest: GraphReader | null = null;

  private constructor(path: string, pager: Pager, store: GraphStore) {
    super();
    this.path = path;
    this.#pager = pager;
    this.#store = store;
  }

  /**
   * Opens (or creates) a database file. `':memory:'` opens a database that
   * lives in memory only. Options: see `DatabaseOptions`; unknown options are
   * rejected with INVALID_ARG.
   * @example const db = await Database.open('graph.sombra', { synchronous: 'full' })
   */
  static async open(path: string, options?: DatabaseOptions): Promise<Database> {
    if (typeof path !== 'string' || path.length === 0) throw new InvalidArgError(`path must be a non-empty string, got ${typeof path === 'string' ? '""' : typeof path}`);
    const resolved = resolveDatabaseOptions(options);
    if (path === ':memory:') {
      // Nothing to preallocate or sync in memory unless asked.
      const memory = { ...resolved, walPreallocateBytes: options?.walPreallocateBytes ?? 0 };
      return Database.openOn(new MemVfs(), path, memory);
    }
    return Database.openOn(new NodeVfs(), path, resolved);
  }

  /** @internal Opens on a given file system (tests run on MemVfs and FaultVfs). */
  static async openOn(vfs: Vfs, path: string, options: DatabaseOptions & { testOnlyAckBeforeSync?: boolean } = {}): Promise<Database> {
    const resolved = resolveDatabaseOptions(options);
    const pager = await Pager.open(vfs, path, resolved);
    try {
      let roots = GraphStore.findRoots(pager.latest());
      if (roots === null) {
        if (pager.readOnly) throw new UnsupportedFormatError(`${path} holds no graph yet and was opened read-only`);
        const txn = await pager.beginWrite();
        roots = GraphStore.createTrees(txn);
        await txn.commit();
      }
      return new Database(path, pager, GraphStore.load(pager.latestSnapshot(), roots));
    } catch (err) {
      await pager.close().catch(() => undefined);
      throw err;
    }
  }

  /** @internal */
  get pager(): Pager {
    return this.#pager;
  }

  protected reader(): GraphReader {
    const snapshot = this.#pager.latestSnapshot();
    let r = this.#latest;
    if (r === null || r.view !== snapshot) {
      r = new GraphReader(snapshot, this.#store);
      this.#latest = r;
    }
    return r;
  }

  /** Whether `close()` was called. */
  get closed(): boolean {
    return this.#pager.closed;
  }

  /**
   * Ids of the nodes with a label, ascending, lazily: the iterator holds a
   * snapshot (consistent across `await`s) until it ends; call `return()` (or
   * `break` out of `for...of`) to release it early.
   * @example for (const id of db.nodesWithLabel('User')) console.log(id)
   */
  *nodesWithLabel(label: NameOrId): Generator<number, void, undefined> {
    const snapshot = this.#pager.beginRead();
    const token = {};
    abandonedIterators.register(token, snapshot, token);
    try {
      yield* new GraphReader(snapshot, this.#store).nodesWithLabel(label);
    } finally {
      abandonedIterators.unregister(token);
      snapshot.release();
    }
  }

  // ------------------------------------------------------------ queries

  /**
   * Runs a query of the query language based on openCypher (docs/cypher.md).
   * A read-only query reads one snapshot; a query that writes is one
   * auto-commit transaction, durable as `synchronous` says, and changes
   * nothing if it fails. `EXPLAIN` returns the plan without running;
   * `PROFILE` runs and returns the plan with actual rows and times.
   * @example const { columns, rows, stats } = await db.cypher('MATCH (u:User) WHERE u.age > $min RETURN u.name AS name', { min: 30 })
   */
  cypher(text: string, params?: Record<string, unknown>, options?: CypherOptions): Promise<QueryResult> {
    try {
      if (typeof text !== 'string') throw new InvalidArgError(`cypher expects the query text as a string, got ${text === null ? 'null' : typeof text}`);
      const stmt = queryEngine.parse(text);
      return this.#runStatement(stmt, paramValues(params), options ?? {});
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /**
   * Runs a query and yields its rows as they are produced (read-only
   * queries stream from one snapshot, released when the iteration ends or
   * is abandoned; a query that writes runs to the end in its transaction
   * first).
   * @example for await (const row of db.cypherStream('MATCH (n:User) RETURN n.name AS name')) console.log(row.name)
   */
  cypherStream(text: string, params?: Record<string, unknown>, options?: CypherOptions): QueryStream {
    if (typeof text !== 'string') throw new InvalidArgError(`cypherStream expects the query text as a string, got ${text === null ? 'null' : typeof text}`);
    const stmt = queryEngine.parse(text);
    const columns = stmt.explain === 'explain' ? [] : queryEngine.plan(stmt, this.reader()).columns.slice();
    return Object.assign(this.#streamStatement(stmt, paramValues(params), options ?? {}), { columns });
  }

  /**
   * The query builder (docs/query.md): an immutable builder, or one around
   * a spec (a `toSpec()` result, or the original Sombra's QuerySpec v1).
   * @example const rows = await db.query().nodes('User').where('n0', (b) => b.gt('age', 30)).select('n0.name').execute()
   */
  query(spec?: unknown): QueryBuilder {
    return new QueryBuilder(this.#runner, spec);
  }

  readonly #runner: StatementRunner = {
    execute: (statement, params, options) => this.#runStatement(statement, params, options ?? {}),
    stream: (statement, params, options) => this.#streamStatement(statement, params, options ?? {}),
    explain: async (statement, params, options) => {
      if (options?.analyze === true) {
        const r = await this.#runStatement(statement, params, { ...(options.signal === undefined ? {} : { signal: options.signal }), profile: true });
        return r.plan!;
      }
      return this.#explain(statement);
    },
  };

  #explain(stmt: Statement): PlanDescription {
    return queryEngine.plan(stmt, this.reader()).root.describe();
  }

  /**
   * The shared reader of the newest state (its trees and names stay cached
   * from query to query) and a registered snapshot of the same commit that
   * holds back the checkpoint while a query reads through the shared one
   * across awaits. Release `pin` when done.
   */
  #pinnedLatest(): { reader: GraphReader; pin: ReadSnapshot } {
    const reader = this.reader();
    const pin = this.#pager.beginRead();
    if ((reader.view as ReadSnapshot).fsn !== pin.fsn) {
      pin.release();
      throw new SombraError('INTERNAL', 'the newest snapshot moved between two synchronous calls');
    }
    return { reader, pin };
  }

  async #runStatement(stmt: Statement, params: Record<string, Value>, options: CypherOptions & { profile?: boolean }): Promise<QueryResult> {
    if (stmt.explain === 'explain') return { columns: [], rows: [], stats: emptyStats(), plan: this.#explain(stmt) };
    const exec: ExecuteOptions = { profile: options.profile === true || stmt.explain === 'profile', keepFloatBoxes: options.keepFloatBoxes === true };
    if (options.signal !== undefined) exec.signal = options.signal;
    if (!queryEngine.writes(stmt)) {
      const { reader, pin } = this.#pinnedLatest();
      try {
        return await executeToEnd(queryEngine.plan(stmt, reader), new GraphView(reader, null), params, exec);
      } finally {
        pin.release();
      }
    }
    return inTransaction(this, async (tx) => {
      const w = tx.graphWriter;
      return executeToEnd(queryEngine.plan(stmt, w), new GraphView(w, w), params, exec);
    });
  }

  async *#streamStatement(stmt: Statement, params: Record<string, Value>, options: CypherOptions): AsyncGenerator<QueryRow, void, undefined> {
    if (stmt.explain !== null || queryEngine.writes(stmt)) {
      const r = await this.#runStatement(stmt, params, options);
      yield* r.rows;
      return;
    }
    const { reader, pin: snapshot } = this.#pinnedLatest();
    const token = {};
    abandonedIterators.register(token, snapshot, token);
    let exec: StatementExecution | null = null;
    try {
      const o: ExecuteOptions = { keepFloatBoxes: options.keepFloatBoxes === true };
      if (options.signal !== undefined) o.signal = options.signal;
      exec = new StatementExecution(queryEngine.plan(stmt, reader), new GraphView(reader, null), params, o);
      for (let r = exec.next(); r !== null; r = exec.next()) {
        yield r;
        if (options.signal?.aborted === true) throw new CancelledError();
      }
    } finally {
      exec?.close();
      abandonedIterators.unregister(token);
      snapshot.release();
    }
  }

  // ------------------------------------------------------------ transactions

  /**
   * Starts a write transaction once the writer lock is free (FIFO).
   * @example const tx = await db.beginWrite(); tx.createNode('User', {}); await tx.commit()
   */
  async beginWrite(options?: TransactionOptions): Promise<Transaction> {
    if (options !== undefined && (options === null || typeof options !== 'object')) throw new InvalidArgError('transaction options must be an object { deferIndexes? }');
    for (const k of Object.keys(options ?? {})) if (k !== 'deferIndexes') throw new InvalidArgError(`unknown transaction option ${JSON.stringify(k)}; known: deferIndexes`);
    const defer = options?.deferIndexes;
    if (defer !== undefined && typeof defer !== 'boolean') throw new InvalidArgError(`transaction option deferIndexes must be true or false, got ${JSON.stringify(defer) ?? typeof defer}`);
    assertNotInTransactionCallback(this);
    const txn = await this.#pager.beginWrite();
    try {
      return new Transaction(txn, this.#store, options);
    } catch (err) {
      txn.rollback();
      throw err;
    }
  }

  /**
   * Runs `fn` in one transaction: commits when it returns (resolving after
   * the commit is acknowledged, with `fn`'s result), rolls back when it throws.
   * Inside `fn`, write through `tx`: a `db` write there (which would wait for
   * the lock `fn`'s transaction holds) is refused at once with INVALID_ARG.
   * @example await db.transaction(async (tx) => { const a = tx.createNode('User', {}); tx.createEdge(a, a, 'SELF') })
   */
  transaction<T>(fn: (tx: Transaction) => T | Promise<T>, options?: TransactionOptions): Promise<T> {
    if (typeof fn !== 'function') return Promise.reject(new InvalidArgError('transaction expects a function (tx) => ...'));
    return inTransaction(this, fn, options, true);
  }

  /**
   * Gives `fn` a read-only view of one snapshot for several consistent reads.
   * Returns what `fn` returns; an async `fn` keeps the snapshot until it settles.
   * @example const [a, b] = db.read((v) => [v.getNode(1), v.neighbors(1)])
   */
  read<T>(fn: (view: ReadView) => T): T {
    if (typeof fn !== 'function') throw new InvalidArgError('read expects a function (view) => ...');
    const view = new ReadView(this.#pager.beginRead(), this.#store);
    let result: T;
    try {
      result = fn(view);
    } catch (err) {
      view.release();
      throw err;
    }
    if (result instanceof Promise) {
      return result.finally(() => view.release()) as T;
    }
    view.release();
    return result;
  }

  /**
   * Applies operation objects in one transaction and returns the ids they
   * created; any invalid operation rejects the whole batch and changes nothing.
   * @example await db.mutateMany([{ op: 'createNode', labels: ['User'], as: 'a' }, { op: 'createEdge', src: { ref: 'a' }, dst: 1, type: 'KNOWS' }])
   */
  async mutateMany(ops: readonly MutationOp[]): Promise<MutationResult> {
    const valid = validateOps(ops);
    return inTransaction(this, (tx) => applyOps(tx, valid));
  }

  // ------------------------------------------------------------ auto-commit writes

  /** Creates a node in its own transaction. @example const id = await db.createNode('User', { name: 'Ada' }) */
  createNode(labels: NameOrId | readonly NameOrId[], props?: Props): Promise<number> {
    return inTransaction(this, (tx) => tx.createNode(labels, props));
  }

  /** Updates a node's properties in its own transaction. */
  updateNode(id: number, update: PropsUpdate): Promise<void> {
    return inTransaction(this, (tx) => tx.updateNode(id, update));
  }

  /** Deletes a node (with `cascade`, its edges too) in its own transaction. */
  deleteNode(id: number, options?: { cascade?: boolean }): Promise<void> {
    return inTransaction(this, (tx) => tx.deleteNode(id, options));
  }

  /** Creates an edge in its own transaction. @example await db.createEdge(a, b, 'KNOWS', { since: 2020 }) */
  createEdge(src: number, dst: number, type: NameOrId, props?: Props): Promise<number> {
    return inTransaction(this, (tx) => tx.createEdge(src, dst, type, props));
  }

  /** Updates an edge's properties in its own transaction. */
  updateEdge(id: number, update: PropsUpdate): Promise<void> {
    return inTransaction(this, (tx) => tx.updateEdge(id, update));
  }

  /** Deletes an edge in its own transaction. */
  deleteEdge(id: number): Promise<void> {
    return inTransaction(this, (tx) => tx.deleteEdge(id));
  }

  /**
   * The numeric id of a label, edge type or property key, creating it when
   * new (a transaction only then). Ids are accepted wherever names are.
   */
  async intern(name: string): Promise<number> {
    const known = this.idOf(name);
    if (known !== null) return known;
    return inTransaction(this, (tx) => tx.intern(name));
  }

  /** Creates and fills the (label, property) property index; false if it existed. */
  createIndex(label: NameOrId, property: NameOrId): Promise<boolean> {
    return inTransaction(this, (tx) => tx.createIndex(label, property));
  }

  /** Drops the (label, property) index; false if there was none. */
  dropIndex(label: NameOrId, property: NameOrId): Promise<boolean> {
    return inTransaction(this, (tx) => tx.dropIndex(label, property));
  }

  /** Rebuilds the (label, property) index from the nodes; false if there is none. */
  rebuildIndex(label: NameOrId, property: NameOrId): Promise<boolean> {
    return inTransaction(this, (tx) => tx.rebuildIndex(label, property));
  }

  // ------------------------------------------------------------ maintenance

  /**
   * Reads (no value) or changes a setting. Writable: `synchronous`
   * ('full'|'normal'|'off'), `wal_coalesce_ms`, `autocheckpoint_ms` (null
   * disables), `autocheckpoint_pages`, `commit_max_frames`, `cache_size`
   * (pages). Read-only: `page_size`, `page_count`, `wal_frames`,
   * `freelist_count`. A rejected value changes nothing (INVALID_ARG).
   * @example db.pragma('synchronous', 'normal'); db.pragma('wal_frames') // 12
   */
  pragma(name: string, value?: PragmaValue): PragmaValue {
    return this.#pager.pragma(name, value);
  }

  /** Copies the log into the database file and restarts the log when no reader holds it. */
  checkpoint(): Promise<CheckpointResult> {
    return this.#pager.checkpoint();
  }

  /** Checks every structure of the file (see graph/verify-graph.ts for the rules). */
  verify(): VerifyReport {
    const snapshot = this.#pager.beginRead();
    try {
      const r = verifyGraph(snapshot, this.#store);
      return { ok: r.ok, problems: r.problems, nodes: r.nodes, edges: r.edges, pages: r.pages, freePages: r.freePages };
    } finally {
      snapshot.release();
    }
  }

  /** Counts, file sizes and cache figures. */
  stats(): DatabaseStats {
    const p = this.#pager.stats();
    const r = this.reader();
    const lookups = p.cacheHits + p.cacheMisses;
    return {
      nodes: r.nodeCount(),
      edges: r.edgeCount(),
      names: r.catalogIdMax(),
      indexes: r.listIndexes().length,
      pageSizeBytes: p.pageSizeBytes,
      pageCount: p.pageCount,
      freelistCount: p.freelistCount,
      dbFileSizeBytes: p.dbFileSizeBytes,
      walFileSizeBytes: p.walFileSizeBytes,
      walFrames: p.walFrames,
      cachePages: p.cachePages,
      cacheCapacityPages: p.cacheCapacityPages,
      cacheHits: p.cacheHits,
      cacheMisses: p.cacheMisses,
      cacheHitRate: lookups === 0 ? 0 : p.cacheHits / lookups,
      commits: p.commits,
      flushes: p.flushes,
      logSyncs: p.logSyncs,
      checkpoints: p.checkpoints,
      synchronous: p.synchronous,
      failed: p.failed,
    };
  }

  /**
   * Waits for pending commits, rolls back an open transaction, checkpoints,
   * and releases the files and the lock. Every later call throws CLOSED.
   */
  close(): Promise<void> {
    return this.#pager.close();
  }

  /** Closes the database (`close()`), for `await using db = await Database.open(...)`. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }
}
