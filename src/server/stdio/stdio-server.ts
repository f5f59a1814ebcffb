/**
 * The stdio server: opens one database, then answers newline-delimited JSON
 * requests from `stdin` on `stdout` (protocol.ts is the specification) until
 * `close`, the end of stdin, a broken stdout, or the death of the parent
 * process. Requests run concurrently and are answered as they finish.
 *
 * Invariants: every request line gets exactly one response line (P2, P3);
 * at most STDIO_INFLIGHT_MAX requests are unanswered while input is read
 * (P8); the promise `runStdioServer` returns resolves only after the
 * database is closed.
 */
import type { Readable, Writable } from 'node:stream';
import { Database } from '../../db/database.js';
import type { DatabaseOptions } from '../../db/options.js';
import {
  STDIO_INFLIGHT_MAX,
  STDIO_PARENT_CHECK_MS,
  STDIO_PROTOCOL_VERSION,
  STDIO_REQUEST_MAX_BYTES,
  encodeError,
  protocolError,
  type RequestId,
  type WireError,
} from './protocol.js';
import { StdioSession, type Params } from './stdio-session.js';
import type { WireJson } from './wire-values.js';

/** Options of the server itself (the database's options are separate). */
export interface StdioServerOptions {
  /** End when this process is gone (the client's pid): a killed client never leaves the server behind. */
  parentPid?: number;
}

/** How the server ended. */
export interface StdioServerOutcome {
  /** 0 after a clean end, 1 when the database could not be opened. */
  exitCode: number;
  /** What ended it. */
  reason: 'close' | 'stdin-end' | 'stdout-error' | 'parent-gone' | 'open-failed' | 'stopped';
}

/** A running server; `done` resolves when it has closed the database. */
export interface StdioServer {
  done: Promise<StdioServerOutcome>;
  /** Ends the server as `close` would (for signals). */
  stop(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function idOf(msg: unknown): RequestId | null {
  if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) return null;
  const id = (msg as { id?: unknown }).id;
  return (typeof id === 'number' && Number.isSafeInteger(id) && id > 0) || (typeof id === 'string' && id.length > 0 && id.length <= 256) ? id : null;
}

/**
 * Opens `dbPath` and serves requests from `stdin` on `stdout`. Resolves when
 * the server has ended and the database is closed.
 * @example await runStdioServer('graph.sombra', { synchronous: 'full' }, process.stdin, process.stdout)
 */
export function runStdioServer(dbPath: string, options: DatabaseOptions, stdin: Readable, stdout: Writable, serverOptions: StdioServerOptions = {}): Promise<StdioServerOutcome> {
  return startStdioServer(dbPath, options, stdin, stdout, serverOptions).done;
}

/** `runStdioServer`, with a handle to stop it. */
export function startStdioServer(dbPath: string, options: DatabaseOptions, stdin: Readable, stdout: Writable, serverOptions: StdioServerOptions = {}): StdioServer {
  let stopRequested: ((reason: StdioServerOutcome['reason']) => void) | null = null;
  let earlyStop: StdioServerOutcome['reason'] | null = null;
  const done = serve(dbPath, options, stdin, stdout, serverOptions, (fn) => {
    stopRequested = fn;
    if (earlyStop !== null) fn(earlyStop);
  });
  return {
    done,
    stop: () => {
      if (stopRequested !== null) stopRequested('stopped');
      else earlyStop = 'stopped';
    },
  };
}

async function serve(
  dbPath: string,
  options: DatabaseOptions,
  stdin: Readable,
  stdout: Writable,
  serverOptions: StdioServerOptions,
  onStopper: (fn: (reason: StdioServerOutcome['reason']) => void) => void,
): Promise<StdioServerOutcome> {
  let stdoutBroken = false;
  let needDrain = false;
  const write = (msg: { id: RequestId | null; result?: WireJson; error?: WireError }): void => {
    if (stdoutBroken) return;
    let line: string;
    try {
      line = JSON.stringify(msg);
    } catch (err) {
      line = JSON.stringify({ id: msg.id, error: encodeError(err) });
    }
    if (!stdout.write(`${line}\n`)) needDrain = true;
  };

  let db: Database;
  try {
    db = await Database.open(dbPath, options);
  } catch (err) {
    write({ id: 0, error: encodeError(err) });
    await new Promise<void>((resolve) => stdout.write('', () => resolve()));
    return { exitCode: 1, reason: 'open-failed' };
  }
  const session = new StdioSession(db);
  write({ id: 0, result: { protocol: STDIO_PROTOCOL_VERSION, pid: process.pid, path: dbPath, node: process.version } });

  return new Promise<StdioServerOutcome>((resolve) => {
    let inflight = 0;
    let paused = false;
    let ending: Promise<void> | null = null;
    let pending = '';
    let pendingBytes = 0;
    let discarding = false;
    let watchdog: NodeJS.Timeout | null = null;

    const updateFlow = (): void => {
      if (ending !== null) return;
      const shouldPause = inflight >= STDIO_INFLIGHT_MAX || needDrain;
      if (shouldPause && !paused) {
        paused = true;
        stdin.pause();
      } else if (!shouldPause && paused) {
        paused = false;
        stdin.resume();
      }
    };

    const onDrain = (): void => {
      needDrain = false;
      updateFlow();
    };

    const finish = (reason: StdioServerOutcome['reason']): void => {
      if (ending !== null) return;
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onEnd);
      stdin.pause();
      if (watchdog !== null) clearInterval(watchdog);
      ending = session
        .shutdown()
        .catch((err: unknown) => {
          write({ id: null, error: encodeError(err) });
        })
        .then(() => {
          stdout.off('drain', onDrain);
          stdout.off('error', onStdoutError);
          resolve({ exitCode: 0, reason });
        });
    };

    const handleLine = (line: string): void => {
      if (line.trim() === '') return;
      let msg: unknown;
      try {
        msg = JSON.parse(line);
      } catch (err) {
        write({ id: null, error: protocolError(`request is not JSON: ${(err as Error).message}`) });
        return;
      }
      const id = idOf(msg);
      if (id === null) {
        write({ id: null, error: protocolError('a request is an object with "id" (a positive integer or a non-empty string), "method" and "params"') });
        return;
      }
      const o = msg as { method?: unknown; params?: unknown };
      if (typeof o.method !== 'string') {
        write({ id, error: protocolError('request has no "method" string') });
        return;
      }
      const params = o.params ?? {};
      if (params === null || typeof params !== 'object' || Array.isArray(params)) {
        write({ id, error: protocolError('"params" must be an object') });
        return;
      }
      if (o.method === 'close') {
        write({ id, result: null });
        finish('close');
        return;
      }
      inflight++;
      updateFlow();
      session.call(o.method, params as Params).then(
        (result) => write({ id, result }),
        (err: unknown) => write({ id, error: encodeError(err) }),
      ).finally(() => {
        inflight--;
        updateFlow();
      });
    };

    const onData = (chunk: Buffer | string): void => {
      let text = typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      while (text.length > 0) {
        const nl = text.indexOf('\n');
        if (nl < 0) {
          if (!discarding) {
            pending += text;
            pendingBytes += text.length;
            if (pendingBytes > STDIO_REQUEST_MAX_BYTES) {
              discarding = true;
              pending = '';
              pendingBytes = 0;
            }
          }
          return;
        }
        const part = text.slice(0, nl);
        text = text.slice(nl + 1);
        if (discarding) {
          discarding = false;
          write({ id: null, error: protocolError(`request line longer than ${STDIO_REQUEST_MAX_BYTES} bytes`) });
          continue;
        }
        const line = pending + part;
        pending = '';
        pendingBytes = 0;
        handleLine(line);
        if (ending !== null) return;
      }
    };

    const onEnd = (): void => {
      if (pending.trim() !== '') handleLine(pending);
      pending = '';
      finish('stdin-end');
    };

    const onStdoutError = (): void => {
      stdoutBroken = true;
      finish('stdout-error');
    };

    stdout.on('drain', onDrain);
    stdout.on('error', onStdoutError);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onEnd);
    const parentPid = serverOptions.parentPid;
    if (parentPid !== undefined && parentPid > 0) {
      watchdog = setInterval(() => {
        if (!processAlive(parentPid) || (process.ppid !== parentPid && process.ppid === 1)) finish('parent-gone');
      }, STDIO_PARENT_CHECK_MS);
      watchdog.unref();
    }
    onStopper(finish);
    stdin.resume();
  });
}
