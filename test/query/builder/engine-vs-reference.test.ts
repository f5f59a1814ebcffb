// THE builder test: random graphs and random specs, and the engine's rows
// (db.query(spec).execute()) must be a right answer according to the naive
// reference evaluator (as multisets; as sequences where the spec orders
// them, any tie-break accepted). Seeds are printed by fast-check on failure;
// replay with SOMBRA_FC_SEED=<seed> (and SOMBRA_FC_PATH=<path>).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Database } from '../../../src/index.js';
import { checkSpec } from '../../../src/query/builder/query-spec.js';
import { MemVfs } from '../../../src/vfs/mem-vfs.js';
import { compareWithReference, evaluateSpec, type RefGraph } from './reference-evaluator.js';
import { graphArb, loadGraph, specArb, type SpecCase } from './random-queries.js';

const RUNS = Number(process.env['SOMBRA_FC_RUNS'] ?? 100);

function fcParams(): fc.Parameters<unknown> {
  const seed = process.env['SOMBRA_FC_SEED'];
  const path = process.env['SOMBRA_FC_PATH'];
  return { numRuns: RUNS, ...(seed === undefined ? {} : { seed: Number(seed) }), ...(path === undefined ? {} : { path }) };
}

/** A parameter as the caller passes it (the generator holds it in spec JSON form). */
function jsParam(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && (v as { t?: unknown }).t === 'Int') return BigInt((v as { v: string }).v);
  return v;
}

async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await Database.openOn(new MemVfs(), '/ref/graph.sombra', { walPreallocateBytes: 0, autocheckpointMs: null });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function check(db: Database, graph: RefGraph, c: SpecCase): Promise<void> {
  const checked = checkSpec(c.spec);
  const ref = evaluateSpec(graph, checked.spec, c.params);
  const params: Record<string, never> = {};
  for (const [k, v] of Object.entries(c.params)) (params as Record<string, unknown>)[k] = jsParam(v);
  const usesParam = checked.params.size > 0;
  const rows = await db.query(c.spec).execute(usesParam ? { params } : {});
  compareWithReference(rows, ref, `spec ${JSON.stringify(c.spec)}\ngraph ${JSON.stringify(graph, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
}

/** Like fc.assert, with the failing case's own error message in the thrown one (node:test prints no causes). */
async function assertProperty<T>(prop: fc.IAsyncProperty<T>): Promise<void> {
  const out = await fc.check(prop, fcParams());
  if (!out.failed) return;
  const cause = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
  throw new Error(`property failed (seed ${out.seed}, path "${out.counterexamplePath ?? ''}", shrunk ${out.numShrinks} times):\n${cause}`);
}

test('random specs over random graphs: the engine answers what the reference evaluator does', async () => {
  await assertProperty(
    fc.asyncProperty(graphArb, fc.array(specArb, { minLength: 1, maxLength: 4 }), async (plan, cases) => {
      await withDb(async (db) => {
        const graph = await loadGraph(db, plan);
        for (const c of cases) {
          let valid = true;
          try {
            checkSpec(c.spec);
          } catch {
            valid = false; // the generator made a spec validation refuses (an inverted between, say): not this test's business
          }
          if (valid) await check(db, graph, c);
        }
      });
    }),
  );
});

const FEATURES = [
  '"minHops":0',
  '"minHops":1',
  '"direction":"both"',
  '"agg":"count"',
  '"agg":"collect"',
  '"agg":"avg"',
  '"distinct":true',
  '"op":"inList"',
  '"op":"between"',
  '"op":"hasLabel"',
  '"op":"startsWith"',
  '"param":"p"',
  '"orderBy":[{',
  '"limit":2',
  '"skip":1',
  '"op":"not"',
  '"type":"e',
  '"id":"e',
  '"t":"Int"',
];

test('the generators make valid specs almost always, and cover the features', () => {
  const samples = fc.sample(specArb, { numRuns: 400, seed: 42 });
  let valid = 0;
  const seen = new Set<string>();
  for (const s of samples) {
    try {
      checkSpec(s.spec);
      valid++;
    } catch {
      continue;
    }
    const text = JSON.stringify(s.spec);
    for (const f of FEATURES) if (text.includes(f)) seen.add(f);
  }
  assert.ok(valid >= 300, `only ${valid} of 400 generated specs are valid`);
  assert.deepEqual(FEATURES.filter((f) => !seen.has(f)), [], 'features the generator never produced');
});
