/**
 * Write operations of the graph inside one pager write transaction.
 *
 * Invariants (verify-graph.ts checks them on the result)
 * - Every edge has its record, one out entry and one in entry; every node
 *   one label-index entry per label and one entry in each of its labels'
 *   property indexes for each property it has.
 * - Counters in graph.meta match the trees at commit.
 * - Nothing is written for a call that fails validation: arguments are
 *   checked, names resolved and values encoded before the first tree write.
 *   (A failure after that, e.g. an I/O error, fails the whole transaction.)
 *
 * Adjacency and label-index inserts are buffered and sorted before they
 * reach the trees (at the end of the transaction, before any read that needs
 * them, or every BUFFER_FLUSH_ENTRIES entries), so a large transaction writes
 * each leaf once per run of keys instead of once per edge.
 */
import { assert } from '../base/assert.js';
import { compareKeys } from '../base/bytes.js';
import { ConstraintError, InvalidArgError, NotFoundError } from '../base/errors.js';
import { BTree } from '../btree/tree.js';
import type { PageWriter } from '../pager/page-store.js';
import { encodeName, type NameRole, type UndoLog } from './catalog.js';
import { adjKey, idKey, labelKey, labelPrefix, readLabelKeyNode } from './graph-keys.js';
import { AdjacencyBuffer, LabelBuffer, type SortedKeys } from './adjacency-buffer.js';
import { bulkBuild } from '../btree/bulk-build.js';
import { GraphReader, checkId } from './graph-reader.js';
import type { GraphStore } from './graph-store.js';
import type { NameOrId, Props, PropsUpdate } from './graph-types.js';
import { encodeIndexRecord, indexKey } from './meta-store.js';
import { CounterWriter, labelCountKey, type Totals } from './counters.js';
import { buildIndexTree, indexEntryKey, insertIndexEntry, removeIndexEntry } from './property-index.js';
import {
  edgePropEntries,
  encodeEdgeRecord,
  encodeNodeRecord,
  nodePropEntries,
  readEdgeHeader,
  readNodeHeader,
} from './records.js';
import { valuesEqual } from './value-compare.js';
import { checkPropValue, type PropEntry, type PropValue } from './value-codec.js';

/** Buffered index inserts are written once this many are pending. */
export const BUFFER_FLUSH_ENTRIES = 65_536;
/** In a deferIndexes (bulk) transaction: 16M entries, about 450 MiB of columns at most. */
export const BULK_BUFFER_FLUSH_ENTRIES = 16 * 1024 * 1024;

/** Batches up to this size go through put; larger ones through putSorted or bulkBuild. */
const SMALL_BATCH_KEYS = 8;

/**
 * Writes keys (ascending) with empty values: an empty tree is bulk-built
 * (every page written once, packed), a non-empty one gets one sorted batch
 * insert (BTree.putSorted: one left-to-right pass).
 */
function writeSorted(tree: BTree, keys: SortedKeys): void {
  const n = keys.count;
  if (n <= SMALL_BATCH_KEYS) {
    // A handful of keys (a small transaction): plain puts cost less than setting up a pass.
    for (let k = 0; k < n; k++) tree.put(keys.keyAt(k), EMPTY);
    return;
  }
  if (tree.isEmpty()) {
    // One pair and one result object, rewritten per entry: bulkBuild copies as it goes.
    const pair: [Uint8Array, Uint8Array] = [EMPTY, EMPTY];
    const step: IteratorResult<[Uint8Array, Uint8Array]> = { done: false, value: pair };
    const end: IteratorResult<[Uint8Array, Uint8Array]> = { done: true, value: undefined };
    let k = 0;
    bulkBuild(tree, {
      [Symbol.iterator]: () => ({
        next: () => {
          if (k >= n) return end;
          pair[0] = keys.keyAt(k++);
          return step;
        },
      }),
    });
    return;
  }
  tree.putSorted(keys);
}
const EMPTY = new Uint8Array(0);

export interface GraphWriterOptions {
  /**
   * Skip property-index maintenance during the transaction and rebuild the
   * indexes of every touched label, with the bulk-build path, when it ends.
   * For large loads.
   */
  deferIndexes?: boolean;
}

/** `ids` sorted ascending without repeats (sorts in place). */
function ascendingUnique(ids: number[]): number[] {
  ids.sort((a, b) => a - b);
  return ids.filter((id, i) => i === 0 || ids[i - 1] !== id);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export class GraphWriter extends GraphReader {
  readonly txn: PageWriter;
  /** Undo actions for in-memory caches (catalog, index directory), run on rollback. */
  readonly undo: UndoLog = [];
  readonly #counters: CounterWriter;
  readonly #deferIndexes: boolean;
  readonly #touchedIndexLabels = new Set<number>();
  readonly #indexTrees = new Map<number, BTree>();
  // Made at first use: a transaction that creates no edge pays nothing for them.
  #pendingEdgesBuffer: AdjacencyBuffer | null = null;
  #pendingLabelsBuffer: LabelBuffer | null = null;
  /** Nodes created by this transaction have ids [#firstNewNodeId, next id); 0: none yet. */
  #firstNewNodeId = 0;
  readonly #deletedNodes = new Set<number>();
  readonly #flushEntries: number;
  /** Property-index entries of nodes created in this transaction, by index root. */
  readonly #pendingIndex = new Map<number, Uint8Array[]>();
  #pendingIndexCount = 0;
  #finished = false;
  readonly #keyName = (id: number): string => this.nameOf(id);

  constructor(txn: PageWriter, store: GraphStore, options: GraphWriterOptions = {}) {
    super(txn, store);
    this.txn = txn;
    this.#counters = new CounterWriter((name) => this.tree(name), store.counters);
    this.#deferIndexes = options.deferIndexes === true;
    // A bulk transaction keeps everything for the end, where an empty tree is bulk-built.
    this.#flushEntries = this.#deferIndexes ? BULK_BUFFER_FLUSH_ENTRIES : BUFFER_FLUSH_ENTRIES;
  }

  protected override beforeIndexRead(): void {
    this.#flushBuffers();
    if (this.#touchedIndexLabels.size > 0) this.#rebuildDeferredIndexes();
  }

  protected override labelCount(labelId: number): number {
    return this.#counters.getCount('label', labelId);
  }

  protected override typeCount(typeId: number): number {
    return this.#counters.getCount('type', typeId);
  }

  /** Index roots change with this transaction's createIndex/dropIndex: never cache them. */
  protected override get indexesChange(): boolean {
    return true;
  }

  protected override totals(kind: 'nodes' | 'edges'): Totals {
    return kind === 'nodes' ? this.#counters.nodeTotals() : this.#counters.edgeTotals();
  }

  /** The writer sees every cached name: its own and those of the commits before it. */
  override catalogIdMax(): number {
    return Number.MAX_SAFE_INTEGER;
  }

  // ---------------------------------------------------------------- names

  /** The id of a name, interning it when new. */
  intern(name: string, role: NameRole = 'name'): number {
    return this.store.catalog.intern(this.tree('catalog'), name, role, this.undo);
  }

  /** A numeric id must be a u32 (INVALID_ARG) that was interned (NOT_FOUND). */
  #checkNameId(id: number, role: NameRole): void {
    if (!Number.isInteger(id) || id < 1 || id > 0xffff_ffff) throw new InvalidArgError(`${role} id must be an integer in [1, 2^32), got ${id}`);
    if (!this.store.catalog.hasId(id)) throw new NotFoundError(`${role} id ${id} was never interned (use db.intern(name) to get an id)`);
  }

  /** A name is interned; a numeric id must already exist. */
  resolveForWrite(nameOrId: NameOrId, role: NameRole): number {
    if (typeof nameOrId === 'number') {
      this.#checkNameId(nameOrId, role);
      return nameOrId;
    }
    if (typeof nameOrId !== 'string') throw new InvalidArgError(`${role} must be a string or a numeric id, got ${nameOrId === null ? 'null' : typeof nameOrId}`);
    return this.intern(nameOrId, role);
  }

  /** Checks a name or id without interning it (so a bad call interns nothing). */
  #checkName(nameOrId: unknown, role: NameRole): void {
    if (typeof nameOrId === 'number') {
      this.#checkNameId(nameOrId, role);
      return;
    }
    if (typeof nameOrId !== 'string' || this.store.catalog.idOf(nameOrId) === undefined) encodeName(nameOrId, role);
  }

  /** Resolves and sorts labels (at least one). */
  labelIds(labels: NameOrId | readonly NameOrId[]): number[] {
    const list = Array.isArray(labels) ? (labels as readonly NameOrId[]) : [labels as NameOrId];
    if (list.length === 0) throw new InvalidArgError('a node needs at least one label');
    for (const l of list) this.#checkName(l, 'label');
    return ascendingUnique(list.map((l) => this.resolveForWrite(l, 'label')));
  }

  /** Validates a property object and turns it into (key id, value) pairs sorted by id. */
  propEntries(props: Props | undefined, what = 'props'): PropEntry[] {
    if (props === undefined) return [];
    if (!isPlainObject(props)) throw new InvalidArgError(`${what} must be a plain object of property values`);
    const keys = Object.keys(props);
    // Validate every value before interning any key: a bad call writes nothing.
    for (const k of keys) checkPropValue(props[k], k);
    const entries: PropEntry[] = keys.map((k) => [this.resolveForWrite(k, 'property key'), props[k] as PropValue]);
    entries.sort((a, b) => a[0] - b[0]);
    return entries;
  }

  #checkUpdate(update: unknown, what: string): { set: Props; unset: readonly string[] } {
    if (!isPlainObject(update)) throw new InvalidArgError(`${what} must be an object { set?, unset? }`);
    for (const k of Object.keys(update)) if (k !== 'set' && k !== 'unset') throw new InvalidArgError(`${what} accepts set and unset, got ${JSON.stringify(k)}`);
    const set = (update['set'] ?? {}) as Props;
    const unset = (update['unset'] ?? []) as readonly string[];
    if (!isPlainObject(set)) throw new InvalidArgError(`${what}.set must be a plain object`);
    if (!Array.isArray(unset) || unset.some((u) => typeof u !== 'string')) throw new InvalidArgError(`${what}.unset must be an array of property names`);
    for (const k of Object.keys(set)) {
      this.#checkName(k, 'property key');
      checkPropValue(set[k], k);
    }
    return { set, unset };
  }

  // ---------------------------------------------------------------- nodes

  createNode(labels: NameOrId | readonly NameOrId[], props?: Props): number {
    // The common case, every name already interned: one pass over the properties.
    const knownLabels = this.#knownLabelIds(labels);
    if (knownLabels !== null) {
      const known = this.#knownPropEntries(props);
      if (known !== null) return this.createNodeResolved(knownLabels, known);
    }
    this.#checkPropsObject(props);
    const labelIds = this.labelIds(labels);
    const entries = this.propEntries(props);
    return this.createNodeResolved(labelIds, entries);
  }

  /** The ids of labels given as names that are all interned (ascending, unique), else null (the careful path decides). */
  #knownLabelIds(labels: NameOrId | readonly NameOrId[]): number[] | null {
    const catalog = this.store.catalog;
    if (typeof labels === 'string') {
      const id = catalog.idOf(labels);
      return id === undefined ? null : [id];
    }
    if (!Array.isArray(labels) || labels.length === 0) return null;
    const ids: number[] = [];
    for (const l of labels as readonly NameOrId[]) {
      const id = typeof l === 'string' ? catalog.idOf(l) : undefined;
      if (id === undefined) return null;
      ids.push(id);
    }
    return ids.length === 1 ? ids : ascendingUnique(ids);
  }

  /**
   * Property entries sorted by key id when every key is interned, each value
   * checked (INVALID_ARG naming the key, as the careful path would), else null.
   */
  #knownPropEntries(props: Props | undefined): PropEntry[] | null {
    if (props === undefined) return [];
    if (!isPlainObject(props)) return null;
    const catalog = this.store.catalog;
    const entries: PropEntry[] = [];
    let sorted = true;
    for (const k in props) {
      if (!Object.prototype.hasOwnProperty.call(props, k)) continue;
      const id = catalog.idOf(k);
      if (id === undefined) return null;
      const v = props[k];
      checkPropValue(v, k);
      if (entries.length > 0 && entries[entries.length - 1]![0] > id) sorted = false;
      entries.push([id, v]);
    }
    if (!sorted) entries.sort((a, b) => a[0] - b[0]);
    return entries;
  }

  /** Validates a property object without interning anything (a bad call writes nothing). */
  #checkPropsObject(props: Props | undefined, what = 'props'): void {
    if (props === undefined) return;
    if (!isPlainObject(props)) throw new InvalidArgError(`${what} must be a plain object of property values`);
    for (const k of Object.keys(props)) {
      this.#checkName(k, 'property key');
      checkPropValue(props[k], k);
    }
  }

  /**
   * The fast path: labels and property keys as interned ids. `labelIds`
   * must be ascending and unique, `entries` ascending by key id.
   */
  createNodeResolved(labelIds: readonly number[], entries: ReadonlyArray<readonly [number, PropValue]>): number {
    const record = encodeNodeRecord(labelIds, entries, this.#keyName);
    const nextId = this.#counters.takeNodeId();
    if (this.#firstNewNodeId === 0) this.#firstNewNodeId = nextId;
    const inserted = this.tree('nodes').put(idKey(nextId), record);
    assert(inserted, () => `node id ${nextId} from the counter is already in use`);
    for (const l of labelIds) {
      (this.#pendingLabelsBuffer ??= new LabelBuffer()).push(l, nextId);
      this.#counters.addCount('label', l, 1);
      this.#indexNode(l, nextId, null, entries);
    }
    if (this.#pendingLabelsBuffer !== null && this.#pendingLabelsBuffer.length >= this.#flushEntries) this.#flushBuffers();
    return nextId;
  }

  /** Validates fast-path ids (labels and property keys must be interned) and sorts them. */
  resolveIds(labelIds: readonly number[], props: ReadonlyArray<readonly [number, PropValue]> = []): { labels: number[]; entries: Array<[number, PropValue]> } {
    if (!Array.isArray(labelIds) || labelIds.length === 0) throw new InvalidArgError('labelIds must be a non-empty array of interned ids');
    const labels = labelIds.map((l) => this.resolveForWrite(l, 'label')).sort((a, b) => a - b);
    const entries: Array<[number, PropValue]> = [];
    if (!Array.isArray(props)) throw new InvalidArgError('props must be an array of [keyId, value] pairs');
    for (const p of props) {
      if (!Array.isArray(p) || p.length !== 2) throw new InvalidArgError('props must be an array of [keyId, value] pairs');
      const keyId = this.resolveForWrite(p[0] as number, 'property key');
      checkPropValue(p[1], this.nameOf(keyId));
      entries.push([keyId, p[1] as PropValue]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < entries.length; i++) if (entries[i]![0] === entries[i - 1]![0]) throw new InvalidArgError(`property key id ${entries[i]![0]} is given twice`);
    return { labels: labels.filter((id, i) => i === 0 || labels[i - 1] !== id), entries };
  }

  #existingNode(id: number, what: string): { record: Uint8Array; labels: number[]; entries: PropEntry[] } {
    checkId(id, `${what} node id`);
    const record = this.nodeRecordBytes(id);
    if (record === null) throw new NotFoundError(`${what}: node ${id} does not exist`);
    const header = readNodeHeader(record, id);
    return { record, labels: header.labels, entries: nodePropEntries(record, header) };
  }

  updateNode(id: number, update: PropsUpdate): void {
    const { set, unset } = this.#checkUpdate(update, 'updateNode update');
    const node = this.#existingNode(id, 'updateNode');
    const next = this.#applyUpdate(node.entries, set, unset);
    this.tree('nodes').put(idKey(id), encodeNodeRecord(node.labels, next, this.#keyName));
    for (const l of node.labels) this.#indexNode(l, id, node.entries, next);
  }

  #applyUpdate(old: readonly PropEntry[], set: Props, unset: readonly string[]): PropEntry[] {
    const map = new Map<number, PropValue>(old);
    for (const name of unset) {
      const kid = this.store.catalog.idOf(name);
      if (kid !== undefined) map.delete(kid);
    }
    for (const k of Object.keys(set)) map.set(this.resolveForWrite(k, 'property key'), set[k] as PropValue);
    return [...map.entries()].sort((a, b) => a[0] - b[0]);
  }

  /**
   * Replaces a node's labels with `labelIds` (interned, ascending, unique;
   * possibly empty): the label index, the per-label counts and the property
   * indexes of added and removed labels follow.
   */
  setNodeLabels(id: number, labelIds: readonly number[]): void {
    const node = this.#existingNode(id, 'setNodeLabels');
    for (let i = 1; i < labelIds.length; i++) assert(labelIds[i - 1]! < labelIds[i]!, 'setNodeLabels: label ids ascend');
    const removed = node.labels.filter((l) => !labelIds.includes(l));
    const added = labelIds.filter((l) => !node.labels.includes(l));
    if (removed.length === 0 && added.length === 0) return;
    this.#flushBuffers();
    this.tree('nodes').put(idKey(id), encodeNodeRecord(labelIds, node.entries, this.#keyName));
    const labels = this.tree('labels');
    for (const l of removed) {
      labels.delete(labelKey(l, id));
      this.#counters.addCount('label', l, -1);
      this.#indexNode(l, id, node.entries, null);
    }
    for (const l of added) {
      labels.put(labelKey(l, id), EMPTY);
      this.#counters.addCount('label', l, 1);
      this.#indexNode(l, id, [], node.entries);
    }
  }

  deleteNode(id: number, options?: { cascade?: boolean }): void {
    if (options !== undefined && !isPlainObject(options)) throw new InvalidArgError('deleteNode options must be an object { cascade? }');
    const cascade = options?.cascade ?? false;
    if (typeof cascade !== 'boolean') throw new InvalidArgError(`cascade must be true or false, got ${String(cascade)}`);
    const node = this.#existingNode(id, 'deleteNode');
    const edges = new Map<number, true>();
    for (const dir of ['out', 'in'] as const) {
      this.forEachAdjacent(id, dir, undefined, (_other, edge) => {
        edges.set(edge, true);
        return cascade || edges.size === 0;
      });
    }
    if (edges.size > 0 && !cascade) {
      throw new ConstraintError(`node ${id} still has edges (for example edge ${edges.keys().next().value}); delete them first or pass { cascade: true }`);
    }
    for (const edge of edges.keys()) this.deleteEdge(edge);
    const labels = this.tree('labels');
    for (const l of node.labels) {
      labels.delete(labelKey(l, id));
      this.#counters.addCount('label', l, -1);
      this.#indexNode(l, id, node.entries, null);
    }
    this.tree('nodes').delete(idKey(id));
    this.#deletedNodes.add(id);
    this.#counters.nodeRemoved();
  }

  /** Brings the indexes of label `l` from the `before` properties of a node to `after` (null: absent). */
  #indexNode(l: number, id: number, before: readonly PropEntry[] | null, after: ReadonlyArray<readonly [number, PropValue]> | null): void {
    const indexes = this.store.indexes.forLabel(l);
    if (indexes === undefined) return;
    if (this.#deferIndexes) {
      this.#touchedIndexLabels.add(l);
      return;
    }
    for (const [prop, root] of indexes) {
      const oldV = before === null ? undefined : before.find((e) => e[0] === prop)?.[1];
      const newV = after === null ? undefined : after.find((e) => e[0] === prop)?.[1];
      if (oldV !== undefined && newV !== undefined && valuesEqual(oldV, newV)) continue;
      if (before === null) {
        // A new node: buffer the entry; entries reach the tree sorted.
        if (newV === undefined) continue;
        let list = this.#pendingIndex.get(root);
        if (list === undefined) this.#pendingIndex.set(root, (list = []));
        list.push(indexEntryKey(newV, id));
        if (++this.#pendingIndexCount >= this.#flushEntries) this.#flushBuffers();
        continue;
      }
      // The old entry may still be buffered (a node created in this transaction).
      if (this.#pendingIndex.has(root)) this.#flushBuffers();
      const tree = this.#indexTree(root);
      if (oldV !== undefined) removeIndexEntry(tree, oldV, id);
      if (newV !== undefined) insertIndexEntry(tree, newV, id);
    }
  }

  #indexTree(root: number): BTree {
    let t = this.#indexTrees.get(root);
    if (t === undefined) {
      t = BTree.open(this.txn, root);
      this.#indexTrees.set(root, t);
    }
    return t;
  }

  // ---------------------------------------------------------------- edges

  createEdge(src: number, dst: number, type: NameOrId, props?: Props): number {
    checkId(src, 'edge source node id');
    checkId(dst, 'edge destination node id');
    this.#checkPropsObject(props);
    this.#checkName(type, 'edge type');
    if (!this.#nodeExists(src)) throw new NotFoundError(`createEdge: source node ${src} does not exist`);
    if (dst !== src && !this.#nodeExists(dst)) throw new NotFoundError(`createEdge: destination node ${dst} does not exist`);
    const typeId = this.resolveForWrite(type, 'edge type');
    const entries = this.propEntries(props);
    return this.createEdgeResolved(src, dst, typeId, entries);
  }

  /** Whether a node exists, without a tree lookup for nodes this transaction created. */
  #nodeExists(id: number): boolean {
    const first = this.#firstNewNodeId;
    if (first !== 0 && id >= first && id < this.#counters.nodeTotals().nextId && !this.#deletedNodes.has(id)) return true;
    return this.hasNode(id);
  }

  /** The fast path: endpoints already checked, type and property keys interned. */
  createEdgeResolved(src: number, dst: number, typeId: number, entries: ReadonlyArray<readonly [number, PropValue]>): number {
    const id = this.#counters.takeEdgeId();
    const inserted = this.tree('edges').put(idKey(id), encodeEdgeRecord(src, dst, typeId, entries, this.#keyName));
    assert(inserted, () => `edge id ${id} from the counter is already in use`);
    this.#counters.addCount('type', typeId, 1);
    (this.#pendingEdgesBuffer ??= new AdjacencyBuffer()).push(src, typeId, dst, id);
    if (this.#pendingEdgesBuffer!.length >= this.#flushEntries) this.#flushBuffers();
    return id;
  }

  updateEdge(id: number, update: PropsUpdate): void {
    const { set, unset } = this.#checkUpdate(update, 'updateEdge update');
    checkId(id, 'updateEdge edge id');
    const rec = this.tree('edges').get(idKey(id));
    if (rec === null) throw new NotFoundError(`updateEdge: edge ${id} does not exist`);
    const h = readEdgeHeader(rec, id);
    const next = this.#applyUpdate(edgePropEntries(rec, h), set, unset);
    this.tree('edges').put(idKey(id), encodeEdgeRecord(h.src, h.dst, h.type, next, this.#keyName));
  }

  deleteEdge(id: number): void {
    checkId(id, 'deleteEdge edge id');
    const edges = this.tree('edges');
    const rec = edges.get(idKey(id));
    if (rec === null) throw new NotFoundError(`deleteEdge: edge ${id} does not exist`);
    const h = readEdgeHeader(rec, id);
    this.#flushBuffers();
    const outDeleted = this.tree('out').delete(adjKey(h.src, h.type, h.dst, id));
    const inDeleted = this.tree('in').delete(adjKey(h.dst, h.type, h.src, id));
    assert(outDeleted && inDeleted, () => `edge ${id} was missing from the adjacency (out ${outDeleted}, in ${inDeleted})`);
    edges.delete(idKey(id));
    this.#counters.edgeRemoved();
    this.#counters.addCount('type', h.type, -1);
  }

  // ---------------------------------------------------------------- property indexes

  /** Creates the (label, property) index and fills it; false when it already exists. */
  createIndex(label: NameOrId, property: NameOrId): boolean {
    const labelId = this.resolveForWrite(label, 'label');
    const propId = this.resolveForWrite(property, 'property key');
    if (this.store.indexes.get(labelId, propId) !== undefined) return false;
    const tree = BTree.create(this.txn);
    this.#fillIndex(tree, labelId, propId);
    this.tree('meta').put(indexKey(labelId, propId), encodeIndexRecord(tree.rootPageNo));
    this.store.indexes.add(labelId, propId, tree.rootPageNo, this.undo);
    return true;
  }

  /** Drops the (label, property) index; false when there is none. */
  dropIndex(label: NameOrId, property: NameOrId): boolean {
    const labelId = this.idOf(label, 'label');
    const propId = this.idOf(property, 'property key');
    if (labelId === undefined || propId === undefined) return false;
    const root = this.store.indexes.get(labelId, propId);
    if (root === undefined) return false;
    this.#indexTrees.delete(root);
    this.#pendingIndexCount -= this.#pendingIndex.get(root)?.length ?? 0;
    this.#pendingIndex.delete(root);
    BTree.open(this.txn, root).drop();
    this.tree('meta').delete(indexKey(labelId, propId));
    this.store.indexes.remove(labelId, propId, this.undo);
    return true;
  }

  /** Rebuilds an index from the nodes (same root page); false when there is none. */
  rebuildIndex(label: NameOrId, property: NameOrId): boolean {
    const labelId = this.idOf(label, 'label');
    const propId = this.idOf(property, 'property key');
    if (labelId === undefined || propId === undefined) return false;
    const root = this.store.indexes.get(labelId, propId);
    if (root === undefined) return false;
    this.#flushBuffers(); // buffered entries of this index must not land in the cleared tree
    const tree = this.#indexTree(root);
    tree.clear();
    this.#fillIndex(tree, labelId, propId);
    return true;
  }

  #fillIndex(tree: BTree, labelId: number, propId: number): void {
    this.#flushBuffers();
    const entries: Array<{ value: PropValue; nodeId: number }> = [];
    const nodes = this.tree('nodes');
    const c = this.tree('labels').cursor({ gte: labelPrefix(labelId), lt: labelCountKey(labelId) });
    for (let ok = c.first(); ok; ok = c.next()) {
      const id = readLabelKeyNode(c.keyView());
      const rec = nodes.get(idKey(id));
      if (rec === null) continue;
      const header = readNodeHeader(rec, id);
      for (const [k, v] of nodePropEntries(rec, header)) if (k === propId) entries.push({ value: v, nodeId: id });
    }
    buildIndexTree(tree, entries);
  }

  #rebuildDeferredIndexes(): void {
    this.#flushBuffers();
    const labels = [...this.#touchedIndexLabels];
    this.#touchedIndexLabels.clear();
    for (const l of labels) {
      const indexes = this.store.indexes.forLabel(l);
      if (indexes === undefined) continue;
      for (const [prop, root] of indexes) {
        const tree = this.#indexTree(root);
        tree.clear();
        this.#fillIndex(tree, l, prop);
      }
    }
  }

  // ---------------------------------------------------------------- end

  #flushBuffers(): void {
    if (this.#pendingIndexCount > 0) {
      for (const [root, keys] of this.#pendingIndex) {
        keys.sort(compareKeys);
        writeSorted(this.#indexTree(root), { count: keys.length, keyAt: (k) => keys[k]! });
      }
      this.#pendingIndex.clear();
      this.#pendingIndexCount = 0;
    }
    const labels = this.#pendingLabelsBuffer;
    if (labels !== null && labels.length > 0) {
      writeSorted(this.tree('labels'), labels.keys());
      labels.clear();
    }
    const edges = this.#pendingEdgesBuffer;
    if (edges !== null && edges.length > 0) {
      writeSorted(this.tree('out'), edges.keys('out'));
      writeSorted(this.tree('in'), edges.keys('in'));
      edges.clear();
    }
  }

  /** Writes everything buffered: call once, before the pager commit. */
  finish(): void {
    assert(!this.#finished, 'a graph transaction finishes once');
    this.#flushBuffers();
    if (this.#touchedIndexLabels.size > 0) this.#rebuildDeferredIndexes();
    this.#counters.flush();
    this.#finished = true;
  }

  /** Undoes in-memory cache changes (the pager drops the pages). */
  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]!();
    this.undo.length = 0;
  }
}
