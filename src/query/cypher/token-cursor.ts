/**
 * The parser's position in the token list: look-ahead, keyword and operator
 * tests, spans, and syntax errors that name what was expected and what was
 * found. Shared by the expression, pattern and clause parsers, which are
 * plain functions over one cursor.
 *
 * Two grammar rules need to call "up" the file layering (an expression holds
 * a pattern's property map, an EXISTS subquery holds clauses): the cursor
 * carries those as hooks that parser.ts installs, so the files import each
 * other in one direction only.
 */
import { AssertionError, type CypherError } from '../../base/errors.js';
import type { Expr, SingleQuery, Span } from './ast.js';
import { tokenize, type Token } from './lexer.js';
import { cypherSyntaxError } from './syntax-error.js';

/**
 * Words that end or join expressions and so can never be a variable or a
 * function name where an expression is expected. Other keywords (`count`,
 * `exists`, `all`, ...) stay usable as names.
 */
export const RESERVED_WORDS = new Set([
  'ALL', 'AND', 'AS', 'ASC', 'ASCENDING', 'BY', 'CALL', 'CASE', 'CONTAINS', 'CREATE', 'DELETE', 'DESC', 'DESCENDING',
  'DETACH', 'DISTINCT', 'ELSE', 'END', 'ENDS', 'FALSE', 'IN', 'IS', 'LIMIT', 'MATCH', 'MERGE', 'NOT', 'NULL', 'ON',
  'OPTIONAL', 'OR', 'ORDER', 'REMOVE', 'RETURN', 'SET', 'SKIP', 'STARTS', 'THEN', 'TRUE', 'UNION', 'UNWIND', 'WHEN',
  'WHERE', 'WITH', 'XOR',
]);

/**
 * 500: how deep an expression tree may grow. An operator of a left-to-right
 * chain (`a + b + ...`, `NOT NOT ...`, `a.b.c`) counts 1, a nested
 * expression (parentheses, a list, a function argument) counts 5 because
 * it costs the parser a dozen stack frames. The parser, the checks and the
 * evaluator all recurse over the tree; this keeps them a factor of four from
 * the JavaScript stack limit (about 100 nested parentheses, 500 chained
 * operators), and no real query comes close.
 */
export const CYPHER_NESTING_MAX = 500;

export interface ParserHooks {
  expression(c: TokenCursor): Expr;
  /** The clauses of a subquery up to (not including) the closing `}`. */
  subquery(c: TokenCursor): SingleQuery;
}

export class TokenCursor {
  readonly text: string;
  readonly tokens: Token[];
  pos = 0;
  hooks: ParserHooks | null = null;
  /** The nesting of the expression being parsed (see CYPHER_NESTING_MAX). */
  depth = 0;
  /** Readings (`pattern@12`) that failed at a token position: see `attempt` in parse-expression.ts. */
  readonly #ruledOut = new Set<string>();

  constructor(text: string) {
    this.text = text;
    this.tokens = tokenize(text);
  }

  /** The token `ahead` places from the current one (the eof token past the end). */
  peek(ahead = 0): Token {
    const i = Math.min(this.pos + ahead, this.tokens.length - 1);
    return this.tokens[i] as Token;
  }

  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }

  /** `weight` levels deeper; a SyntaxError beyond CYPHER_NESTING_MAX. Callers restore `depth` when done. */
  enter(weight = 1): void {
    this.depth += weight;
    if (this.depth > CYPHER_NESTING_MAX) {
      throw this.error(this.peek().start, 'UnexpectedSyntax', 'Invalid input: the expression is nested too deeply (about 100 levels of parentheses or 500 chained operators at most)');
    }
  }

  /** Whether reading `what` already failed at token position `pos`. */
  ruledOut(what: string, pos: number): boolean {
    return this.#ruledOut.has(`${what}@${pos}`);
  }

  ruleOut(what: string, pos: number): void {
    this.#ruledOut.add(`${what}@${pos}`);
  }

  /** The last token consumed. */
  previous(): Token {
    return this.tokens[Math.max(0, this.pos - 1)] as Token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** Whether the token `ahead` is the (unquoted) keyword `upper`. */
  isKeyword(upper: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.upper === upper;
  }

  isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.value === op;
  }

  acceptKeyword(upper: string): boolean {
    if (!this.isKeyword(upper)) return false;
    this.pos++;
    return true;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.pos++;
    return true;
  }

  expectKeyword(upper: string, what = upper): Token {
    if (!this.isKeyword(upper)) throw this.unexpected(what);
    return this.next();
  }

  expectOp(op: string, what = `'${op}'`): Token {
    if (!this.isOp(op)) throw this.unexpected(what);
    return this.next();
  }

  /** A name: an identifier that is not a reserved word, or a backtick-quoted name. */
  isName(ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'quoted' || (t.kind === 'ident' && !RESERVED_WORDS.has(t.upper));
  }

  /** A name, where keywords are allowed too (labels, types, property keys, map keys). */
  isSymbolicName(ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'quoted' || t.kind === 'ident';
  }

  expectName(what = 'a variable name'): string {
    if (!this.isName()) throw this.unexpected(what);
    return this.next().value;
  }

  expectSymbolicName(what = 'a name'): string {
    if (!this.isSymbolicName()) throw this.unexpected(what);
    return this.next().value;
  }

  /** The span from `start` to the end of the last token consumed. */
  spanFrom(start: number): Span {
    return { start, end: Math.max(start, this.previous().end) };
  }

  /** The source text of a span. */
  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /** `Invalid input 'x': expected <what>` at the current token. */
  unexpected(what: string, at: Token = this.peek()): CypherError {
    const found = at.kind === 'eof' ? 'Invalid input: unexpected end of input' : `Invalid input '${this.text.slice(at.start, at.end)}'`;
    // A keyword where a name would fit: say how to use it as one.
    const hint = at.kind === 'ident' && RESERVED_WORDS.has(at.upper) && what !== 'a clause' ? ` ('${at.value}' is a keyword; write \`${at.value}\` to use it as a name)` : '';
    return cypherSyntaxError(this.text, at.start, 'UnexpectedSyntax', `${found}: expected ${what}${hint}`);
  }

  /** A syntax error with its own detail and message at `offset`. */
  error(offset: number, detail: string, message: string): CypherError {
    return cypherSyntaxError(this.text, offset, detail, message);
  }

  expression(): Expr {
    if (this.hooks === null) throw new AssertionError('TokenCursor: parser hooks not installed');
    return this.hooks.expression(this);
  }

  subquery(): SingleQuery {
    if (this.hooks === null) throw new AssertionError('TokenCursor: parser hooks not installed');
    return this.hooks.subquery(this);
  }
}
