/**
 * The graph as one running query sees it: a `GraphReader` over the query's
 * snapshot, or the `GraphWriter` of its transaction (which sees its own
 * writes). Implements `GraphAccess` for expressions and functions, resolves
 * names to catalog ids, and keeps a small direct-mapped cache of decoded
 * node records (bounded: 64 entries), cleared on every write.
 */
import { CypherError } from '../../base/errors.js';
import type { GraphReader } from '../../graph/graph-reader.js';
import type { GraphWriter } from '../../graph/graph-writer.js';
import { idKey } from '../../graph/graph-keys.js';
import { edgeProp, edgeProps, nodeProp, nodeProps, readEdgeHeader, readNodeHeader, type NodeHeader } from '../../graph/records.js';
import type { GraphAccess } from '../values/graph-access.js';
import type { CypherMap, NodeRef, RelRef, Value } from '../values/value.js';

const NODE_CACHE_SLOTS = 64;

interface CachedNode {
  id: number;
  rec: Uint8Array;
  header: NodeHeader;
}

export class GraphView implements GraphAccess {
  readonly reader: GraphReader;
  /** The transaction's writer, or null for a read-only query. */
  readonly writer: GraphWriter | null;
  /** Nodes and relationships this query deleted (reading them is DeletedEntityAccess); made at the first delete. */
  #deletedNodes: Set<number> | null = null;
  #deletedRels: Set<number> | null = null;
  readonly #nodeCache: Array<CachedNode | undefined> = new Array<CachedNode | undefined>(NODE_CACHE_SLOTS);
  readonly #nameOf = (id: number): string => this.reader.nameOf(id);

  constructor(reader: GraphReader, writer: GraphWriter | null) {
    this.reader = reader;
    this.writer = writer;
  }

  get deletedNodes(): Set<number> {
    return (this.#deletedNodes ??= new Set());
  }

  get deletedRels(): Set<number> {
    return (this.#deletedRels ??= new Set());
  }

  /** Forget cached records (after any write). */
  invalidate(): void {
    this.#nodeCache.fill(undefined);
  }

  /** Ids of names this view knows (a name it does not know yet is looked up again: a write may intern it). */
  readonly #ids = new Map<string, number>();

  /** The id of a label, type or property key name, or undefined when this view has never seen it. */
  idOf(name: string): number | undefined {
    let id = this.#ids.get(name);
    if (id === undefined) {
      id = this.reader.idOf(name, 'name');
      if (id !== undefined) this.#ids.set(name, id);
    }
    return id;
  }

  nameOf(id: number): string {
    return this.reader.nameOf(id);
  }

  #deleted(what: string, id: number): CypherError {
    return new CypherError('EntityNotFound', 'DeletedEntityAccess', `the ${what} ${id} was deleted by this query`, { phase: 'runtime' });
  }

  /** The decoded record of a node, or null when it does not exist. */
  nodeRecord(id: number): CachedNode | null {
    const slot = id & (NODE_CACHE_SLOTS - 1);
    const hit = this.#nodeCache[slot];
    if (hit !== undefined && hit.id === id) return hit;
    const rec = this.reader.nodeRecordBytes(id);
    if (rec === null) return null;
    const entry = { id, rec, header: readNodeHeader(rec, id) };
    this.#nodeCache[slot] = entry;
    return entry;
  }

  #node(node: NodeRef): CachedNode | null {
    const r = this.nodeRecord(node.id);
    if (r === null && this.#deletedNodes !== null && this.#deletedNodes.has(node.id)) throw this.#deleted('node', node.id);
    return r;
  }

  nodeExists(id: number): boolean {
    return this.nodeRecord(id) !== null;
  }

  nodeLabelIds(id: number): readonly number[] {
    return this.nodeRecord(id)?.header.labels ?? [];
  }

  nodeLabels(node: NodeRef): string[] {
    const r = this.#node(node);
    if (r === null) return [];
    return r.header.labels.map(this.#nameOf);
  }

  nodeHasLabel(node: NodeRef, label: string): boolean {
    const id = this.idOf(label);
    if (id === undefined) return false;
    const r = this.nodeRecord(node.id);
    return r !== null && r.header.labels.includes(id);
  }

  nodePropertyById(node: NodeRef, keyId: number | undefined): Value {
    const r = this.#node(node);
    if (r === null || keyId === undefined) return null;
    const v = nodeProp(r.rec, r.header, keyId, true);
    return v === undefined ? null : (v as Value);
  }

  nodeProperty(node: NodeRef, key: string): Value {
    return this.nodePropertyById(node, this.idOf(key));
  }

  nodeProperties(node: NodeRef): CypherMap {
    const r = this.#node(node);
    if (r === null) return {};
    return nodeProps(r.rec, r.header, this.#nameOf, true) as CypherMap;
  }

  #relRecord(rel: RelRef): Uint8Array | null {
    const rec = this.reader.tree('edges').get(idKey(rel.id));
    if (rec === null && this.#deletedRels !== null && this.#deletedRels.has(rel.id)) throw this.#deleted('relationship', rel.id);
    return rec;
  }

  relExists(id: number): boolean {
    return this.reader.tree('edges').has(idKey(id));
  }

  relType(rel: RelRef): string {
    return this.reader.nameOf(rel.typeId);
  }

  relPropertyById(rel: RelRef, keyId: number | undefined): Value {
    const rec = this.#relRecord(rel);
    if (rec === null || keyId === undefined) return null;
    const v = edgeProp(rec, readEdgeHeader(rec, rel.id), keyId, true);
    return v === undefined ? null : (v as Value);
  }

  relProperty(rel: RelRef, key: string): Value {
    return this.relPropertyById(rel, this.idOf(key));
  }

  /** Every property of an existing relationship, by id. */
  relPropertiesById(id: number): CypherMap {
    const rec = this.reader.tree('edges').get(idKey(id));
    if (rec === null) return {};
    return edgeProps(rec, readEdgeHeader(rec, id), this.#nameOf, true) as CypherMap;
  }

  relProperties(rel: RelRef): CypherMap {
    const rec = this.#relRecord(rel);
    if (rec === null) return {};
    return edgeProps(rec, readEdgeHeader(rec, rel.id), this.#nameOf, true) as CypherMap;
  }
}
