/**
 * Replacing a database file as one atomic step, for `import` and
 * `vacuum --in-place` (and creating one, for `import` into a new path and
 * `vacuum --into`). The new content is built in a staging file beside the
 * target (`NAME.import-tmp`, `NAME.vacuum-tmp`), then installed:
 *
 *   1. The staging database is closed (its log checkpointed into it and
 *      empty), its log file removed, the file fsynced.
 *   2. The target's lock `NAME-lock` is taken (the process that built the
 *      staging file held the target open until now, so nobody wrote it in
 *      between; the target's size, mtime and inode are compared with what
 *      was recorded when the build started, to be sure).
 *   3. `NAME-wal` is removed and the directory fsynced. The target's log was
 *      checkpointed and restarted when the build started, so it holds no
 *      frame the file lacks: the target opens the same without it.
 *   4. `rename(staging, NAME)`, then the directory is fsynced.
 *   5. The lock is released.
 *
 * A crash at any point leaves either the old file (before 4; leftovers named
 * `*-tmp` are removed by the next run) or the new one (after 4), each with no
 * log frame that belongs to the other. A lock left by the killed process
 * names a dead pid and is taken over by the next open.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InvalidArgError, LockedError } from '../base/errors.js';
import { LockFile } from '../vfs/lock-file.js';
import { NodeVfs } from '../vfs/node-vfs.js';

/** What the target looked like when the build started (null: it did not exist). */
export type TargetIdentity = { sizeBytes: number; mtimeMs: number; ino: number } | null;

export function identityOf(target: string): TargetIdentity {
  try {
    const s = fs.statSync(target);
    return { sizeBytes: s.size, mtimeMs: s.mtimeMs, ino: s.ino };
  } catch {
    return null;
  }
}

function sameIdentity(a: TargetIdentity, b: TargetIdentity): boolean {
  if (a === null || b === null) return a === b;
  return a.sizeBytes === b.sizeBytes && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/** fsync of a file by path. */
export function fsyncPath(p: string): void {
  const fd = fs.openSync(p, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** fsync of the directory holding `p`, so a rename or unlink in it is durable. */
export function fsyncDirOf(p: string): void {
  const fd = fs.openSync(path.dirname(path.resolve(p)), 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Removes a database's files (`p`, `p-wal`, and `p-lock` unless a live
 * process holds it: then LOCKED). For staging files and failed builds only.
 */
export function removeDatabaseFiles(p: string): void {
  const vfs = new NodeVfs();
  if (fs.existsSync(`${p}-lock`)) LockFile.acquire(vfs, `${p}-lock`, p).release(); // throws LOCKED when live; removes a stale one
  fs.rmSync(p, { force: true });
  fs.rmSync(`${p}-wal`, { force: true });
}

/**
 * Test hook: with `SOMBRA_TEST_CRASH_AT=<step>` in the environment, the
 * process kills itself (SIGKILL) when it reaches that step, so the crash
 * tests can stop it between any two steps of an installation.
 */
export function testCrashHook(step: string): void {
  if (process.env.SOMBRA_TEST_CRASH_AT === step) process.kill(process.pid, 'SIGKILL');
}

/** The staging file of `target` for `purpose`. */
export function stagingPathFor(target: string, purpose: 'import' | 'vacuum'): string {
  return `${target}.${purpose}-tmp`;
}

/**
 * Installs the closed staging database `staging` as `target` (steps 1-5
 * above). `expected` is the target's identity when the build started.
 * `onStep` is called with each step's name (tests kill the process there).
 */
export function installStaged(staging: string, target: string, expected: TargetIdentity, onStep: (step: string) => void = testCrashHook): void {
  fs.rmSync(`${staging}-wal`, { force: true });
  fsyncPath(staging);
  onStep('staged');
  let lock: LockFile;
  try {
    lock = LockFile.acquire(new NodeVfs(), `${target}-lock`, target);
  } catch (err) {
    if (err instanceof LockedError) throw new LockedError(`${err.message}; nothing was replaced`, err.ownerPid);
    throw err;
  }
  try {
    if (!sameIdentity(identityOf(target), expected)) {
      throw new InvalidArgError(`${target} changed while the new file was built; nothing was replaced`);
    }
    if (fs.existsSync(`${target}-wal`)) {
      fs.rmSync(`${target}-wal`);
      fsyncDirOf(target);
    }
    onStep('wal-removed');
    fs.renameSync(staging, target);
    onStep('renamed');
    fsyncDirOf(target);
  } finally {
    lock.release();
  }
}
