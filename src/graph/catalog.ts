/**
 * The catalog: labels, edge types and property keys interned to small
 * integer ids, in one namespace (a name has one id whatever it names).
 * Stored in graph.catalog (graph-keys.ts), format version 1:
 *
 *     KEY                    VALUE
 *     0x01 | UTF-8 name      id u32 (big-endian)
 *     0x02 | id u32          UTF-8 name
 *
 * Rules: C1. both directions exist for every id and agree; C2. ids are
 * dense from 1 (the next id is one past the largest); C3. a name is 1 to
 * NAME_MAX_BYTES bytes of well-formed UTF-8.
 *
 * The whole catalog is cached in memory once the database opens, so a known
 * name costs one Map lookup on the hot path. A name interned by a write
 * transaction enters the cache at once (the same transaction and the next
 * writer use it) and leaves it again if the transaction rolls back. A reader
 * must not hand out such an id (it may be undone and given to another name):
 * it answers only ids up to its snapshot's largest (`idMaxIn`, rule C2), and
 * "unknown" for the others.
 */
import { readU32, writeU32 } from '../base/bytes.js';
import { CorruptionError, InvalidArgError } from '../base/errors.js';
import { BTree } from '../btree/tree.js';
import type { PageReader } from '../pager/page-store.js';
import { decodeUtf8, firstLoneSurrogate, utf8Encoder } from './utf8.js';

export const CATALOG_FORMAT_VERSION = 1;
/** 512 bytes: names are identifiers, not payloads; index keys embed them nowhere, records by id. */
export const NAME_MAX_BYTES = 512;
const NAME_TAG = 0x01;
const ID_TAG = 0x02;

export type NameRole = 'label' | 'edge type' | 'property key' | 'name';

/** Undo actions of a write transaction, run in reverse on rollback. */
export type UndoLog = Array<() => void>;

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  return value === null ? 'null' : typeof value;
}

/** The UTF-8 bytes of a valid name, or INVALID_ARG naming the role and the value (rule C3). */
export function encodeName(name: unknown, role: NameRole): Uint8Array {
  if (typeof name !== 'string') throw new InvalidArgError(`${role} must be a string or a numeric id, got ${show(name)}`);
  if (name.length === 0) throw new InvalidArgError(`${role} must not be empty`);
  if (firstLoneSurrogate(name) >= 0) throw new InvalidArgError(`${role} ${show(name)} contains a lone surrogate (not representable in UTF-8)`);
  const bytes = utf8Encoder.encode(name);
  if (bytes.length > NAME_MAX_BYTES) throw new InvalidArgError(`${role} ${show(name)} is ${bytes.length} bytes of UTF-8; the limit is ${NAME_MAX_BYTES}`);
  return bytes;
}

function nameKey(bytes: Uint8Array): Uint8Array {
  const key = new Uint8Array(1 + bytes.length);
  key[0] = NAME_TAG;
  key.set(bytes, 1);
  return key;
}

function idKey(id: number): Uint8Array {
  const key = new Uint8Array(5);
  key[0] = ID_TAG;
  writeU32(key, 1, id);
  return key;
}

export class Catalog {
  readonly #idByName = new Map<string, number>();
  readonly #nameById: Array<string | undefined> = [undefined];

  /** Loads every name of the catalog tree (rules C1-C3 checked). */
  static load(view: PageReader, rootPageNo: number): Catalog {
    const catalog = new Catalog();
    const tree = BTree.open(view, rootPageNo);
    const byId = tree.cursor({ prefix: new Uint8Array([ID_TAG]) });
    for (let ok = byId.first(); ok; ok = byId.next()) {
      const key = byId.keyView();
      if (key.length !== 5) throw new CorruptionError(`catalog: C1: id key of ${key.length} bytes`, { file: view.fileName });
      const id = readU32(key, 1);
      const value = byId.valueView();
      const name = decodeUtf8(value, 0, value.length);
      if (name === null || name.length === 0) throw new CorruptionError(`catalog: C3: name of id ${id} is not valid UTF-8`, { file: view.fileName });
      if (id !== catalog.#nameById.length) throw new CorruptionError(`catalog: C2: id ${id} follows id ${catalog.#nameById.length - 1}`, { file: view.fileName });
      catalog.#nameById.push(name);
      catalog.#idByName.set(name, id);
    }
    return catalog;
  }

  /**
   * The largest id in the catalog tree of `view` (0 when empty). By rule C2
   * the names a snapshot holds are exactly ids 1..that; a larger id in the
   * cache was interned by a transaction the snapshot does not see.
   */
  static idMaxIn(view: PageReader, rootPageNo: number): number {
    const c = BTree.open(view, rootPageNo).cursor({ prefix: new Uint8Array([ID_TAG]) });
    return c.last() ? readU32(c.keyView(), 1) : 0;
  }

  get size(): number {
    return this.#nameById.length - 1;
  }

  /** The id of a known name, or undefined. */
  idOf(name: string): number | undefined {
    return this.#idByName.get(name);
  }

  /** The name of an id; a missing one means the file is corrupt. */
  nameOf(id: number): string {
    const name = this.#nameById[id];
    if (name === undefined) throw new CorruptionError(`catalog: no name for id ${id} (a record refers to an id the catalog never assigned)`, { file: '' });
    return name;
  }

  hasId(id: number): boolean {
    return id > 0 && id < this.#nameById.length && this.#nameById[id] !== undefined;
  }

  /** Every (id, name), for verify and stats. */
  entries(): Array<[number, string]> {
    const out: Array<[number, string]> = [];
    for (let id = 1; id < this.#nameById.length; id++) out.push([id, this.#nameById[id]!]);
    return out;
  }

  /**
   * The id of `name`, creating it in `tree` (the catalog tree of a write
   * transaction) when new. The cache entry is undone on rollback.
   */
  intern(tree: BTree, name: string, role: NameRole, undo: UndoLog): number {
    const known = this.#idByName.get(name);
    if (known !== undefined) return known;
    const bytes = encodeName(name, role);
    const id = this.#nameById.length;
    const idBytes = new Uint8Array(4);
    writeU32(idBytes, 0, id);
    tree.put(nameKey(bytes), idBytes);
    tree.put(idKey(id), bytes);
    this.#nameById.push(name);
    this.#idByName.set(name, id);
    undo.push(() => {
      this.#idByName.delete(name);
      if (this.#nameById.length === id + 1) this.#nameById.pop();
    });
    return id;
  }

  /** Checks rule C1 against the tree of a view: every cached name has both entries. */
  verifyAgainst(view: PageReader, rootPageNo: number): string[] {
    const problems: string[] = [];
    const tree = BTree.open(view, rootPageNo);
    let count = 0;
    const byName = tree.cursor({ prefix: new Uint8Array([NAME_TAG]) });
    for (let ok = byName.first(); ok; ok = byName.next()) {
      count++;
      const key = byName.keyView();
      const name = decodeUtf8(key, 1, key.length);
      const value = byName.valueView();
      const id = value.length === 4 ? readU32(value, 0) : -1;
      if (name === null || this.#idByName.get(name) !== id) problems.push(`catalog: C1: name entry ${name === null ? '(bad UTF-8)' : JSON.stringify(name)} -> ${id} has no matching id entry`);
    }
    if (count !== this.size) problems.push(`catalog: C1: ${count} name entries for ${this.size} ids`);
    return problems;
  }
}
