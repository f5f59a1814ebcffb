/**
 * `Vfs` in memory, for fast tests and as the disk under `FaultVfs`. Every
 * handle opened on one path shares one byte array, like files on a real disk.
 * `sync()` resolves on a later turn of the event loop (setImmediate), as a
 * real fdatasync does, so group-commit batching behaves as it would on disk.
 */
import { IoError } from '../base/errors.js';
import type { Vfs, VfsFile, VfsOpenOptions } from './vfs.js';

/** The bytes of one in-memory file. */
export class MemFileData {
  bytes: Uint8Array = new Uint8Array(0);
  sizeBytes = 0;

  ensureCapacity(sizeBytes: number): void {
    if (sizeBytes <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(sizeBytes, this.bytes.length * 2, 64 * 1024));
    next.set(this.bytes.subarray(0, this.sizeBytes));
    this.bytes = next;
  }

  snapshot(): Uint8Array {
    return this.bytes.slice(0, this.sizeBytes);
  }

  replace(content: Uint8Array): void {
    this.bytes = new Uint8Array(Math.max(content.length, 64 * 1024));
    this.bytes.set(content);
    this.sizeBytes = content.length;
  }
}

class MemVfsFile implements VfsFile {
  readonly path: string;
  readonly #data: MemFileData;
  readonly #readOnly: boolean;
  #closed = false;

  constructor(path: string, data: MemFileData, readOnly: boolean) {
    this.path = path;
    this.#data = data;
    this.#readOnly = readOnly;
  }

  #checkOpen(syscall: string): void {
    if (this.#closed) throw new IoError(`${syscall} on closed file ${this.path}`, { syscall, path: this.path, errno: 'EBADF' });
  }

  read(buf: Uint8Array, bufOffset: number, length: number, fileOffset: number): number {
    this.#checkOpen('read');
    const d = this.#data;
    const n = Math.max(0, Math.min(length, d.sizeBytes - fileOffset));
    if (n > 0) buf.set(d.bytes.subarray(fileOffset, fileOffset + n), bufOffset);
    return n;
  }

  write(buf: Uint8Array, bufOffset: number, length: number, fileOffset: number): void {
    this.#checkOpen('write');
    if (this.#readOnly) throw new IoError(`write to read-only file ${this.path}`, { syscall: 'write', path: this.path, errno: 'EBADF' });
    const d = this.#data;
    const end = fileOffset + length;
    d.ensureCapacity(end);
    if (fileOffset > d.sizeBytes) d.bytes.fill(0, d.sizeBytes, fileOffset);
    d.bytes.set(buf.subarray(bufOffset, bufOffset + length), fileOffset);
    if (end > d.sizeBytes) d.sizeBytes = end;
  }

  sync(): Promise<void> {
    this.#checkOpen('fdatasync');
    return new Promise((resolve) => setImmediate(resolve));
  }

  truncate(sizeBytes: number): void {
    this.#checkOpen('ftruncate');
    const d = this.#data;
    d.ensureCapacity(sizeBytes);
    if (sizeBytes > d.sizeBytes) d.bytes.fill(0, d.sizeBytes, sizeBytes);
    d.sizeBytes = sizeBytes;
  }

  sizeBytes(): number {
    this.#checkOpen('fstat');
    return this.#data.sizeBytes;
  }

  close(): void {
    this.#closed = true;
  }
}

export class MemVfs implements Vfs {
  readonly files = new Map<string, MemFileData>();

  open(path: string, options: VfsOpenOptions): VfsFile {
    let data = this.files.get(path);
    if (!data) {
      if (!options.create || options.readOnly) {
        throw new IoError(`open failed on ${path}: no such file`, { syscall: 'open', path, errno: 'ENOENT' });
      }
      data = new MemFileData();
      this.files.set(path, data);
    }
    return new MemVfsFile(path, data, options.readOnly === true);
  }

  exists(path: string): boolean {
    return this.files.has(path);
  }

  unlink(path: string): void {
    this.files.delete(path);
  }

  syncDir(_dirPath: string): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }

  createExclusive(path: string, content: Uint8Array): boolean {
    if (this.files.has(path)) return false;
    const data = new MemFileData();
    data.replace(content);
    this.files.set(path, data);
    return true;
  }

  readAll(path: string): Uint8Array | null {
    return this.files.get(path)?.snapshot() ?? null;
  }

  resolve(path: string): string {
    return path;
  }
}
