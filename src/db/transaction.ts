/**
 * A write transaction of the public API: every read and write method of the
 * graph on the transaction's own view (its writes are visible to its reads),
 * then `commit()` or `rollback()`. Only one is open at a time; others wait
 * their turn (FIFO).
 *
 * A method that rejects its arguments (INVALID_ARG, NOT_FOUND, CONSTRAINT)
 * changes nothing, and the transaction carries on. Any other failure (an I/O
 * error, a corrupt page) spoils the transaction: `commit()` then rolls back
 * and rethrows that error.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { InvalidArgError, SombraError, TxClosedError } from '../base/errors.js';
import type { GraphReader } from '../graph/graph-reader.js';
import type { GraphStore } from '../graph/graph-store.js';
import type { NameOrId, Props, PropsUpdate, PropValue } from '../graph/graph-types.js';
import { GraphWriter, type GraphWriterOptions } from '../graph/graph-writer.js';
import type { WriteTxn } from '../pager/write-txn.js';
import { GraphView } from '../query/exec/graph-view.js';
import { emptyStats, type QueryResult, type QueryRunOptions } from '../query/exec/query-result.js';
import { executeToEnd } from '../query/exec/statement-executor.js';
import { paramValues } from '../query/values/param-values.js';
import { GraphReads } from './graph-reads.js';
import { queryEngine } from './query-engine.js';

const RECOVERABLE = new Set(['INVALID_ARG', 'NOT_FOUND', 'CONSTRAINT']);

/** The `db.transaction(fn)` callback whose async context this is: its database and transaction. */
interface CallbackScope {
  readonly owner: object;
  readonly tx: Transaction;
}

/**
 * Tracks which `db.transaction(fn)` callback an async context belongs to, so
 * that a `db` write awaited inside `fn` (which would wait forever for the
 * writer lock `fn`'s own transaction holds) is refused at once. Enabled only
 * while a callback runs: on Node 20 an enabled AsyncLocalStorage costs every
 * promise of the process a hook, and the auto-commit path never needs it.
 */
const callbackScope = new AsyncLocalStorage<CallbackScope>();
let callbacksRunning = 0;

function callbackSettled(): void {
  callbacksRunning -= 1;
  if (callbacksRunning === 0) callbackScope.disable();
}

/**
 * @internal Runs `fn(tx)`, the callback of `db.transaction(fn)` on database
 * `owner`, in a scope that `assertNotInTransactionCallback(owner)` recognises.
 */
export function runTransactionCallback<T>(owner: object, tx: Transaction, fn: (tx: Transaction) => T | Promise<T>): Promise<T> {
  callbacksRunning += 1;
  let pending: Promise<T>;
  try {
    pending = Promise.resolve(callbackScope.run({ owner, tx }, fn, tx));
  } catch (err) {
    pending = Promise.reject(err);
  }
  return pending.finally(callbackSettled);
}

/**
 * @internal Throws INVALID_ARG when called, on database `owner`, from inside
 * the callback of an active `db.transaction(fn)` of the same database: the
 * write would queue behind the transaction that is waiting for it.
 */
export function assertNotInTransactionCallback(owner: object): void {
  if (callbacksRunning === 0) return;
  const scope = callbackScope.getStore();
  if (scope === undefined || scope.owner !== owner || !scope.tx.active) return;
  throw new InvalidArgError(
    'a write through the database (db.createNode, db.cypher, db.mutateMany, db.transaction, ...) was started inside db.transaction(fn) on the same database: ' +
      "it would wait forever for the writer lock that fn's own transaction holds. Write through the transaction fn receives instead (tx.createNode(...), tx.cypher(...)).",
  );
}

/**
 * Options of `db.transaction(fn, options)` and `db.beginWrite(options)`:
 * `deferIndexes` (default false) skips property-index maintenance during the
 * transaction and rebuilds the indexes of every touched label at commit.
 * @example await db.transaction((tx) => { ... }, { deferIndexes: true })
 */
export type TransactionOptions = GraphWriterOptions;

/**
 * A write transaction (see the file comment): synchronous write methods,
 * read methods that see its own writes, then `commit()` or `rollback()`.
 * @example
 *   const tx = await db.beginWrite();
 *   try { tx.createNode('User', { name: 'Ada' }); await tx.commit(); }
 *   finally { tx.rollback(); } // does nothing after commit
 */
export class Transaction extends GraphReads {
  readonly #txn: WriteTxn;
  readonly #graph: GraphWriter;
  #state: 'active' | 'committing' | 'committed' | 'rolledBack' = 'active';
  #spoiled: unknown = null;

  /** @internal Use `db.beginWrite()` or `db.transaction(fn)`. */
  constructor(txn: WriteTxn, store: GraphStore, options: TransactionOptions = {}) {
    super();
    this.#txn = txn;
    this.#graph = new GraphWriter(txn, store, options);
  }

  protected reader(): GraphReader {
    this.#check();
    return this.#graph;
  }

  /** Whether the transaction can still be used. */
  get active(): boolean {
    return this.#state === 'active' && this.#txn.active;
  }

  #check(): void {
    if (this.#state !== 'active') throw new TxClosedError(`the transaction has already ${this.#state === 'rolledBack' ? 'rolled back' : 'committed'}`);
  }

  #write<T>(fn: () => T): T {
    this.#check();
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof SombraError && RECOVERABLE.has(err.code))) this.#spoiled ??= err;
      throw err;
    }
  }

  /**
   * Runs a Cypher query inside this transaction: it sees the transaction's
   * writes and its own writes become part of it. A query that fails after
   * it wrote something spoils the transaction (commit then rolls back), so
   * a failed statement never half-lands.
   * @example const { rows } = await tx.cypher('MATCH (u:User {name: $name}) RETURN u.age AS age', { name: 'Ada' })
   */
  async cypher(text: string, params?: Record<string, unknown>, options?: QueryRunOptions & { keepFloatBoxes?: boolean }): Promise<QueryResult> {
    this.#check();
    const stmt = queryEngine.parse(text);
    const values = paramValues(params);
    const writes = queryEngine.writes(stmt);
    const graph = this.#graph;
    const plan = queryEngine.plan(stmt, graph);
    if (stmt.explain === 'explain') return { columns: [], rows: [], stats: emptyStats(), plan: plan.root.describe() };
    try {
      return await executeToEnd(plan, new GraphView(graph, graph), values, { ...options, profile: stmt.explain === 'profile' });
    } catch (err) {
      if (writes) this.#spoiled ??= err;
      throw err;
    }
  }

  /** @internal The graph writer of this transaction (the query engine runs on it). */
  get graphWriter(): GraphWriter {
    this.#check();
    return this.#graph;
  }

  /** @internal Marks the transaction as failed: commit will roll back and throw `err`. */
  spoil(err: unknown): void {
    this.#spoiled ??= err;
  }

  /** Ids of the nodes with a label, ascending, as this transaction sees them. */
  *nodesWithLabel(label: NameOrId): Generator<number, void, undefined> {
    this.#check();
    yield* this.#graph.nodesWithLabel(label);
  }

  /**
   * Creates a node and returns its id.
   * @example const id = tx.createNode(['User', 'Admin'], { name: 'Ada', born: new Date('1815-12-10') })
   */
  createNode(labels: NameOrId | readonly NameOrId[], props?: Props): number {
    return this.#write(() => this.#graph.createNode(labels, props));
  }

  /**
   * The fast path: labels and property keys as ids from `intern`, properties
   * as `[keyId, value]` pairs; no name is looked up.
   * @example const [user, name] = [tx.intern('User'), tx.intern('name')]; tx.createNodeIds([user], [[name, 'Ada']])
   */
  createNodeIds(labelIds: readonly number[], props?: ReadonlyArray<readonly [number, PropValue]>): number {
    return this.#write(() => {
      const { labels, entries } = this.#graph.resolveIds(labelIds, props ?? []);
      return this.#graph.createNodeResolved(labels, entries);
    });
  }

  /** Sets and removes properties of a node. @example tx.updateNode(1, { set: { age: 37 }, unset: ['nickname'] }) */
  updateNode(id: number, update: PropsUpdate): void {
    this.#write(() => this.#graph.updateNode(id, update));
  }

  /**
   * Deletes a node. A node that still has edges is refused (CONSTRAINT)
   * unless `cascade: true`, which deletes its edges first.
   */
  deleteNode(id: number, options?: { cascade?: boolean }): void {
    this.#write(() => this.#graph.deleteNode(id, options));
  }

  /**
   * Creates an edge from `src` to `dst` and returns its id; both nodes must exist.
   * @example tx.createEdge(1, 2, 'KNOWS', { since: 2020 })
   */
  createEdge(src: number, dst: number, type: NameOrId, props?: Props): number {
    return this.#write(() => this.#graph.createEdge(src, dst, type, props));
  }

  /** Sets and removes properties of an edge. */
  updateEdge(id: number, update: PropsUpdate): void {
    this.#write(() => this.#graph.updateEdge(id, update));
  }

  /** Deletes an edge. */
  deleteEdge(id: number): void {
    this.#write(() => this.#graph.deleteEdge(id));
  }

  /** The id of a label, edge type or property key name, created when new. */
  intern(name: string): number {
    return this.#write(() => this.#graph.intern(name, 'name'));
  }

  /** Creates and fills the (label, property) index; false if it exists already. */
  createIndex(label: NameOrId, property: NameOrId): boolean {
    return this.#write(() => this.#graph.createIndex(label, property));
  }

  /** Drops the (label, property) index; false if there is none. */
  dropIndex(label: NameOrId, property: NameOrId): boolean {
    return this.#write(() => this.#graph.dropIndex(label, property));
  }

  /** Rebuilds the (label, property) index from the nodes; false if there is none. */
  rebuildIndex(label: NameOrId, property: NameOrId): boolean {
    return this.#write(() => this.#graph.rebuildIndex(label, property));
  }

  /**
   * Commits. Resolves once the commit is as durable as the `synchronous`
   * mode promises (`full`: it survives power loss). Rejects, with nothing
   * committed, if the transaction was spoiled by an earlier failure.
   */
  async commit(): Promise<void> {
    this.#check();
    if (this.#spoiled !== null) {
      this.rollback();
      throw this.#spoiled;
    }
    this.#state = 'committing';
    try {
      this.#graph.finish();
    } catch (err) {
      this.#state = 'active';
      this.rollback();
      throw err;
    }
    try {
      await this.#txn.commit();
    } finally {
      this.#state = 'committed';
    }
  }

  /** Drops every change of the transaction. Does nothing once it has ended. */
  rollback(): void {
    if (this.#state !== 'active') return;
    this.#state = 'rolledBack';
    this.#graph.rollback();
    this.#txn.rollback();
  }
}
