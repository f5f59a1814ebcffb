/**
 * `--param name=value` (and the shell's `:param name value`): the value is
 * read as JSON when it parses as JSON (numbers, strings in quotes, true,
 * false, null, lists, maps), else taken as a string. An integer beyond
 * 2^53 given alone becomes a bigint, so that it keeps every digit.
 */
import { InvalidArgError } from '../base/errors.js';

function bigIntsKept(text: string): unknown {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) {
    const n = BigInt(t);
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
  }
  return JSON.parse(text);
}

export function parseParamValue(text: string): unknown {
  try {
    return bigIntsKept(text);
  } catch {
    return text;
  }
}

/** `name=value` pairs to a params object. */
export function parseParams(pairs: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new InvalidArgError(`--param ${JSON.stringify(pair)}: expected name=value`);
    params[pair.slice(0, eq)] = parseParamValue(pair.slice(eq + 1));
  }
  return params;
}
