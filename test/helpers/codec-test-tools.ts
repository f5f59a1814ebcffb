/** Helpers shared by the codec test suites (value-codec, key-codec). */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { SombraError } from '../../src/base/errors.js';

/**
 * fast-check parameters: a failing property reports its seed and path (replay
 * with `{ seed, path }`); each run, shrinking included, is capped at 60 s and
 * fails if it hits the cap, so a slow shrink never looks like a hang.
 */
export function runs(numRuns: number): fc.Parameters<unknown> {
  return { numRuns, plugins: [fc.interruptAfterTimeLimit(60_000, { failOnInterrupt: true })] };
}

/** Bytes from hex text; whitespace is ignored ("05 41 64 61"). */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '');
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** Asserts `fn` throws a SombraError with `code` (and a message matching `pattern`). */
export function throwsCode(fn: () => unknown, code: string, pattern?: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof SombraError, `expected a SombraError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    if (pattern) assert.match(err.message, pattern);
    return true;
  });
}
