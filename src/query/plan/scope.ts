/**
 * Which variable lives in which slot of a row, while a query is planned.
 *
 * Every binding (a pattern variable, an UNWIND or WITH alias, a projected
 * column, a comprehension's local variable) gets a slot of its own from the
 * query's `SlotAllocator`, so a row can keep the slots of earlier clauses
 * while a projection adds new ones: WITH does not copy values around, it
 * only changes which names are visible (`Scope`).
 */

/** What a variable holds, when the planner knows. */
export type VariableKind = 'node' | 'relationship' | 'relationship-list' | 'path' | 'value';

export interface ScopedVariable {
  slot: number;
  kind: VariableKind;
}

export class SlotAllocator {
  count = 0;

  take(): number {
    return this.count++;
  }
}

export class Scope {
  readonly slots: SlotAllocator;
  readonly vars: Map<string, ScopedVariable>;

  constructor(slots: SlotAllocator, vars: Map<string, ScopedVariable> = new Map()) {
    this.slots = slots;
    this.vars = vars;
  }

  /** A copy that can bind more names without changing this one. */
  child(): Scope {
    return new Scope(this.slots, new Map(this.vars));
  }

  /** An empty scope sharing the slot allocator (after WITH / RETURN). */
  fresh(): Scope {
    return new Scope(this.slots);
  }

  has(name: string): boolean {
    return this.vars.has(name);
  }

  get(name: string): ScopedVariable | undefined {
    return this.vars.get(name);
  }

  /** Binds `name` to a new slot and returns it. */
  bind(name: string, kind: VariableKind): number {
    const slot = this.slots.take();
    this.vars.set(name, { slot, kind });
    return slot;
  }

  /** Visible names, sorted (RETURN * order); names starting with a space are internal. */
  names(): string[] {
    return [...this.vars.keys()].filter((n) => !n.startsWith(' ')).sort();
  }
}
