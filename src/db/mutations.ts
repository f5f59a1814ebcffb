/**
 * `db.mutateMany(ops)`: plain operation objects applied in one transaction.
 * Later operations refer to nodes and edges created earlier in the same list
 * by alias: `{ op: 'createNode', ..., as: 'ada' }` then `{ src: { ref: 'ada' } }`.
 * The list is validated as a whole before anything runs; any failing
 * operation rolls the whole batch back, and the error (of the same class
 * and code as the operation's) names its index.
 */
import { InvalidArgError, SombraError } from '../base/errors.js';
import type { NameOrId, Props } from '../graph/graph-types.js';
import type { Transaction } from './transaction.js';

/** A node or edge: an existing id, or the alias of one created earlier in the batch. */
export type Ref = number | { ref: string };

/**
 * One operation of `db.mutateMany`, shaped like the method of the same name.
 * `as` names the node or edge a create makes, for `{ ref: alias }` in later
 * operations; fields other than those listed are refused (INVALID_ARG).
 * @example { op: 'createEdge', src: { ref: 'ada' }, dst: 2, type: 'KNOWS', props: { since: 2020 } }
 */
export type MutationOp =
  | { op: 'createNode'; labels: NameOrId | readonly NameOrId[]; props?: Props; as?: string }
  | { op: 'updateNode'; id: Ref; set?: Props; unset?: readonly string[] }
  | { op: 'deleteNode'; id: Ref; cascade?: boolean }
  | { op: 'createEdge'; src: Ref; dst: Ref; type: NameOrId; props?: Props; as?: string }
  | { op: 'updateEdge'; id: Ref; set?: Props; unset?: readonly string[] }
  | { op: 'deleteEdge'; id: Ref };

/** What `db.mutateMany` resolves with. */
export interface MutationResult {
  /** For each operation, the id it created (createNode, createEdge), else null. */
  ids: Array<number | null>;
  /** Every alias and the id it stands for. */
  aliases: Record<string, number>;
}

const KEYS: Record<MutationOp['op'], readonly string[]> = {
  createNode: ['op', 'labels', 'props', 'as'],
  updateNode: ['op', 'id', 'set', 'unset'],
  deleteNode: ['op', 'id', 'cascade'],
  createEdge: ['op', 'src', 'dst', 'type', 'props', 'as'],
  updateEdge: ['op', 'id', 'set', 'unset'],
  deleteEdge: ['op', 'id'],
};

type Kind = 'node' | 'edge';

/** What a ref field points at: edges for updateEdge/deleteEdge, nodes everywhere else. */
function refKind(op: MutationOp['op']): Kind {
  return op === 'updateEdge' || op === 'deleteEdge' ? 'edge' : 'node';
}

/** Structural validation of the whole list (types of fields, aliases defined before use). */
export function validateOps(ops: unknown): MutationOp[] {
  if (!Array.isArray(ops)) throw new InvalidArgError('mutateMany expects an array of operations');
  const aliases = new Map<string, Kind>();
  ops.forEach((raw, i) => {
    const where = `mutateMany op ${i}`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidArgError(`${where}: must be an object with an "op" field`);
    const o = raw as Record<string, unknown>;
    const kind = o['op'];
    if (typeof kind !== 'string' || !(kind in KEYS)) throw new InvalidArgError(`${where}: unknown op ${JSON.stringify(kind)}; known: ${Object.keys(KEYS).join(', ')}`);
    const op = kind as MutationOp['op'];
    for (const k of Object.keys(o)) if (!KEYS[op].includes(k)) throw new InvalidArgError(`${where} (${op}): unknown field ${JSON.stringify(k)}; allowed: ${KEYS[op].join(', ')}`);
    for (const field of ['id', 'src', 'dst']) {
      if (!KEYS[op].includes(field)) continue;
      const ref = o[field];
      if (typeof ref === 'number') continue;
      if (ref !== null && typeof ref === 'object' && typeof (ref as { ref?: unknown }).ref === 'string' && Object.keys(ref).length === 1) {
        const name = (ref as { ref: string }).ref;
        const want = refKind(op);
        const have = aliases.get(name);
        if (have === undefined) throw new InvalidArgError(`${where} (${op}): ${field} refers to alias ${JSON.stringify(name)}, which no earlier operation defines`);
        const article = (k: Kind): string => (k === 'edge' ? 'an edge' : 'a node');
        if (have !== want) throw new InvalidArgError(`${where} (${op}): ${field} refers to alias ${JSON.stringify(name)} of ${article(have)}, expected ${article(want)}`);
        continue;
      }
      throw new InvalidArgError(`${where} (${op}): ${field} must be an id or { ref: alias }, got ${JSON.stringify(ref) ?? String(ref)}`);
    }
    if (o['as'] !== undefined) {
      if (typeof o['as'] !== 'string' || o['as'].length === 0) throw new InvalidArgError(`${where} (${op}): "as" must be a non-empty string`);
      if (aliases.has(o['as'])) throw new InvalidArgError(`${where} (${op}): alias ${JSON.stringify(o['as'])} is defined twice`);
      aliases.set(o['as'], op === 'createNode' ? 'node' : 'edge');
    }
  });
  return ops as MutationOp[];
}

/**
 * A copy of `err` of the same class (so `instanceof ConstraintError`, `code`
 * and fields such as `IoError.syscall` survive) whose message starts with
 * `prefix` and whose `cause` is `err`.
 */
function withOpContext(err: SombraError, prefix: string): SombraError {
  const copy = Object.create(Object.getPrototypeOf(err) as object) as SombraError;
  for (const key of Reflect.ownKeys(err)) {
    if (key === 'message' || key === 'stack' || key === 'cause') continue;
    Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(err, key)!);
  }
  const hidden = { writable: true, configurable: true, enumerable: false };
  Object.defineProperty(copy, 'message', { ...hidden, value: `${prefix}${err.message}` });
  Object.defineProperty(copy, 'cause', { ...hidden, value: err });
  const frames = (err.stack ?? '').split('\n').slice(1).join('\n');
  Object.defineProperty(copy, 'stack', { ...hidden, value: `${copy.name}: ${copy.message}${frames.length > 0 ? `\n${frames}` : ''}` });
  return copy;
}

/** Applies validated operations inside `tx`; the caller commits or rolls back. */
export function applyOps(tx: Transaction, ops: readonly MutationOp[]): MutationResult {
  const aliases: Record<string, number> = {};
  const ids: Array<number | null> = [];
  const resolve = (r: Ref): number => (typeof r === 'number' ? r : aliases[r.ref]!);
  ops.forEach((op, i) => {
    try {
      let created: number | null = null;
      switch (op.op) {
        case 'createNode':
          created = tx.createNode(op.labels, op.props);
          break;
        case 'updateNode':
          tx.updateNode(resolve(op.id), { ...(op.set !== undefined && { set: op.set }), ...(op.unset !== undefined && { unset: op.unset }) });
          break;
        case 'deleteNode':
          tx.deleteNode(resolve(op.id), op.cascade === undefined ? undefined : { cascade: op.cascade });
          break;
        case 'createEdge':
          created = tx.createEdge(resolve(op.src), resolve(op.dst), op.type, op.props);
          break;
        case 'updateEdge':
          tx.updateEdge(resolve(op.id), { ...(op.set !== undefined && { set: op.set }), ...(op.unset !== undefined && { unset: op.unset }) });
          break;
        case 'deleteEdge':
          tx.deleteEdge(resolve(op.id));
          break;
      }
      ids.push(created);
      if (created !== null && 'as' in op && op.as !== undefined) aliases[op.as] = created;
    } catch (err) {
      if (err instanceof SombraError) throw withOpContext(err, `mutateMany op ${i} (${op.op}): `);
      throw err;
    }
  });
  return { ids, aliases };
}
