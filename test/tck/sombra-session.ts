/**
 * The TCK runner's session on Sombra: a fresh `Database.open(':memory:')`
 * per scenario, queries through `db.cypher(text, params, { keepFloatBoxes })`
 * so that 1.0 stays distinguishable from 1.
 *
 * `db.cypher` is looked up at run time: while it does not exist, opening a
 * session fails with a message saying so, and every scenario is reported as
 * failed with it (the runner keeps working the moment the engine lands).
 */
import { Database } from '../../src/index.js';
import type { QueryResult } from '../../src/query/exec/query-result.js';
import type { CypherSession } from './scenario-runner.js';

/** The shape of `db.cypher` the runner relies on. */
type CypherMethod = (
  text: string,
  params: Record<string, unknown>,
  options: { keepFloatBoxes: boolean; signal: AbortSignal },
) => Promise<QueryResult>;

/** Opens a Sombra session on a new in-memory database. */
export async function openSombraSession(): Promise<CypherSession> {
  const db = await Database.open(':memory:');
  const cypher = (db as unknown as { cypher?: unknown }).cypher;
  if (typeof cypher !== 'function') {
    await db.close();
    throw new Error('Database#cypher does not exist yet');
  }
  const run = cypher as CypherMethod;
  return {
    run: (query, params, signal) => run.call(db, query, params, { keepFloatBoxes: true, signal }),
    close: () => db.close(),
  };
}

/** The name the TCK worker thread looks for (tck-worker.ts). */
export const openSession = openSombraSession;
