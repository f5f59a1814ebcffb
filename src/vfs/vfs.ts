/**
 * The one interface through which every byte Sombra stores reaches a disk.
 *
 * Reads, writes, truncates and sizes are synchronous: they go to the OS page
 * cache and return in microseconds, and the read API of the database is
 * synchronous. `sync()` (fdatasync) and `syncDir()` are asynchronous: they run
 * on the libuv thread pool so a durable commit never blocks the event loop.
 *
 * Implementations: `NodeVfs` (real files), `MemVfs` (tests), `FaultVfs` (wraps
 * another and simulates power cuts, torn writes and I/O errors).
 */

export interface VfsFile {
  readonly path: string;
  /**
   * Reads `length` bytes at `fileOffset` into `buf[bufOffset...]`. Returns the
   * number of bytes read, short only at end of file.
   */
  read(buf: Uint8Array, bufOffset: number, length: number, fileOffset: number): number;
  /** Writes all of `buf[bufOffset, bufOffset+length)` at `fileOffset`. */
  write(buf: Uint8Array, bufOffset: number, length: number, fileOffset: number): void;
  /** Makes every completed write of this file durable (fdatasync). */
  sync(): Promise<void>;
  truncate(sizeBytes: number): void;
  sizeBytes(): number;
  close(): void;
}

export interface VfsOpenOptions {
  /** Create the file when it does not exist. */
  create: boolean;
  readOnly?: boolean;
}

export interface Vfs {
  open(path: string, options: VfsOpenOptions): VfsFile;
  exists(path: string): boolean;
  unlink(path: string): void;
  /** Makes the directory entries of `dirPath` durable (created/removed files). */
  syncDir(dirPath: string): Promise<void>;
  /**
   * Atomically creates `path` holding exactly `content`, or returns false if
   * it already exists. Readers never see the file without its content.
   */
  createExclusive(path: string, content: Uint8Array): boolean;
  /** The whole content of a small file, or null when it does not exist. */
  readAll(path: string): Uint8Array | null;
  /** Canonical absolute form of `path`, used to detect two opens of one file. */
  resolve(path: string): string;
}

export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  if (i < 0) return '.';
  if (i === 0) return '/';
  return path.slice(0, i);
}
