/**
 * A FIFO async mutex: waiters acquire in the order they asked. (Kysely's
 * connection mutex is not FIFO; a database writer lock must be, or a busy
 * writer can starve a patient one.)
 */

export type Release = () => void;

export class FifoMutex {
  #locked = false;
  readonly #waiters: Array<(release: Release) => void> = [];

  get locked(): boolean {
    return this.#locked;
  }

  get waiterCount(): number {
    return this.#waiters.length;
  }

  /** Resolves with a release function once the lock is held. */
  acquire(): Promise<Release> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve(this.#makeRelease());
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Takes the lock only if it is free right now. */
  tryAcquire(): Release | null {
    if (this.#locked) return null;
    this.#locked = true;
    return this.#makeRelease();
  }

  #makeRelease(): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next(this.#makeRelease());
      else this.#locked = false;
    };
  }
}
