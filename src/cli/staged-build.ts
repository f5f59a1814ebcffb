/**
 * Builds a new version of a database in a staging file and installs it
 * atomically (atomic-replace.ts): what `import` and `vacuum --in-place` do.
 *
 * `build` receives the staging database, which starts as a copy of the
 * target (`copyTarget`, import) or empty (vacuum), and the target itself
 * opened (held open, so no other process writes it meanwhile; its log
 * checkpointed, so the file alone holds its content). If `build` throws,
 * the staging files are removed and the target is untouched.
 */
import fs from 'node:fs';
import { InvalidArgError } from '../base/errors.js';
import { Database } from '../db/database.js';
import { identityOf, installStaged, testCrashHook, removeDatabaseFiles, stagingPathFor, type TargetIdentity } from './atomic-replace.js';

export interface StagedBuildOptions {
  purpose: 'import' | 'vacuum';
  /** Start the staging file as a byte copy of the target (when it exists). */
  copyTarget: boolean;
  /** Whether a missing target is created (import) or an error (vacuum). */
  createTarget: boolean;
  /** Called at each step of the installation (tests use it to be killed there). */
  onStep?: (step: string) => void;
}

export async function stagedBuild<T>(target: string, options: StagedBuildOptions, build: (staging: Database, source: Database | null) => Promise<T>): Promise<T> {
  const staging = stagingPathFor(target, options.purpose);
  const step = options.onStep ?? testCrashHook;
  removeDatabaseFiles(staging); // leftovers of a killed run
  const exists = fs.existsSync(target);
  if (!exists && !options.createTarget) throw new InvalidArgError(`database ${target} does not exist`);
  let source: Database | null = null;
  let identity: TargetIdentity = null;
  let result: T;
  try {
    if (exists) {
      source = await Database.open(target, { createIfMissing: false });
      const r = await source.checkpoint();
      if (r.framesRemaining > 0) throw new InvalidArgError(`${target}: the log could not be checkpointed completely (${r.framesRemaining} frames remain); try again`);
      identity = identityOf(target);
      if (options.copyTarget) fs.copyFileSync(target, staging);
    }
    step('source-open');
    const db = await Database.open(staging, { synchronous: 'off', walPreallocateBytes: 0, autocheckpointMs: null });
    try {
      result = await build(db, source);
    } finally {
      await db.close();
    }
    step('built');
    if (source !== null) {
      await source.close();
      source = null;
    }
    installStaged(staging, target, identity, step);
  } catch (err) {
    if (source !== null) await source.close().catch(() => {});
    try {
      removeDatabaseFiles(staging);
    } catch {
      // a staging file we cannot remove is removed by the next run
    }
    throw err;
  }
  return result;
}
