/**
 * The lock file `NAME-lock` marks the process that owns the database.
 *
 * Format (version 1): UTF-8 text, one `key=value` per line.
 *
 *     sombra-lock 1
 *     pid=<owner process id>
 *     host=<owner hostname>
 *     start=<owner start time from /proc/<pid>/stat field 22, or "-">
 *     token=<random; identifies the handle inside its process>
 *
 * Rules
 * 1. The file is created atomically with its content (`Vfs.createExclusive`),
 *    so a reader never sees a half-written lock.
 * 2. A lock is live iff its host is this host and its pid is a running process
 *    whose start time (where the OS tells it) equals `start`; for our own pid,
 *    iff the token belongs to a handle this process still holds. A lock of
 *    another host is treated as live: we cannot check it.
 * 3. A stale lock (dead owner, reused pid, unreadable content) is removed and
 *    creation is retried; if another process wins that race we report LOCKED.
 * 4. Only the owner removes a live lock, on close.
 */
import fs from 'node:fs';
import os from 'node:os';
import { LockedError } from '../base/errors.js';
import type { Vfs } from './vfs.js';

const LOCK_FORMAT_VERSION = 1;
const heldTokens = new Set<string>();

interface LockRecord {
  pid: number;
  host: string;
  start: string;
  token: string;
}

function processStartTime(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces; fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? '-';
  } catch {
    return '-';
  }
}

function encode(r: LockRecord): Uint8Array {
  return new TextEncoder().encode(
    `sombra-lock ${LOCK_FORMAT_VERSION}\npid=${r.pid}\nhost=${r.host}\nstart=${r.start}\ntoken=${r.token}\n`,
  );
}

function decode(bytes: Uint8Array): LockRecord | null {
  const text = new TextDecoder().decode(bytes);
  const lines = text.split('\n');
  if (lines[0] !== `sombra-lock ${LOCK_FORMAT_VERSION}`) return null;
  const kv = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq), line.slice(eq + 1));
  }
  const pid = Number(kv.get('pid'));
  const host = kv.get('host');
  const start = kv.get('start');
  const token = kv.get('token');
  if (!Number.isInteger(pid) || pid <= 0 || host === undefined || start === undefined || token === undefined) return null;
  return { pid, host, start, token };
}

function isLive(r: LockRecord): boolean {
  if (r.host !== os.hostname()) return true;
  if (r.pid === process.pid) return heldTokens.has(r.token);
  try {
    process.kill(r.pid, 0);
  } catch (err) {
    if ((err as { code?: string }).code === 'ESRCH') return false;
    // EPERM: the process exists but belongs to someone else.
  }
  const start = processStartTime(r.pid);
  return r.start === '-' || start === '-' || start === r.start;
}

export class LockFile {
  readonly path: string;
  readonly #vfs: Vfs;
  readonly #token: string;
  #held = false;

  private constructor(vfs: Vfs, path: string, token: string) {
    this.#vfs = vfs;
    this.path = path;
    this.#token = token;
  }

  /** Takes the lock or throws `LockedError` naming the owner. */
  static acquire(vfs: Vfs, path: string, dbPath: string): LockFile {
    const token = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
    const record: LockRecord = { pid: process.pid, host: os.hostname(), start: processStartTime(process.pid), token };
    const content = encode(record);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (vfs.createExclusive(path, content)) {
        heldTokens.add(token);
        const lock = new LockFile(vfs, path, token);
        lock.#held = true;
        return lock;
      }
      const existing = vfs.readAll(path);
      if (existing === null) continue; // removed between our two calls: retry
      const owner = decode(existing);
      if (owner && isLive(owner)) {
        const who = owner.pid === process.pid ? 'this process (another open handle)' : `process ${owner.pid} on ${owner.host}`;
        throw new LockedError(`${dbPath} is locked by ${who}; lock file ${path}`, owner.pid);
      }
      vfs.unlink(path); // stale: dead owner, reused pid, or unreadable content
    }
    throw new LockedError(`${dbPath} is locked: another process took lock file ${path} while we removed a stale one`, null);
  }

  get held(): boolean {
    return this.#held;
  }

  release(): void {
    if (!this.#held) return;
    this.#held = false;
    heldTokens.delete(this.#token);
    try {
      const existing = this.#vfs.readAll(this.path);
      const owner = existing ? decode(existing) : null;
      if (owner && owner.token === this.#token) this.#vfs.unlink(this.path);
    } catch {
      // A lock we cannot remove (power cut in a simulation, vanished dir) is
      // stale for the next opener: our token is no longer held.
    }
  }
}
