/**
 * Every error Sombra throws on purpose is a `SombraError` with a stable `code`.
 *
 * The codes are listed once, here, each with the sentence that says when it is
 * thrown. Callers switch on `err.code`; the message is for humans and names the
 * offending value and place.
 */

/** Every error code, each with the sentence that says when it is thrown. */
export const ERROR_CODES = [
  /** A caller passed a value of the wrong type, out of range, or an unknown option. */
  'INVALID_ARG',
  /** A node, edge, index, tree or name that the operation needs does not exist. */
  'NOT_FOUND',
  /** The operation would break a graph rule (deleting a node that still has edges, a duplicate index). */
  'CONSTRAINT',
  /** The database (or the object the call was made on) has been closed. */
  'CLOSED',
  /** Another process, or another handle in this process, owns the database file. */
  'LOCKED',
  /** The operation writes, and the database was opened with `readOnly: true`. */
  'READ_ONLY',
  /** A transaction was used after it committed or rolled back. */
  'TX_CLOSED',
  /** A read, write or sync of a file failed, or an earlier sync failed and the database refuses writes until reopened. */
  'IO',
  /** Bytes read from disk fail validation: bad checksum, impossible offset, unknown page type, cycle in a chain. */
  'CORRUPTION',
  /** The file was written by a format version this build cannot read. */
  'UNSUPPORTED_FORMAT',
  /** A broken internal invariant: a bug in Sombra, never caused by input. */
  'INTERNAL',
  /** A query's text is not valid Cypher, or is valid Cypher with a static error (undefined variable, variable bound twice, bad literal): `CypherError` says where. */
  'CYPHER_SYNTAX',
  /** A query is well formed but means something that cannot run (a MERGE that would read its own writes). */
  'CYPHER_SEMANTIC',
  /** A value of the wrong type reached an operator or a function while a query ran (or was known to at compile time). */
  'CYPHER_TYPE',
  /** A value of the right type but out of a function's domain (a negative `range` step of 0, a percentile above 1). */
  'CYPHER_ARGUMENT',
  /** Integer overflow, division of an integer by zero. */
  'CYPHER_ARITHMETIC',
  /** A query used a node or relationship that it had deleted. */
  'CYPHER_ENTITY_NOT_FOUND',
  /** A query would break a graph rule (DELETE of a node that still has relationships). */
  'CYPHER_CONSTRAINT',
  /** A running query was cancelled through its AbortSignal. */
  'CANCELLED',
] as const;

/** One of `ERROR_CODES`. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The base class of every error Sombra throws on purpose; switch on `code`. */
export class SombraError extends Error {
  /** The stable code to switch on (one of `ERROR_CODES`). */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'SombraError';
  }
}

/** `INVALID_ARG`: a bad argument or option; nothing was changed. */
export class InvalidArgError extends SombraError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('INVALID_ARG', message, options);
    this.name = 'InvalidArgError';
  }
}

/** `NOT_FOUND`: a node, edge, name or file the operation needs does not exist. */
export class NotFoundError extends SombraError {
  constructor(message: string) {
    super('NOT_FOUND', message);
    this.name = 'NotFoundError';
  }
}

/** `CONSTRAINT`: the operation would break a graph rule (a node that still has edges). */
export class ConstraintError extends SombraError {
  constructor(message: string) {
    super('CONSTRAINT', message);
    this.name = 'ConstraintError';
  }
}

/** `CLOSED`: the database, or the read view, has been closed. */
export class ClosedError extends SombraError {
  constructor(message = 'the database is closed') {
    super('CLOSED', message);
    this.name = 'ClosedError';
  }
}

/** `LOCKED`: another handle owns the database file; `ownerPid` names it when known. */
export class LockedError extends SombraError {
  /** Process id of the lock's owner, or null when it cannot be read. */
  readonly ownerPid: number | null;

  constructor(message: string, ownerPid: number | null) {
    super('LOCKED', message);
    this.name = 'LockedError';
    this.ownerPid = ownerPid;
  }
}

/** `READ_ONLY`: a write on a database opened with `readOnly: true`. */
export class ReadOnlyError extends SombraError {
  constructor(message = 'the database was opened read-only') {
    super('READ_ONLY', message);
    this.name = 'ReadOnlyError';
  }
}

/** `TX_CLOSED`: a transaction used after it committed or rolled back. */
export class TxClosedError extends SombraError {
  constructor(message = 'the transaction has already committed or rolled back') {
    super('TX_CLOSED', message);
    this.name = 'TxClosedError';
  }
}

/** `IO`: a file operation failed (`syscall`, `path`, `errno`), or an earlier log sync did and writes are refused. */
export class IoError extends SombraError {
  /** The operation that failed (`write`, `fdatasync`, ...). */
  readonly syscall: string;
  /** The file it failed on. */
  readonly path: string;
  /** The OS error code (`EIO`, `ENOSPC`, ...), or null. */
  readonly errno: string | null;

  constructor(message: string, info: { syscall: string; path: string; errno?: string | null; cause?: unknown }) {
    super('IO', message, { cause: info.cause });
    this.name = 'IoError';
    this.syscall = info.syscall;
    this.path = info.path;
    this.errno = info.errno ?? null;
  }
}

/** `CORRUPTION`: bytes read from disk failed validation; `file`, `pageNo` and `offsetBytes` say where. */
export class CorruptionError extends SombraError {
  /** The damaged file. */
  readonly file: string;
  /** The damaged page, when known. */
  readonly pageNo: number | null;
  /** Byte offset of the damage, when known. */
  readonly offsetBytes: number | null;

  constructor(message: string, info: { file: string; pageNo?: number | null; offsetBytes?: number | null }) {
    super('CORRUPTION', message);
    this.name = 'CorruptionError';
    this.file = info.file;
    this.pageNo = info.pageNo ?? null;
    this.offsetBytes = info.offsetBytes ?? null;
  }
}

/** `UNSUPPORTED_FORMAT`: the file's format version is not one this build reads. */
export class UnsupportedFormatError extends SombraError {
  constructor(message: string) {
    super('UNSUPPORTED_FORMAT', message);
    this.name = 'UnsupportedFormatError';
  }
}

/** A broken invariant. Thrown by `assert`; never for bad input. */
export class AssertionError extends SombraError {
  constructor(message: string) {
    super('INTERNAL', `internal error (a bug in Sombra): ${message}`);
    this.name = 'AssertionError';
  }
}

/** The error types of the openCypher TCK (`Then a <type> should be raised`), each mapped to one code. */
export const CYPHER_ERROR_TYPES = {
  SyntaxError: 'CYPHER_SYNTAX',
  SemanticError: 'CYPHER_SEMANTIC',
  TypeError: 'CYPHER_TYPE',
  ArgumentError: 'CYPHER_ARGUMENT',
  ArithmeticError: 'CYPHER_ARITHMETIC',
  EntityNotFound: 'CYPHER_ENTITY_NOT_FOUND',
  ConstraintVerificationFailed: 'CYPHER_CONSTRAINT',
} as const satisfies Record<string, ErrorCode>;

/** One of the TCK's error types. */
export type CypherErrorType = keyof typeof CYPHER_ERROR_TYPES;

/** Where in the query text an error points (1-based line and column). */
export interface CypherErrorPosition {
  /** UTF-16 offset into the query text. */
  offset: number;
  /** 1-based line. */
  line: number;
  /** 1-based column (UTF-16 units). */
  column: number;
}

/**
 * An error of a Cypher query or a builder spec: `type` and `detail` are the
 * openCypher TCK's names (`SyntaxError` / `UndefinedVariable`), `phase` says
 * whether it was found before anything ran (`compile`) or while running
 * (`runtime`). Compile errors carry the position and a caret under the
 * offending text in `message`.
 */
export class CypherError extends SombraError {
  /** The TCK error type (`SyntaxError`, `TypeError`, ...). */
  readonly type: CypherErrorType;
  /** The TCK error detail (`UndefinedVariable`, `InvalidArgumentType`, ...). */
  readonly detail: string;
  /** `compile` (found before the query touched the database) or `runtime`. */
  readonly phase: 'compile' | 'runtime';
  /** Where in the text, when known. */
  readonly position: CypherErrorPosition | null;

  constructor(type: CypherErrorType, detail: string, message: string, info: { phase: 'compile' | 'runtime'; position?: CypherErrorPosition | null; cause?: unknown }) {
    super(CYPHER_ERROR_TYPES[type], message, { cause: info.cause });
    this.name = 'CypherError';
    this.type = type;
    this.detail = detail;
    this.phase = info.phase;
    this.position = info.position ?? null;
  }
}

/** `CANCELLED`: the query's AbortSignal fired; nothing of a cancelled write query was committed. */
export class CancelledError extends SombraError {
  constructor(message = 'the query was cancelled') {
    super('CANCELLED', message);
    this.name = 'CancelledError';
  }
}

export function isSombraError(err: unknown): err is SombraError {
  return err instanceof SombraError;
}

/** Wraps a Node.js fs error into an `IoError` that names the syscall and the file. */
export function ioErrorFrom(err: unknown, syscall: string, path: string): SombraError {
  if (err instanceof SombraError) return err;
  const errno = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : null;
  const detail = err instanceof Error ? err.message : String(err);
  return new IoError(`${syscall} failed on ${path}: ${detail}`, { syscall, path, errno, cause: err });
}
