/**
 * Errors of the HTTP layer and how every error becomes a response: JSON
 * `{ code, message }` (plus `type`, `detail`, `phase`, `position` for a
 * Cypher error) with the status that says whose fault it is.
 *
 * Codes the server adds to the engine's (src/base/errors.ts), each with when
 * it is sent:
 *   UNAUTHORIZED   401  a request that writes came without a bearer token
 *   FORBIDDEN      403  the bearer token is wrong
 *   NOT_READY      503  the server is starting or shutting down
 *   BODY_TOO_LARGE 413  the request body exceeds bodyLimitBytes
 *   QUERY_TIMEOUT  504  the query ran longer than the time limit and was cancelled
 *   ROUTE_NOT_FOUND 404 no such endpoint
 */
import { CypherError, SombraError, type ErrorCode } from '../base/errors.js';

export const SERVER_ERROR_CODES = ['UNAUTHORIZED', 'FORBIDDEN', 'NOT_READY', 'BODY_TOO_LARGE', 'QUERY_TIMEOUT', 'ROUTE_NOT_FOUND'] as const;
export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/** An error the server raises itself, with its HTTP status. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ServerErrorCode;
  constructor(status: number, code: ServerErrorCode, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
  }
}

/** The JSON body of an error response. */
export interface ErrorBody {
  code: string;
  message: string;
  type?: string;
  detail?: string;
  phase?: 'compile' | 'runtime';
  position?: { offset: number; line: number; column: number } | null;
}

/** HTTP status of each engine error code. */
const STATUS_OF: Record<ErrorCode, number> = {
  INVALID_ARG: 400,
  NOT_FOUND: 404,
  CONSTRAINT: 409,
  CLOSED: 503,
  LOCKED: 409,
  READ_ONLY: 403,
  TX_CLOSED: 409,
  IO: 500,
  CORRUPTION: 500,
  UNSUPPORTED_FORMAT: 500,
  INTERNAL: 500,
  CYPHER_SYNTAX: 400,
  CYPHER_SEMANTIC: 400,
  CYPHER_TYPE: 400,
  CYPHER_ARGUMENT: 400,
  CYPHER_ARITHMETIC: 400,
  CYPHER_ENTITY_NOT_FOUND: 400,
  CYPHER_CONSTRAINT: 409,
  CANCELLED: 499,
};

/** fastify's own errors (bad JSON, body too large, bad content type) carry these. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
  message: string;
}

function isFastifyLike(err: unknown): err is FastifyLikeError {
  return err instanceof Error && typeof (err as FastifyLikeError).statusCode === 'number';
}

/** The status and body that answer `err`. */
export function errorResponse(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof HttpError) return { status: err.status, body: { code: err.code, message: err.message } };
  if (err instanceof CypherError) {
    return {
      status: STATUS_OF[err.code],
      body: { code: err.code, message: err.message, type: err.type, detail: err.detail, phase: err.phase, position: err.position },
    };
  }
  if (err instanceof SombraError) return { status: STATUS_OF[err.code] ?? 500, body: { code: err.code, message: err.message } };
  if (isFastifyLike(err)) {
    const status = err.statusCode ?? 500;
    if (status === 413) return { status, body: { code: 'BODY_TOO_LARGE', message: err.message } };
    if (status >= 400 && status < 500) return { status: 400, body: { code: 'INVALID_ARG', message: err.message } };
  }
  return { status: 500, body: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) } };
}
