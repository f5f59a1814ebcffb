/**
 * The clause grammar of Cypher:
 *
 *   SingleQuery := Clause {Clause}
 *   Clause      := [OPTIONAL] MATCH PatternList [WHERE Expr]
 *                | UNWIND Expr AS Name
 *                | WITH Projection [WHERE Expr]
 *                | RETURN Projection
 *                | CREATE PatternList
 *                | MERGE PatternPart {ON (CREATE | MATCH) SET SetItems}
 *                | SET SetItems
 *                | REMOVE RemoveItems
 *                | [DETACH] DELETE Expr {',' Expr}
 *   Projection  := [DISTINCT] ('*' {',' Item} | Item {',' Item})
 *                  [ORDER BY SortItem {',' SortItem}] [SKIP Expr] [LIMIT Expr]
 *   Item        := Expr [AS Name]                (text: the expression as written)
 *   SortItem    := Expr [ASC | ASCENDING | DESC | DESCENDING]
 *   SetItem     := Postfix '.' Key '=' Expr | Name ('=' | '+=') Expr | Name ':' Label {':' Label}
 *   RemoveItem  := Postfix '.' Key | Name ':' Label {':' Label}
 *
 * Which clause may follow which is a semantic rule (semantic-check.ts), so
 * the parser accepts any sequence.
 */
import type { CypherError } from '../../base/errors.js';
import type {
  Clause,
  Projection,
  ProjectionItem,
  PropertyExpr,
  RemoveItem,
  SetItem,
  SingleQuery,
  SortItem,
} from './ast.js';
import { parseExpression, parsePostfix } from './parse-expression.js';
import { parsePatternList, parsePatternPart } from './parse-pattern.js';
import type { TokenCursor } from './token-cursor.js';

const CLAUSE_WORDS = new Set(['MATCH', 'OPTIONAL', 'UNWIND', 'WITH', 'RETURN', 'CREATE', 'MERGE', 'SET', 'REMOVE', 'DELETE', 'DETACH']);

/** Whether the cursor is at the first word of a clause. */
export function atClause(c: TokenCursor): boolean {
  const t = c.peek();
  return t.kind === 'ident' && CLAUSE_WORDS.has(t.upper);
}

/** Clauses up to the end, a UNION, a `;` or a `}`. */
export function parseSingleQuery(c: TokenCursor): SingleQuery {
  const start = c.peek().start;
  const clauses: Clause[] = [];
  do {
    clauses.push(parseClause(c));
  } while (atClause(c));
  return { kind: 'single-query', clauses, span: c.spanFrom(start) };
}

function parseClause(c: TokenCursor): Clause {
  const t = c.peek();
  if (t.kind !== 'ident') throw unexpectedClause(c);
  switch (t.upper) {
    case 'MATCH':
    case 'OPTIONAL':
      return parseMatch(c);
    case 'UNWIND': {
      c.next();
      const expr = parseExpression(c);
      c.expectKeyword('AS');
      const variable = c.expectName();
      return { kind: 'unwind', expr, variable, span: c.spanFrom(t.start) };
    }
    case 'WITH': {
      c.next();
      const projection = parseProjection(c, t.start);
      const where = c.acceptKeyword('WHERE') ? parseExpression(c) : null;
      return { kind: 'with', projection, where, span: c.spanFrom(t.start) };
    }
    case 'RETURN': {
      c.next();
      const projection = parseProjection(c, t.start);
      return { kind: 'return', projection, span: c.spanFrom(t.start) };
    }
    case 'CREATE':
      if (c.isKeyword('INDEX', 1) || c.isKeyword('CONSTRAINT', 1) || c.isKeyword('OR', 1)) {
        throw c.error(t.start, 'UnexpectedSyntax', `Invalid input '${c.text.slice(t.start, c.peek(1).end)}': schema commands are not supported; create indexes with db.createIndex(label, property)`);
      }
      c.next();
      return { kind: 'create', pattern: parsePatternList(c), span: c.spanFrom(t.start) };
    case 'MERGE':
      return parseMerge(c);
    case 'SET':
      c.next();
      return { kind: 'set', items: parseSetItems(c), span: c.spanFrom(t.start) };
    case 'REMOVE': {
      c.next();
      const items = [parseRemoveItem(c)];
      while (c.acceptOp(',')) items.push(parseRemoveItem(c));
      return { kind: 'remove', items, span: c.spanFrom(t.start) };
    }
    case 'DETACH':
    case 'DELETE': {
      const detach = c.acceptKeyword('DETACH');
      c.expectKeyword('DELETE');
      const exprs = [parseExpression(c)];
      while (c.acceptOp(',')) exprs.push(parseExpression(c));
      return { kind: 'delete', detach, exprs, span: c.spanFrom(t.start) };
    }
    default:
      throw unexpectedClause(c);
  }
}

/** The error for a token where a clause should be: "not supported" for other dialects' clauses, else "expected a clause". */
export function unexpectedClause(c: TokenCursor): CypherError {
  const t = c.peek();
  const unsupported = t.kind === 'ident' ? UNSUPPORTED_CLAUSES[t.upper] : undefined;
  if (unsupported !== undefined) {
    return c.error(t.start, 'UnexpectedSyntax', `Invalid input '${t.value}': ${unsupported} (docs/cypher.md lists what is not supported)`);
  }
  return c.unexpected('a clause');
}

/** Clauses of other Cypher dialects: a plain "not supported" beats "expected a clause". */
const UNSUPPORTED_CLAUSES: Record<string, string> = {
  CALL: 'procedure calls and CALL subqueries are not supported',
  FOREACH: 'FOREACH is not supported; use UNWIND',
  LOAD: 'LOAD CSV is not supported; use sombra import',
  USE: 'USE is not supported: a database is one file',
  DROP: 'schema commands are not supported',
  SHOW: 'SHOW commands are not supported',
  FINISH: 'FINISH is not supported',
};

function parseMatch(c: TokenCursor): Clause {
  const start = c.peek().start;
  const optional = c.acceptKeyword('OPTIONAL');
  c.expectKeyword('MATCH');
  const pattern = parsePatternList(c);
  const where = c.acceptKeyword('WHERE') ? parseExpression(c) : null;
  return { kind: 'match', optional, pattern, where, span: c.spanFrom(start) };
}

function parseMerge(c: TokenCursor): Clause {
  const start = c.next().start;
  const pattern = parsePatternPart(c);
  const onCreate: SetItem[] = [];
  const onMatch: SetItem[] = [];
  while (c.isKeyword('ON')) {
    c.next();
    const target = c.acceptKeyword('CREATE') ? onCreate : c.acceptKeyword('MATCH') ? onMatch : null;
    if (target === null) throw c.unexpected('CREATE or MATCH after ON');
    c.expectKeyword('SET');
    target.push(...parseSetItems(c));
  }
  return { kind: 'merge', pattern, onCreate, onMatch, span: c.spanFrom(start) };
}

function parseProjection(c: TokenCursor, start: number): Projection {
  const distinct = c.acceptKeyword('DISTINCT');
  let star = false;
  const items: ProjectionItem[] = [];
  if (c.acceptOp('*')) {
    star = true;
    while (c.acceptOp(',')) items.push(parseProjectionItem(c));
  } else {
    items.push(parseProjectionItem(c));
    while (c.acceptOp(',')) items.push(parseProjectionItem(c));
  }
  const orderBy: SortItem[] = [];
  if (c.isKeyword('ORDER')) {
    c.next();
    c.expectKeyword('BY');
    do {
      const expr = parseExpression(c);
      let descending = false;
      if (c.acceptKeyword('DESC') || c.acceptKeyword('DESCENDING')) descending = true;
      else if (!c.acceptKeyword('ASC')) c.acceptKeyword('ASCENDING');
      orderBy.push({ expr, descending, span: c.spanFrom(expr.span.start) });
    } while (c.acceptOp(','));
  }
  const skip = c.acceptKeyword('SKIP') ? parseExpression(c) : null;
  const limit = c.acceptKeyword('LIMIT') ? parseExpression(c) : null;
  return { distinct, star, items, orderBy, skip, limit, span: c.spanFrom(start) };
}

function parseProjectionItem(c: TokenCursor): ProjectionItem {
  const expr = parseExpression(c);
  const text = c.slice(expr.span);
  const alias = c.acceptKeyword('AS') ? c.expectName('a column name after AS') : null;
  return { expr, alias, text, span: c.spanFrom(expr.span.start) };
}

function parseSetItems(c: TokenCursor): SetItem[] {
  const items = [parseSetItem(c)];
  while (c.acceptOp(',')) items.push(parseSetItem(c));
  return items;
}

function parseLabels(c: TokenCursor): string[] {
  const labels: string[] = [];
  while (c.acceptOp(':')) labels.push(c.expectSymbolicName('a label name'));
  return labels;
}

/** `a.b.c` or `(expr).key`: a property access, else a syntax error. */
function parsePropertyTarget(c: TokenCursor, what: string): PropertyExpr {
  const at = c.peek();
  const target = parsePostfix(c, false);
  if (target.kind !== 'property') throw c.unexpected(what, at);
  return target;
}

function parseSetItem(c: TokenCursor): SetItem {
  const start = c.peek().start;
  if (c.isName() && (c.isOp('=', 1) || c.isOp('+=', 1))) {
    const variable = c.next().value;
    const merge = c.next().value === '+=';
    const value = parseExpression(c);
    return { kind: 'set-properties', variable, value, merge, span: c.spanFrom(start) };
  }
  if (c.isName() && c.isOp(':', 1)) {
    const variable = c.next().value;
    return { kind: 'set-labels', variable, labels: parseLabels(c), span: c.spanFrom(start) };
  }
  const target = parsePropertyTarget(c, "a property ('n.key = value'), 'n = map', 'n += map' or 'n:Label'");
  c.expectOp('=', "'=' after the property");
  const value = parseExpression(c);
  return { kind: 'set-property', target, value, span: c.spanFrom(start) };
}

function parseRemoveItem(c: TokenCursor): RemoveItem {
  const start = c.peek().start;
  if (c.isName() && c.isOp(':', 1)) {
    const variable = c.next().value;
    return { kind: 'remove-labels', variable, labels: parseLabels(c), span: c.spanFrom(start) };
  }
  const target = parsePropertyTarget(c, "a property ('n.key') or labels ('n:Label')");
  return { kind: 'remove-property', target, span: c.spanFrom(start) };
}
