/**
 * Shared fixtures for B+-tree tests: a sorted in-memory model of a tree,
 * deterministic keys and values, and a checker that compares a tree with
 * the model entry by entry (forwards and backwards) and verifies it.
 */
import assert from 'node:assert/strict';
import { compareKeys, toHex } from '../../src/base/bytes.js';
import type { PageReader } from '../../src/pager/page-store.js';
import { BTree } from '../../src/btree/tree.js';
import { formatProblems, verifyTrees } from '../../src/btree/verify.js';

const hexTable = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function hex(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += hexTable[b[i]!];
  return s;
}

export function unhex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** A key of 8 bytes: `n` big-endian (byte order = numeric order). */
export function idKey(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setUint32(0, Math.floor(n / 0x1_0000_0000));
  new DataView(b.buffer).setUint32(4, n >>> 0);
  return b;
}

/** A deterministic value of `length` bytes derived from `seed`. */
export function makeValue(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = (seed * 2654435761 + 12345) >>> 0;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** The sorted model: hex(key) -> value. */
export class Model {
  readonly map = new Map<string, Uint8Array>();
  #sorted: string[] | null = null;

  clone(): Model {
    const m = new Model();
    for (const [k, v] of this.map) m.map.set(k, v);
    return m;
  }

  put(key: Uint8Array, value: Uint8Array): boolean {
    const k = hex(key);
    const isNew = !this.map.has(k);
    this.map.set(k, value.slice());
    if (isNew) this.#sorted = null;
    return isNew;
  }

  delete(key: Uint8Array): boolean {
    const had = this.map.delete(hex(key));
    if (had) this.#sorted = null;
    return had;
  }

  get(key: Uint8Array): Uint8Array | null {
    return this.map.get(hex(key)) ?? null;
  }

  get size(): number {
    return this.map.size;
  }

  /** Keys in unsigned byte order (hex strings of equal-length prefixes sort the same way). */
  sortedKeys(): Uint8Array[] {
    if (this.#sorted === null) this.#sorted = [...this.map.keys()].sort();
    return this.#sorted.map(unhex);
  }

  /** Entries with lower/upper bounds as the tree's ranges resolve them. */
  range(lower: Uint8Array | null, lowerInclusive: boolean, upper: Uint8Array | null, upperInclusive: boolean, prefix: Uint8Array | null = null): Uint8Array[] {
    return this.sortedKeys().filter((k) => {
      if (lower !== null) {
        const c = compareKeys(k, lower);
        if (c < 0 || (c === 0 && !lowerInclusive)) return false;
      }
      if (upper !== null) {
        const c = compareKeys(k, upper);
        if (c > 0 || (c === 0 && !upperInclusive)) return false;
      }
      if (prefix !== null) {
        if (k.length < prefix.length) return false;
        for (let i = 0; i < prefix.length; i++) if (k[i] !== prefix[i]) return false;
      }
      return true;
    });
  }
}

/** Asserts that the tree holds exactly the model, walking both ways, and that it verifies. */
export function assertTreeEquals(view: PageReader, tree: BTree, model: Model, context: string, allRoots?: readonly number[]): void {
  const keys = model.sortedKeys();
  const c = tree.cursor();
  let i = 0;
  for (let ok = c.first(); ok; ok = c.next(), i++) {
    const k = c.key();
    assert.ok(i < keys.length, `${context}: the tree has more entries than the model (${keys.length}); extra key ${toHex(k)}`);
    assert.equal(hex(k), hex(keys[i]!), `${context}: entry ${i} key`);
    const want = model.get(k)!;
    assert.equal(c.valueLengthBytes, want.length, `${context}: value length of ${toHex(k)}`);
    const got = c.value();
    assert.ok(got.length === want.length && Buffer.compare(got, want) === 0, `${context}: value of ${toHex(k)} differs (${got.length} vs ${want.length} bytes)`);
  }
  assert.equal(i, keys.length, `${context}: entry count`);
  let j = keys.length - 1;
  for (let ok = c.last(); ok; ok = c.prev(), j--) assert.equal(hex(c.keyView()), hex(keys[j]!), `${context}: backward entry ${j}`);
  assert.equal(j, -1, `${context}: backward entry count`);
  assert.equal(tree.count(), keys.length, `${context}: count()`);
  const report = verifyTrees(view, allRoots ?? [tree.rootPageNo], { checkLeaks: allRoots !== undefined });
  assert.ok(report.ok, `${context}: verify failed:\n${formatProblems(report.problems)}`);
  const t = report.trees.find((r) => r.rootPageNo === tree.rootPageNo)!;
  assert.equal(t.entryCount, keys.length, `${context}: verify's entry count`);
}

export function codeOf(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}
