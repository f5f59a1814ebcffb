/**
 * The stdio protocol, version 1: how another language drives Sombra through
 * a child process (`sombra serve --stdio` / `sombra stdio <db>`). docs/python.md
 * is the user-facing description; this comment is the specification.
 *
 * Framing. UTF-8 JSON, one message per line ("\n"), in both directions. A
 * request line is at most STDIO_REQUEST_MAX_BYTES.
 *
 *   request   {"id": <int >= 1 | string>, "method": "<name>", "params": {...}}
 *   response  {"id": <same>, "result": <wire value>}
 *          or {"id": <same>, "error": {"code", "name", "message", ...}}
 *
 * Rules.
 *  P1. The first line the server writes is the greeting, id 0:
 *      {"id": 0, "result": {"protocol": 1, "pid", "path", "node"}} once the
 *      database is open, or {"id": 0, "error": {...}} (then it exits, status 1).
 *  P2. Every request gets exactly one response with its id. Responses may come
 *      in any order: requests run concurrently (so concurrent writes share one
 *      sync through the engine's group commit), and a client matches by id.
 *  P3. A line that is not JSON, or not an object with a usable id and method,
 *      gets an error response with "id": null (the id when it could be read),
 *      code INVALID_ARG; the server keeps serving.
 *  P4. Values inside params and results use the tagged forms of wire-values.ts.
 *      The builder's spec (`query`'s "spec") is plain JSON, not wire values.
 *  P5. Errors carry the engine's stable code and message; a Cypher error adds
 *      "type", "detail", "phase" and "position"; LOCKED adds "ownerPid".
 *  P6. Query results stream in chunks through cursors (back-pressure by pull):
 *      `cypher` and `query` answer {"columns", "rows" (at most "chunkRows"),
 *      "stats", "plan"?, "cursor": null | <int>}; while "cursor" is not null the
 *      client asks `fetch` {"cursor", "maxRows"} -> {"rows", "done"} and may
 *      `closeCursor` early. A cursor holds its read snapshot until it is done
 *      or closed; at most STDIO_CURSORS_MAX are open.
 *  P7. `close`, or the end of stdin, rolls back open transactions, closes
 *      cursors and the database, and ends the server. With a parent pid the
 *      server also ends when that process is gone (checked every
 *      STDIO_PARENT_CHECK_MS).
 *  P8. The server reads no further input while STDIO_INFLIGHT_MAX requests
 *      are unanswered or stdout is not drained (back-pressure on the pipe).
 */
import { CypherError, LockedError, SombraError } from '../../base/errors.js';

/** The protocol version in the greeting; a client refuses a version it does not know. */
export const STDIO_PROTOCOL_VERSION = 1;
/** 64 MiB: a mutateMany of a few hundred thousand small operations fits. */
export const STDIO_REQUEST_MAX_BYTES = 64 * 1024 * 1024;
/** Unanswered requests before the server stops reading (P8). */
export const STDIO_INFLIGHT_MAX = 4096;
/** Open cursors per connection (each holds a snapshot, which holds back checkpoints). */
export const STDIO_CURSORS_MAX = 1024;
/** Rows in a chunk when the client does not say. */
export const STDIO_CHUNK_ROWS_DEFAULT = 1000;
/** Most rows in one chunk. */
export const STDIO_CHUNK_ROWS_MAX = 100_000;
/** How often the parent-pid watchdog looks. */
export const STDIO_PARENT_CHECK_MS = 1000;

/** A request id: a positive integer or a string chosen by the client. */
export type RequestId = number | string;

/** The error object of a response (P5). */
export interface WireError {
  code: string;
  name: string;
  message: string;
  type?: string;
  detail?: string;
  phase?: string;
  position?: { offset: number; line: number; column: number } | null;
  ownerPid?: number | null;
}

/** The wire form of an error thrown while serving a request. */
export function encodeError(err: unknown): WireError {
  if (err instanceof CypherError) {
    return { code: err.code, name: err.name, message: err.message, type: err.type, detail: err.detail, phase: err.phase, position: err.position };
  }
  if (err instanceof LockedError) return { code: err.code, name: err.name, message: err.message, ownerPid: err.ownerPid };
  if (err instanceof SombraError) return { code: err.code, name: err.name, message: err.message };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'INTERNAL', name: err instanceof Error ? err.name : 'Error', message };
}

/** An INVALID_ARG error about the request itself (P3). */
export function protocolError(message: string): WireError {
  return { code: 'INVALID_ARG', name: 'ProtocolError', message };
}
