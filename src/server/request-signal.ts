/**
 * The AbortSignal of one request's query: it fires when the client goes
 * away before the response is finished (the connection closed), when the
 * query outlives the time limit, or when the server shuts down and the grace
 * period is over. The engine checks it between rows and on its yields to
 * the event loop, so a cancelled query stops and releases its snapshot, and
 * a cancelled write query commits nothing.
 */
import type { ServerResponse } from 'node:http';

export type AbortCause = 'disconnect' | 'timeout' | 'shutdown';

export class RequestSignal {
  readonly #controller = new AbortController();
  #cause: AbortCause | null = null;
  readonly #timer: NodeJS.Timeout;
  readonly #onClose: () => void;
  readonly #res: ServerResponse;
  readonly #unregister: () => void;

  /**
   * @param res the response whose early close means the client left
   * @param timeoutMs the query time limit
   * @param register adds the abort to the server's shutdown list; returns its removal
   */
  constructor(res: ServerResponse, timeoutMs: number, register: (abort: () => void) => () => void) {
    this.#res = res;
    this.#onClose = () => {
      if (!res.writableFinished) this.abort('disconnect');
    };
    res.on('close', this.#onClose);
    this.#timer = setTimeout(() => this.abort('timeout'), timeoutMs);
    this.#timer.unref();
    this.#unregister = register(() => this.abort('shutdown'));
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Why it fired, or null. */
  get cause(): AbortCause | null {
    return this.#cause;
  }

  abort(cause: AbortCause): void {
    if (this.#cause !== null) return;
    this.#cause = cause;
    this.#controller.abort(new Error(`query cancelled: ${cause}`));
  }

  /** Call when the request is done, whatever happened. */
  dispose(): void {
    clearTimeout(this.#timer);
    this.#res.off('close', this.#onClose);
    this.#unregister();
  }
}
