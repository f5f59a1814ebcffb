/**
 * The Cypher lexer: query text to tokens, for the recursive-descent parser
 * (parser.ts). One pass, no backtracking; every token keeps its UTF-16
 * offsets so that the parser can cut exact source text (projection column
 * names) and point a caret at errors.
 *
 * Tokens:
 *   ident     a name or a keyword (keywords are not reserved here: the parser
 *             decides by position; `upper` is the upper-cased text)
 *   quoted    a backtick-quoted name (`` `a b` ``, a doubled backtick is one
 *             backtick); never a keyword
 *   int       an integer literal: decimal, `0x` hex or `0o` octal; `magnitude`
 *             is its unsigned value (the sign is a separate `-` token the
 *             parser folds in, so -9223372036854775808 fits)
 *   float     a float literal (`1.5`, `.5`, `1e3`, `1.5E-3`)
 *   string    a string in single or double quotes, escapes decoded
 *   bad-number  a malformed number (`0x`, `1a`, `0o8`): the parser raises
 *             InvalidNumberLiteral where it expects an expression, and
 *             UnexpectedSyntax elsewhere (`{1a: 1}`)
 *   param     `$name` or `$0`
 *   op        punctuation and operators (`<=`, `..`, `+=`, `=~`, ...)
 *   eof       the end of the text
 *
 * Whitespace and comments (`//` to the end of the line, `/* ... *\/`) are
 * skipped. A float beyond the double range is
 * FloatingPointOverflow; a dash-like Unicode character used as an operator
 * (`42 — 41`) is InvalidUnicodeCharacter.
 */
import { cypherSyntaxError } from './syntax-error.js';

export type TokenKind = 'ident' | 'quoted' | 'int' | 'float' | 'bad-number' | 'string' | 'param' | 'op' | 'eof';

export interface Token {
  kind: TokenKind;
  /** UTF-16 offset of the first character. */
  start: number;
  /** UTF-16 offset after the last character. */
  end: number;
  /**
   * ident / quoted: the name; string: the decoded value; param: the name;
   * op: the operator; int / float / bad-number: the source text; eof: ''.
   */
  value: string;
  /** ident: the upper-cased name (for keyword tests); '' otherwise. */
  upper: string;
  /** int: the unsigned value. */
  magnitude: bigint;
  /** float: the value. */
  float: number;
}

/**
 * Operators of two characters, then one (longest match first). Arrows are
 * not tokens: the pattern parser reads `<` `-` and `-` `>` pairs, so that
 * `a<-1` stays a comparison with a negative number.
 */
const OPS2 = new Set(['<=', '>=', '<>', '..', '+=', '=~']);
const OPS1 = new Set(['(', ')', '[', ']', '{', '}', ',', ';', ':', '.', '|', '=', '<', '>', '+', '-', '*', '/', '%', '^', '$']);

/** Unicode characters that look like a minus or hyphen (InvalidUnicodeCharacter when used as one). */
const DASH_LIKE = /[\u00AD\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/;

const ID_START = /[\p{ID_Start}_]/u;
const ID_PART = /[\p{ID_Continue}]/u;

function isAsciiIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isAsciiIdPart(c: number): boolean {
  return isAsciiIdStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isIdStartAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiIdStart(c);
  const cp = text.codePointAt(i);
  return cp !== undefined && ID_START.test(String.fromCodePoint(cp));
}

function isIdPartAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return isAsciiIdPart(c);
  const cp = text.codePointAt(i);
  return cp !== undefined && ID_PART.test(String.fromCodePoint(cp));
}

/** Advance over one code point (two UTF-16 units for a surrogate pair). */
function codePointLength(text: string, i: number): number {
  const cp = text.codePointAt(i);
  return cp !== undefined && cp > 0xffff ? 2 : 1;
}

function isWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

function token(kind: TokenKind, start: number, end: number, value: string): Token {
  return { kind, start, end, value, upper: '', magnitude: 0n, float: 0 };
}

/** The tokens of `text`, ending with one `eof` token. Throws CypherError SyntaxError on a lexical error. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (true) {
    // whitespace and comments
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isWhitespace(c)) {
        i++;
      } else if (c === 47 && text.charCodeAt(i + 1) === 47) {
        i += 2;
        while (i < n && text.charCodeAt(i) !== 10) i++;
      } else if (c === 47 && text.charCodeAt(i + 1) === 42) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) throw cypherSyntaxError(text, i, 'UnexpectedSyntax', "Invalid input '/*': the comment is not closed");
        i = close + 2;
      } else {
        break;
      }
    }
    if (i >= n) {
      tokens.push(token('eof', n, n, ''));
      return tokens;
    }
    const start = i;
    const c = text.charCodeAt(i);
    if (isAsciiIdStart(c) || (c > 127 && isIdStartAt(text, i))) {
      i += codePointLength(text, i);
      while (i < n && isIdPartAt(text, i)) i += codePointLength(text, i);
      const name = text.slice(start, i);
      const t = token('ident', start, i, name);
      t.upper = name.toUpperCase();
      tokens.push(t);
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      const t = readNumber(text, start);
      tokens.push(t);
      i = t.end;
    } else if (c === 39 || c === 34) {
      const t = readString(text, start);
      tokens.push(t);
      i = t.end;
    } else if (c === 96) {
      const t = readQuotedName(text, start);
      tokens.push(t);
      i = t.end;
    } else if (c === 36) {
      // $name or $0
      i++;
      if (i < n && text.charCodeAt(i) === 96) {
        const q = readQuotedName(text, i);
        tokens.push(token('param', start, q.end, q.value));
        i = q.end;
      } else if (i < n && (isIdPartAt(text, i))) {
        while (i < n && isIdPartAt(text, i)) i += codePointLength(text, i);
        tokens.push(token('param', start, i, text.slice(start + 1, i)));
      } else {
        throw cypherSyntaxError(text, start, 'UnexpectedSyntax', "Invalid input '$': expected a parameter name");
      }
    } else {
      const two = text.slice(i, i + 2);
      const one = text[i] ?? '';
      let op: string;
      if (OPS2.has(two)) op = two;
      else if (OPS1.has(one)) op = one;
      else if (DASH_LIKE.test(one)) {
        throw cypherSyntaxError(text, i, 'InvalidUnicodeCharacter', `Invalid input '${one}': a Unicode dash (U+${one.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}) is not an operator; use '-' (U+002D)`);
      } else {
        const ch = String.fromCodePoint(text.codePointAt(i) ?? 0);
        throw cypherSyntaxError(text, i, 'UnexpectedSyntax', `Invalid input '${ch}': unexpected character`);
      }
      i += op.length;
      tokens.push(token('op', start, i, op));
    }
  }
}

/** A malformed number from `start` to the end of the word, at least up to `scanned` (never empty). */
function invalidNumber(text: string, start: number, scanned: number): Token {
  let end = Math.max(start + 1, scanned);
  while (end < text.length && isIdPartAt(text, end)) end += codePointLength(text, end);
  return token('bad-number', start, end, text.slice(start, end));
}

function readDigits(text: string, i: number, ok: (c: number) => boolean): number {
  while (i < text.length && ok(text.charCodeAt(i))) i++;
  return i;
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

function isOctDigit(c: number): boolean {
  return c >= 48 && c <= 55;
}

function readNumber(text: string, start: number): Token {
  const c1 = text.charCodeAt(start + 1);
  if (text.charCodeAt(start) === 48 && (c1 === 120 || c1 === 111)) {
    // 0x... or 0o...
    const hex = c1 === 120;
    const digitsEnd = readDigits(text, start + 2, hex ? isHexDigit : isOctDigit);
    if (digitsEnd === start + 2 || (digitsEnd < text.length && isIdPartAt(text, digitsEnd))) return invalidNumber(text, start, digitsEnd);
    const t = token('int', start, digitsEnd, text.slice(start, digitsEnd));
    t.magnitude = BigInt(text.slice(start, digitsEnd));
    return t;
  }
  let i = readDigits(text, start, isDigit);
  let isFloat = false;
  if (text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
    isFloat = true;
    i = readDigits(text, i + 1, isDigit);
  }
  const e = text.charCodeAt(i);
  if (e === 101 || e === 69) {
    let j = i + 1;
    const sign = text.charCodeAt(j);
    if (sign === 43 || sign === 45) j++;
    if (!isDigit(text.charCodeAt(j))) return invalidNumber(text, start, j);
    isFloat = true;
    i = readDigits(text, j, isDigit);
  }
  if (i < text.length && isIdPartAt(text, i)) return invalidNumber(text, start, i);
  const literal = text.slice(start, i);
  if (isFloat) {
    const value = Number(literal);
    if (!Number.isFinite(value)) {
      throw cypherSyntaxError(text, start, 'FloatingPointOverflow', `Invalid input '${literal}': the float literal is too large for a 64-bit float`);
    }
    const t = token('float', start, i, literal);
    t.float = value;
    return t;
  }
  const t = token('int', start, i, literal);
  t.magnitude = i - start <= 15 ? BigInt(Number(literal)) : BigInt(literal);
  return t;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '/': '/',
};

function readString(text: string, start: number): Token {
  const quote = text.charCodeAt(start);
  let i = start + 1;
  let value = '';
  let runStart = i;
  while (true) {
    if (i >= text.length) {
      throw cypherSyntaxError(text, start, 'UnexpectedSyntax', `Invalid input '${text[start] ?? ''}': the string is not closed`);
    }
    const c = text.charCodeAt(i);
    if (c === quote) {
      value += text.slice(runStart, i);
      i++;
      break;
    }
    if (c !== 92) {
      i++;
      continue;
    }
    value += text.slice(runStart, i);
    const esc = text[i + 1] ?? '';
    const simple = SIMPLE_ESCAPES[esc];
    if (simple !== undefined) {
      value += simple;
      i += 2;
    } else if (esc === 'u' || esc === 'U') {
      const width = esc === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + width);
      const cp = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : -1;
      if (cp < 0 || cp > 0x10ffff) {
        throw cypherSyntaxError(text, i, 'InvalidUnicodeLiteral', `Invalid input '\\${esc}${hex}': expected ${width} hexadecimal digits of a Unicode code point`);
      }
      value += String.fromCodePoint(cp);
      i += 2 + width;
    } else {
      throw cypherSyntaxError(text, i, 'UnexpectedSyntax', `Invalid input '\\${esc}': not a valid escape sequence in a string`);
    }
    runStart = i;
  }
  return token('string', start, i, value);
}

function readQuotedName(text: string, start: number): Token {
  let i = start + 1;
  let value = '';
  while (true) {
    const close = text.indexOf('`', i);
    if (close < 0) throw cypherSyntaxError(text, start, 'UnexpectedSyntax', "Invalid input '`': the quoted name is not closed");
    value += text.slice(i, close);
    if (text.charCodeAt(close + 1) === 96) {
      value += '`';
      i = close + 2;
    } else {
      i = close + 1;
      break;
    }
  }
  return token('quoted', start, i, value);
}
