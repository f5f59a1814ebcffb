/**
 * Compile-time errors of Cypher text with a position: the line, the column
 * and a caret under the offending character, e.g.
 *
 *     Invalid input 'RETRN': expected a clause (line 2, column 1)
 *     RETRN n
 *     ^
 *
 * Used by the lexer and the parser (SyntaxError) and by the semantic checks
 * (SyntaxError / TypeError details the TCK raises at compile time).
 */
import { CypherError, type CypherErrorPosition, type CypherErrorType } from '../../base/errors.js';

/** The 1-based line and column of a UTF-16 offset in `text`. */
export function positionOf(text: string, offset: number): CypherErrorPosition {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: clamped, line, column: clamped - lineStart + 1 };
}

/** `message (line L, column C)`, then the line of text and a caret under the column. */
export function formatWithCaret(text: string, offset: number, message: string): string {
  const pos = positionOf(text, offset);
  const lineStart = pos.offset - (pos.column - 1);
  let lineEnd = text.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = text.length;
  const lineText = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  // Keep tabs in the caret line so the caret lines up under the character.
  const pad = lineText.slice(0, pos.column - 1).replace(/[^\t]/g, ' ');
  return `${message} (line ${pos.line}, column ${pos.column})\n${lineText}\n${pad}^`;
}

/** A compile-time CypherError pointing at `offset` of `text`. */
export function cypherCompileError(type: CypherErrorType, text: string, offset: number, detail: string, message: string): CypherError {
  return new CypherError(type, detail, formatWithCaret(text, offset, message), {
    phase: 'compile',
    position: positionOf(text, offset),
  });
}

/** A compile-time SyntaxError pointing at `offset` of `text`. */
export function cypherSyntaxError(text: string, offset: number, detail: string, message: string): CypherError {
  return cypherCompileError('SyntaxError', text, offset, detail, message);
}
