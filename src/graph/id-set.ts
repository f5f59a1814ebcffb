/**
 * `IdSet`: a set of node or edge ids (safe integers) for the visited sets of
 * traversals (bfs, distinct neighbour lists), reused from one traversal to
 * the next.
 *
 * Why not a `Set<number>`: a traversal's set starts empty and grows to a few
 * hundred ids, and a `Set` rehashes into a new table at each doubling; a
 * 2-hop bfs spent ~4 of its ~29 us there (W8b, measured against this class in
 * one process). This one is an open-addressing table (linear probing,
 * Fibonacci hashing of the id's low and high 32 bits, at most half full)
 * whose `clear()` is O(1): every slot carries the generation it was written
 * in, and clearing starts a new generation.
 *
 * Not re-entrant: one user at a time, synchronously (a traversal clears it,
 * fills it and is done before anything else runs). A table grown past
 * `ID_SET_KEEP_SLOTS` by a large traversal is dropped at the next `clear()`,
 * so one big bfs does not pin its memory.
 */

/** Slots of a new table (a power of two). */
const ID_SET_INITIAL_SLOTS = 1024;
/** A table larger than this is replaced by a new small one at `clear()` (64K slots: 768 KiB). */
const ID_SET_KEEP_SLOTS = 65_536;
const TWO_POW_32 = 4_294_967_296;

export class IdSet {
  #keys = new Float64Array(ID_SET_INITIAL_SLOTS);
  #generations = new Uint32Array(ID_SET_INITIAL_SLOTS);
  #generation = 1;
  /** 32 - log2(slots): the hash's top bits index the table. */
  #shift = 32 - Math.log2(ID_SET_INITIAL_SLOTS);
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Empties the set (O(1), except for dropping an oversized table). */
  clear(): void {
    this.#size = 0;
    if (this.#keys.length > ID_SET_KEEP_SLOTS) {
      this.#allocate(ID_SET_INITIAL_SLOTS);
      return;
    }
    this.#generation++;
    if (this.#generation === 0xffff_ffff) {
      this.#generations.fill(0);
      this.#generation = 1;
    }
  }

  /** Adds `id`; returns true when it was not in the set. */
  add(id: number): boolean {
    if ((this.#size + 1) * 2 > this.#keys.length) this.#grow();
    const keys = this.#keys;
    const generations = this.#generations;
    const generation = this.#generation;
    const mask = keys.length - 1;
    for (let i = this.#slotOf(id); ; i = (i + 1) & mask) {
      if (generations[i] !== generation) {
        generations[i] = generation;
        keys[i] = id;
        this.#size++;
        return true;
      }
      if (keys[i] === id) return false;
    }
  }

  has(id: number): boolean {
    const keys = this.#keys;
    const generations = this.#generations;
    const generation = this.#generation;
    const mask = keys.length - 1;
    for (let i = this.#slotOf(id); ; i = (i + 1) & mask) {
      if (generations[i] !== generation) return false;
      if (keys[i] === id) return true;
    }
  }

  #slotOf(id: number): number {
    const high = (id / TWO_POW_32) | 0;
    return Math.imul((id | 0) ^ Math.imul(high, 0x85eb_ca6b), 0x9e37_79b1) >>> this.#shift;
  }

  #allocate(slots: number): void {
    this.#keys = new Float64Array(slots);
    this.#generations = new Uint32Array(slots);
    this.#generation = 1;
    this.#shift = 32 - Math.log2(slots);
  }

  #grow(): void {
    const keys = this.#keys;
    const generations = this.#generations;
    const generation = this.#generation;
    this.#allocate(keys.length * 2);
    this.#size = 0;
    for (let i = 0; i < keys.length; i++) if (generations[i] === generation) this.add(keys[i]!);
  }
}
