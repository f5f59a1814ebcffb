/**
 * The string predicates of openCypher: `STARTS WITH`, `ENDS WITH`,
 * `CONTAINS` and the regular-expression match `=~`. Each is ternary: null
 * when either operand is null or not a STRING (`1 CONTAINS 'a'` is null,
 * not an error).
 *
 * `=~` matches the whole string. Patterns are Java regular expressions in
 * openCypher; they run here as JavaScript RegExps, which agree on the common
 * syntax. Leading inline flags `(?i)`, `(?s)`, `(?m)` (any combination, as
 * in `(?is)`) become RegExp flags. The `u` flag is used when the pattern
 * allows it, so `.` matches a whole code point as in Java. An invalid
 * pattern is ArgumentError/InvalidArgumentValue. Java's `\Q...\E`, `\A`,
 * `\z` and `\Z` are translated. Compiled patterns are
 * cached (up to `REGEX_CACHE_MAX` of them).
 */
import { CypherError } from '../../base/errors.js';
import type { Value } from './value.js';

/** `a STARTS WITH b`. */
export function startsWith(a: Value, b: Value): boolean | null {
  return typeof a === 'string' && typeof b === 'string' ? a.startsWith(b) : null;
}

/** `a ENDS WITH b`. */
export function endsWith(a: Value, b: Value): boolean | null {
  return typeof a === 'string' && typeof b === 'string' ? a.endsWith(b) : null;
}

/** `a CONTAINS b`. */
export function contains(a: Value, b: Value): boolean | null {
  return typeof a === 'string' && typeof b === 'string' ? a.includes(b) : null;
}

/**
 * Rewrites the Java-only pieces of a pattern that JavaScript reads
 * differently: `\Q...\E` quoting becomes escaped literals, `\A` becomes
 * `^`, and `\z` / `\Z` become `$` (the match is anchored anyway).
 */
function javaToJsPattern(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i] as string;
    if (c === '\\' && i + 1 < p.length) {
      const next = p[i + 1] as string;
      if (next === 'Q') {
        const end = p.indexOf('\\E', i + 2);
        const literal = end < 0 ? p.slice(i + 2) : p.slice(i + 2, end);
        out += literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
        i = end < 0 ? p.length : end + 1;
        continue;
      }
      if (next === 'A') out += '^';
      else if (next === 'z' || next === 'Z') out += '$';
      else out += c + next;
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

export const REGEX_CACHE_MAX = 256;
const regexCache = new Map<string, RegExp>();

/** The whole-string RegExp for a Cypher (Java-style) pattern. */
export function compileRegex(pattern: string): RegExp {
  const cached = regexCache.get(pattern);
  if (cached !== undefined) return cached;
  let body = pattern;
  let flags = '';
  const inline = /^\(\?([imsx]+)\)/.exec(body);
  if (inline !== null) {
    const letters = inline[1] ?? '';
    for (const f of ['i', 'm', 's']) if (letters.includes(f)) flags += f;
    body = body.slice(inline[0].length);
  }
  const source = `^(?:${javaToJsPattern(body)})$`;
  let re: RegExp;
  try {
    re = new RegExp(source, flags + 'u');
  } catch {
    try {
      re = new RegExp(source, flags);
    } catch (err) {
      throw new CypherError('ArgumentError', 'InvalidArgumentValue', `invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}`, {
        phase: 'runtime',
        cause: err,
      });
    }
  }
  if (regexCache.size >= REGEX_CACHE_MAX) regexCache.clear();
  regexCache.set(pattern, re);
  return re;
}

/** `a =~ b`: whether the whole of `a` matches the pattern `b`. */
export function regexMatch(a: Value, b: Value): boolean | null {
  if (typeof a !== 'string' || typeof b !== 'string') return null;
  return compileRegex(b).test(a);
}
