/**
 * Who may write: nobody on a `--read-only` server (403 READ_ONLY); else a
 * request that carries `Authorization: Bearer <token>` with the server's
 * token (401 UNAUTHORIZED without one, 403 FORBIDDEN with a wrong one).
 * Tokens are compared in constant time (over their SHA-256 digests, so
 * length does not leak either). Reads need no token: the server binds
 * 127.0.0.1 unless told otherwise.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { ReadOnlyError } from '../base/errors.js';
import { HttpError } from './http-error.js';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** A new random token (32 bytes, base64url). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export class WriteGuard {
  readonly #tokenDigest: Buffer | null;
  readonly readOnly: boolean;

  constructor(token: string | null, readOnly: boolean) {
    this.#tokenDigest = token === null ? null : digest(token);
    this.readOnly = readOnly;
  }

  /** Throws unless the request with these headers may write; `what` names the write in the message. */
  check(headers: IncomingHttpHeaders, what: string): void {
    if (this.readOnly || this.#tokenDigest === null) throw new ReadOnlyError(`the server is read-only: ${what} refused`);
    const auth = headers.authorization;
    const m = typeof auth === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(auth) : null;
    if (m === null) throw new HttpError(401, 'UNAUTHORIZED', `${what} needs "Authorization: Bearer <token>" (printed by sombra serve at its first start)`);
    if (!timingSafeEqual(digest(m[1]!), this.#tokenDigest)) throw new HttpError(403, 'FORBIDDEN', `${what} refused: the bearer token is wrong`);
  }
}
