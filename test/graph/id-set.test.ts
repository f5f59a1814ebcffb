// IdSet (id-set.ts), the reused visited set of bfs and distinct neighbour
// lists: against a Set<number> over random runs of adds, lookups and clears,
// with ids across the whole safe-integer range (the hash mixes the high 32
// bits), growth past the initial table and the drop of an oversized one.
//
// fast-check prints the seed and the shrunk counterexample on failure;
// replay with SOMBRA_PROPERTY_SEED=<seed>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IdSet } from '../../src/graph/id-set.js';

const SEED = process.env['SOMBRA_PROPERTY_SEED'] === undefined ? undefined : Number(process.env['SOMBRA_PROPERTY_SEED']);

const anyId = fc.oneof(
  fc.integer({ min: 1, max: 2000 }),
  fc.integer({ min: 2 ** 31 - 50, max: 2 ** 31 + 50 }),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  // Ids that differ only in their high 32 bits.
  fc.integer({ min: 1, max: 2 ** 21 - 1 }).map((hi) => hi * 2 ** 32 + 7),
);
const op = fc.oneof(
  { weight: 10, arbitrary: fc.record({ kind: fc.constant('add' as const), id: anyId }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('has' as const), id: anyId }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), id: fc.constant(0) }) },
);

test('IdSet answers like a Set<number> over adds, lookups and clears', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
      const s = new IdSet();
      const model = new Set<number>();
      for (const { kind, id } of ops) {
        if (kind === 'add') {
          assert.equal(s.add(id), !model.has(id), `add(${id})`);
          model.add(id);
        } else if (kind === 'has') {
          assert.equal(s.has(id), model.has(id), `has(${id})`);
        } else {
          s.clear();
          model.clear();
        }
        assert.equal(s.size, model.size);
      }
      for (const id of model) assert.ok(s.has(id), `has(${id}) at the end`);
    }),
    { numRuns: 200, ...(SEED === undefined ? {} : { seed: SEED }) },
  );
});

test('IdSet grows past its first table, and after an oversized one is dropped it starts empty and works', () => {
  const s = new IdSet();
  for (let round = 0; round < 3; round++) {
    const n = round === 1 ? 200_000 : 5_000;
    for (let i = 1; i <= n; i++) assert.equal(s.add(i * 3), true);
    for (let i = 1; i <= n; i++) assert.equal(s.add(i * 3), false);
    assert.equal(s.size, n);
    assert.equal(s.has(n * 3 + 3), false);
    assert.equal(s.has(1), false);
    s.clear();
    assert.equal(s.size, 0);
    assert.equal(s.has(3), false, 'empty after clear');
  }
});
