/**
 * The expression grammar of Cypher, by precedence (lowest first):
 *
 *   Or          := Xor {OR Xor}
 *   Xor         := And {XOR And}
 *   And         := Not {AND Not}
 *   Not         := NOT Not | Comparison
 *   Comparison  := Predicate {('=' | '<>' | '<' | '<=' | '>' | '>=') Predicate}   (a chain)
 *   Predicate   := AddSub {STARTS WITH AddSub | ENDS WITH AddSub | CONTAINS AddSub
 *                          | IN AddSub | '=~' AddSub | IS [NOT] NULL}
 *   AddSub      := MulDiv {('+' | '-') MulDiv}
 *   MulDiv      := Power {('*' | '/' | '%') Power}
 *   Power       := Unary {'^' Unary}                       (left-associative)
 *   Unary       := ('+' | '-') Unary | Postfix               (`-1` is folded into the literal)
 *   Postfix     := Atom {'.' Key | '[' Expr ']' | '[' [Expr] '..' [Expr] ']' | ':' Label {':' Label}}
 *   Atom        := literal | Parameter | '[' list / list comprehension / pattern comprehension ']'
 *                | '{' map '}' | CASE ... END | count(*) | quantifier | reduce(...) | EXISTS '{' ... '}'
 *                | function call | map projection | pattern predicate | '(' Expr ')' | Variable
 *
 * Ambiguities, resolved by look-ahead or one bounded backtrack:
 * - `[x IN list ...]` is a list comprehension when a name and IN open it;
 *   `[p = (a)-->(b) | ...]` and `[(a)-->(b) | ...]` are pattern comprehensions
 *   when a pattern with a relationship parses and WHERE or `|` follows it.
 * - `(a)-->(b)` is a pattern predicate when a node pattern and a relationship
 *   parse; otherwise `( expr )`.
 * - `n {.a}` (a name and `{`) is a map projection.
 *
 * The function form `exists(pattern)` becomes an EXISTS subquery and
 * `exists(expr)` becomes `expr IS NOT NULL`, so no `exists` function is needed.
 */
import { makeFloat, normInt, type Value } from '../values/value.js';
import type {
  BinaryOp,
  CaseExpr,
  ComparisonOp,
  Expr,
  MapProjectionItem,
  PatternElement,
} from './ast.js';
import type { Token } from './lexer.js';
import { atRelationship, parsePatternElement } from './parse-pattern.js';
import type { TokenCursor } from './token-cursor.js';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN_MAGNITUDE = 9223372036854775808n;

export function parseExpression(c: TokenCursor): Expr {
  const depth = c.depth;
  c.enter(5);
  const e = parseOr(c);
  c.depth = depth;
  return e;
}

function binary(c: TokenCursor, op: BinaryOp, left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right, span: { start: left.span.start, end: right.span.end } };
}

// Each operator of a left-to-right chain makes the tree one level deeper:
// the loops count it (c.enter) and restore the depth when the chain ends.

function parseOr(c: TokenCursor): Expr {
  const depth = c.depth;
  let left = parseXor(c);
  while (c.acceptKeyword('OR')) {
    c.enter();
    left = binary(c, 'or', left, parseXor(c));
  }
  c.depth = depth;
  return left;
}

function parseXor(c: TokenCursor): Expr {
  const depth = c.depth;
  let left = parseAnd(c);
  while (c.acceptKeyword('XOR')) {
    c.enter();
    left = binary(c, 'xor', left, parseAnd(c));
  }
  c.depth = depth;
  return left;
}

function parseAnd(c: TokenCursor): Expr {
  const depth = c.depth;
  let left = parseNot(c);
  while (c.acceptKeyword('AND')) {
    c.enter();
    left = binary(c, 'and', left, parseNot(c));
  }
  c.depth = depth;
  return left;
}

function parseNot(c: TokenCursor): Expr {
  if (c.isKeyword('NOT')) {
    const depth = c.depth;
    const start = c.next().start;
    c.enter();
    const operand = parseNot(c);
    c.depth = depth;
    return { kind: 'unary', op: 'not', operand, span: c.spanFrom(start) };
  }
  return parseComparison(c);
}

function comparisonOp(t: Token): ComparisonOp | null {
  if (t.kind !== 'op') return null;
  switch (t.value) {
    case '=':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return t.value;
    default:
      return null;
  }
}

function parseComparison(c: TokenCursor): Expr {
  const first = parsePredicate(c);
  let op = comparisonOp(c.peek());
  if (op === null) return first;
  const ops: ComparisonOp[] = [];
  const operands: Expr[] = [first];
  while (op !== null) {
    c.next();
    ops.push(op);
    operands.push(parsePredicate(c));
    op = comparisonOp(c.peek());
  }
  const last = operands[operands.length - 1] as Expr;
  return { kind: 'comparison', ops, operands, span: { start: first.span.start, end: last.span.end } };
}

function parsePredicate(c: TokenCursor): Expr {
  const depth = c.depth;
  let left = parseAddSub(c);
  while (true) {
    c.enter();
    if (c.isKeyword('STARTS') && c.isKeyword('WITH', 1)) {
      c.next();
      c.next();
      left = binary(c, 'starts-with', left, parseAddSub(c));
    } else if (c.isKeyword('ENDS') && c.isKeyword('WITH', 1)) {
      c.next();
      c.next();
      left = binary(c, 'ends-with', left, parseAddSub(c));
    } else if (c.acceptKeyword('CONTAINS')) {
      left = binary(c, 'contains', left, parseAddSub(c));
    } else if (c.acceptKeyword('IN')) {
      left = binary(c, 'in', left, parseAddSub(c));
    } else if (c.acceptOp('=~')) {
      left = binary(c, '=~', left, parseAddSub(c));
    } else if (c.isKeyword('IS')) {
      c.next();
      const negated = c.acceptKeyword('NOT');
      c.expectKeyword('NULL', 'NULL or NOT NULL after IS');
      left = { kind: 'is-null', operand: left, negated, span: c.spanFrom(left.span.start) };
    } else {
      c.depth = depth;
      return left;
    }
  }
}

function parseAddSub(c: TokenCursor): Expr {
  const depth = c.depth;
  let left = parseMulDiv(c);
  while (c.isOp('+') || c.isOp('-')) {
    c.enter();
    const op = c.next().value === '+' ? '+' : '-';
    left = binary(c, op, left, parseMulDiv(c));
  }
  c.depth = depth;
  return left;
}

function parseMulDiv(c: TokenCursor): Expr {
  const depth = c.depth;
  let left = parsePower(c);
  while (c.isOp('*') || c.isOp('/') || c.isOp('%')) {
    c.enter();
    const v = c.next().value;
    left = binary(c, v === '*' ? '*' : v === '/' ? '/' : '%', left, parsePower(c));
  }
  c.depth = depth;
  return left;
}

function parsePower(c: TokenCursor): Expr {
  const depth = c.depth;
  let left = parseUnary(c);
  while (c.acceptOp('^')) {
    c.enter();
    left = binary(c, '^', left, parseUnary(c));
  }
  c.depth = depth;
  return left;
}

function intLiteral(c: TokenCursor, t: Token, negative: boolean, start: number): Expr {
  const limit = negative ? INT64_MIN_MAGNITUDE : INT64_MAX;
  if (t.magnitude > limit) {
    throw c.error(start, 'IntegerOverflow', `Invalid input '${c.text.slice(start, t.end)}': the integer is outside the 64-bit range`);
  }
  const value: Value = normInt(negative ? -t.magnitude : t.magnitude);
  return { kind: 'literal', value, span: { start, end: t.end } };
}

function parseUnary(c: TokenCursor): Expr {
  if (c.isOp('-') || c.isOp('+')) {
    const opToken = c.next();
    const next = c.peek();
    // Fold a sign into a number literal that is not followed by a postfix
    // operator (`-9223372036854775808` fits only this way).
    if ((next.kind === 'int' || next.kind === 'float') && !isPostfixStart(c, 1)) {
      c.next();
      const negative = opToken.value === '-';
      if (next.kind === 'int') return intLiteral(c, next, negative, opToken.start);
      return { kind: 'literal', value: makeFloat(negative ? -next.float : next.float), span: { start: opToken.start, end: next.end } };
    }
    const depth = c.depth;
    c.enter();
    const operand = parseUnary(c);
    c.depth = depth;
    return { kind: 'unary', op: opToken.value === '-' ? '-' : '+', operand, span: c.spanFrom(opToken.start) };
  }
  return parsePostfix(c);
}

function isPostfixStart(c: TokenCursor, ahead: number): boolean {
  return c.isOp('.', ahead) || c.isOp('[', ahead);
}

/** An atom followed by property access, indexing, slicing and label checks. */
export function parsePostfix(c: TokenCursor, labelChecks = true): Expr {
  const depth = c.depth;
  let expr = parseAtom(c);
  const start = expr.span.start;
  while (true) {
    c.enter();
    if (c.isOp('.')) {
      c.next();
      const key = c.expectSymbolicName('a property key');
      expr = { kind: 'property', object: expr, key, span: c.spanFrom(start) };
    } else if (c.isOp('[')) {
      c.next();
      if (c.acceptOp('..')) {
        const to = c.isOp(']') ? null : parseExpression(c);
        c.expectOp(']');
        expr = { kind: 'slice', object: expr, from: null, to, span: c.spanFrom(start) };
        continue;
      }
      const index = parseExpression(c);
      if (c.acceptOp('..')) {
        const to = c.isOp(']') ? null : parseExpression(c);
        c.expectOp(']');
        expr = { kind: 'slice', object: expr, from: index, to, span: c.spanFrom(start) };
      } else {
        c.expectOp(']', "']' to close the index");
        expr = { kind: 'index', object: expr, index, span: c.spanFrom(start) };
      }
    } else if (labelChecks && c.isOp(':') && c.isSymbolicName(1)) {
      const labels: string[] = [];
      while (c.isOp(':') && c.isSymbolicName(1)) {
        c.next();
        labels.push(c.next().value);
      }
      expr = { kind: 'label-check', operand: expr, labels, span: c.spanFrom(start) };
    } else {
      c.depth = depth;
      return expr;
    }
  }
}

function literal(value: Value, t: Token): Expr {
  return { kind: 'literal', value, span: { start: t.start, end: t.end } };
}

function parseAtom(c: TokenCursor): Expr {
  const t = c.peek();
  switch (t.kind) {
    case 'int':
      c.next();
      return intLiteral(c, t, false, t.start);
    case 'float':
      c.next();
      return literal(makeFloat(t.float), t);
    case 'string':
      c.next();
      return literal(t.value, t);
    case 'bad-number':
      throw c.error(t.start, 'InvalidNumberLiteral', `Invalid input '${t.value}': not a valid number literal`);
    case 'param':
      c.next();
      return { kind: 'parameter', name: t.value, span: { start: t.start, end: t.end } };
    case 'op':
      if (t.value === '[') return parseBracket(c);
      if (t.value === '{') return parseMapLiteral(c);
      if (t.value === '(') return parseParenthesised(c);
      throw c.unexpected('an expression');
    case 'quoted':
      return parseNameAtom(c);
    case 'ident':
      switch (t.upper) {
        case 'TRUE':
          c.next();
          return literal(true, t);
        case 'FALSE':
          c.next();
          return literal(false, t);
        case 'NULL':
          c.next();
          return literal(null, t);
        case 'CASE':
          return parseCase(c);
        default:
          break;
      }
      // ALL is reserved (UNION ALL) but also the quantifier all(...).
      if (!c.isName() && !(t.upper === 'ALL' && c.isOp('(', 1))) throw c.unexpected('an expression');
      return parseNameAtom(c);
    case 'eof':
      throw c.unexpected('an expression');
  }
}

/** An atom that starts with a name: a function call, a special form, a map projection or a variable. */
function parseNameAtom(c: TokenCursor): Expr {
  const t = c.peek();
  if (t.kind === 'ident') {
    if (c.isOp('(', 1)) {
      switch (t.upper) {
        case 'COUNT':
          if (c.isOp('*', 2) && c.isOp(')', 3)) {
            c.pos += 4;
            return { kind: 'count-star', span: c.spanFrom(t.start) };
          }
          break;
        case 'ALL':
        case 'ANY':
        case 'NONE':
        case 'SINGLE':
          if (c.isName(2) && c.isKeyword('IN', 3)) return parseQuantifier(c);
          break;
        case 'REDUCE':
          if (c.isName(2) && c.isOp('=', 3)) return parseReduce(c);
          break;
        default:
          break;
      }
      return parseFunctionCall(c);
    }
    if (t.upper === 'EXISTS' && c.isOp('{', 1)) return parseExistsSubquery(c);
    // A namespaced function: a.b.c(...)
    let ahead = 1;
    while (c.isOp('.', ahead) && c.isSymbolicName(ahead + 1)) ahead += 2;
    if (ahead > 1 && c.isOp('(', ahead)) return parseFunctionCall(c);
  }
  c.next();
  if (c.isOp('{')) return parseMapProjection(c, t);
  return { kind: 'variable', name: t.value, span: { start: t.start, end: t.end } };
}

function parseFunctionCall(c: TokenCursor): Expr {
  const start = c.peek().start;
  let name = c.next().value;
  while (c.acceptOp('.')) name += '.' + c.expectSymbolicName('a function name');
  c.expectOp('(');
  const distinct = c.acceptKeyword('DISTINCT');
  const args: Expr[] = [];
  if (!c.isOp(')')) {
    do {
      const arg = parseExpression(c);
      // A pattern is a boolean test, not a list of paths: only exists() takes one.
      if (arg.kind === 'pattern-predicate' && name.toLowerCase() !== 'exists') {
        throw c.error(arg.span.start, 'UnexpectedSyntax', `Invalid input '${c.slice(arg.span)}': a pattern is not a value here; use a pattern comprehension [${c.slice(arg.span)} | ...] or EXISTS { ... }`);
      }
      args.push(arg);
    } while (c.acceptOp(','));
  }
  c.expectOp(')', "')' or ',' in the argument list");
  const span = c.spanFrom(start);
  const only = args[0];
  if (name.toLowerCase() === 'exists' && args.length === 1 && only !== undefined && !distinct) {
    // exists((a)-->(b)) is EXISTS { (a)-->(b) }; exists(n.prop) is n.prop IS NOT NULL.
    if (only.kind === 'pattern-predicate') {
      return { kind: 'exists-subquery', pattern: [{ variable: null, element: only.pattern, span: only.span }], where: null, query: null, span };
    }
    return { kind: 'is-null', operand: only, negated: true, span };
  }
  return { kind: 'call', name, distinct, args, span };
}

function parseQuantifier(c: TokenCursor): Expr {
  const nameToken = c.next();
  const quantifier = nameToken.upper === 'ALL' ? 'all' : nameToken.upper === 'ANY' ? 'any' : nameToken.upper === 'NONE' ? 'none' : 'single';
  c.expectOp('(');
  const variable = c.expectName();
  c.expectKeyword('IN');
  const list = parseExpression(c);
  const where = c.acceptKeyword('WHERE') ? parseExpression(c) : null;
  c.expectOp(')', where === null ? "WHERE or ')'" : "')'");
  return { kind: 'quantifier', quantifier, variable, list, where, span: c.spanFrom(nameToken.start) };
}

function parseReduce(c: TokenCursor): Expr {
  const start = c.next().start;
  c.expectOp('(');
  const accumulator = c.expectName('the accumulator name');
  c.expectOp('=');
  const init = parseExpression(c);
  c.expectOp(',');
  const variable = c.expectName();
  c.expectKeyword('IN');
  const list = parseExpression(c);
  c.expectOp('|');
  const expr = parseExpression(c);
  c.expectOp(')');
  return { kind: 'reduce', accumulator, init, variable, list, expr, span: c.spanFrom(start) };
}

function parseExistsSubquery(c: TokenCursor): Expr {
  const start = c.next().start;
  c.expectOp('{');
  const t = c.peek();
  const startsWithClause = t.kind === 'ident' && (t.upper === 'MATCH' || t.upper === 'OPTIONAL' || t.upper === 'WITH' || t.upper === 'UNWIND' || t.upper === 'RETURN' || t.upper === 'CREATE' || t.upper === 'MERGE' || t.upper === 'SET' || t.upper === 'DELETE' || t.upper === 'DETACH' || t.upper === 'REMOVE' || t.upper === 'CALL');
  if (!startsWithClause) {
    // EXISTS { (a)-->(b) WHERE pred }
    const pattern = [];
    do {
      const partStart = c.peek().start;
      let variable: string | null = null;
      if (c.isName() && c.isOp('=', 1)) {
        variable = c.next().value;
        c.next();
      }
      const element = parsePatternElement(c);
      pattern.push({ span: c.spanFrom(partStart), variable, element });
    } while (c.acceptOp(','));
    const where = c.acceptKeyword('WHERE') ? parseExpression(c) : null;
    c.expectOp('}', "'}' to close EXISTS");
    return { kind: 'exists-subquery', pattern, where, query: null, span: c.spanFrom(start) };
  }
  const query = c.subquery();
  c.expectOp('}', "'}' to close EXISTS");
  const first = query.clauses[0];
  if (query.clauses.length === 1 && first !== undefined && first.kind === 'match' && !first.optional) {
    return { kind: 'exists-subquery', pattern: first.pattern, where: first.where, query: null, span: c.spanFrom(start) };
  }
  const pattern = first !== undefined && first.kind === 'match' ? first.pattern : [];
  return { kind: 'exists-subquery', pattern, where: null, query, span: c.spanFrom(start) };
}

function parseMapProjection(c: TokenCursor, nameToken: Token): Expr {
  c.expectOp('{');
  const items: MapProjectionItem[] = [];
  if (!c.isOp('}')) {
    do {
      if (c.acceptOp('.')) {
        if (c.acceptOp('*')) items.push({ kind: 'all-properties' });
        else items.push({ kind: 'property', key: c.expectSymbolicName('a property key or *') });
      } else if (c.isSymbolicName() && c.isOp(':', 1)) {
        const key = c.next().value;
        c.next();
        items.push({ kind: 'literal', key, value: parseExpression(c) });
      } else if (c.isName()) {
        items.push({ kind: 'variable', name: c.next().value });
      } else {
        throw c.unexpected("'.key', 'key: value', a variable or '.*'");
      }
    } while (c.acceptOp(','));
  }
  c.expectOp('}', "'}' or ',' in the map projection");
  return { kind: 'map-projection', variable: nameToken.value, items, span: c.spanFrom(nameToken.start) };
}

function parseMapLiteral(c: TokenCursor): Expr {
  const start = c.expectOp('{').start;
  const entries: Array<{ key: string; value: Expr }> = [];
  if (!c.isOp('}')) {
    do {
      const key = c.expectSymbolicName('a map key');
      c.expectOp(':', "':' after the map key");
      entries.push({ key, value: parseExpression(c) });
    } while (c.acceptOp(','));
  }
  c.expectOp('}', "'}' or ',' in the map");
  return { kind: 'map', entries, span: c.spanFrom(start) };
}

function parseCase(c: TokenCursor): Expr {
  const start = c.next().start;
  const operand = c.isKeyword('WHEN') ? null : parseExpression(c);
  const whens: CaseExpr['whens'] = [];
  while (c.acceptKeyword('WHEN')) {
    const when = parseExpression(c);
    c.expectKeyword('THEN');
    whens.push({ when, then: parseExpression(c) });
  }
  if (whens.length === 0) throw c.unexpected('WHEN');
  const elseExpr = c.acceptKeyword('ELSE') ? parseExpression(c) : null;
  c.expectKeyword('END', 'WHEN, ELSE or END');
  return { kind: 'case', operand, whens, else: elseExpr, span: c.spanFrom(start) };
}

/**
 * Run `parse`; when it fails (throws or returns null) put the cursor back,
 * remember that `what` does not start here, and return null. A reading
 * that failed at a position is never tried there again, so nested
 * look-alikes (`((((...` or `[x IN [x IN [...`) cost polynomial, not
 * exponential, time.
 */
function attempt<T>(c: TokenCursor, what: string, parse: () => T | null): T | null {
  const saved = c.pos;
  const depth = c.depth;
  if (c.ruledOut(what, saved)) return null;
  try {
    const result = parse();
    if (result !== null) return result;
  } catch {
    // not this reading
  }
  c.pos = saved;
  c.depth = depth;
  c.ruleOut(what, saved);
  return null;
}

/** Whether the tokens at the cursor look like `(name:Label {...})-` or `(...)<-`: the start of a pattern. */
function looksLikePattern(c: TokenCursor): boolean {
  let i = 1;
  if (c.isName(i)) i++;
  while (c.isOp(':', i) && c.isSymbolicName(i + 1)) i += 2;
  if (c.peek(i).kind === 'param') i++;
  else if (c.isOp('{', i)) {
    let depth = 0;
    do {
      const t = c.peek(i);
      if (t.kind === 'eof') return false;
      if (t.kind === 'op' && t.value === '{') depth++;
      if (t.kind === 'op' && t.value === '}') depth--;
      i++;
    } while (depth > 0);
  }
  return c.isOp(')', i) && (c.isOp('-', i + 1) || (c.isOp('<', i + 1) && c.isOp('-', i + 2)));
}

function parseParenthesised(c: TokenCursor): Expr {
  const start = c.peek().start;
  // A pattern predicate: `(a)-->(b)`, `(:A)<-[:T]-()`.
  if (looksLikePattern(c)) {
    const element = attempt(c, 'pattern', () => {
      const e = parsePatternElement(c);
      return e.rels.length > 0 ? e : null;
    });
    if (element !== null) return { kind: 'pattern-predicate', pattern: element, span: element.span };
  }
  c.expectOp('(');
  const inner = parseExpression(c);
  c.expectOp(')', "')'");
  // The span covers the parentheses so that the projected text is exact.
  return { ...inner, span: c.spanFrom(start) } satisfies Expr;
}

function parseBracket(c: TokenCursor): Expr {
  const start = c.expectOp('[').start;
  // [x IN list WHERE pred | expr]
  if (c.isName() && c.isKeyword('IN', 1)) {
    const head = attempt(c, 'list-comprehension', () => {
      const variable = c.next().value;
      c.next();
      const list = parseExpression(c);
      return c.isKeyword('WHERE') || c.isOp('|') || c.isOp(']') ? { variable, list } : null;
    });
    if (head !== null) {
      const where = c.acceptKeyword('WHERE') ? parseExpression(c) : null;
      const map = c.acceptOp('|') ? parseExpression(c) : null;
      c.expectOp(']', "WHERE, '|' or ']'");
      return { kind: 'list-comprehension', variable: head.variable, list: head.list, where, map, span: c.spanFrom(start) };
    }
  }
  // [p = (a)-->(b) WHERE pred | expr] or [(a)-->(b) | expr]
  if ((c.isName() && c.isOp('=', 1) && c.isOp('(', 2)) || (c.isOp('(') && looksLikePattern(c))) {
    const head = attempt(c, 'pattern-comprehension', () => {
      let variable: string | null = null;
      if (c.isName()) {
        variable = c.next().value;
        c.next();
      }
      const pattern: PatternElement = parsePatternElement(c);
      if (pattern.rels.length === 0 && !atRelationship(c)) {
        if (variable === null) return null;
      }
      if (!c.isKeyword('WHERE') && !c.isOp('|')) return null;
      return { variable, pattern };
    });
    if (head !== null) {
      const where = c.acceptKeyword('WHERE') ? parseExpression(c) : null;
      c.expectOp('|', "'|' and the value of the pattern comprehension");
      const map = parseExpression(c);
      c.expectOp(']');
      return { kind: 'pattern-comprehension', variable: head.variable, pattern: head.pattern, where, map, span: c.spanFrom(start) };
    }
  }
  const items: Expr[] = [];
  if (!c.isOp(']')) {
    items.push(parseExpression(c));
    while (c.acceptOp(',')) items.push(parseExpression(c));
  }
  c.expectOp(']', "']' or ',' in the list");
  return { kind: 'list', items, span: c.spanFrom(start) };
}
