/**
 * Cheap invariant checks that stay on in production: a database that carries on
 * past a broken invariant corrupts files. A failure is a bug (`INTERNAL`), never
 * a response to bad input; validate input with `InvalidArgError` instead, and
 * bytes read from disk with `CorruptionError`.
 */
import { AssertionError } from './errors.js';

export function assert(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new AssertionError(typeof message === 'function' ? message() : message);
}

/** True when the expensive whole-structure checks should run (the test suite sets it). */
export const VERIFY_ENABLED: boolean = process.env['SOMBRA_VERIFY'] === '1';
