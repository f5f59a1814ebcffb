/**
 * The list and map operators of openCypher:
 *
 * - `v IN list`: ternary. True if some element equals `v`; else null if
 *   some comparison was null (`4 IN [1, null]`, `[1, 2] IN [[null, 2]]`);
 *   else false. A null list gives null; a non-list is TypeError.
 * - `list[i]`: INTEGER index, negative counts from the end, out of range is
 *   null. `map[k]`, `node[k]`, `rel[k]`: STRING key (else TypeError/
 *   MapElementAccessByNonString), a missing key is null. A null container
 *   or index gives null. Indexing anything else is TypeError/
 *   InvalidArgumentType, as is a non-INTEGER list index.
 * - `list[from..to]`: either bound may be omitted (undefined); a null bound
 *   gives null; negative bounds count from the end; bounds are clamped; an
 *   empty or inverted range gives [].
 * - `x.key`: property of a map, node or relationship, or a component of a
 *   date, time or duration (`d.year`, `dur.minutes`); null for a missing
 *   key, null for a null `x`.
 */
import { CypherError } from '../../base/errors.js';
import { cypherEquals } from './equality.js';
import type { GraphAccess } from './graph-access.js';
import { DurationValue, TemporalValue, durationComponent, temporalComponent } from './temporal.js';
import { NodeRef, RelRef, isInt, isMap, valueType, type Value } from './value.js';

/** `v IN list`. */
export function inList(v: Value, list: Value): boolean | null {
  if (list === null) return null;
  if (!Array.isArray(list)) throw new CypherError('TypeError', 'InvalidArgumentType', `type mismatch: IN expects a LIST on the right, got ${valueType(list)}`, { phase: 'runtime' });
  let unknown = false;
  for (const e of list) {
    const eq = cypherEquals(v, e);
    if (eq === true) return true;
    if (eq === null) unknown = true;
  }
  return unknown ? null : false;
}

/** `container[index]` for lists, maps, nodes and relationships. */
export function indexValue(container: Value, index: Value, graph: GraphAccess): Value {
  if (container === null) return null;
  if (Array.isArray(container)) {
    if (index === null) return null;
    if (!isInt(index)) throw new CypherError('TypeError', 'InvalidArgumentType', `type mismatch: a list index must be an INTEGER, got ${valueType(index)}`, { phase: 'runtime' });
    if (typeof index === 'bigint') return null;
    const i = index < 0 ? container.length + index : index;
    return i >= 0 && i < container.length ? (container[i] as Value) : null;
  }
  if (isMap(container) || container instanceof NodeRef || container instanceof RelRef) {
    if (index === null) return null;
    if (typeof index !== 'string') throw new CypherError('TypeError', 'MapElementAccessByNonString', `type mismatch: a map key must be a STRING, got ${valueType(index)}`, { phase: 'runtime' });
    return propertyValue(container, index, graph);
  }
  throw new CypherError('TypeError', 'InvalidArgumentType', `type mismatch: cannot index into ${valueType(container)}`, { phase: 'runtime' });
}

/** `x.key` for maps, nodes and relationships; null for a null `x`. */
export function propertyValue(container: Value, key: string, graph: GraphAccess): Value {
  if (container === null) return null;
  if (container instanceof NodeRef) return graph.nodeProperty(container, key);
  if (container instanceof RelRef) return graph.relProperty(container, key);
  if (isMap(container)) return Object.hasOwn(container, key) ? (container[key] as Value) : null;
  if (container instanceof TemporalValue) return temporalComponent(container, key) ?? null;
  if (container instanceof DurationValue) return durationComponent(container, key) ?? null;
  throw new CypherError('TypeError', 'InvalidArgumentType', `type mismatch: cannot read property ${JSON.stringify(key)} of ${valueType(container)}`, { phase: 'runtime' });
}

function sliceBound(bound: Value, length: number): number | null {
  if (bound === null) return null;
  if (!isInt(bound)) throw new CypherError('TypeError', 'InvalidArgumentType', `type mismatch: a list slice bound must be an INTEGER, got ${valueType(bound)}`, { phase: 'runtime' });
  const b = typeof bound === 'bigint' ? (bound < 0n ? -Infinity : Infinity) : bound;
  const i = b < 0 ? length + b : b;
  return Math.min(Math.max(i, 0), length);
}

/** `list[from..to]`; pass undefined for an omitted bound. */
export function sliceList(list: Value, from: Value | undefined, to: Value | undefined): Value {
  if (list === null) return null;
  if (!Array.isArray(list)) throw new CypherError('TypeError', 'InvalidArgumentType', `type mismatch: cannot slice ${valueType(list)}`, { phase: 'runtime' });
  const start = from === undefined ? 0 : sliceBound(from, list.length);
  const end = to === undefined ? list.length : sliceBound(to, list.length);
  if (start === null || end === null) return null;
  return start < end ? list.slice(start, end) : [];
}
