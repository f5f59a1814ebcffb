/**
 * The state of an interactive `sombra shell`: input lines in, statements
 * and `:commands` run in order, output out. Independent of the terminal
 * (commands/shell.ts wires it to readline), so it also runs piped input.
 *
 * A statement ends at `;` (statement-splitter.ts). A line starting with `:`
 * at the start of a statement is a shell command (:help lists them). After
 * `:begin`, statements run in one write transaction until `:commit` or
 * `:rollback`. `cancel()` aborts the running statement (Ctrl-C).
 */
import { CancelledError, InvalidArgError, SombraError } from '../base/errors.js';
import type { Database } from '../db/database.js';
import type { Transaction } from '../db/transaction.js';
import type { QueryResult } from '../query/exec/query-result.js';
import { describeError } from './output.js';
import { parseParamValue } from './query-params.js';
import { RESULT_FORMATS, resultLines, summaryLine, type ResultFormat } from './result-format.js';
import { schemaLines, schemaSummary } from './schema-summary.js';
import { StatementSplitter } from './statement-splitter.js';
import { toJsonText } from './value-format.js';

export const SHELL_HELP = `Statements end with ';' and may span lines. Shell commands:
  :help                      this text
  :schema                    labels, relationship types, property keys, indexes (with counts)
  :explain <query>           the plan of a query, without running it
  :profile <query>           run a query and show its plan with actual rows and times
  :begin                     start a write transaction (statements run in it until :commit / :rollback)
  :commit                    commit the transaction
  :rollback                  roll the transaction back
  :format [table|json|csv|ndjson]   show or set the result format
  :param <name> <value>      set a query parameter ($name); the value is read as JSON when it parses
  :params                    list the parameters
  :quit                      leave (Ctrl-D too)
Ctrl-C cancels the running query, or clears the statement being typed.`;

export interface ShellIo {
  out: (line: string) => void;
  err: (line: string) => void;
  columns: () => number;
  /** Names the input in error messages (`stdin:12: error ...`) when it is not a terminal. */
  source?: string;
}

export class ShellSession {
  readonly #db: Database;
  readonly #io: ShellIo;
  readonly #splitter = new StatementSplitter();
  #tx: Transaction | null = null;
  #format: ResultFormat = 'table';
  #params: Record<string, unknown> = {};
  #running: AbortController | null = null;
  #lineNo = 0;
  #statementLine = 1;
  /** Statements that failed. */
  errors = 0;
  /** Set by :quit. */
  quit = false;

  constructor(db: Database, io: ShellIo, format: ResultFormat = 'table') {
    this.#db = db;
    this.#io = io;
    this.#format = format;
  }

  get inTransaction(): boolean {
    return this.#tx !== null;
  }

  /** Whether a statement is being typed (the prompt shows a continuation). */
  get pending(): boolean {
    return this.#splitter.pending;
  }

  get running(): boolean {
    return this.#running !== null;
  }

  /** Ctrl-C: cancels the running statement, else drops the one being typed. Returns what it did. */
  cancel(): 'cancelled' | 'cleared' | 'nothing' {
    if (this.#running !== null) {
      this.#running.abort(new CancelledError('cancelled by Ctrl-C'));
      return 'cancelled';
    }
    if (this.#splitter.pending) {
      this.#splitter.reset();
      return 'cleared';
    }
    return 'nothing';
  }

  /** Handles one input line; resolves when everything it completed has run. Returns false after an error. */
  async line(text: string): Promise<boolean> {
    this.#lineNo++;
    if (!this.#splitter.pending) this.#statementLine = this.#lineNo;
    if (!this.#splitter.pending && text.trim().startsWith(':')) return this.#command(text.trim());
    let ok = true;
    for (const stmt of this.#splitter.push(text)) {
      if (!(await this.#statement(stmt))) ok = false;
      if (this.quit) break;
    }
    return ok;
  }

  /** End of input: runs a last statement that lacks its `;`, rolls back an open transaction. */
  async end(): Promise<boolean> {
    const rest = this.#splitter.flush();
    let ok = true;
    if (rest !== null) ok = await this.#statement(rest);
    if (this.#tx !== null) {
      this.#tx.rollback();
      this.#tx = null;
      this.#io.err('open transaction rolled back at the end of input');
    }
    return ok;
  }

  async #statement(text: string): Promise<boolean> {
    const controller = new AbortController();
    this.#running = controller;
    const startMs = performance.now();
    try {
      const opts = { signal: controller.signal };
      let result: QueryResult;
      if (this.#tx !== null) {
        result = await this.#tx.cypher(text, this.#params, opts);
      } else if (this.#format === 'ndjson' && !/^\s*(EXPLAIN|PROFILE)\b/i.test(text)) {
        for await (const row of this.#db.cypherStream(text, this.#params, opts)) this.#io.out(toJsonText(row));
        return true;
      } else {
        result = await this.#db.cypher(text, this.#params, opts);
      }
      for (const l of resultLines(result, this.#format, this.#io.columns())) this.#io.out(l);
      if (this.#format === 'table') this.#io.out(summaryLine(result, performance.now() - startMs));
      return true;
    } catch (err) {
      this.errors++;
      this.#io.err(`${this.#where()}${describeError(err)}`);
      if (this.#tx !== null && !this.#tx.active) {
        this.#tx = null;
        this.#io.err('the transaction was rolled back');
      }
      return false;
    } finally {
      this.#running = null;
    }
  }

  async #command(text: string): Promise<boolean> {
    const space = text.search(/\s/);
    const name = (space < 0 ? text : text.slice(0, space)).toLowerCase();
    const arg = space < 0 ? '' : text.slice(space + 1).trim();
    try {
      switch (name) {
        case ':help':
        case ':h':
        case ':?':
          this.#io.out(SHELL_HELP);
          return true;
        case ':quit':
        case ':exit':
        case ':q':
          this.quit = true;
          return true;
        case ':schema':
          for (const l of schemaLines(await schemaSummary(this.#db))) this.#io.out(l);
          return true;
        case ':explain':
        case ':profile': {
          if (arg === '') throw new InvalidArgError(`${name} needs a query: ${name} MATCH (n) RETURN n`);
          return await this.#statement(`${name === ':explain' ? 'EXPLAIN' : 'PROFILE'} ${arg.replace(/;\s*$/, '')}`);
        }
        case ':begin':
          if (this.#tx !== null) throw new InvalidArgError('a transaction is already open (:commit or :rollback it first)');
          this.#tx = await this.#db.beginWrite();
          this.#io.out('transaction started');
          return true;
        case ':commit': {
          if (this.#tx === null) throw new InvalidArgError('no transaction is open (:begin starts one)');
          const tx = this.#tx;
          this.#tx = null;
          await tx.commit();
          this.#io.out('committed');
          return true;
        }
        case ':rollback':
          if (this.#tx === null) throw new InvalidArgError('no transaction is open (:begin starts one)');
          this.#tx.rollback();
          this.#tx = null;
          this.#io.out('rolled back');
          return true;
        case ':format':
          if (arg !== '') {
            if (!(RESULT_FORMATS as readonly string[]).includes(arg)) throw new InvalidArgError(`unknown format ${JSON.stringify(arg)}; one of ${RESULT_FORMATS.join(', ')}`);
            this.#format = arg as ResultFormat;
          }
          this.#io.out(`format: ${this.#format}`);
          return true;
        case ':param': {
          const m = /^(\S+)\s+([\s\S]+)$/.exec(arg);
          if (m === null) throw new InvalidArgError(':param needs a name and a value: :param min 30');
          this.#params[m[1]!.replace(/^\$/, '')] = parseParamValue(m[2]!);
          return true;
        }
        case ':params':
          this.#io.out(toJsonText(this.#params));
          return true;
        default:
          throw new InvalidArgError(`unknown command ${name} (:help lists them)`);
      }
    } catch (err) {
      this.errors++;
      this.#io.err(`${this.#where()}${err instanceof SombraError ? describeError(err) : `error: ${err instanceof Error ? err.message : String(err)}`}`);
      return false;
    }
  }

  /** `stdin:LINE: ` for piped input: the line where the failing statement started. */
  #where(): string {
    return this.#io.source === undefined ? '' : `${this.#io.source}:${this.#statementLine}: `;
  }

  /** Rolls back an open transaction (the shell is closing). */
  close(): void {
    this.#tx?.rollback();
    this.#tx = null;
  }
}
