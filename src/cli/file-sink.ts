/** A buffered, synchronous text writer to a file (export): bounded memory, one write per ~1 MiB. */
import fs from 'node:fs';

const FLUSH_AT_CHARS = 1 << 20;

export class FileSink {
  readonly #fd: number;
  #parts: string[] = [];
  #chars = 0;
  bytesWritten = 0;

  constructor(path: string) {
    this.#fd = fs.openSync(path, 'w');
  }

  write(text: string): void {
    this.#parts.push(text);
    this.#chars += text.length;
    if (this.#chars >= FLUSH_AT_CHARS) this.flush();
  }

  flush(): void {
    if (this.#parts.length === 0) return;
    const buf = Buffer.from(this.#parts.join(''), 'utf8');
    fs.writeSync(this.#fd, buf);
    this.bytesWritten += buf.length;
    this.#parts = [];
    this.#chars = 0;
  }

  /** Flushes, fsyncs and closes. */
  close(): void {
    try {
      this.flush();
      fs.fsyncSync(this.#fd);
    } finally {
      fs.closeSync(this.#fd);
    }
  }
}
