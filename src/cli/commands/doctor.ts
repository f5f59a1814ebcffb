/**
 * `sombra doctor <db> [--verify-level fast|full]`: everything an operator
 * checks when something is wrong, with advice: the files (database, log,
 * lock, leftovers of a killed import or vacuum), the directory (writable,
 * free space), the lock owner, the stats, and verify. Exit 0 when all is
 * well or only warnings, 2 when verify or the file checks found a problem.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { LockedError, SombraError } from '../../base/errors.js';
import { stagingPathFor } from '../atomic-replace.js';
import type { CommandHost } from '../command-host.js';
import { openExisting } from '../open-database.js';
import { EXIT_OK, EXIT_PROBLEMS, type CommandContext } from '../output.js';
import { toJsonText } from '../value-format.js';
import { checksumProblems, verifyDatabase } from './verify.js';

type Status = 'ok' | 'warn' | 'problem';

interface Check {
  name: string;
  status: Status;
  detail: string;
  advice?: string;
}

/** The owner recorded in a lock file, and whether that process is alive on this host. */
function lockOwner(lockPath: string): { pid: number; host: string; alive: boolean | null } | null {
  let text: string;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
  } catch {
    return null;
  }
  const pid = Number(/^pid=(\d+)$/m.exec(text)?.[1]);
  const host = /^host=(.*)$/m.exec(text)?.[1] ?? '?';
  if (!Number.isInteger(pid)) return { pid: 0, host, alive: null };
  if (host !== os.hostname()) return { pid, host, alive: null };
  try {
    process.kill(pid, 0);
    return { pid, host, alive: true };
  } catch (err) {
    return { pid, host, alive: (err as { code?: string }).code === 'EPERM' };
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

async function diagnose(ctx: CommandContext, dbPath: string, level: 'fast' | 'full'): Promise<{ checks: Check[]; stats: Record<string, unknown> | null }> {
  const checks: Check[] = [];
  const add = (name: string, status: Status, detail: string, advice?: string): void => {
    checks.push(advice === undefined ? { name, status, detail } : { name, status, detail, advice });
  };
  if (!fs.existsSync(dbPath)) {
    add('file', 'problem', `${dbPath} does not exist`, 'check the path; sombra init creates a new database');
    return { checks, stats: null };
  }
  const st = fs.statSync(dbPath);
  add('file', 'ok', `${dbPath}: ${mib(st.size)}, mode ${(st.mode & 0o777).toString(8)}`);
  try {
    fs.accessSync(dbPath, fs.constants.R_OK | fs.constants.W_OK);
  } catch {
    add('permissions', 'warn', `${dbPath} is not readable and writable by this user (uid ${process.getuid?.() ?? '?'})`, 'fix the file mode or run as its owner; read-only opens still work');
  }
  const dir = path.dirname(path.resolve(dbPath));
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    add('directory', 'ok', `${dir} is writable (the log and lock files live there)`);
  } catch {
    add('directory', 'problem', `${dir} is not writable: the log and lock files cannot be created`, 'make the directory writable, or copy the database elsewhere');
  }
  try {
    const fsStat = fs.statfsSync(dir);
    const freeBytes = fsStat.bavail * fsStat.bsize;
    const need = st.size + 64 * 1048576;
    add('disk space', freeBytes < need ? 'warn' : 'ok', `${mib(freeBytes)} free in ${dir}`, freeBytes < need ? 'a checkpoint or vacuum needs room for the log and a copy of the file; free some space' : undefined);
  } catch {
    // statfs is not available everywhere
  }
  const walPath = `${dbPath}-wal`;
  if (fs.existsSync(walPath)) add('log file', 'ok', `${walPath}: ${mib(fs.statSync(walPath).size)} (preallocated)`);
  for (const purpose of ['import', 'vacuum'] as const) {
    const staging = stagingPathFor(dbPath, purpose);
    if (fs.existsSync(staging)) add('leftovers', 'warn', `${staging} is left from an interrupted ${purpose}`, `it is not part of the database; the next ${purpose} removes it, or delete it (and ${staging}-wal)`);
  }
  const owner = lockOwner(`${dbPath}-lock`);
  if (owner === null) add('lock', 'ok', 'not locked');
  else if (owner.alive === false) add('lock', 'warn', `lock file names process ${owner.pid}, which is not running`, 'a stale lock is taken over by the next open; nothing to do');
  else add('lock', 'warn', `locked by process ${owner.pid} on ${owner.host}${owner.alive === null ? ' (another host: cannot check)' : ''}`, `close the database in process ${owner.pid} (or stop it) before maintenance; doctor reads what it can without opening`);

  let stats: Record<string, unknown> | null = null;
  try {
    const db = await openExisting(dbPath, { readOnly: true });
    try {
      const s = db.stats();
      const recovered = db.pager.openInfo.recovered;
      stats = { nodes: s.nodes, edges: s.edges, pageCount: s.pageCount, freelistCount: s.freelistCount, walFrames: s.walFrames, indexes: db.listIndexes().map((i) => `${i.label}.${i.property}`) };
      add('open', 'ok', `opened: ${s.nodes} nodes, ${s.edges} edges, ${s.pageCount} pages of ${s.pageSizeBytes} bytes`);
      if (s.walFrames > 0) add('log', 'warn', `${s.walFrames} frames in the log not yet copied into the file (${recovered.frameCount} recovered at open)`, `run 'sombra checkpoint ${dbPath}'`);
      if (recovered.ignoredTailFrames > 0) add('log tail', 'ok', `${recovered.ignoredTailFrames} frames of an unfinished commit were ignored at open (a crash during a commit; nothing acknowledged was lost)`);
      const freeShare = s.pageCount > 0 ? s.freelistCount / s.pageCount : 0;
      if (freeShare > 0.25 && s.pageCount > 64) add('free pages', 'warn', `${s.freelistCount} of ${s.pageCount} pages are free (${(freeShare * 100).toFixed(0)}%)`, `run 'sombra vacuum ${dbPath} --in-place' to shrink the file`);
      else add('free pages', 'ok', `${s.freelistCount} of ${s.pageCount} pages free`);
    } finally {
      await db.close();
    }
  } catch (err) {
    if (err instanceof LockedError) {
      add('open', 'warn', 'not opened: the database is locked (stats and verify skipped)', `run doctor again once process ${err.ownerPid ?? '?'} has closed it`);
      return { checks, stats };
    }
    add('open', 'problem', err instanceof SombraError ? `${err.code}: ${err.message}` : String(err), "the file cannot be opened; 'sombra inspect header' shows page 0");
    try {
      for (const p of checksumProblems(ctx, dbPath).problems) add('page checksums', 'problem', p);
    } catch {
      // not even the header reads: the open error says why
    }
    return { checks, stats };
  }
  const v = await verifyDatabase(ctx, dbPath, level);
  if (v.ok) add('verify', 'ok', `verify (${level}): no problems`);
  else {
    for (const p of v.problems) add('verify', 'problem', p);
    add('verify', 'problem', `verify (${level}) found ${v.problems.length} problem(s)`, "restore from a backup, or export what can be read ('sombra export') and import it into a new file");
  }
  return { checks, stats };
}

export function addDoctorCommand(program: Command, host: CommandHost): void {
  program
    .command('doctor')
    .description('check the files, the lock, the stats and the structures, with advice (exit 2 on problems)')
    .argument('<db>', 'database file')
    .addOption(new Option('--verify-level <level>', 'how deep verify goes').choices(['fast', 'full']).default('full'))
    .action(
      host.action(async (ctx, opts: { verifyLevel: 'fast' | 'full' }, dbPath: string) => {
        const { checks, stats } = await diagnose(ctx, dbPath, opts.verifyLevel);
        const problems = checks.filter((c) => c.status === 'problem').length;
        const warnings = checks.filter((c) => c.status === 'warn').length;
        if (ctx.json) {
          ctx.out(toJsonText({ ok: problems === 0, problems, warnings, checks, stats }, 2));
        } else if (!ctx.quiet || problems > 0) {
          for (const c of checks) {
            ctx.out(`${c.status === 'ok' ? 'ok     ' : c.status === 'warn' ? 'warn   ' : 'PROBLEM'}  ${c.name}: ${c.detail}`);
            if (c.advice) ctx.out(`         advice: ${c.advice}`);
          }
          ctx.out(problems === 0 ? `${dbPath}: healthy${warnings > 0 ? ` (${warnings} warning(s))` : ''}` : `${dbPath}: ${problems} problem(s), ${warnings} warning(s)`);
        }
        return problems === 0 ? EXIT_OK : EXIT_PROBLEMS;
      }),
    );
}
