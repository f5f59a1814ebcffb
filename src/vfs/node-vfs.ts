/**
 * `Vfs` over real files through `node:fs`. Reads and writes use explicit
 * offsets (pread/pwrite); `sync` is `fdatasync` on the libuv thread pool, so
 * awaiting it never blocks the event loop.
 */
import fs from 'node:fs';
import nodePath from 'node:path';
import { ioErrorFrom } from '../base/errors.js';
import type { Vfs, VfsFile, VfsOpenOptions } from './vfs.js';

class NodeVfsFile implements VfsFile {
  readonly path: string;
  #fd: number;

  constructor(path: string, fd: number) {
    this.path = path;
    this.#fd = fd;
  }

  read(buf: Uint8Array, bufOffset: number, length: number, fileOffset: number): number {
    let done = 0;
    try {
      while (done < length) {
        const n = fs.readSync(this.#fd, buf, bufOffset + done, length - done, fileOffset + done);
        if (n === 0) break;
        done += n;
      }
    } catch (err) {
      throw ioErrorFrom(err, 'read', this.path);
    }
    return done;
  }

  write(buf: Uint8Array, bufOffset: number, length: number, fileOffset: number): void {
    let done = 0;
    try {
      while (done < length) {
        done += fs.writeSync(this.#fd, buf, bufOffset + done, length - done, fileOffset + done);
      }
    } catch (err) {
      throw ioErrorFrom(err, 'write', this.path);
    }
  }

  sync(): Promise<void> {
    return new Promise((resolve, reject) => {
      fs.fdatasync(this.#fd, (err) => (err ? reject(ioErrorFrom(err, 'fdatasync', this.path)) : resolve()));
    });
  }

  truncate(sizeBytes: number): void {
    try {
      fs.ftruncateSync(this.#fd, sizeBytes);
    } catch (err) {
      throw ioErrorFrom(err, 'ftruncate', this.path);
    }
  }

  sizeBytes(): number {
    try {
      return fs.fstatSync(this.#fd).size;
    } catch (err) {
      throw ioErrorFrom(err, 'fstat', this.path);
    }
  }

  close(): void {
    if (this.#fd < 0) return;
    const fd = this.#fd;
    this.#fd = -1;
    try {
      fs.closeSync(fd);
    } catch (err) {
      throw ioErrorFrom(err, 'close', this.path);
    }
  }
}

export class NodeVfs implements Vfs {
  open(path: string, options: VfsOpenOptions): VfsFile {
    const flags = options.readOnly
      ? fs.constants.O_RDONLY
      : fs.constants.O_RDWR | (options.create ? fs.constants.O_CREAT : 0);
    try {
      return new NodeVfsFile(path, fs.openSync(path, flags, 0o644));
    } catch (err) {
      throw ioErrorFrom(err, 'open', path);
    }
  }

  exists(path: string): boolean {
    return fs.existsSync(path);
  }

  unlink(path: string): void {
    try {
      fs.unlinkSync(path);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return;
      throw ioErrorFrom(err, 'unlink', path);
    }
  }

  syncDir(dirPath: string): Promise<void> {
    return new Promise((resolve, reject) => {
      fs.open(dirPath, fs.constants.O_RDONLY, (openErr, fd) => {
        if (openErr) return reject(ioErrorFrom(openErr, 'open', dirPath));
        fs.fsync(fd, (syncErr) => {
          fs.close(fd, () => (syncErr ? reject(ioErrorFrom(syncErr, 'fsync', dirPath)) : resolve()));
        });
      });
    });
  }

  createExclusive(path: string, content: Uint8Array): boolean {
    // Write the content under a private name, then link it into place: link()
    // fails with EEXIST if the name is taken, and never exposes a half file.
    const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      fs.writeFileSync(tmp, content, { flag: 'wx', mode: 0o644 });
      try {
        fs.linkSync(tmp, path);
        return true;
      } catch (err) {
        if ((err as { code?: string }).code === 'EEXIST') return false;
        throw ioErrorFrom(err, 'link', path);
      }
    } catch (err) {
      throw ioErrorFrom(err, 'create', path);
    } finally {
      try {
        fs.unlinkSync(tmp);
      } catch {
        // The temporary name may not exist if writing it failed.
      }
    }
  }

  readAll(path: string): Uint8Array | null {
    try {
      return fs.readFileSync(path);
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return null;
      throw ioErrorFrom(err, 'read', path);
    }
  }

  resolve(path: string): string {
    const abs = nodePath.resolve(path);
    try {
      return nodePath.join(fs.realpathSync(nodePath.dirname(abs)), nodePath.basename(abs));
    } catch {
      return abs;
    }
  }
}
