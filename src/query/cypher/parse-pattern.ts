/**
 * The pattern grammar of Cypher: `p = (a:A {k: 1})-[r:T|U*1..3]->(b)`.
 *
 *   PatternPart    := [Name '='] PatternElement
 *   PatternElement := NodePattern { RelPattern NodePattern }
 *                   | '(' PatternElement ')'
 *   NodePattern    := '(' [Name] {':' Label} [Properties] ')'
 *   RelPattern     := ['<'] '-' ['[' [Name] [':' Type {'|' [':'] Type}] [Range] [Properties] ']'] '-' ['>']
 *   Range          := '*' [Int] ['..' [Int]]
 *   Properties     := MapLiteral | Parameter
 *
 * Arrow heads are separate `<` / `>` tokens next to `-` (see lexer.ts).
 */
import type { Expr, NodePattern, PatternDirection, PatternElement, PatternPart, RelPattern } from './ast.js';
import type { TokenCursor } from './token-cursor.js';

/** Whether the cursor is at the start of a relationship pattern (`-` or `<-`). */
export function atRelationship(c: TokenCursor): boolean {
  return c.isOp('-') || (c.isOp('<') && c.isOp('-', 1));
}

export function parsePatternPart(c: TokenCursor): PatternPart {
  const start = c.peek().start;
  let variable: string | null = null;
  if (c.isName() && c.isOp('=', 1)) {
    variable = c.next().value;
    c.next();
  }
  if (c.isKeyword('SHORTESTPATH') || c.isKeyword('ALLSHORTESTPATHS')) {
    throw c.error(c.peek().start, 'UnexpectedSyntax', `Invalid input '${c.peek().value}': shortest-path patterns are not supported; use a variable-length pattern with ORDER BY length(p) LIMIT 1`);
  }
  const element = parsePatternElement(c);
  return { span: c.spanFrom(start), variable, element };
}

export function parsePatternList(c: TokenCursor): PatternPart[] {
  const parts = [parsePatternPart(c)];
  while (c.acceptOp(',')) parts.push(parsePatternPart(c));
  return parts;
}

export function parsePatternElement(c: TokenCursor): PatternElement {
  const start = c.peek().start;
  // `((a)-->(b))`: a parenthesised element.
  if (c.isOp('(') && c.isOp('(', 1)) {
    const depth = c.depth;
    c.enter();
    c.next();
    const inner = parsePatternElement(c);
    c.expectOp(')');
    c.depth = depth;
    return { ...inner, span: c.spanFrom(start) };
  }
  const nodes: NodePattern[] = [parseNodePattern(c)];
  const rels: RelPattern[] = [];
  while (atRelationship(c)) {
    rels.push(parseRelPattern(c));
    nodes.push(parseNodePattern(c));
  }
  return { span: c.spanFrom(start), nodes, rels };
}

function parseProperties(c: TokenCursor): Expr | null {
  if (c.isOp('{') || c.peek().kind === 'param') return c.expression();
  return null;
}

export function parseNodePattern(c: TokenCursor): NodePattern {
  const start = c.expectOp('(', "'(' (a node pattern)").start;
  let variable: string | null = null;
  if (c.isName()) variable = c.next().value;
  const labels: string[] = [];
  while (c.acceptOp(':')) labels.push(c.expectSymbolicName('a label name'));
  if (labels.length > 0 && c.isOp('|')) {
    throw c.error(c.peek().start, 'UnexpectedSyntax', `Invalid input '${c.peek().value}': label expressions are not supported; write :A:B for "both labels", or WHERE n:A OR n:B`);
  }
  const properties = parseProperties(c);
  if (!c.isOp(')')) {
    const could = [variable === null && labels.length === 0 ? 'a variable' : '', properties === null ? "a label (':Label')" : '', properties === null ? "properties ('{...}')" : '']
      .filter((x) => x !== '');
    throw c.unexpected(`${could.join(', ')} or ')' to close the node pattern`);
  }
  c.next();
  return { span: c.spanFrom(start), variable, labels, properties };
}

export function parseRelPattern(c: TokenCursor): RelPattern {
  const start = c.peek().start;
  const leftArrow = c.acceptOp('<');
  c.expectOp('-', "'-' (a relationship pattern)");
  let variable: string | null = null;
  const types: string[] = [];
  let properties: Expr | null = null;
  let length: RelPattern['length'] = null;
  if (c.acceptOp('[')) {
    if (c.isName()) variable = c.next().value;
    if (c.acceptOp(':')) {
      types.push(c.expectSymbolicName('a relationship type'));
      while (c.acceptOp('|')) {
        c.acceptOp(':');
        types.push(c.expectSymbolicName('a relationship type'));
      }
    }
    if (c.isOp('*')) length = parseRange(c);
    else if (c.isOp('..')) {
      throw c.error(c.peek().start, 'InvalidRelationshipPattern', "Invalid input '..': a variable-length relationship needs '*' before its bounds (e.g. *1..3)");
    }
    properties = parseProperties(c);
    c.expectOp(']', "']' to close the relationship pattern");
  }
  c.expectOp('-', "'-' (the end of the relationship pattern)");
  const rightArrow = c.acceptOp('>');
  const direction: PatternDirection = leftArrow === rightArrow ? 'both' : rightArrow ? 'out' : 'in';
  return { span: c.spanFrom(start), variable, types, direction, properties, length };
}

function parseRangeBound(c: TokenCursor): number | null {
  const t = c.peek();
  if (t.kind === 'int') {
    c.next();
    return Number(t.magnitude);
  }
  if (t.kind === 'op' && t.value === '-') {
    throw c.error(t.start, 'InvalidRelationshipPattern', `Invalid input '-': the bounds of a variable-length relationship cannot be negative`);
  }
  if (t.kind === 'float') {
    throw c.error(t.start, 'InvalidRelationshipPattern', `Invalid input '${t.value}': the bounds of a variable-length relationship are integers`);
  }
  return null;
}

function parseRange(c: TokenCursor): { min: number | null; max: number | null } {
  c.expectOp('*');
  const min = parseRangeBound(c);
  if (c.acceptOp('..')) {
    const max = parseRangeBound(c);
    return { min, max };
  }
  return { min, max: min };
}
