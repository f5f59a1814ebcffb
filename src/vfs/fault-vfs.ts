/**
 * `FaultVfs` wraps another `Vfs` and simulates what a disk does when the power
 * goes: every write not yet covered by a completed sync may be lost. It plays
 * the part of SQLite's crash-test VFS.
 *
 * Model
 * - A write or truncate is *unsynced* until a `sync()` of the same file that
 *   was called after it *completes*. A sync that has not completed when the
 *   power is cut covers nothing.
 * - A created file's directory entry is unsynced until `syncDir()` of its
 *   directory completes; at a cut such a file disappears.
 * - At a cut, unsynced writes are all dropped (`unsyncedWrites: 'drop'`), or
 *   each is independently kept or dropped (`'random'`, seeded) which models a
 *   disk that reorders writes. The write the cut lands on can be torn: its
 *   first part (a multiple of 512 bytes) reaches the disk and the rest does not
 *   (`tear: 'half'`), or the rest is filled with garbage (`tear: 'garbage'`).
 * - After a cut every operation on every file of this FaultVfs throws an
 *   `IoError` with errno `EPOWERCUT`, as if the process had died. The wrapped
 *   `Vfs` then holds exactly what survived, and a test reopens the database on
 *   it.
 *
 * It also fails a chosen read, write or sync with `EIO`, and counts every
 * operation so that tests can assert, for example, how many syncs a group of
 * commits cost.
 */
import { IoError } from '../base/errors.js';
import { Prng } from '../base/prng.js';
import { dirname, type Vfs, type VfsFile, type VfsOpenOptions } from './vfs.js';

export type FaultOpKind = 'read' | 'write' | 'sync' | 'truncate' | 'syncDir';

export interface FaultVfsOptions {
  /**
   * Cut the power at this mutating operation (1-based count of writes, syncs,
   * truncates and directory syncs). That operation does not complete.
   */
  powerCutAtOp?: number;
  /** What reaches the disk of the write the cut lands on. Default 'none'. */
  tear?: 'none' | 'half' | 'garbage';
  /** Fate of unsynced writes at the cut. Default 'drop'. */
  unsyncedWrites?: 'drop' | 'random';
  /** Seed for 'random' and for tear points. */
  seed?: number;
}

export interface FaultStats {
  reads: number;
  writes: number;
  syncs: number;
  truncates: number;
  syncDirs: number;
  bytesWritten: number;
  /** Mutating operations so far: writes + syncs + truncates + syncDirs. */
  mutatingOps: number;
}

type Unsynced =
  | { kind: 'write'; id: number; offset: number; newData: Uint8Array; oldData: Uint8Array; oldSize: number }
  | { kind: 'truncate'; id: number; oldSize: number; oldData: Uint8Array; newSize: number };

interface PathState {
  unsynced: Unsynced[];
  /** Created since the last completed syncDir of its directory. */
  createdUnsynced: boolean;
}

interface FailRule {
  kind: 'read' | 'write' | 'sync';
  nth: number;
  seen: number;
  pathIncludes: string | null;
}

export class PowerCutError extends IoError {
  constructor(path: string) {
    super(`simulated power cut (FaultVfs): ${path} is gone with the process`, { syscall: 'powercut', path, errno: 'EPOWERCUT' });
    this.name = 'PowerCutError';
  }
}

export class FaultVfs implements Vfs {
  readonly inner: Vfs;
  readonly stats: FaultStats = { reads: 0, writes: 0, syncs: 0, truncates: 0, syncDirs: 0, bytesWritten: 0, mutatingOps: 0 };
  #cutAtOp: number | null;
  readonly #tear: 'none' | 'half' | 'garbage';
  readonly #unsyncedMode: 'drop' | 'random';
  readonly #prng: Prng;
  readonly #paths = new Map<string, PathState>();
  #failRules: FailRule[] = [];
  #crashed = false;
  #nextUnsyncedId = 1;
  /** While set, a sync waits for this before it completes (`holdSyncs`). */
  #syncGate: Promise<void> | null = null;

  constructor(inner: Vfs, options: FaultVfsOptions = {}) {
    this.inner = inner;
    this.#cutAtOp = options.powerCutAtOp ?? null;
    this.#tear = options.tear ?? 'none';
    this.#unsyncedMode = options.unsyncedWrites ?? 'drop';
    this.#prng = new Prng(options.seed ?? 1);
  }

  get crashed(): boolean {
    return this.#crashed;
  }

  /** Arms (or re-arms) the power cut at an absolute mutating-operation number. */
  armPowerCut(atOp: number): void {
    this.#cutAtOp = atOp;
  }

  /** Fails the `nth` (1-based, counted from now) operation of `kind` with EIO, once. */
  failNext(kind: 'read' | 'write' | 'sync', nth = 1, pathIncludes: string | null = null): void {
    this.#failRules.push({ kind, nth, seen: 0, pathIncludes });
  }

  /**
   * Holds every sync until the returned function is called: syncs still
   * start (and are counted) but do not complete, so a test can tell what is
   * acknowledged before anything is durable without relying on timing.
   */
  holdSyncs(): () => void {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    this.#syncGate = gate;
    return () => {
      if (this.#syncGate === gate) this.#syncGate = null;
      release();
    };
  }

  /** Cuts the power now, between operations. */
  powerCut(): void {
    if (this.#crashed) return;
    this.#crash(null);
  }

  /** Number of writes and truncates of `path` not yet covered by a completed sync. */
  unsyncedCount(path: string): number {
    return this.#paths.get(path)?.unsynced.length ?? 0;
  }

  open(path: string, options: VfsOpenOptions): VfsFile {
    this.#checkAlive(path);
    const existed = this.inner.exists(path);
    const file = this.inner.open(path, options);
    const state = this.#state(path);
    if (!existed) state.createdUnsynced = true;
    return new FaultVfsFile(this, path, file);
  }

  exists(path: string): boolean {
    this.#checkAlive(path);
    return this.inner.exists(path);
  }

  unlink(path: string): void {
    this.#checkAlive(path);
    this.inner.unlink(path);
    this.#paths.delete(path);
  }

  async syncDir(dirPath: string): Promise<void> {
    this.#beforeMutatingOp('syncDir', dirPath, null);
    this.stats.syncDirs++;
    const covered: PathState[] = [];
    for (const [p, s] of this.#paths) if (dirname(p) === dirPath && s.createdUnsynced) covered.push(s);
    await this.inner.syncDir(dirPath);
    this.#checkAlive(dirPath);
    for (const s of covered) s.createdUnsynced = false;
  }

  createExclusive(path: string, content: Uint8Array): boolean {
    this.#checkAlive(path);
    const created = this.inner.createExclusive(path, content);
    if (created) this.#state(path).createdUnsynced = true;
    return created;
  }

  readAll(path: string): Uint8Array | null {
    this.#checkAlive(path);
    return this.inner.readAll(path);
  }

  resolve(path: string): string {
    return this.inner.resolve(path);
  }

  // ---- called by FaultVfsFile ----

  fileRead(path: string, inner: VfsFile, buf: Uint8Array, bufOffset: number, length: number, fileOffset: number): number {
    this.#checkAlive(path);
    this.stats.reads++;
    this.#maybeFail('read', path);
    return inner.read(buf, bufOffset, length, fileOffset);
  }

  fileWrite(path: string, inner: VfsFile, buf: Uint8Array, bufOffset: number, length: number, fileOffset: number): void {
    const data = buf.slice(bufOffset, bufOffset + length);
    this.#beforeMutatingOp('write', path, { inner, data, fileOffset });
    this.#maybeFail('write', path);
    this.stats.writes++;
    this.stats.bytesWritten += length;
    const oldSize = inner.sizeBytes();
    const oldData = new Uint8Array(length);
    inner.read(oldData, 0, length, fileOffset);
    inner.write(data, 0, length, fileOffset);
    this.#state(path).unsynced.push({ kind: 'write', id: this.#nextUnsyncedId++, offset: fileOffset, newData: data, oldData, oldSize });
  }

  async fileSync(path: string, inner: VfsFile): Promise<void> {
    this.#beforeMutatingOp('sync', path, null);
    const state = this.#state(path);
    // A sync covers the writes issued before it was called, also when several
    // syncs of one file are in flight at once.
    const coveredUpToId = this.#nextUnsyncedId - 1;
    this.#maybeFail('sync', path);
    this.stats.syncs++;
    if (this.#syncGate !== null) await this.#syncGate;
    await inner.sync();
    this.#checkAlive(path);
    state.unsynced = state.unsynced.filter((u) => u.id > coveredUpToId);
  }

  fileTruncate(path: string, inner: VfsFile, sizeBytes: number): void {
    this.#beforeMutatingOp('truncate', path, null);
    this.stats.truncates++;
    const oldSize = inner.sizeBytes();
    const keep = Math.min(oldSize, sizeBytes);
    const oldData = new Uint8Array(oldSize - keep);
    inner.read(oldData, 0, oldData.length, keep);
    inner.truncate(sizeBytes);
    this.#state(path).unsynced.push({ kind: 'truncate', id: this.#nextUnsyncedId++, oldSize, oldData, newSize: sizeBytes });
  }

  fileSize(path: string, inner: VfsFile): number {
    this.#checkAlive(path);
    return inner.sizeBytes();
  }

  checkAlive(path: string): void {
    this.#checkAlive(path);
  }

  // ---- internals ----

  #state(path: string): PathState {
    let s = this.#paths.get(path);
    if (!s) {
      s = { unsynced: [], createdUnsynced: false };
      this.#paths.set(path, s);
    }
    return s;
  }

  #checkAlive(path: string): void {
    if (this.#crashed) throw new PowerCutError(path);
  }

  #beforeMutatingOp(
    kind: FaultOpKind,
    path: string,
    pendingWrite: { inner: VfsFile; data: Uint8Array; fileOffset: number } | null,
  ): void {
    this.#checkAlive(path);
    this.stats.mutatingOps++;
    if (this.#cutAtOp !== null && this.stats.mutatingOps >= this.#cutAtOp) {
      this.#crash(pendingWrite ? { path, ...pendingWrite } : null);
      throw new PowerCutError(path);
    }
    void kind;
  }

  #maybeFail(kind: 'read' | 'write' | 'sync', path: string): void {
    for (const rule of this.#failRules) {
      if (rule.kind !== kind) continue;
      if (rule.pathIncludes !== null && !path.includes(rule.pathIncludes)) continue;
      rule.seen++;
      if (rule.seen === rule.nth) {
        this.#failRules = this.#failRules.filter((r) => r !== rule);
        const syscall = kind === 'sync' ? 'fdatasync' : kind;
        throw new IoError(`${syscall} failed on ${path}: EIO (injected by FaultVfs)`, { syscall, path, errno: 'EIO' });
      }
    }
  }

  #crash(cutWrite: { path: string; inner: VfsFile; data: Uint8Array; fileOffset: number } | null): void {
    this.#crashed = true;
    for (const [path, state] of this.#paths) {
      if (!this.inner.exists(path)) continue;
      if (state.createdUnsynced && (this.#unsyncedMode === 'drop' || this.#prng.bool())) {
        this.inner.unlink(path);
        continue;
      }
      if (state.unsynced.length === 0) continue;
      const f = this.inner.open(path, { create: false });
      // Back to the last durable state...
      for (let i = state.unsynced.length - 1; i >= 0; i--) {
        const u = state.unsynced[i]!;
        if (u.kind === 'write') {
          f.write(u.oldData, 0, u.oldData.length, u.offset);
          f.truncate(u.oldSize);
        } else {
          f.truncate(u.oldSize);
          f.write(u.oldData, 0, u.oldData.length, u.newSize < u.oldSize ? u.newSize : u.oldSize);
          f.truncate(u.oldSize);
        }
      }
      // ...then, on a reordering disk, some of the unsynced writes made it.
      if (this.#unsyncedMode === 'random') {
        for (const u of state.unsynced) {
          if (!this.#prng.bool()) continue;
          if (u.kind === 'write') this.#applyWrite(f, u.newData, u.offset, this.#prng.bool(0.2) ? 'half' : 'none');
          else f.truncate(u.newSize);
        }
      }
      f.close();
      state.unsynced = [];
    }
    if (cutWrite && this.#tear !== 'none' && this.inner.exists(cutWrite.path)) {
      const f = this.inner.open(cutWrite.path, { create: false });
      this.#applyWrite(f, cutWrite.data, cutWrite.fileOffset, this.#tear);
      f.close();
    }
  }

  #applyWrite(f: VfsFile, data: Uint8Array, offset: number, tear: 'none' | 'half' | 'garbage'): void {
    if (tear === 'none' || data.length <= 512) {
      if (tear === 'none') f.write(data, 0, data.length, offset);
      return;
    }
    const sectors = Math.floor(data.length / 512);
    const keepBytes = Math.max(1, this.#prng.int(sectors)) * 512;
    f.write(data, 0, Math.min(keepBytes, data.length), offset);
    if (tear === 'garbage' && keepBytes < data.length) {
      const junk = this.#prng.bytes(data.length - keepBytes);
      f.write(junk, 0, junk.length, offset + keepBytes);
    }
  }
}

class FaultVfsFile implements VfsFile {
  readonly path: string;
  readonly #vfs: FaultVfs;
  readonly #inner: VfsFile;

  constructor(vfs: FaultVfs, path: string, inner: VfsFile) {
    this.#vfs = vfs;
    this.path = path;
    this.#inner = inner;
  }

  read(buf: Uint8Array, bufOffset: number, length: number, fileOffset: number): number {
    return this.#vfs.fileRead(this.path, this.#inner, buf, bufOffset, length, fileOffset);
  }

  write(buf: Uint8Array, bufOffset: number, length: number, fileOffset: number): void {
    this.#vfs.fileWrite(this.path, this.#inner, buf, bufOffset, length, fileOffset);
  }

  sync(): Promise<void> {
    return this.#vfs.fileSync(this.path, this.#inner);
  }

  truncate(sizeBytes: number): void {
    this.#vfs.fileTruncate(this.path, this.#inner, sizeBytes);
  }

  sizeBytes(): number {
    return this.#vfs.fileSize(this.path, this.#inner);
  }

  close(): void {
    // Closing after a power cut is allowed: it releases nothing on disk.
    this.#inner.close();
  }
}
