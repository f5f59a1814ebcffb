/**
 * The Cypher parser: query text to the AST of ast.ts (a hand-written
 * recursive-descent parser over the tokens of lexer.ts, so that every error
 * says what was expected and points a caret at the offending text).
 *
 *   Statement := [EXPLAIN | PROFILE] SingleQuery {UNION [ALL] SingleQuery} [';']
 *
 * The grammar is split by concern: parse-clause.ts (clauses and
 * projections), parse-pattern.ts (node and relationship patterns),
 * parse-expression.ts (operators by precedence, atoms). Static checks
 * (scopes, aggregation, clause order) are semantic-check.ts; this file
 * accepts every syntactically valid statement.
 */
import type { SingleQuery, Statement } from './ast.js';
import { atClause, parseSingleQuery, unexpectedClause } from './parse-clause.js';
import { parseExpression } from './parse-expression.js';
import { TokenCursor, type ParserHooks } from './token-cursor.js';

const HOOKS: ParserHooks = {
  expression: parseExpression,
  subquery: parseSingleQuery,
};

/**
 * Parse one Cypher statement. Throws `CypherError` SyntaxError (phase
 * `compile`) with the TCK's detail (`UnexpectedSyntax`, `InvalidNumberLiteral`,
 * `IntegerOverflow`, `FloatingPointOverflow`, `InvalidUnicodeCharacter`,
 * `InvalidRelationshipPattern`, `InvalidClauseComposition`), the position and
 * a caret.
 */
export function parseCypher(text: string): Statement {
  const c = new TokenCursor(text);
  c.hooks = HOOKS;
  const start = c.peek().start;
  let explain: Statement['explain'] = null;
  if (c.isKeyword('EXPLAIN') && atClauseAfter(c)) {
    c.next();
    explain = 'explain';
  } else if (c.isKeyword('PROFILE') && atClauseAfter(c)) {
    c.next();
    explain = 'profile';
  }
  if (c.atEnd()) throw c.unexpected('a clause');
  const queries: SingleQuery[] = [parseSingleQuery(c)];
  const unionAll: boolean[] = [];
  while (c.isKeyword('UNION')) {
    c.next();
    unionAll.push(c.acceptKeyword('ALL'));
    queries.push(parseSingleQuery(c));
  }
  c.acceptOp(';');
  if (!c.atEnd()) {
    if (c.previous().kind === 'op' && c.previous().value === ';') throw c.unexpected('the end of the statement (one statement at a time)');
    throw unexpectedClause(c);
  }
  return { kind: 'statement', explain, queries, unionAll, span: c.spanFrom(start) };
}

function atClauseAfter(c: TokenCursor): boolean {
  c.pos++;
  const yes = atClause(c);
  c.pos--;
  return yes;
}
