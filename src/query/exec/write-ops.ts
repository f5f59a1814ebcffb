/**
 * The updating clauses: CREATE, MERGE, SET, REMOVE, DELETE. They run inside
 * the caller's write transaction (GraphWriter), and each is eager: it reads
 * every input row before it writes anything, so a clause never sees its own
 * writes through the scan that feeds it (`MATCH (n) CREATE ()` ends), while
 * the clauses after it do. A failure anywhere rolls the whole statement
 * back (the db layer owns the transaction).
 *
 * Property values must be storable: null (which removes), booleans,
 * numbers, strings, bytes, dates and lists of those; a map, node or
 * relationship as a property value is TypeError/InvalidPropertyType.
 */
import { CypherError, SombraError } from '../../base/errors.js';
import type { GraphWriter } from '../../graph/graph-writer.js';
import { DurationValue, TemporalValue } from '../../graph/temporal-value.js';
import type { PropValue } from '../../graph/value-codec.js';
import { BoxedFloat, NodeRef, PathValue, RelRef, isMap, valueType, type CypherMap, type Value } from '../values/value.js';
import type { ChangeTracker } from './change-tracker.js';
import type { ExecContext, Row } from './exec-context.js';
import { buildPath, type Eval } from './expression-compiler.js';
import { UnaryOp, type PlanOp, type RowCursor } from './plan-op.js';

function writerOf(ctx: ExecContext): GraphWriter {
  const w = ctx.graph.writer;
  if (w === null) throw new SombraError('INTERNAL', 'a write operator ran without a write transaction');
  return w;
}

function changesOf(ctx: ExecContext): ChangeTracker {
  const c = ctx.changes;
  if (c === null) throw new SombraError('INTERNAL', 'a write operator ran without a change tracker');
  return c;
}

function invalidPropertyType(key: string, v: Value): CypherError {
  return new CypherError('TypeError', 'InvalidPropertyType', `property "${key}" cannot hold a ${valueType(v)}`, { phase: 'runtime' });
}

/** Object values a property can hold (the value codec's object scalars). */
function storableScalar(v: object): boolean {
  return v instanceof BoxedFloat || v instanceof Uint8Array || v instanceof Date || v instanceof TemporalValue || v instanceof DurationValue;
}

/** A Cypher value as a stored property value (null: remove the property). */
export function toStorable(key: string, v: Value): PropValue {
  if (v === null || typeof v !== 'object') return v;
  if (storableScalar(v)) return v as PropValue;
  if (Array.isArray(v)) {
    for (const x of v) {
      if (x === null || (typeof x === 'object' && !storableScalar(x))) throw invalidPropertyType(key, v);
    }
    return v as unknown as PropValue;
  }
  throw invalidPropertyType(key, v);
}

/** Interned key ids and values of a property map, null values left out, sorted by key id. */
function propEntries(w: GraphWriter, m: CypherMap): Array<[number, PropValue]> {
  const entries: Array<[number, PropValue]> = [];
  for (const k of Object.keys(m)) {
    const v = toStorable(k, m[k]!);
    if (v === null) continue;
    entries.push([w.intern(k), v]);
  }
  return entries.sort((a, b) => a[0] - b[0]);
}

function mapOf(v: Value, what: string, ctx: ExecContext): CypherMap {
  if (v === null) return {};
  if (isMap(v)) return v;
  if (v instanceof NodeRef) return ctx.graph.nodeProperties(v);
  if (v instanceof RelRef) return ctx.graph.relProperties(v);
  throw new CypherError('TypeError', 'InvalidArgumentType', `${what} expects a MAP, got ${valueType(v)}`, { phase: 'runtime' });
}

// ------------------------------------------------------------------ CREATE

export interface CreateNodeSpec {
  slot: number;
  /** Bound by an earlier clause: not created. */
  bound: boolean;
  labels: readonly string[];
  props: Eval | null;
  variable: string;
}

export interface CreateRelSpec {
  slot: number;
  leftSlot: number;
  rightSlot: number;
  /** `<-` in the pattern: the relationship goes from the right node to the left one. */
  leftward: boolean;
  type: string;
  props: Eval | null;
}

export interface CreatePathSpec {
  slot: number;
  /** Node and relationship slots in pattern order. */
  parts: readonly number[];
}

export interface CreatePatternSpec {
  nodes: readonly CreateNodeSpec[];
  rels: readonly CreateRelSpec[];
  paths: readonly CreatePathSpec[];
}

/** Creates what a pattern describes for one row, binding the new entities in `row`. */
export function createPattern(ctx: ExecContext, row: Row, spec: CreatePatternSpec): void {
  const w = writerOf(ctx);
  const changes = changesOf(ctx);
  for (const n of spec.nodes) {
    if (n.bound) {
      const v = row[n.slot];
      if (!(v instanceof NodeRef)) {
        throw new CypherError('SemanticError', 'InvalidArgumentType', `cannot create a relationship to ${v === null || v === undefined ? 'null' : valueType(v)} \`${n.variable}\``, { phase: 'runtime' });
      }
      continue;
    }
    if (row[n.slot] instanceof NodeRef) continue; // the same variable twice in one pattern
    const props = n.props === null ? {} : mapOf(n.props(row, ctx), 'CREATE', ctx);
    const entries = propEntries(w, props);
    const labelIds = [...new Set(n.labels.map((l) => w.intern(l)))].sort((a, b) => a - b);
    for (const l of labelIds) changes.touchLabel(ctx.graph, l);
    const id = w.createNodeResolved(labelIds, entries);
    changes.touchNode(ctx.graph, id, true);
    row[n.slot] = new NodeRef(id);
  }
  for (const r of spec.rels) {
    const left = row[r.leftSlot];
    const right = row[r.rightSlot];
    if (!(left instanceof NodeRef) || !(right instanceof NodeRef)) {
      throw new CypherError('SemanticError', 'InvalidArgumentType', 'cannot create a relationship with a null end node', { phase: 'runtime' });
    }
    const [src, dst] = r.leftward ? [right.id, left.id] : [left.id, right.id];
    if (ctx.graph.deletedNodes.has(src) || ctx.graph.deletedNodes.has(dst)) {
      throw new CypherError('EntityNotFound', 'DeletedEntityAccess', 'cannot create a relationship to a node deleted by this query', { phase: 'runtime' });
    }
    const props = r.props === null ? {} : mapOf(r.props(row, ctx), 'CREATE', ctx);
    const entries = propEntries(w, props);
    const typeId = w.intern(r.type);
    const id = w.createEdgeResolved(src, dst, typeId, entries);
    changes.touchRel(ctx.graph, id, true);
    row[r.slot] = new RelRef(id, src, dst, typeId);
  }
  for (const p of spec.paths) row[p.slot] = buildPath(p.parts.map((s) => row[s] ?? null));
  ctx.graph.invalidate();
}

// ------------------------------------------------------------------ SET / REMOVE

export type SetAction =
  | { kind: 'property'; target: Eval; key: string; value: Eval }
  | { kind: 'properties'; target: Eval; value: Eval; merge: boolean }
  | { kind: 'labels'; target: Eval; labels: readonly string[] }
  | { kind: 'remove-property'; target: Eval; key: string }
  | { kind: 'remove-labels'; target: Eval; labels: readonly string[] };

function entityOf(v: Value, what: string): NodeRef | RelRef | null {
  if (v === null) return null;
  if (v instanceof NodeRef || v instanceof RelRef) return v;
  throw new CypherError('TypeError', 'InvalidArgumentType', `${what} expects a NODE or a RELATIONSHIP, got ${valueType(v)}`, { phase: 'runtime' });
}

function updateProps(ctx: ExecContext, e: NodeRef | RelRef, set: Record<string, PropValue>, unset: string[]): void {
  const w = writerOf(ctx);
  if (e instanceof NodeRef) {
    if (!ctx.graph.nodeExists(e.id)) {
      if (ctx.graph.deletedNodes.has(e.id)) throw new CypherError('EntityNotFound', 'DeletedEntityAccess', `node ${e.id} was deleted by this query`, { phase: 'runtime' });
      return;
    }
    changesOf(ctx).touchNode(ctx.graph, e.id);
    w.updateNode(e.id, { set, unset });
  } else {
    if (!ctx.graph.relExists(e.id)) {
      if (ctx.graph.deletedRels.has(e.id)) throw new CypherError('EntityNotFound', 'DeletedEntityAccess', `relationship ${e.id} was deleted by this query`, { phase: 'runtime' });
      return;
    }
    changesOf(ctx).touchRel(ctx.graph, e.id);
    w.updateEdge(e.id, { set, unset });
  }
  ctx.graph.invalidate();
}

function currentProps(ctx: ExecContext, e: NodeRef | RelRef): CypherMap {
  return e instanceof NodeRef ? ctx.graph.nodeProperties(e) : ctx.graph.relProperties(e);
}

function setLabels(ctx: ExecContext, node: NodeRef, labels: readonly string[], add: boolean): void {
  const w = writerOf(ctx);
  if (!ctx.graph.nodeExists(node.id)) return;
  const current = new Set(ctx.graph.nodeLabelIds(node.id));
  let changed = 0;
  for (const l of labels) {
    if (add) {
      const id = w.intern(l);
      if (!current.has(id)) {
        current.add(id);
        changed++;
      }
    } else {
      const id = ctx.graph.idOf(l);
      if (id !== undefined && current.delete(id)) changed++;
    }
  }
  if (changed === 0) return;
  const changes = changesOf(ctx);
  const before = ctx.graph.nodeLabelIds(node.id);
  for (const l of current) if (!before.includes(l)) changes.touchLabel(ctx.graph, l);
  for (const l of before) if (!current.has(l)) changes.touchLabel(ctx.graph, l);
  w.setNodeLabels(node.id, [...current].sort((a, b) => a - b));
  ctx.graph.invalidate();
}

/** Applies one SET or REMOVE item to one row. */
export function applySetAction(ctx: ExecContext, row: Row, a: SetAction): void {
  switch (a.kind) {
    case 'property': {
      const t = a.target(row, ctx);
      if (t !== null && !(t instanceof NodeRef) && !(t instanceof RelRef)) {
        throw new CypherError('TypeError', 'InvalidArgumentType', `SET expects a NODE or a RELATIONSHIP, got ${valueType(t)}`, { phase: 'runtime' });
      }
      const e = entityOf(t, 'SET');
      const v = toStorable(a.key, a.value(row, ctx));
      if (e === null) return;
      if (v === null) updateProps(ctx, e, {}, [a.key]);
      else updateProps(ctx, e, { [a.key]: v }, []);
      return;
    }
    case 'properties': {
      const e = entityOf(a.target(row, ctx), 'SET');
      const m = mapOf(a.value(row, ctx), 'SET', ctx);
      if (e === null) return;
      const set: Record<string, PropValue> = {};
      const unset: string[] = [];
      for (const k of Object.keys(m)) {
        const v = toStorable(k, m[k]!);
        if (v === null) unset.push(k);
        else set[k] = v;
      }
      if (!a.merge) for (const k of Object.keys(currentProps(ctx, e))) if (!(k in set)) unset.push(k);
      updateProps(ctx, e, set, unset);
      return;
    }
    case 'labels': {
      const t = a.target(row, ctx);
      if (t === null) return;
      if (!(t instanceof NodeRef)) throw new CypherError('TypeError', 'InvalidArgumentType', `SET of labels expects a NODE, got ${valueType(t)}`, { phase: 'runtime' });
      setLabels(ctx, t, a.labels, true);
      return;
    }
    case 'remove-property': {
      const e = entityOf(a.target(row, ctx), 'REMOVE');
      if (e === null) return;
      if (currentProps(ctx, e)[a.key] === undefined) return;
      updateProps(ctx, e, {}, [a.key]);
      return;
    }
    case 'remove-labels': {
      const t = a.target(row, ctx);
      if (t === null) return;
      if (!(t instanceof NodeRef)) throw new CypherError('TypeError', 'InvalidArgumentType', `REMOVE of labels expects a NODE, got ${valueType(t)}`, { phase: 'runtime' });
      setLabels(ctx, t, a.labels, false);
      return;
    }
  }
}

// ------------------------------------------------------------------ DELETE

function deleteRel(ctx: ExecContext, id: number): void {
  if (ctx.graph.deletedRels.has(id) || !ctx.graph.relExists(id)) return;
  changesOf(ctx).touchRel(ctx.graph, id);
  writerOf(ctx).deleteEdge(id);
  ctx.graph.deletedRels.add(id);
}

function deleteNode(ctx: ExecContext, id: number, detach: boolean): void {
  if (ctx.graph.deletedNodes.has(id) || !ctx.graph.nodeExists(id)) return;
  const w = writerOf(ctx);
  const rels: number[] = [];
  for (const dir of ['out', 'in'] as const) {
    w.forEachAdjacent(id, dir, undefined, (_o, edge) => {
      rels.push(edge);
      return detach;
    });
    if (!detach && rels.length > 0) break;
  }
  if (rels.length > 0 && !detach) {
    throw new CypherError('ConstraintVerificationFailed', 'DeleteConnectedNode', `cannot delete node ${id}: it still has relationships (use DETACH DELETE)`, { phase: 'runtime' });
  }
  for (const r of rels) deleteRel(ctx, r);
  const changes = changesOf(ctx);
  changes.touchNode(ctx.graph, id);
  for (const l of ctx.graph.nodeLabelIds(id)) changes.touchLabel(ctx.graph, l);
  w.deleteNode(id);
  ctx.graph.deletedNodes.add(id);
}

// ------------------------------------------------------------------ operators

/** The common shape: read every input row, then write row by row, then produce the rows. */
abstract class EagerWriteOp extends UnaryOp {
  protected abstract writeRow(ctx: ExecContext, row: Row, out: Row[]): void;

  /** Called after every row was written (DELETE does its work here). */
  protected finish(_ctx: ExecContext): void {}

  protected openCursor(ctx: ExecContext, arg: Row): RowCursor {
    const input = this.input.open(ctx, arg);
    let rows: Row[] | null = null;
    let i = 0;
    return {
      next: () => {
        if (rows === null) {
          const inputs: Row[] = [];
          for (let r = input.next(); r !== null; r = input.next()) inputs.push(r);
          input.close();
          rows = [];
          for (const r of inputs) {
            ctx.checkCancelled();
            this.writeRow(ctx, r, rows);
          }
          this.finish(ctx);
          ctx.graph.invalidate();
        }
        return i < rows.length ? rows[i++]! : null;
      },
      close: () => input.close(),
    };
  }
}

export class CreateOp extends EagerWriteOp {
  constructor(
    input: PlanOp,
    readonly spec: CreatePatternSpec,
  ) {
    super(input);
  }

  get operator(): string {
    return 'Create';
  }

  details(): string {
    return `${this.spec.nodes.filter((n) => !n.bound).length} nodes, ${this.spec.rels.length} relationships`;
  }

  protected writeRow(ctx: ExecContext, row: Row, out: Row[]): void {
    const r = row.slice();
    createPattern(ctx, r, this.spec);
    out.push(r);
  }
}

export class MergeOp extends EagerWriteOp {
  constructor(
    input: PlanOp,
    /** The pattern as a match, opened with the input row as argument. */
    readonly match: PlanOp,
    readonly create: CreatePatternSpec,
    readonly onMatch: readonly SetAction[],
    readonly onCreate: readonly SetAction[],
    /** Property maps of the pattern: a null value in one cannot be merged. */
    readonly propertyChecks: readonly Eval[],
  ) {
    super(input);
    this.children.push(match);
  }

  get operator(): string {
    return 'Merge';
  }

  details(): string {
    return '';
  }

  protected writeRow(ctx: ExecContext, row: Row, out: Row[]): void {
    const c = this.match.open(ctx, row);
    const found: Row[] = [];
    try {
      for (let r = c.next(); r !== null; r = c.next()) found.push(r);
    } finally {
      c.close();
    }
    if (found.length > 0) {
      for (const r of found) {
        for (const a of this.onMatch) applySetAction(ctx, r, a);
        out.push(r);
      }
      return;
    }
    for (const check of this.propertyChecks) {
      const m = check(row, ctx);
      if (isMap(m)) {
        for (const k of Object.keys(m)) {
          if (m[k] === null) throw new CypherError('SemanticError', 'MergeReadOwnWrites', `cannot MERGE with a null property value (${k})`, { phase: 'runtime' });
        }
      }
    }
    const r = row.slice();
    createPattern(ctx, r, this.create);
    for (const a of this.onCreate) applySetAction(ctx, r, a);
    out.push(r);
  }
}

export class SetOp extends EagerWriteOp {
  constructor(
    input: PlanOp,
    readonly actions: readonly SetAction[],
    readonly remove: boolean,
  ) {
    super(input);
  }

  get operator(): string {
    return this.remove ? 'Remove' : 'SetProperties';
  }

  details(): string {
    return '';
  }

  protected writeRow(ctx: ExecContext, row: Row, out: Row[]): void {
    for (const a of this.actions) applySetAction(ctx, row, a);
    out.push(row);
  }
}

export class DeleteOp extends EagerWriteOp {
  #nodes: number[] = [];
  #rels: number[] = [];

  constructor(
    input: PlanOp,
    readonly targets: readonly Eval[],
    readonly detach: boolean,
  ) {
    super(input);
  }

  get operator(): string {
    return this.detach ? 'DetachDelete' : 'Delete';
  }

  details(): string {
    return '';
  }

  protected writeRow(ctx: ExecContext, row: Row, out: Row[]): void {
    for (const t of this.targets) this.#collect(t(row, ctx));
    out.push(row);
  }

  #collect(v: Value): void {
    if (v === null) return;
    if (v instanceof NodeRef) this.#nodes.push(v.id);
    else if (v instanceof RelRef) this.#rels.push(v.id);
    else if (v instanceof PathValue) {
      for (const r of v.rels) this.#rels.push(r.id);
      for (const n of v.nodes) this.#nodes.push(n.id);
    } else if (Array.isArray(v)) {
      for (const x of v) this.#collect(x);
    } else {
      throw new CypherError('TypeError', 'InvalidArgumentType', `DELETE expects a NODE, RELATIONSHIP or PATH, got ${valueType(v)}`, { phase: 'runtime' });
    }
  }

  protected override finish(ctx: ExecContext): void {
    const rels = this.#rels;
    const nodes = this.#nodes;
    this.#rels = [];
    this.#nodes = [];
    for (const r of rels) deleteRel(ctx, r);
    for (const n of nodes) deleteNode(ctx, n, this.detach);
  }
}
