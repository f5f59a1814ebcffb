/**
 * The query engine as the db layer uses it: Cypher text parsed and checked
 * once (cached by text), statements planned once per set of indexes
 * (cached by statement identity, so a builder or a repeated text plans
 * once), and statements run on a snapshot (read-only) or in a transaction.
 *
 * The caches are bounded (`STATEMENT_CACHE_MAX` texts; plans live as long as
 * their statement). A plan depends on the data only through its estimates
 * and the indexes that exist; it resolves every name when it runs, so it is
 * correct for any database with the same indexes.
 */
import type { GraphReader } from '../graph/graph-reader.js';
import type { Statement } from '../query/cypher/ast.js';
import { parseCypher } from '../query/cypher/parser.js';
import { checkStatement } from '../query/cypher/semantic-check.js';
import { planStatement, statementWrites, type CompiledStatement } from '../query/plan/planner.js';
import { indexVersionOf, statisticsOf } from '../query/plan/plan-statistics.js';

/** Parsed statements kept by text (least recently used dropped first). */
export const STATEMENT_CACHE_MAX = 1000;

export class QueryEngine {
  readonly #statements = new Map<string, Statement>();
  readonly #plans = new WeakMap<Statement, { indexVersion: number; plan: CompiledStatement }>();

  /** Parses and checks Cypher text (CypherError on a syntax or semantic error). */
  parse(text: string): Statement {
    const hit = this.#statements.get(text);
    if (hit !== undefined) {
      this.#statements.delete(text);
      this.#statements.set(text, hit);
      return hit;
    }
    const stmt = parseCypher(text);
    checkStatement(stmt, text);
    this.#statements.set(text, stmt);
    if (this.#statements.size > STATEMENT_CACHE_MAX) this.#statements.delete(this.#statements.keys().next().value!);
    return stmt;
  }

  writes(stmt: Statement): boolean {
    return statementWrites(stmt);
  }

  /** The plan of a statement for the view `reader` reads. */
  plan(stmt: Statement, reader: GraphReader): CompiledStatement {
    const indexVersion = indexVersionOf(reader);
    const hit = this.#plans.get(stmt);
    if (hit !== undefined && hit.indexVersion === indexVersion) return hit.plan;
    const plan = planStatement(stmt, statisticsOf(reader));
    this.#plans.set(stmt, { indexVersion, plan });
    return plan;
  }
}

/** One engine per process: its caches hold nothing specific to a database. */
export const queryEngine = new QueryEngine();
